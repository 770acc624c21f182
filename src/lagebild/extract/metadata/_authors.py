"""The article's authors, read in order of trust: persons first, an organisation only when no person
is credited.

JSON-LD ``author`` / ``creator``, then the author ``<meta>`` tags, then the visible byline and credit
lines (:mod:`._bylines`); a meta author the page never shows gives way to the byline, and a handle or a
first name alone to the byline that spells it out. Names naming the site itself are dropped.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from . import _jsonld as jsonld
from ._author_marks import linked_authors, signed_names
from ._bylines import (AUTHOR_LABEL, authors_from_byline, byline_piece, byline_readings, byline_sources, clean_authors,
                       first_distinct)
from ._credits import authors_from_credit_lines
from ._markup import meta_value
from ._title import host_label, is_site, strip_site

# citation_author first: scholarly pages list every author there, while their "author" tag can hold anything.
_AUTHOR_META = ("citation_author", "author", "article:author", "parsely-author", "dc.creator", "dcterms.creator",
                "sailthru.author", "byl", "og:article:author", "cxenseparse:author")
# Yoast and similar plugins state the author as a Twitter card label: "Written by" / "Verfasst von" + the name.
_WRITTEN_BY = re.compile(r"^(?:written|posted|geschrieben|verfasst|escrito|écrit|scritto|geschreven)\s+(?:by|von|por|par|da|door)$", re.I)


class _Visible:
    """The byline and credit-line readings of one page, each made at most once (both walk the page), and the
    byline elements the byline readings share."""

    def __init__(self, tree: HtmlElement):
        self.tree = tree
        self._sources: list[HtmlElement] | None = None
        self._byline: list[str] | None = None
        self._credit: list[str] | None = None

    def sources(self) -> list[HtmlElement]:
        """The page's byline elements (:func:`._bylines.byline_sources`), searched once."""
        if self._sources is None:
            self._sources = byline_sources(self.tree)
        return self._sources

    def byline(self) -> list[str]:
        if self._byline is None:
            self._byline = authors_from_byline(self.tree, self.sources())
        return self._byline

    def credit_lines(self) -> list[str]:
        if self._credit is None:
            self._credit = authors_from_credit_lines(self.tree)
        return self._credit


def author_candidates(tree, art, meta, sites: list[str], objects: list[dict[str, Any]], url: str | None,
                      page: dict[str, Any] | None = None) -> tuple[list[str], list[tuple[list[str], str]]]:
    """The rules' authors (as :func:`read_authors`) and every (names, source) the page offers: JSON-LD
    ``author`` and ``creator`` (``ld``, ``ld_creator``; ``ld_org`` when the author is an organisation),
    the author ``<meta>`` tags (``meta``), a Twitter-card label (``labelled``), the visible byline and
    credit lines (``byline``, ``credit``; organisations they name as ``byline_org``, ``credit_org``) and
    the WebPage's author (``page``), the text after an author label standing alone (``label_next``,
    :func:`label_followed`) and the first name alone in one text piece of the byline element (``byline_piece``,
    :func:`._bylines.byline_piece`), the names of links to author pages (``author_link``) and a name alone on
    the article's first or last lines (``lead_name``, ``signature``; :mod:`._author_marks`) and the names of
    the next byline elements (``byline_other``), and the names the persons' readings of JSON-LD, a label's
    next text and the author links drop as the site's (``site_named``), and the site's names (``site``); no
    rule reads the last eight. A learned ranking chooses among them (:mod:`._rank`)."""
    visible = _Visible(tree)
    pick = read_authors(tree, art, meta, sites, objects, url, page, visible)
    host = host_label(url)

    def persons(raw: list[str]) -> list[str]:
        raw = [_without_site(html.unescape(r), sites, host) for r in raw if not r.startswith(("http", "@"))]
        return [n for n in clean_authors(raw) if not is_site(n, sites, host)]

    def anyone(raw: list[str]) -> list[str]:
        return clean_authors([html.unescape(r) for r in raw if not r.startswith(("http", "@"))])

    structured = jsonld.names(art.get("author"), objects)
    raw_meta = next((meta[k][:3] for k in _AUTHOR_META if meta.get(k) and persons(meta[k][:3])), [])
    found = [(pick, "cascade"), (persons(structured), "ld"), (persons(jsonld.names(art.get("creator"), objects)), "ld_creator"),
             (persons(raw_meta), "meta"), (persons(_labelled_author(meta)), "labelled")]
    # the visible byline and credit lines, also where the rules stopped before them (a structured name
    # that is the theme's or a desk's, while the page shows the person)
    found += [(persons(visible.byline()), "byline"), (anyone(visible.byline()), "byline_org")]
    found += [(persons(visible.credit_lines()), "credit"), (anyone(visible.credit_lines()), "credit_org")]
    if _is_organisation(art.get("author"), objects):
        found.append((anyone(structured), "ld_org"))
    if page:
        found.append((persons(jsonld.names(page.get("author"), objects)), "page"))
    label_next, linked = label_followed(tree), linked_authors(tree)
    found.append((persons(label_next), "label_next"))
    found.append((persons(byline_piece(tree, visible.sources())), "byline_piece"))
    found += [(persons(names), "byline_other") for names in byline_readings(tree, sources=visible.sources())[1:]]
    found.append((persons(linked), "author_link"))
    lead, signature = signed_names(tree)
    found += [(persons(lead), "lead_name"), (persons(signature), "signature")]
    # the site's or a team's name where a structured or labelled source gives it ("Example Team" on
    # example.com): the persons' readings above drop it, some sites credit nobody else
    for raw in (structured, label_next, linked):
        named = anyone(raw)
        if named and named != persons(raw):
            found.append((named, "site_named"))
    # the site itself (og:site_name, the publisher): the author of a company's or a blog's own pages
    found += [(anyone([site]), "site") for site in dict.fromkeys(sites)]
    return pick, [(names, source) for names, source in found if names]


