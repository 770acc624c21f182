"""The article body of a parsed page: trafilatura in precision mode, checked against the page.

1. trafilatura (``favor_precision``, comments left out) reads the main text;
2. when the page's JSON-LD ``articleBody`` is clearly more complete than what was read (a paywalled
   or script-rendered page, or a body split over several containers), it is used instead.
"""

from __future__ import annotations

import re
from copy import deepcopy

from lxml.html import HtmlElement

_TOKEN = re.compile(r"\w+")
_TAG = re.compile(r"<[^>]{1,200}>")


def trafilatura_paragraphs(tree: HtmlElement, url: str | None) -> list[str]:
    import trafilatura

    doc = trafilatura.bare_extraction(deepcopy(tree), url=url, favor_precision=True, include_comments=False,
                                      with_metadata=False, include_tables=True)
    text = (doc.text or "") if doc is not None else ""
    return [p.strip() for p in text.split("\n") if p.strip()]


def structured_paragraphs(article_body: str) -> list[str]:
    """JSON-LD articleBody as paragraphs (markup it sometimes carries is dropped)."""
    import html

    text = html.unescape(_TAG.sub(" ", article_body))
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n|\r?\n", text) if p.strip()]


def _tokens(paragraphs: list[str]) -> list[str]:
    return _TOKEN.findall(" ".join(paragraphs))


def prefer_structured(read: list[str], structured: list[str]) -> bool:
    """Whether the JSON-LD body should replace what was read from the page."""
    got, offered = _tokens(read), _tokens(structured)
    if len(offered) < 80 or len(offered) < 1.3 * len(got):
        return False
    if len(got) < 40:
        return True
    offered_set = set(offered)
    covered = sum(t in offered_set for t in got) / len(got)
    return covered >= 0.9


def body_paragraphs(tree: HtmlElement, url: str | None, article_body: str) -> list[str]:
    paragraphs = trafilatura_paragraphs(tree, url)
    if article_body:
        structured = structured_paragraphs(article_body)
        if prefer_structured(paragraphs, structured):
            return structured
    return paragraphs
