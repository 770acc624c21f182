"""An HTML page's metadata: title, dates, authors, section, tags, publisher, canonical URL, language.

Evidence is read in order of trust: the article's JSON-LD, then OpenGraph / ``article:*`` / other
``<meta>`` tags, then the visible page (``<h1>``, ``<time>``, bylines, breadcrumbs), and htmldate
as the last resort for the publication date. Every value is plain text; nothing here raises.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement

from . import _html_jsonld as jsonld
from .dates import FoundDate, find_dates
from ._html_authors import _in_comments, authors_from_byline, authors_from_credit_lines, clean_authors
from ._html_title import _host_label, _is_site, clean_title, strip_site

_ISO_DAY = re.compile(r"^\d{4}-\d\d-\d\d$")
_DURATION = re.compile(r"^PT(?:(\d+)H)?(?:(\d+)M)?", re.I)
_MINUTES = re.compile(r"(\d+)\s*(?:min|minute|minuten)", re.I)

_PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "article:published", "datepublished",
    "publishdate", "publish-date", "publish_date", "pubdate", "date", "dc.date", "dc.date.issued",
    "dcterms.date", "dcterms.issued", "dcterms.created", "sailthru.date", "parsely-pub-date",
    "article.published", "published_time", "citation_publication_date", "og:published_time",
    "datecreated", "created", "release_date", "date.available",
)
_GENERIC = _PUBLISHED_META.index("date")  # from here on, tags that may date the site rather than the article
_MICRODATA_PUBLISHED = etree.XPath('.//*[@itemprop="datePublished"][not(self::meta)]')
_MODIFIED_META = (
    "article:modified_time", "og:updated_time", "datemodified", "dcterms.modified", "last-modified",
    "article.updated", "lastmod", "modified",
)
# citation_author first: scholarly pages list every author there, while their "author" tag can hold anything.
_AUTHOR_META = ("citation_author", "author", "article:author", "parsely-author", "dc.creator", "dcterms.creator",
                "sailthru.author", "byl", "og:article:author", "cxenseparse:author")
# Yoast and similar plugins state the author as a Twitter card label: "Written by" / "Verfasst von" + the name.
_WRITTEN_BY = re.compile(r"^(?:written|posted|geschrieben|verfasst|escrito|écrit|scritto|geschreven)\s+(?:by|von|por|par|da|door)$", re.I)


@dataclass(slots=True)
class Metadata:
    title: str = ""
    description: str = ""
    published: datetime | str | None = None  # a datetime, or "YYYY-MM-DD" when only the day is known
    modified: datetime | str | None = None
    authors: list[str] = field(default_factory=list)
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    publisher: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    reading_time: int | None = None
    is_article: bool = False  # the page declares itself an article (JSON-LD type or og:type)
    is_website: bool = False  # og:type "website": the page declares itself a front page, not an article
    article_body: str = ""  # JSON-LD articleBody, when the page offers one


def read_metadata(tree: HtmlElement, url: str | None, objects: list[dict[str, Any]]) -> Metadata:
    """All metadata of the parsed page ``tree``; ``objects`` are its JSON-LD objects."""
    meta = _meta_tags(tree)
    art = jsonld.article_object(objects) or {}
    page = jsonld.page_object(objects) or {}
    crumbs = jsonld.breadcrumbs(objects)
    publisher = jsonld.text(art.get("publisher")) or _first(meta, "og:site_name", "application-name") or None
    md = Metadata(publisher=publisher, article_body=_article_body(art))
    sites = [s for s in (publisher, _first(meta, "og:site_name", "application-name", "twitter:site")) if s]
    md.title = _title(tree, art, meta, sites, url)
    md.description = _first(meta, "og:description", "description", "twitter:description") or jsonld.text(
        art.get("description"))
    md.language = _language(tree, meta)
    md.authors = _authors(tree, art, meta, sites, objects, url, page)
    md.published = _published(tree, art, page, meta, md.language, url, md.title, md.authors)
    md.modified = _parse_date(jsonld.text(art.get("dateModified")) or _first(meta, *_MODIFIED_META), md.language)
    md.section = (jsonld.text(art.get("articleSection")) or _first(meta, "article:section", "section")
                  or (crumbs[-2] if len(crumbs) >= 2 else crumbs[0] if crumbs else None)) or None
    md.tags = _tags(art, meta)
    md.canonical_url = _canonical(tree, meta, url)
    md.reading_time = _reading_time(art, meta)
    md.is_article = bool(art) or _first(meta, "og:type").lower() == "article"
    md.is_website = not art and _first(meta, "og:type").lower() == "website"
    return md


def _meta_tags(tree: HtmlElement) -> dict[str, list[str]]:
    """``<meta>`` contents by lowercased name / property / itemprop / http-equiv, in page order."""
    found: dict[str, list[str]] = {}
    for el in tree.iterfind(".//meta"):
        content = html.unescape(el.get("content") or "").strip()
        if not content:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = (el.get(attr) or "").strip().lower()
            if key:
                found.setdefault(key, []).append(content)
    return found


def _first(meta: dict[str, list[str]], *keys: str) -> str:
    for key in keys:
        for value in meta.get(key, ()):
            if value.strip():
                return value.strip()
    return ""


def _text(el: HtmlElement) -> str:
    return " ".join("".join(el.itertext()).split())


_HEADLINES = ('.//h1|.//*[@itemprop="headline"]|.//*[self::h2 or self::h3 or self::div or self::span]'
              '[contains(@class, "entry-title") or contains(@class, "post-title") or contains(@class, "article-title")'
              ' or contains(@class, "headline")]')


def _title(tree, art, meta, sites: list[str], url: str | None) -> str:
    headings = [t for h in tree.xpath(_HEADLINES)[:8] for t in _heading_texts(h) if 0 < len(t) <= 300]
    tag = tree.find(".//title")
    candidates = [jsonld.text(art.get("headline")), _first(meta, "og:title"), _first(meta, "twitter:title"),
                  _text(tag) if tag is not None else "", jsonld.text(art.get("name"))]
    subheadings = [_text(h) for h in tree.xpath(".//h2|.//h3")[:12]]
    return clean_title([html.unescape(c) for c in candidates], headings, sites, url,
                       [t for t in subheadings if len(t) <= 300])


def _heading_texts(heading: HtmlElement) -> list[str]:
    """A heading's text; first its main part when it also holds a kicker ("Topic" + headline)."""
    full = _text(heading)
    parts = [t for t in (_text(c) for c in heading if isinstance(c.tag, str)) if t]
    if len(parts) >= 2:
        main = max(parts, key=len)
        if len(main) >= 0.5 * len(full) and main != full:
            return [main, full]
    return [full]