# A byline split over two elements: the label alone ("Written by", "Autor:") and the name in the next one.
_SHORT_LEAVES = etree.XPath(
    "//body//*[not(*)][string-length(normalize-space()) > 1][string-length(normalize-space()) < 24]")


def label_followed(tree: HtmlElement, most: int = 3) -> list[str]:
    """The texts that follow an author label standing alone in its element ("<p>Written by</p><p>Jane
    Doe</p>"): the next element with text after the label, or after its parent, at most 80 characters."""
    labels = (leaf for leaf in _SHORT_LEAVES(tree) if AUTHOR_LABEL.match(" ".join((leaf.text or "").split())))
    return first_distinct((_next_text(leaf) for leaf in labels), most)


def _next_text(el: HtmlElement, levels: int = 2) -> str:
    tail = " ".join((el.tail or "").split())
    if tail:
        return tail if len(tail) <= 80 else ""
    for _ in range(levels + 1):
        for sib in el.itersiblings():
            if not isinstance(sib.tag, str):
                continue
            text = " ".join(sib.text_content().split())
            if text:
                return text if len(text) <= 80 else ""
        el = el.getparent()
        if el is None or el.tag == "body":
            break
    return ""


def read_authors(tree, art, meta, sites: list[str], objects: list[dict[str, Any]], url: str | None,
                 page: dict[str, Any] | None = None, visible: _Visible | None = None) -> list[str]:
    """Persons first: JSON-LD, then meta tags, then the visible byline and credit lines; an
    organisation or the site's own name only when the page credits no person."""
    host = host_label(url)
    visible = visible or _Visible(tree)

    def persons(raw: list[str], usernames: bool = True) -> list[str]:
        raw = [_without_site(html.unescape(r), sites, host) for r in raw if not r.startswith(("http", "@"))]
        names = clean_authors(raw, usernames=usernames)
        return [n for n in names if not is_site(n, sites, host)]

    structured = jsonld.names(art.get("author"), objects) or jsonld.names(art.get("creator"), objects)
    tagged = [v for k in _AUTHOR_META for v in meta.get(k, ())[:3]][:3] + _labelled_author(meta)
    organisation = _is_organisation(art.get("author"), objects)
    found = [] if organisation else persons(structured)
    if found:
        # JSON-LD "author" can hold the first of several names that its "creator" or the meta tags list in full.
        for fuller in (jsonld.names(art.get("creator"), objects), tagged):
            more = persons(fuller) if fuller else []
            known = {n.casefold() for n in found}
            extra = [n for n in more if n.casefold() not in known]
            if extra and known <= {n.casefold() for n in more} and all(_is_full_name(n) for n in extra):
                found = more
                break
    byline = credit_lines = None
    if not found:  # the first tag naming a person, all its values ("author" repeated per name)
        found = next((p for k in _AUTHOR_META if meta.get(k) and (p := persons(meta[k][:3]))), [])
        found = found or persons(_labelled_author(meta))
        if found and not all(_is_partial(n) for n in found) and not _shown_on_page(tree, found):
            # A meta author the page never shows is often the theme's or the agency's credit; a
            # byline naming someone else is the page's own word.
            byline = visible.byline()
            found = persons(byline) or found
    if found and all(_is_partial(n) for n in found):
        # A login handle ("jdoe") or a first name alone: the byline usually spells the name out.
        spelled = persons(visible.byline()) or persons(visible.credit_lines())
        return _spelled_out(found, spelled)
    if not found:
        byline = visible.byline()
        found = persons(byline)
        if not found and byline and not organisation and "Person" in _author_types(art, objects):
            # A person the JSON-LD and the byline both name, though the site carries the name too
            # (a blog named after its author): the person.
            same = {n.casefold() for n in clean_authors(structured)}
            found = byline if same and {n.casefold() for n in byline} == same else []
    if not found:
        credit_lines = visible.credit_lines()
        found = persons(credit_lines)
    if not found and page and not art:
        # A WebPage's author (older Yoast graphs put it there): the account that posted the page, which
        # a visible credit overrules.
        found = persons(jsonld.names(page.get("author"), objects))
    # No person: an organisation the page credits ("Von Beispielbund", meta author = the site) is the author.
    for credits in (byline, credit_lines):
        found = found or credits or []
    for credits in (structured, tagged):
        found = found or clean_authors([html.unescape(r) for r in credits if not r.startswith(("http", "@"))])
    return found


