"""The headline: read from the page's title tags and visible headings, without the " | Site" /
"Site - " decorations pages add to their titles.

Candidates come in order of trust (JSON-LD ``headline``, ``og:title``, ``twitter:title``, ``<title>``,
JSON-LD ``name``) beside the page's visible headings (:func:`read_title`). A title segment is dropped
when it names the site: it matches ``og:site_name`` / the publisher, or the host name's main label.
When the page's ``<h1>`` equals one segment, that segment is the headline. A headline cut short with
an ellipsis gives way to a longer candidate it begins.
"""

from __future__ import annotations

import html
import re
from itertools import islice
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from . import _jsonld as jsonld
from ._markup import meta_value, text_of

_SEP = re.compile(r"\s+(?:[|\-–—:·•»«›‹~/<>]|::|\|\||//)\s+")
_SQUASH = re.compile(r"[\W_]+")
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)\s*$")


def _squash(text: str) -> str:
    return _SQUASH.sub("", text.casefold())


def host_label(url: str | None) -> str:
    """The host name's second-to-last label ("beispiel" for www.beispiel.de): sites put it in titles."""
    try:
        host = urlsplit(url or "").hostname or ""
    except ValueError:
        return ""
    parts = [p for p in host.split(".") if p not in ("www", "m", "amp", "mobile")]
    return parts[-2] if len(parts) >= 2 else (parts[0] if parts else "")


def is_site(segment: str, sites: list[str], host: str, *, strict: bool = False) -> bool:
    """Whether ``segment`` names the site; ``strict``: only an exact match (for a whole title)."""
    seg = _squash(segment)
    if not seg:
        return True
    if strict:
        keys = {_squash(s) for s in sites} | ({_squash(host)} if len(host) >= 3 else set())
        return seg in keys or any(seg.startswith(k) and len(seg) - len(k) <= 3 for k in keys if k)
    for site in sites:
        key = _squash(site)
        if key and (seg == key or (len(seg) >= 4 and (seg in key or key in seg) and len(segment.split()) <= 5)):
            return True
    host = _squash(host)
    return bool(host) and len(host) >= 3 and (seg == host or (host in seg and len(segment.split()) <= 4)
                                              or (seg in host and len(seg) >= 4))


def strip_site(title: str, sites: list[str], host: str) -> str:
    """``title`` without leading / trailing segments that name the site."""
    parts = _SEP.split(title)
    seps = _SEP.findall(title)
    while len(parts) > 1 and is_site(parts[-1], sites, host):
        parts.pop(), seps.pop()
    while len(parts) > 1 and is_site(parts[0], sites, host):
        parts.pop(0), seps.pop(0)
    out = parts[0]
    for sep, part in zip(seps, parts[1:]):
        out += sep + part
    return out.strip()


def _h1_segment(title: str, headings: list[str]) -> str | None:
    """The longest run of ``title``'s segments that a visible heading repeats (not the whole title)."""
    keys = {_squash(h) for h in headings if h}
    if not keys:
        return None
    parts = _SEP.split(title)
    if len(parts) < 2:
        return None
    runs = [(i, j) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1)
            if (j - i) < len(parts) and _squash(" ".join(parts[i:j])) in keys]
    if not runs:
        return None
    # "Headline | Site" is the common order: a run that opens the title is the headline.
    i, j = max(runs, key=lambda run: (run[0] == 0, len(_squash(" ".join(parts[run[0]:run[1]])))))
    return _exact(title, parts, i, j)


def _exact(title: str, parts: list[str], i: int, j: int) -> str:
    """The original text of segments i..j-1 including their separators."""
    seps = _SEP.findall(title)
    out = parts[i]
    for k in range(i + 1, j):
        out += seps[k - 1] + parts[k]
    return out


def clean_title(candidates: list[str], headings: list[str], sites: list[str], url: str | None,
                subheadings: list[str] = ()) -> str:
    """The headline from ``candidates`` (most trusted first) and the page's visible ``headings``.

    A visible heading that the title tags repeat is the headline as the page shows it; otherwise
    the most trusted candidate that is more than the site's name, decorations removed. A
    ``subheading`` (``<h2>``, ``<h3>``) counts only where it repeats a segment of a title tag:
    pages whose ``<h1>`` is the site's name put the headline there.
    """
    host = host_label(url)
    visible = [h for h in headings if len(h) >= 3 and not is_site(h, sites, host, strict=True)]
    lower = [h for h in subheadings if len(h) >= 8 and not is_site(h, sites, host, strict=True)]
    cleaned = []
    for cand in candidates:
        cand = " ".join((cand or "").split())
        if cand and not is_site(cand, sites, host, strict=True):
            cleaned.append(_h1_segment(cand, visible + lower) or strip_site(cand, sites, host))
    cleaned = [c for c in cleaned if c]
    repeated = [h for h in visible if len(_squash(h)) >= 8 and any(_squash(h) in _squash(c) for c in cleaned)]
    if repeated:
        # A logo heading ("Site") can stand first while the title tag ends in the site's name behind
        # a separator not known as one ("Headline l Site"): then the heading that is not the tail.
        tails = [h for h in repeated if any(_squash(c).endswith(_squash(h)) and 2 * len(_squash(h)) < len(_squash(c))
                                            for c in cleaned)]
        return next((h for h in repeated if h not in tails), repeated[0])
    if not cleaned:
        return visible[0] if visible else ""
    best = cleaned[0]
    stem = _ELLIPSIS.sub("", best)
    if stem != best:
        longer = [c for c in cleaned[1:] if _squash(c).startswith(_squash(stem)) and len(c) > len(stem)]
        if longer:
            return longer[0]
    return best


