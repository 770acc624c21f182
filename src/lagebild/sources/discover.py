"""Which article URLs a fetched source names: tell a feed from a sitemap from a URL list, then
parse it with the discoverer of that kind.

A discoverer is one function ``(content, url, content_type) -> (entries, child sitemap URLs)``
looked up by kind in ``registry.discoverers``; the built-ins are below. This module sits above :mod:`.feeds`, :mod:`.sitemaps` and :mod:`.urls`
(which import none of it), so the parsers and their shared URL helpers form no import circle.
"""

from __future__ import annotations

from ..errors import InputError
from ..registry import registry
from .urls import Entry, SourceKind, parse_url_list


def sniff_kind(content: bytes, content_type: str | None = None) -> SourceKind:
    """Tell a feed (RSS, Atom, RDF, JSON Feed) from a sitemap from a plain URL list by content."""
    head = content[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"\x1f\x8b"):  # gzip: sitemaps are the usual gzipped source
        return "sitemap"
    if head.startswith(b"{"):
        return "feed"
    if head.startswith(b"<"):
        low = head.lower()
        if b"<urlset" in low or b"<sitemapindex" in low:
            return "sitemap"
        return "feed"
    ctype = (content_type or "").lower()
    if "json" in ctype:
        return "feed"
    if "xml" in ctype:
        return "feed"
    return "urls"


def feed(content: bytes, url: str, content_type: str | None = None) -> tuple[list[Entry], list[str]]:
    from .feeds import parse_feed

    return parse_feed(content, url, content_type), []


def sitemap(content: bytes, url: str, content_type: str | None = None) -> tuple[list[Entry], list[str]]:
    from .sitemaps import parse_sitemap

    found = parse_sitemap(content, url)
    return found.entries, found.children


def url_list(content: bytes, url: str, content_type: str | None = None) -> tuple[list[Entry], list[str]]:
    return parse_url_list(content, url), []


def discover(content: bytes, url: str, kind: str | None = None,
             content_type: str | None = None) -> tuple[SourceKind, list[Entry], list[str]]:
    """Parse one fetched source: ``(kind, entries, child sitemap URLs)``.

    Raises :class:`InputError` with the reason if the content is not a usable source.
    """
    kind = kind or sniff_kind(content, content_type)
    parse = registry.discoverers.get(kind)
    try:
        entries, children = parse(content, url, content_type)
    except InputError:
        raise
    except RecursionError:
        raise InputError(f"malformed {kind}: nested too deeply to parse") from None
    except MemoryError:
        raise InputError(f"malformed {kind}: too large to parse in memory") from None
    except Exception as exc:  # noqa: BLE001 - a parser's bug on hostile input is that source's failure
        raise InputError(f"malformed {kind}: {type(exc).__name__}: {_first_line(exc)}") from None
    return kind, entries, children  # type: ignore[return-value]


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else "unreadable"


__all__ = ["discover", "feed", "sitemap", "sniff_kind", "url_list"]
