"""The headline, without the " | Site" / "Site - " decorations pages add to their titles.

A title segment is dropped when it names the site: it matches ``og:site_name`` / the publisher, or
the host name's main label. When the page's ``<h1>`` equals one segment, that segment is the
headline. A headline cut short with an ellipsis gives way to a longer candidate it begins.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_SEP = re.compile(r"\s+(?:[|\-–—:·•»«›‹~/<>]|::|\|\||//)\s+")
_SQUASH = re.compile(r"[\W_]+")
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)\s*$")


def _squash(text: str) -> str:
    return _SQUASH.sub("", text.casefold())


def _host_label(url: str | None) -> str:
    try:
        host = urlsplit(url or "").hostname or ""
    except ValueError:
        return ""
    parts = [p for p in host.split(".") if p not in ("www", "m", "amp", "mobile")]
    return parts[-2] if len(parts) >= 2 else (parts[0] if parts else "")


def _is_site(segment: str, sites: list[str], host: str, *, strict: bool = False) -> bool:
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
    while len(parts) > 1 and _is_site(parts[-1], sites, host):
        parts.pop(), seps.pop()
    while len(parts) > 1 and _is_site(parts[0], sites, host):
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
    host = _host_label(url)
    visible = [h for h in headings if len(h) >= 3 and not _is_site(h, sites, host, strict=True)]
    lower = [h for h in subheadings if len(h) >= 8 and not _is_site(h, sites, host, strict=True)]
    cleaned = []
    for cand in candidates:
        cand = " ".join((cand or "").split())
        if cand and not _is_site(cand, sites, host, strict=True):
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
