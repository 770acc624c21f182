"""An HTML page's metadata: title, dates, authors, section, tags, publisher, canonical URL, language.

Evidence is read in order of trust: the article's JSON-LD, then OpenGraph / ``article:*`` / other
``<meta>`` tags, then the visible page (``<h1>``, ``<time>``, bylines, breadcrumbs), and htmldate
as the last resort for the publication date. Every value is plain text; nothing here raises.
The three cascades with most to weigh live beside this module: the title (:mod:`._title`), the
dates (:mod:`._date`) and the authors (:mod:`._authors`); the rest is read here.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.etree
from lxml.html import HtmlElement

from ..sections import pick_section, url_sections
from . import _jsonld as jsonld
from . import _rank as rank
from ._author_marks import interface_texts
from ._authors import author_candidates
from ._date import date_candidates, read_modified
from ._markup import meta_tags, meta_value, text_of
from ._title import host_label, title_candidates

_DURATION = re.compile(r"^PT(?:(\d+)H)?(?:(\d+)M)?", re.I)
_MINUTES = re.compile(r"(\d+)\s*(?:min|minute|minuten)", re.I)


@dataclass(slots=True)
class Metadata:
    title: str = ""
    description: str = ""
    published: datetime | str | None = None  # a datetime, or "YYYY-MM-DD" when only the day is known
    modified: datetime | str | None = None
    authors: list[str] = field(default_factory=list)
    section: str | None = None  # normalised (lagebild.extract.sections)
    section_raw: str | None = None  # the page's own value it came from
    tags: list[str] = field(default_factory=list)
    publisher: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    reading_time: int | None = None
    is_article: bool = False  # the page declares itself an article (JSON-LD type or og:type)
    is_website: bool = False  # og:type "website": the page declares itself a front page, not an article
    article_body: str = ""  # JSON-LD articleBody, when the page offers one
    types: list[str] = field(default_factory=list)  # every schema.org type the page's JSON-LD declares
    rules_title: str = ""  # the title as the rules read it (the body classifier's headline feature uses it)


def read_metadata(tree: HtmlElement, url: str | None, model_dir: str | None = None,
                  ranked: Collection[str] = ()) -> Metadata:
    """All metadata of the parsed page ``tree`` (at ``url``, which names the site and resolves links);
    the fields named in ``ranked`` ("title", "date", "author") chosen among the page's candidates by the
    rankers in ``model_dir`` (default: the shipped ones), the others by the rules' cascades."""
    md, choices = read_candidates(tree, url)
    if not set(ranked) & set(choices):
        return md
    rankers = rank.load(Path(model_dir) if model_dir else None)
    for name, (cands, rows) in choices.items():
        if name not in ranked:
            continue
        best = rankers.choose(name, cands, rows)
        if best is None:
            if name == "author" and cands and name in rankers.nets:  # the ranker abstains: no one is named
                md.authors = []
            continue
        if name == "title":
            md.title = best.value
        elif name == "date":
            md.published = best.value  # the first source naming the day: structured data first, with its time
        else:
            md.authors = list(best.value)
    return md


def read_candidates(tree: HtmlElement, url: str | None) -> tuple[Metadata, dict[str, tuple[list, Any]]]:
    """The metadata as the rules read it, and each rankable field's candidates with their feature rows."""
    objects = jsonld.blocks(tree)
    meta = meta_tags(tree)
    art = jsonld.article_object(objects) or {}
    page = jsonld.page_object(objects) or {}
    crumbs = jsonld.breadcrumbs(objects)
    publisher = jsonld.text(art.get("publisher")) or meta_value(meta, "og:site_name", "application-name") or None
    md = Metadata(publisher=publisher, article_body=_article_body(art), types=[t for o in objects for t in jsonld.types(o)])
    sites = [s for s in (publisher, meta_value(meta, "og:site_name", "application-name", "twitter:site")) if s]
    md.title, titles = title_candidates(tree, art, meta, sites, url)
    md.rules_title = md.title
    md.description = meta_value(meta, "og:description", "description", "twitter:description") or jsonld.text(
        art.get("description"))
    md.language = _language(tree, meta)
    md.authors, authors = author_candidates(tree, art, meta, sites, objects, url, page)
    md.published, dates = date_candidates(tree, art, page, meta, md.language, url, md.title, md.authors)
    md.modified = read_modified(art, meta, md.language)
    md.section, md.section_raw = _section(tree, art, meta, crumbs, url, [md.title, *sites, host_label(url)])
    md.tags = _tags(art, meta)
    md.canonical_url = _canonical(tree, meta, url)
    md.reading_time = _reading_time(art, meta)
    md.is_article = bool(art) or meta_value(meta, "og:type").lower() == "article"
    md.is_website = not art and meta_value(meta, "og:type").lower() == "website"
    choices: dict[str, tuple[list, Any]] = {}
    cands = rank.merge(titles, rank.fold)
    choices["title"] = (cands, rank.title_rows(cands, url, sites, host_label(url)))
    cands = rank.merge(dates, rank.day_of)
    choices["date"] = (cands, rank.date_rows(cands))
    cands = rank.merge(authors, rank.name_key)
    body = tree.find(".//body")
    shown = " ".join(body.text_content().split()) if body is not None and cands else ""
    interface = interface_texts(tree) if cands else (frozenset(), frozenset())
    choices["author"] = (cands, rank.author_rows(cands, shown, sites, host_label(url), interface))
    return md, choices


# The first element marked as a breadcrumb trail. Walking the four attributes themselves and going up to their
# element takes ~.65 of the time of testing every element's attributes (and still stopping at the first).
_BREADCRUMB = lxml.etree.XPath(
    "(/descendant::*/@class[contains(., 'breadcrumb')]/.. | /descendant::*/@id[contains(., 'breadcrumb')]/.."
    " | /descendant::*/@itemtype[contains(., 'BreadcrumbList')]/.."
    " | /descendant::*/@aria-label[. = 'breadcrumb' or . = 'Breadcrumb']/..)[1]")


def _section(tree, art, meta, crumbs: list[str], url: str | None, refuse: list[str]) -> tuple[str | None, str | None]:
    """The section from JSON-LD, the section tag, the breadcrumb trail, else the visible trail or the URL."""
    declared = art.get("articleSection")
    candidates: list[str | list[str]] = [jsonld.text(v) for v in (declared if isinstance(declared, list) else [declared])]
    candidates += [meta_value(meta, "article:section", "section"), crumbs]
    section, raw = pick_section(candidates, refuse)
    if section:
        return section, raw
    trail = _BREADCRUMB(tree)
    visible = [text_of(a) for a in trail[0].iterfind(".//a")] if trail else []
    found, found_raw = pick_section([visible, url_sections(url)], refuse)
    return found, found_raw if found else raw or found_raw


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
