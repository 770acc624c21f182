"""Teasers of other articles shown on the page: "Mehr zum Thema", "Related", "Lesen Sie auch".

A block counts when a short heading announces it (German or English phrases) or when its class
says so (``related``, ``recommend``); each link with headline-like text becomes a
:class:`RelatedLink` with the teaser text and section label found next to it. Only text is kept.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from ...model import RelatedLink

_HEADING = re.compile(
    r"^(?:mehr (?:zum thema|dazu|aus|zu|über|news)|zum thema|das könnte sie (?:auch )?interessieren|"
    r"(?:lesen|sehen) sie (?:auch|mehr)|auch interessant|weitere (?:artikel|beiträge|nachrichten|meldungen)|"
    r"ähnliche (?:artikel|beiträge)|passend zum thema|empfehlungen|"
    r"related(?: (?:articles|stories|posts|content|coverage|news))?|more (?:on|from|about|stories|news)|"
    r"read (?:more|next|also)|you (?:may|might) (?:also )?like|recommended(?: for you)?|see also|further reading)\b",
    re.I,
)
_CLASS = re.compile(r"related|recommend|more-?articles|read-?more|weitere", re.I)
_KICKER = re.compile(r"kicker|dachzeile|overline|section|category|rubrik|eyebrow", re.I)
MAX_LINKS = 20


def _text(el: HtmlElement) -> str:
    return " ".join(el.text_content().split())


_HEADINGS = ("h2", "h3", "h4", "h5", "strong")
_BOXES = ("section", "aside", "div", "ul", "nav")
_CLASS_HINT = re.compile(r"elated|ecommend|ead-more|readmore|more-articles|weitere")  # case as written
_ID_HINT = re.compile(r"elated|ecommend")


def _blocks(tree: HtmlElement) -> list[HtmlElement]:
    found: list[HtmlElement] = []
    for heading in tree.iter(*_HEADINGS):
        if len(heading) > 3:
            continue
        label = _text(heading)
        if 3 <= len(label) <= 60 and _HEADING.match(label):
            container = heading.getparent()
            while container is not None and container.find(".//a") is None:
                container = container.getparent()
            if container is not None and container.tag != "body":
                found.append(container)
    # lxml's tag filter walks the tree in C; an XPath test of every element's attributes is slower
    for el in tree.iter(*_BOXES):
        cls, ident = el.get("class") or "", el.get("id") or ""
        if (_CLASS_HINT.search(cls) or _ID_HINT.search(ident)) and _CLASS.search(f"{cls} {ident}"):
            found.append(el)
    return found


def related_links(tree: HtmlElement, url: str | None) -> list[RelatedLink]:
    """The page's teasers of other articles, in page order, without duplicates."""
    seen: set[str] = set()
    out: list[RelatedLink] = []
    for block in _blocks(tree):
        for link in block.iterfind(".//a"):
            title = _text(link)
            href = _absolute(link.get("href"), url)
            if href is None or href in seen or href == url or len(title.split()) < 3 or len(title) > 300:
                continue
            seen.add(href)
            item = _teaser(link, title, href)
            kicker = next((k for k in link.iter() if _KICKER.search(k.get("class", "")) and _text(k)), None)
            if kicker is not None and _text(kicker) != title and title.startswith(_text(kicker)):
                item.section, item.title = _text(kicker), title[len(_text(kicker)):].strip()
            out.append(item)
            if len(out) >= MAX_LINKS:
                return out
    return out


def _teaser(link: HtmlElement, title: str, href: str) -> RelatedLink:
    box = link.getparent()
    for _ in range(3):
        if box is None or box.tag in ("li", "article") or len(box.findall(".//a")) > 1:
            break
        box = box.getparent()
    teaser = section = None
    if box is not None and len(box.findall(".//a")) <= 2:
        for el in box.iter("p", "span", "div"):
            text = _text(el)
            if el is link or not text or text in title or title in text:
                continue
            if section is None and _KICKER.search(el.get("class", "")) and len(text) <= 40:
                section = text
            elif teaser is None and len(text) >= 40:
                teaser = text
    return RelatedLink(title=title, url=href, section=section, teaser=teaser)


def _absolute(href: str | None, base: str | None) -> str | None:
    if not href or href.startswith(("#", "javascript:", "mailto:")):
        return None
    try:
        full = urljoin(base, href.strip()) if base else href.strip()
        scheme = urlsplit(full).scheme
    except ValueError:
        return None
    return full if scheme in ("http", "https") or (base is None and not scheme and full.startswith("/")) else None
