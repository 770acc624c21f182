"""Discovered URLs: one :class:`Entry` per article link a feed, sitemap or URL list names.

Also the helpers every discoverer shares: :func:`normalize` (the form a URL is remembered under,
so ``?utm_source=…`` or a ``#fragment`` does not make a page new) and plain URL lists. Telling a
feed from a sitemap from a URL list is :mod:`.discover`'s job (it imports the parsers; they import
this module, never the other way round).

And an article's source as search sees it: :func:`host_of` (the host a ``source:`` filter matches),
:func:`source_host` and :func:`source_matches` (a ``source:`` value against one article).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from ..errors import InputError
from ..textnorm import fold

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


def host_of(url: str | None) -> str | None:
    """The source host of a URL, lowercase, without ``www.``: the value ``source:`` matches."""
    if not url:
        return None
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return None
    return host[4:] if host.startswith("www.") else (host or None)


def source_host(value: str) -> str:
    """The host a ``source:`` value names: ``https://www.spiegel.de/x``, ``www.spiegel.de`` -> ``spiegel.de``."""
    v = value.strip().lower()
    if "://" in v:
        v = host_of(v) or v
    v = v.split("/", 1)[0]
    return v[4:] if v.startswith("www.") else v


def source_matches(host: str | None, publisher: str | None, value: str) -> bool:
    """``source:value`` against one article: the host, a subdomain of it, its first label or the publisher."""
    v = source_host(value)
    if host and (host == v or host.endswith("." + v) or host.split(".")[0] == v):
        return True
    return bool(publisher) and fold(publisher) == fold(value)
