"""The article body of a parsed page: trafilatura in precision mode, checked against the page.

1. trafilatura (``favor_precision`` and ``fast``: no fallback extractors; comments left out) reads the
   main text; when that is short, a full balanced pass (with trafilatura's own fallbacks) is tried,
   and when both read next to nothing, the paragraphs of the element holding the most prose;
   missing same-kind sibling containers are recovered (:mod:`._recover`), captions and link
   lines the markup shows are dropped (:mod:`._blocks`), and the paragraph-level cleaning
   shared with the scraped-text path (:mod:`..paragraphs`: edge boilerplate, credit and date-stamp
   lines, pleas, "Read also: …" lines and teaser blocks, a closing author bio) is applied;
2. when the page's JSON-LD ``articleBody`` is clearly more complete than what was read (a paywalled
   or script-rendered page, or a body split over several containers), it is used instead.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from ..paragraphs import clean
from ._blocks import drop_link_cards, drop_non_prose, drop_tag_links
from ._recover import FAILED_READ, densest_paragraphs, recover_siblings

_TOKEN = re.compile(r"\w+")
_TAG = re.compile(r"<[^>]{1,200}>")
SHORT = 700  # characters: below this, the quick precision pass is checked against a full balanced one


def trafilatura_paragraphs(tree: HtmlElement, url: str | None, *, precision: bool = True) -> list[str]:
    import trafilatura

    # trafilatura works on its own copy of a tree it is given, so ``tree`` stays intact
    doc = trafilatura.bare_extraction(tree, url=url, favor_precision=precision, fast=precision,
                                      include_comments=False,
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
    """Main-text paragraphs: precision pass; if short, the JSON-LD body or a balanced pass.

    ``tree`` is changed in place: link cards and ``rel="tag"`` links are removed before the main-text
    pass, so later readers of the tree (teaser links, page type) no longer see them.
    """
    structured = structured_paragraphs(article_body) if article_body else []
    drop_link_cards(tree)
    drop_tag_links(tree)
    paragraphs = trafilatura_paragraphs(tree, url)
    if sum(map(len, paragraphs)) < SHORT:
        if len(_tokens(structured)) >= 80:
            return structured
        balanced = trafilatura_paragraphs(tree, url, precision=False)
        if sum(map(len, balanced)) > sum(map(len, paragraphs)):
            paragraphs = balanced
        if sum(map(len, paragraphs)) < FAILED_READ:
            densest = densest_paragraphs(tree)
            if sum(map(len, densest)) > 2 * sum(map(len, paragraphs)):
                paragraphs = densest
    paragraphs = clean(drop_non_prose(tree, recover_siblings(tree, paragraphs)), url)
    if structured and prefer_structured(paragraphs, structured):
        return structured
    return paragraphs
