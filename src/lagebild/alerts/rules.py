"""Saved queries and watched sources: validate, store, list, remove, test — the Python API behind
``lagebild alerts …`` and ``lagebild sources …``.

>>> with Archive("news.db") as archive:
...     add_source(archive, "https://example.org/feed.xml", every="10m")
...     add_alert(archive, new_alert("klima", "Klimagesetz OR Klimaschutz", "webhook", "https://hooks.example/x"))
...     [hit.title for hit in test_alert(archive, "klima")]
"""

from __future__ import annotations

import re
import secrets

from ..archive.monitor import Monitor, Source
from ..errors import InputError, LagebildError
from ..model import Alert
from ..query import parse
from ..registry import registry
from ..sources.urls import KINDS, is_http, normalize

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.I)
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
MIN_EVERY = 1.0


def parse_every(text: str | float) -> float:
    """Seconds of a poll interval: ``90``, ``30s``, ``10m``, ``2h``, ``1d``."""
    if isinstance(text, (int, float)):
        seconds = float(text)
    else:
        m = _DURATION.match(text)
        if not m:
            raise InputError(f"{text!r} is no interval (examples: 30s, 10m, 2h, 1d)")
        seconds = float(m.group(1)) * _UNITS[m.group(2).lower()]
    if seconds < MIN_EVERY:
        raise InputError(f"interval {seconds:g} s is shorter than {MIN_EVERY:g} s")
    return seconds


def http_url(url: str) -> str:
    """``url`` as given (a signed URL must keep its exact query), if it is an http(s) URL."""
    url = url.strip()
    if not is_http(url):
        raise InputError(f"not an http(s) URL: {url[:200]!r}")
    return url


def add_source(archive, url: str, *, every: str | float = 600.0, kind: str | None = None) -> Source:
    """Watch ``url`` (a feed, a sitemap or a plain URL list; sniffed on first fetch if no ``kind``)."""
    if kind is not None and kind not in KINDS:
        raise InputError(f"unknown kind {kind!r} (one of {', '.join(KINDS)})")
    return Monitor.of(archive).add_source(http_url(url), kind, parse_every(every))


def remove_source(archive, ident: str) -> Source:
    monitor = Monitor.of(archive)
    source = monitor.source(ident.strip())
    if source is None and not ident.isdigit() and is_http(ident):
        source = monitor.source(normalize(ident))
    if source is None or not monitor.remove_source(source.id):
        raise InputError(f"no source {ident!r} (see `lagebild sources list`)")
    return source


def list_sources(archive) -> list[Source]:
    return Monitor.of(archive).sources()


def new_alert(name: str, query: str, channel: str, target: str, *, secret: str | None = None) -> Alert:
    """A validated :class:`Alert`: the name is usable, the query parses, the channel is registered
    (``registry.channels``) and accepts the target (a channel may normalise it: ``check_target``)."""
    if not re.fullmatch(r"[\w.-]{1,64}", name or ""):
        raise InputError(f"alert name {name!r}: use 1-64 letters, digits, '.', '-' or '_'")
    parse(query)  # raises QueryError with the position
    factory = registry.channels.get(channel, None)
    if factory is None:
        raise InputError(f"unknown channel {channel!r} (known: {', '.join(registry.channels.names())})")
    if not target or not target.strip():
        raise InputError(f"channel {channel!r} needs a target (a URL, an address, a file)")
    check = getattr(factory, "check_target", None)
    return Alert(name=name, query=query, channel=channel, target=check(target) if check else target,
                 secret=secret or secrets.token_urlsafe(24))


def add_alert(archive, alert: Alert) -> Alert:
    return Monitor.of(archive).add_alert(alert)


def list_alerts(archive) -> list[Alert]:
    return Monitor.of(archive).alerts()


def get_alert(archive, name: str) -> Alert:
    alert = Monitor.of(archive).alert(name)
    if alert is None:
        raise InputError(f"no alert named {name!r} (see `lagebild alerts list`)")
    return alert


def remove_alert(archive, name: str) -> None:
    if not Monitor.of(archive).remove_alert(name):
        raise InputError(f"no alert named {name!r} (see `lagebild alerts list`)")


def test_alert(archive, name: str, limit: int = 20):
    """The archived articles the alert's query matches now (the archive's search, same language)."""
    alert = get_alert(archive, name)
    try:
        return archive.search(alert.query, limit=limit)
    except LagebildError:
        raise


test_alert.__test__ = False  # type: ignore[attr-defined]  (not a pytest test)

__all__ = ["add_alert", "add_source", "get_alert", "http_url", "list_alerts", "list_sources", "new_alert", "parse_every",
           "remove_alert", "remove_source", "test_alert"]