def _published(tree, art, page, meta, language: str | None, url: str | None, title: str = "",
               authors: list[str] = ()) -> datetime | str | None:
    """The date the page shows by its headline, else the structured one, else htmldate's reading.

    Pages keep the first publication in their metadata while the reader sees the date of the
    current version ("Updated 12 March"); and a UTC stamp can fall on the next day where the page's
    own day has not ended. The date written beside the headline is the page's own word on both.
    """
    found = None
    sources = (lambda: jsonld.text(art.get("datePublished")), lambda: jsonld.text(art.get("dateCreated")),
               lambda: jsonld.text(page.get("datePublished")), lambda: _first(meta, *_PUBLISHED_META[:_GENERIC]),
               lambda: _microdata_published(tree), lambda: _first(meta, *_PUBLISHED_META[_GENERIC:]))
    for source in sources:
        found = _parse_date(source(), language)
        if found:
            break
    shown = _shown_date(tree, language, title, url, authors)
    if shown is not None and not _same_day(found, *shown):
        day = shown[0]
        return day.datetime() if day.clock else day.day.isoformat()
    if found:
        return found
    labelled = _labelled_date(tree, language)
    if labelled is not None:
        return labelled.datetime() if labelled.clock else labelled.day.isoformat()
    return _htmldate(tree, url, extensive=False) or _htmldate(tree, url, extensive=True)


