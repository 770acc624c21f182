"""XML sitemaps: ``<urlset>`` (with Google News ``news:publication_date`` / ``news:title``),
``<sitemapindex>`` (children returned for the caller to fetch, to a bounded depth) and gzipped
sitemaps. Parsed without DTDs, entities or network access.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

from ..errors import InputError
from ..times import iso_date
from .urls import Entry, resolve

MAX_URLS = 50_000  # the sitemap protocol's own limit per file
MAX_CHILDREN = 1000
MAX_INFLATED = 64 * 1024 * 1024
MAX_DEPTH = 2  # index -> index -> urlset; deeper children are ignored


@dataclass(slots=True)
class Sitemap:
    entries: list[Entry] = field(default_factory=list)
    children: list[str] = field(default_factory=list)  # sitemap URLs named by a sitemap index


def parse_sitemap(content: bytes, url: str) -> Sitemap:
    """Entries of a urlset, or children of a sitemap index. Raises InputError if neither."""
    from lxml import etree

    content = _gunzip(content) if content[:2] == b"\x1f\x8b" else content
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False)
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"malformed sitemap: {str(exc)[:200]}") from None
    if root is None:
        raise InputError("malformed sitemap: empty document")
    tag = etree.QName(root).localname
    if tag == "sitemapindex":
        kids = [resolve(url, loc) for loc in _texts(root, "sitemap", "loc")]
        return Sitemap(children=[k for k in dict.fromkeys(kids) if k][:MAX_CHILDREN])
    if tag != "urlset":
        raise InputError(f"not a sitemap: root element <{tag}>")
    entries, seen = [], set()
    for node in root:
        if not isinstance(node.tag, str) or etree.QName(node).localname != "url":
            continue
        entry = _entry(node, url)
        if entry and entry.url not in seen:
            seen.add(entry.url)
            entries.append(entry)
            if len(entries) >= MAX_URLS:
                break
    return Sitemap(entries=entries)


def _entry(node, base: str) -> Entry | None:
    from lxml import etree

    loc = title = published = lastmod = None
    for child in node.iter():
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        text = (child.text or "").strip()
        if name == "loc" and loc is None:
            loc = text
        elif name == "publication_date":
            published = iso_date(text)
        elif name == "title" and text:
            title = " ".join(text.split())[:1000]
        elif name == "lastmod":
            lastmod = iso_date(text)
    target = resolve(base, loc) if loc else None
    if not target:
        return None
    return Entry(url=target, title=title, published=published or lastmod, source=base)


def _texts(root, parent: str, child: str) -> list[str]:
    from lxml import etree

    out = []
    for node in root:
        if isinstance(node.tag, str) and etree.QName(node).localname == parent:
            for sub in node:
                if isinstance(sub.tag, str) and etree.QName(sub).localname == child and sub.text:
                    out.append(sub.text.strip())
    return out


def _gunzip(content: bytes) -> bytes:
    """Inflate a gzipped sitemap, refusing more than MAX_INFLATED bytes (gzip bombs)."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(content, MAX_INFLATED + 1)
    except zlib.error as exc:
        raise InputError(f"malformed gzip sitemap: {exc}") from None
    if len(out) > MAX_INFLATED or inflater.unconsumed_tail:
        raise InputError(f"gzip sitemap inflates past {MAX_INFLATED // (1024 * 1024)} MiB")
    return out


__all__ = ["MAX_DEPTH", "Sitemap", "parse_sitemap"]
