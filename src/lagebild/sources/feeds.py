"""Feeds: RSS 0.9x / 1.0 / 2.0 and Atom through feedparser, JSON Feed (1.0 / 1.1) by hand.

Each item becomes an :class:`~lagebild.sources.urls.Entry` (link, title, date); the article
pages themselves are fetched later. A feed that yields nothing usable raises
:class:`~lagebild.errors.InputError` with the reason.
"""

from __future__ import annotations

import calendar
import io
import json
from datetime import datetime, timezone

from ..errors import InputError
from ..times import iso_date
from .urls import Entry, resolve

MAX_ENTRIES = 5000


def parse_feed(content: bytes, url: str, content_type: str | None = None) -> list[Entry]:
    """The items of an RSS, Atom or JSON feed, in feed order, without duplicate links."""
    head = content[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        entries = _json_feed(content, url)
    else:
        entries = _xml_feed(content, url, content_type)
    out, seen = [], set()
    for entry in entries:
        if entry.url not in seen:
            seen.add(entry.url)
            out.append(entry)
    return out[:MAX_ENTRIES]


def _xml_feed(content: bytes, url: str, content_type: str | None) -> list[Entry]:
    import feedparser

    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    # A stream, never a string: feedparser would treat a string as a URL or path to open.
    parsed = feedparser.parse(io.BytesIO(content), response_headers=headers, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception") or "no feed found"
        raise InputError(f"malformed feed: {_first_line(reason)}")
    out = []
    for item in parsed.entries:
        link = _link(item)
        target = resolve(url, link) if link else None
        if not target:
            continue
        stamp = item.get("published_parsed") or item.get("updated_parsed")
        out.append(Entry(url=target, title=_clean(item.get("title")), published=_iso(stamp), source=url))
    if not out and parsed.get("bozo"):
        raise InputError(f"malformed feed: {_first_line(parsed.get('bozo_exception'))}")
    return out


def _link(item) -> str | None:
    link = item.get("link")
    if link:
        return link
    for candidate in item.get("links", []):
        if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
            return candidate["href"]
    guid = item.get("id") or ""
    return guid if guid.startswith(("http://", "https://")) else None


def _json_feed(content: bytes, url: str) -> list[Entry]:
    try:
        data = json.loads(content)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"malformed JSON feed: {_first_line(exc)}") from None
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise InputError("malformed JSON feed: no 'items' list")
    base = data.get("home_page_url") if isinstance(data.get("home_page_url"), str) else url
    out = []
    for item in data["items"]:
        if not isinstance(item, dict):
            continue
        link = item.get("url") or item.get("external_url")
        if not isinstance(link, str):
            ident = item.get("id")
            link = ident if isinstance(ident, str) and ident.startswith(("http://", "https://")) else None
        target = resolve(base or url, link) if link else None
        if not target:
            continue
        date = item.get("date_published") or item.get("date_modified")
        out.append(Entry(url=target, title=_clean(item.get("title")), published=iso_date(date), source=url))
    return out


def _iso(struct) -> str | None:
    if not struct:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(struct), timezone.utc).isoformat(timespec="seconds")
    except (OverflowError, ValueError, TypeError):
        return None


def _clean(value) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text[:1000] or None


def _first_line(reason) -> str:
    return str(reason).strip().splitlines()[0][:200] if str(reason).strip() else "unreadable"