# "Veröffentlicht am 16.08.2019", "Published on May 3, 2020": a date the page labels as its publication.
_PUBLISHED_LABEL = re.compile(
    r"^(?:veröffentlicht|erschienen|publiziert|erstellt|published|posted|publié|publicado|pubblicato)"
    r"(?:\s+(?:am|on|le|el|il|the))?\s*:?\s*\S", re.I)


def _labelled_date(tree: HtmlElement, language: str | None) -> FoundDate | None:
    """The first date on a short line labelled as the publication, anywhere on a page without metadata."""
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "noscript", "template"):
            continue
        for text in (el.text, el.tail):
            if text and len(text) <= 80 and _PUBLISHED_LABEL.match(text.strip()):
                line = " ".join(text.split())
                try:
                    dates = find_dates(line, language)
                except Exception:  # a foreign date parser must not lose the page
                    continue
                if dates:
                    return dates[0]
    return None


# A date line beside the headline ("Stand: 28.04.2020 18:00 Uhr", "Updated May 6, 2019") is short;
# dates inside sentences there are about events, not about the page.
_DATE_LINE_CHARS = 50
_LINES_AFTER_HEADLINE = 15
_LINES_TO_BYLINE = 40
_LINES_BEFORE_HEADLINE = 3


def _headline(tree: HtmlElement, title: str) -> HtmlElement | None:
    """The article's headline element: the first ``<h1>`` (or ``<h2>``) that reads as the title, else
    the first ``<h1>`` with text that is not hidden (a site's logo or a screen-reader heading comes first)."""
    h1s = tree.findall(".//h1")
    visible = [h for h in h1s + tree.findall(".//h2")[:12]
               if not _HIDDEN_CLASSES.intersection((h.get("class") or "").lower().split())]
    key = _fold(title)
    if key:
        for h in visible:
            text = _fold(_text(h))
            if text and (text == key or min(len(text), len(key)) >= 20 and (text in key or key in text)):
                return h
    shown = [h for h in visible if h.tag == "h1" and _text(h)]
    return shown[0] if shown else (h1s[0] if h1s else None)


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _microdata_published(tree: HtmlElement) -> str:
    """The first element (not a ``<meta>`` tag) marked ``itemprop="datePublished"``: its datetime / content
    attribute, else its text."""
    for el in _MICRODATA_PUBLISHED(tree)[:1]:
        return el.get("datetime") or el.get("content") or _text(el)
    return ""


def _shown_date(tree: HtmlElement, language: str | None, title: str = "", url: str | None = None,
                authors: list[str] = ()) -> tuple[FoundDate, bool] | None:
    """The first date on a short line just after the page's headline (or just before it), and whether
    it is written with slashes (12/04/2020: day and month are ambiguous)."""
    headline = _headline(tree, title)
    if headline is None:
        return None
    before: list[tuple[str, HtmlElement]] = []
    after: list[tuple[str, HtmlElement]] = []
    seen = False
    for el in tree.iter():
        if el is headline:
            seen = True
        if not (el.text and not el.text.isspace() or el.tail and not el.tail.isspace()):
            continue  # no line of its own (most elements): nothing to read, no stamp to check
        skip = not isinstance(el.tag, str) or el.tag in ("script", "style", "noscript", "template") or _is_update_stamp(el)
        texts = [(el.tail, el.getparent())] if skip else [(el.text, el), (el.tail, el.getparent())]
        lines = [(" ".join(t.split()), owner) for t, owner in texts if t and t.strip()]
        if seen:
            after += lines
            if len(after) >= (_LINES_TO_BYLINE if authors else _LINES_AFTER_HEADLINE):
                break
        else:
            before = (before + lines)[-_LINES_BEFORE_HEADLINE:]
    # Farther down, the date that follows the author's name (a byline after a gallery or a teaser list).
    names = [n for n in authors if len(n) >= 4]
    bylined = [item for i, item in enumerate(after[_LINES_AFTER_HEADLINE:_LINES_TO_BYLINE], _LINES_AFTER_HEADLINE)
               if any(n in line for line, _ in after[i - 2:i] for n in names)]
    near = after[:_LINES_AFTER_HEADLINE] + before[::-1]
    update = None
    for k, (line, owner) in enumerate(near + bylined):
        if len(line) <= _DATE_LINE_CHARS and (k < len(near) or not _in_comments(owner)):  # not an author's reply
            try:
                dates = find_dates(line, language)
            except Exception:  # a foreign date parser must not lose the page
                continue
            if dates and not _links_elsewhere(owner, url):
                if _UPDATE_LABEL.search(line) and k < len(near):
                    update = update or (dates[0], "/" in line)
                    continue
                return dates[0], "/" in line
    return update


