"""Discovered URLs: one :class:`Entry` per article link a feed, sitemap or URL list names.

Also the helpers every discoverer shares: :func:`normalize` (the form a URL is remembered under,
so ``?utm_source=…`` or a ``#fragment`` does not make a page new) and plain URL lists. Telling a
feed from a sitemap from a URL list is :mod:`.discover`'s job (it imports the parsers; they import
this module, never the other way round).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from ..errors import InputError

SourceKind = Literal["feed", "sitemap", "urls"]
KINDS: tuple[str, ...] = ("feed", "sitemap", "urls")

_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|mc_cid|mc_eid|wt_mc|wt\.mc_id|at_medium|at_campaign|ocid)$", re.I)
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(slots=True)
class Entry:
    """One article URL found in a source, with what the source says about it."""

    url: str
    title: str | None = None
    published: str | None = None  # ISO 8601 if the source gave a date
    source: str | None = None  # the feed / sitemap URL it came from


def is_http(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def normalize(url: str) -> str:
    """The canonical form of an http(s) URL: lowercase scheme and host, no default port, no
    fragment, no tracking parameters. Raises :class:`InputError` for anything else."""
    url = url.strip()
    if not is_http(url):
        raise InputError(f"not an http(s) URL: {url[:200]!r}")
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port if parts.port and parts.port != _DEFAULT_PORTS.get(parts.scheme) else None
    netloc = f"[{host}]" if ":" in host else host
    if port:
        netloc += f":{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", urlencode(query), ""))


def resolve(base: str, link: str) -> str | None:
    """``link`` made absolute against ``base`` and normalised; ``None`` if it is no http(s) URL."""
    try:
        return normalize(urljoin(base, link.strip()))
    except (InputError, ValueError):
        return None


def parse_url_list(content: bytes | str, base: str) -> list[Entry]:
    """A plain list: one URL per line, blank lines and ``#`` comments ignored."""
    text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
    out, seen = [], set()
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        url = resolve(base, line.split()[0])
        if url and url not in seen:
            seen.add(url)
            out.append(Entry(url=url, source=base))
    return out
