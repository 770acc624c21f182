"""Turning untrusted article data into safe markup: every piece of article text is escaped first
and only then wrapped in tags we write ourselves; links survive only with an http(s) scheme.

Nothing here trusts its input: offsets may be out of range or overlap, URLs may say
``javascript:``, snippets may contain brackets of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urljoin, urlsplit

from markupsafe import Markup, escape

from ..archive.search import SNIPPET_CLOSE, SNIPPET_OPEN
from ..model import Article, Mention

ENTITY_TYPES = {"PER": "Person", "ORG": "Organisation", "LOC": "Ort", "MISC": "Sonstiges"}
_MARKED = re.compile(re.escape(SNIPPET_OPEN) + r"([^" + re.escape(SNIPPET_OPEN + SNIPPET_CLOSE) + r"\s]+)"
                     + re.escape(SNIPPET_CLOSE))


def safe_url(url: str | None, base: str | None = None) -> str | None:
    """``url`` (resolved against ``base``) when it is a plain http(s) URL with a host, else None."""
    if not url or not isinstance(url, str):
        return None
    url = url.strip()
    if any(ord(c) < 0x21 or c in "\x7f\\" for c in url):  # the rest is attribute-escaped by the template
        return None
    if base and safe_url(base) and not urlsplit(url).scheme:
        url = urljoin(base, url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def bar(value: int | float, peak: int | float, kind: str | None = None) -> Markup:
    """A thin horizontal bar (inline SVG: no style attribute, so the CSP needs no 'unsafe-inline')."""
    width = 100 * max(0.0, min(1.0, float(value) / float(peak or 1)))
    return Markup('<svg class="mbar{}" viewBox="0 0 100 4" preserveAspectRatio="none" aria-hidden="true">'
                  '<rect class="track" width="100" height="4" rx="2"/>'
                  '<rect class="fill" width="{:.1f}" height="4" rx="2"/>'
                  '</svg>').format(f" ent-{type_class(kind)}" if kind else "", width)


def entity_href(entity_id: str) -> str:
    return "/entities/" + quote(entity_id, safe=":")


def type_class(kind: str | None) -> str:
    return kind if kind in ENTITY_TYPES else "MISC"


def snippet(text: str | None) -> Markup:
    """A search snippet with its matched words (``[word]``) as ``<mark>``, everything else escaped."""
    escaped = str(escape(text or ""))
    return Markup(_MARKED.sub(lambda m: f"<mark>{m.group(1)}</mark>", escaped))


# ---------------------------------------------------------------- the article text

@dataclass(slots=True)
class Paragraph:
    html: Markup
    lead: bool = False


def _usable(mentions: list[Mention], text: str) -> list[Mention]:
    """Mentions inside one paragraph of the text, sorted, without overlaps (the first, longest one wins)."""
    out, end = [], 0
    valid = [m for m in mentions if isinstance(m.start, int) and isinstance(m.end, int)
             and 0 <= m.start < m.end <= len(text) and "\n\n" not in text[m.start : m.end]]
    for m in sorted(valid, key=lambda m: (m.start, -(m.end - m.start))):
        if m.start >= end:
            out.append(m)
            end = m.end
    return out


def _mention(m: Mention, text: str, names: dict[str, str]) -> Markup:
    span = text[m.start : m.end]
    kind = type_class(m.type)
    if m.entity_id:
        title = f"{names.get(m.entity_id, m.entity_id)} · {ENTITY_TYPES[kind]}"
        return Markup('<a class="ent ent-{}" href="{}" title="{}">{}</a>').format(
            kind, entity_href(m.entity_id), title, span)
    return Markup('<span class="ent ent-{}" title="{}">{}</span>').format(kind, ENTITY_TYPES[kind], span)


def paragraphs(article: Article, names: dict[str, str] | None = None) -> list[Paragraph]:
    """``article.text`` split at blank lines, escaped, with its mentions wrapped as entity links."""
    text = article.text or "\n\n".join(p for p in [article.lead, *article.body] if p)
    mentions = _usable(list(article.mentions), text) if article.text else []
    names = names or {}
    out, pos, i = [], 0, 0
    for para in text.split("\n\n"):
        start, end = pos, pos + len(para)
        pos = end + 2
        parts, cursor = [], start
        while i < len(mentions) and mentions[i].start < end:
            m = mentions[i]
            i += 1
            if m.start < start or m.end > end:
                continue  # starts or ends in the blank line between paragraphs
            parts.append(escape(text[cursor : m.start]))
            parts.append(_mention(m, text, names))
            cursor = m.end
        parts.append(escape(text[cursor:end]))
        html = Markup("").join(parts)
        if para.strip():
            out.append(Paragraph(html, lead=not out and bool(article.lead) and para.strip() == article.lead.strip()))
    return out


# ---------------------------------------------------------------- links and pages

def query_string(params: dict, **changes) -> str:
    """``?a=1&b=2`` of ``params`` with ``changes`` applied; empty values are left out."""
    merged = {**params, **changes}
    pairs = [(k, v) for k, v in merged.items() if v not in (None, "", 0) or (k == "page" and v)]
    return "?" + urlencode(pairs) if pairs else "?"


def page_numbers(page: int, pages: int) -> list[int | None]:
    """Page numbers to show around ``page`` (None = a gap)."""
    wanted = {1, pages, page - 1, page, page + 1}
    out, last = [], 0
    for n in sorted(p for p in wanted if 1 <= p <= pages):
        if n - last > 1:
            out.append(None)
        out.append(n)
        last = n
    return out


__all__ = [
    "ENTITY_TYPES", "Paragraph", "bar", "entity_href", "page_numbers", "paragraphs", "query_string", "safe_url",
    "snippet", "type_class",
]