def _labelled_author(meta: dict[str, list[str]]) -> list[str]:
    for i in range(1, 4):
        if _WRITTEN_BY.match(meta_value(meta, f"twitter:label{i}")):
            return [meta_value(meta, f"twitter:data{i}")]
    return []


def _shown_on_page(tree: HtmlElement, names: list[str]) -> bool:
    body = tree.find(".//body")
    text = " ".join(body.text_content().split()) if body is not None else ""
    return all(n in text for n in names)


def _without_site(credit: str, sites: list[str], host: str) -> str:
    """"Site - Jane Doe" → "Jane Doe"; a site's tagline ("Site – The magazine for x") stays whole."""
    rest = strip_site(credit, sites, host)
    if rest != credit and 1 <= len(rest.split()) <= 4 and all(w[:1].isupper() for w in rest.split()):
        return rest
    return credit


def _is_full_name(name: str) -> bool:
    """"Jana Beispiel", not a handle, an initialism or a placeholder ("jb", "TK", "null")."""
    words = name.split()
    return len(words) >= 2 and all(w[:1].isupper() and not w.isupper() for w in words if len(w) > 3)


def _is_partial(name: str) -> bool:
    return " " not in name


def _letters(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in folded if ch.isalpha())


def _spelled_out(found: list[str], visible: list[str]) -> list[str]:
    """``visible`` when it names the same people in full: a name that begins with the partial one,
    or whose letters are the handle's ("jane_doe" / "Jane Doé")."""
    if not visible or len(visible) != len(found):
        return found
    for short, full in zip(found, visible):
        key, whole = _letters(short), _letters(full)
        first = _letters(full.split()[0])
        if not key or not (key == whole or key == first or (len(key) >= 4 and whole.startswith(key))):
            return found
    return visible


def _author_types(art: dict[str, Any], objects: list[dict[str, Any]]) -> set[str]:
    value = art.get("author")
    found: set[str] = set()
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict) and "@type" not in item and isinstance(item.get("@id"), str):
            item = next((o for o in objects if o.get("@id") == item["@id"]), item)
        if isinstance(item, dict):
            found.update(jsonld.types(item))
    return found


def _is_organisation(value: Any, objects: list[dict[str, Any]]) -> bool:
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, dict) and "@type" not in item and isinstance(item.get("@id"), str):
            item = next((o for o in objects if o.get("@id") == item["@id"]), item)
        if isinstance(item, dict) and "Organization" in " ".join(jsonld.types(item)) and "Person" not in jsonld.types(item):
            return True
    return False