_UPDATE_LABEL = re.compile(r"\b(?:mis à jour|updated?|aktualisiert|actualizado|aggiornato|bijgewerkt|stand)\b", re.I)


def _links_elsewhere(el: HtmlElement | None, url: str | None) -> bool:
    """Whether ``el`` sits in a link to another page: a date there belongs to that page (an embedded
    post, a teaser), while a theme's "Posted on <date>" links to the article itself."""
    for _ in range(3):
        if el is None:
            return False
        if el.tag == "a" and url:
            href = (el.get("href") or "").strip()
            if not href or href.startswith("#"):
                return False
            try:
                target = urlsplit(urljoin(url, href))
            except ValueError:
                return False
            here = urlsplit(url)
            return (target.netloc, target.path.rstrip("/")) != (here.netloc, here.path.rstrip("/"))
        el = el.getparent()
    return False


_HIDDEN_CLASSES = frozenset(("hidden", "rich-snippet-hidden", "visually-hidden", "visuallyhidden", "sr-only",
                             "screen-reader-text"))


def _is_update_stamp(el: HtmlElement) -> bool:
    """A stamp the reader does not see as the page's date: one marked as the time of the last change
    (``itemprop="dateModified"``; class "updated" beside a sibling marked "published", as WordPress
    themes print both) or one hidden by its class (``rich-snippet-hidden``)."""
    if el.get("itemprop", "").strip().lower() == "datemodified":
        return True
    classes = el.get("class", "").lower().split()
    if any(c in _HIDDEN_CLASSES for c in classes):
        return True
    if not any(c in ("updated", "modified") for c in classes) or any("publish" in c for c in classes):
        return False
    parent = el.getparent()
    return parent is not None and any("publish" in (sib.get("class") or "").lower() for sib in parent if sib is not el)


def _same_day(found: datetime | str | None, shown: FoundDate, slashed: bool) -> bool:
    """Whether ``found`` is the day ``shown``, or, for a date written with slashes, that day with day
    and month swapped (12/04 read the other way round: the structured date settles the ambiguity)."""
    if found is None:
        return False
    day = found[:10] if isinstance(found, str) else found.date().isoformat()
    swapped = f"{shown.day.year:04d}-{shown.day.day:02d}-{shown.day.month:02d}"
    return day == shown.day.isoformat() or (slashed and day == swapped)


def _parse_date(value: str, language: str | None = None) -> datetime | str | None:
    value = (value or "").strip()
    if not value:
        return None
    if _ISO_DAY.match(value):
        return value if 1990 <= int(value[:4]) <= datetime.now().year + 1 else None
    try:
        found: datetime | None = datetime.fromisoformat(value.replace(" ", "T", 1) if " " in value[:11] else value)
    except ValueError:
        found = _loose_date(value, language)
    if found is None or not 1990 <= found.year <= datetime.now().year + 1:
        return None
    return found


def _loose_date(value: str, language: str | None) -> datetime | None:
    try:
        dates = find_dates(value, language)
    except Exception:  # a foreign date parser must not lose the page
        return None
    if not dates:
        return None
    first = dates[0]
    try:
        return first.datetime()
    except (AttributeError, ValueError, OverflowError):
        return None