_HEADLINE_CLASSES = ("entry-title", "post-title", "article-title", "headline")
_HEADLINE_TAGS = ("h2", "h3", "div", "span")  # the elements a headline class marks as the headline
# Compiled once; walking the itemprop and class attributes themselves and going up to their element takes ~.65
# of the time of testing every element. The class test is repeated on the elements found (:func:`_headlines`).
_HEADLINE_CANDIDATES = etree.XPath(
    'descendant::h1 | descendant::*/@itemprop[. = "headline"]/.. | descendant::*/@class['
    + " or ".join(f'contains(., "{k}")' for k in _HEADLINE_CLASSES) + ']/..')


def _headlines(tree) -> list[HtmlElement]:
    """The page's headline elements in document order: ``<h1>``, ``itemprop="headline"``, and the ``<h2>``,
    ``<h3>``, ``<div>`` and ``<span>`` whose class names a headline ("entry-title", "post-title", …)."""
    return [el for el in _HEADLINE_CANDIDATES(tree) if el.tag == "h1" or el.get("itemprop") == "headline"
            or el.tag in _HEADLINE_TAGS and any(k in (el.get("class") or "") for k in _HEADLINE_CLASSES)]


def read_title(tree, art, meta, sites: list[str], url: str | None) -> str:
    """The headline from the page's title tags (``art`` its JSON-LD article, ``meta`` its ``<meta>`` tags)
    and its visible headings; ``sites`` are the names the site goes by."""
    return title_candidates(tree, art, meta, sites, url)[0]


TITLE_SOURCES = ("ld", "og", "tw", "tt", "name")  # JSON-LD headline, og:title, twitter:title, <title>, JSON-LD name


def title_candidates(tree, art, meta, sites: list[str], url: str | None) -> tuple[str, list[tuple[str, str]]]:
    """The rules' headline (as :func:`read_title`) and every (candidate, source) the page offers: each title
    tag as it is, without the site's name (``…_strip``) and as the part a visible heading repeats
    (``…_h1seg``); the ``<title>``'s pieces (``tt_seg_first|mid|last``); the visible headings
    (``heading_first``, ``heading_second``, ``heading``). A learned ranking chooses among them (:mod:`._rank`)."""
    headings = [t for h in _headlines(tree)[:8] for t in _heading_texts(h) if 0 < len(t) <= 300]
    tag = tree.find(".//title")
    tags = [jsonld.text(art.get("headline")), meta_value(meta, "og:title"), meta_value(meta, "twitter:title"),
            text_of(tag) if tag is not None else "", jsonld.text(art.get("name"))]
    tags = [html.unescape(c) for c in tags]
    subheadings = [text_of(h) for h in islice(tree.iterdescendants("h2", "h3"), 12)]
    pick = clean_title(tags, headings, sites, url, [t for t in subheadings if len(t) <= 300])
    host = host_label(url)
    visible = [h for h in headings if len(h) >= 3 and not is_site(h, sites, host, strict=True)]
    found = [(pick, "cascade")] if pick else []
    for source, value in zip(TITLE_SOURCES, tags):
        value = " ".join(value.split())
        if not value:
            continue
        found.append((value, source))
        found.append((strip_site(value, sites, host), f"{source}_strip"))
        segment = _h1_segment(value, visible)
        if segment:
            found.append((segment, f"{source}_h1seg"))
        if source == "tt":
            parts = _SEP.split(value)
            for k, part in enumerate(parts if len(parts) > 1 else []):
                found.append((part, "tt_seg_first" if k == 0 else "tt_seg_last" if k == len(parts) - 1 else "tt_seg_mid"))
    for k, heading in enumerate(headings[:6]):
        found.append((heading, "heading_first" if k == 0 else "heading_second" if k == 1 else "heading"))
    return pick, [(" ".join(v.split()), s) for v, s in found if v and v.strip()]


def _heading_texts(heading: HtmlElement) -> list[str]:
    """A heading's text; first its main part when it also holds a kicker ("Topic" + headline)."""
    full = text_of(heading)
    parts = [t for t in (text_of(c) for c in heading if isinstance(c.tag, str)) if t]
    if len(parts) >= 2:
        main = max(parts, key=len)
        if len(main) >= 0.5 * len(full) and main != full:
            return [main, full]
    return [full]
