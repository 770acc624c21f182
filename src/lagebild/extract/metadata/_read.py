"""An HTML page's metadata: title, dates, authors, section, tags, publisher, canonical URL, language.

Evidence is read in order of trust: the article's JSON-LD, then OpenGraph / ``article:*`` / other
``<meta>`` tags, then the visible page (``<h1>``, ``<time>``, bylines, breadcrumbs), and htmldate
as the last resort for the publication date. Every value is plain text; nothing here raises.
The three cascades with most to weigh live beside this module: the title (:mod:`._title`), the
dates (:mod:`._date`) and the authors (:mod:`._authors`); the rest is read here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from . import _jsonld as jsonld
from ._authors import read_authors
from ._date import read_modified, read_published
from ._markup import meta_tags, meta_value
from ._title import read_title

_DURATION = re.compile(r"^PT(?:(\d+)H)?(?:(\d+)M)?", re.I)
_MINUTES = re.compile(r"(\d+)\s*(?:min|minute|minuten)", re.I)


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


def read_metadata(tree: HtmlElement, url: str | None) -> Metadata:
    """All metadata of the parsed page ``tree`` (at ``url``, which names the site and resolves links)."""
    objects = jsonld.blocks(tree)
    meta = meta_tags(tree)
    art = jsonld.article_object(objects) or {}
    page = jsonld.page_object(objects) or {}
    crumbs = jsonld.breadcrumbs(objects)
    publisher = jsonld.text(art.get("publisher")) or meta_value(meta, "og:site_name", "application-name") or None
    md = Metadata(publisher=publisher, article_body=_article_body(art))
    sites = [s for s in (publisher, meta_value(meta, "og:site_name", "application-name", "twitter:site")) if s]
    md.title = read_title(tree, art, meta, sites, url)
    md.description = meta_value(meta, "og:description", "description", "twitter:description") or jsonld.text(
        art.get("description"))
    md.language = _language(tree, meta)
    md.authors = read_authors(tree, art, meta, sites, objects, url, page)
    md.published = read_published(tree, art, page, meta, md.language, url, md.title, md.authors)
    md.modified = read_modified(art, meta, md.language)
    md.section = (jsonld.text(art.get("articleSection")) or meta_value(meta, "article:section", "section")
                  or (crumbs[-2] if len(crumbs) >= 2 else crumbs[0] if crumbs else None)) or None
    md.tags = _tags(art, meta)
    md.canonical_url = _canonical(tree, meta, url)
    md.reading_time = _reading_time(art, meta)
    md.is_article = bool(art) or meta_value(meta, "og:type").lower() == "article"
    md.is_website = not art and meta_value(meta, "og:type").lower() == "website"
    return md


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
    og = meta_value(meta, "og:url")
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
              meta_value(meta, "content-language", "og:locale", "language", "dc.language")]
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
        label = meta_value(meta, f"twitter:label{i}").lower()
        if "read" in label or "lese" in label:
            found = _MINUTES.search(meta_value(meta, f"twitter:data{i}"))
            if found:
                return int(found.group(1)) or None
    return None


def _article_body(art: dict[str, Any]) -> str:
    body = art.get("articleBody")
    return body.strip() if isinstance(body, str) else ""