def _htmldate(tree: HtmlElement, url: str | None, *, extensive: bool) -> str | None:
    """htmldate's reading of the page (URL, markup, then text), for pages that state no date in metadata."""
    try:
        from htmldate import find_date

        day = find_date(tree, url=url, original_date=True, extensive_search=extensive)
    except Exception:  # htmldate is a best-effort fallback
        return None
    if extensive and day and day.endswith("-01-01") and day not in (url or ""):
        # The extensive search turns a bare year ("© 2026") into January 1st: not a date we know.
        return None
    return day if day and _ISO_DAY.match(day) else None


def _authors(tree, art, meta, sites: list[str], objects: list[dict[str, Any]], url: str | None,
             page: dict[str, Any] | None = None) -> list[str]:
    """Persons first: JSON-LD, then meta tags, then the visible byline and credit lines; an
    organisation or the site's own name only when the page credits no person."""
    host = _host_label(url)

    def persons(raw: list[str], usernames: bool = True) -> list[str]:
        raw = [_without_site(html.unescape(r), sites, host) for r in raw if not r.startswith(("http", "@"))]
        names = clean_authors(raw, usernames=usernames)
        return [n for n in names if not _is_site(n, sites, host)]

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
            byline = authors_from_byline(tree)
            found = persons(byline) or found
    if found and all(_is_partial(n) for n in found):
        # A login handle ("jdoe") or a first name alone: the byline usually spells the name out.
        visible = persons(authors_from_byline(tree)) or persons(authors_from_credit_lines(tree))
        return _spelled_out(found, visible)
    if not found:
        byline = authors_from_byline(tree)
        found = persons(byline)
        if not found and byline and not organisation and "Person" in _author_types(art, objects):
            # A person the JSON-LD and the byline both name, though the site carries the name too
            # (a blog named after its author): the person.
            same = {n.casefold() for n in clean_authors(structured)}
            found = byline if same and {n.casefold() for n in byline} == same else []
    if not found:
        credit_lines = authors_from_credit_lines(tree)
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
        if _WRITTEN_BY.match(_first(meta, f"twitter:label{i}")):
            return [_first(meta, f"twitter:data{i}")]
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


def _tags(art, meta) -> list[str]:
    values: list[str] = []
    keywords = art.get("keywords")
    if isinstance(keywords, list):
        values += [jsonld.text(k) for k in keywords]
    elif isinstance(keywords, str):
        values += keywords.split(",")
    values += meta.get("article:tag", [])
    for key in ("news_keywords", "keywords"):
        for value in meta.get(key, [])[:1]:
            values += value.split(",")
    seen: dict[str, str] = {}
    for value in values:
        value = " ".join(value.split())
        if value and len(value) <= 60 and value.casefold() not in seen:
            seen[value.casefold()] = value
    return list(seen.values())[:30]


def _canonical(tree, meta, url: str | None) -> str | None:
    for link in tree.iterfind(".//link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return _absolute(link.get("href"), url)
    og = _first(meta, "og:url")
    return _absolute(og, url) if og else None


def _absolute(href: str, base: str | None) -> str | None:
    href = href.strip()
    try:
        full = urljoin(base, href) if base else href
    except ValueError:
        return None
    return full if urlsplit(full).scheme in ("http", "https") else None


def _language(tree, meta) -> str | None:
    values = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
              _first(meta, "content-language", "og:locale", "language", "dc.language")]
    for value in values:
        code = (value or "").strip().lower()[:2]
        if len(code) == 2 and code.isalpha():
            return code
    return None


def _reading_time(art, meta) -> int | None:
    match = _DURATION.match(jsonld.text(art.get("timeRequired")))
    if match and (match.group(1) or match.group(2)):
        return int(match.group(1) or 0) * 60 + int(match.group(2) or 0) or None
    for i in range(1, 4):
        label = _first(meta, f"twitter:label{i}").lower()
        if "read" in label or "lese" in label:
            found = _MINUTES.search(_first(meta, f"twitter:data{i}"))
            if found:
                return int(found.group(1)) or None
    return None


def _article_body(art: dict[str, Any]) -> str:
    body = art.get("articleBody")
    return body.strip() if isinstance(body, str) else ""
