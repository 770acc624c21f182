"""The article body of a parsed page, three ways (``ExtractSettings.learned`` chooses).

Learned (:func:`choose_body` over :func:`page_blocks`): the page is cut into text blocks (:mod:`._segment`),
each described by its markup, text, e5 and neighbour features and by how much of it trafilatura's recall
pass and the rules below read (:mod:`._features`); the block classifier (:mod:`._model`) keeps the body.

Mixed (:func:`mixed_body`, ``"body_mix"``): the rules' body, with the paragraphs the classifier is sure are
not body dropped and the blocks it is sure are body added.

Picked (:func:`picked_body`, ``"body_pick"``): the rules' body or the classifier's, whichever a second learned
model (:mod:`._choose`) expects to be the better one for the page.

Rules (:func:`body_paragraphs`):

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
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from lxml.html import HtmlElement

from ..metadata import is_byline
from ..paragraphs import clean
from ._blocks import drop_link_cards, drop_non_prose, drop_tag_links, free_loose_text
from ._choose import page_row
from ._features import PageEvidence, _trigrams, block_features, trigrams_list
from ._model import load
from ._recover import FAILED_READ, densest_paragraphs, recover_headings, recover_siblings
from ._segment import Block, segment

_TOKEN = re.compile(r"\w+")
_TAG = re.compile(r"<[^>]{1,200}>")
SHORT = 700  # characters: a body shorter than this gives way to a JSON-LD body of 80 words or more


_PASSES = {
    # fast: no fallback extractors (readability, jusText): the classifier does that part
    "recall": {"favor_recall": True, "fast": True},
    "precision": {"favor_precision": True, "fast": True},
    "balanced": {},
}


def trafilatura_paragraphs(tree: HtmlElement, url: str | None, mode: str = "recall") -> list[str]:
    """trafilatura's main text of the page as paragraphs (``mode``: recall, precision or balanced)."""
    import trafilatura

    # trafilatura works on its own copy of a tree it is given, so ``tree`` stays intact
    doc = trafilatura.bare_extraction(tree, url=url, include_comments=False, with_metadata=False,
                                      include_tables=True, **_PASSES[mode])
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
    """The rules' main text: trafilatura's precision pass; if short, the JSON-LD body or a balanced pass
    (and the densest prose element when both read next to nothing); siblings recovered, non-prose
    dropped, cleaned; the JSON-LD body where that is clearly more complete.

    ``tree`` is changed in place: link cards and ``rel="tag"`` links are removed before the main-text
    pass, so later readers of the tree (teaser links, page type) no longer see them.
    """
    structured = structured_paragraphs(article_body) if article_body else []
    drop_link_cards(tree)
    drop_tag_links(tree)
    free_loose_text(tree)
    paragraphs = trafilatura_paragraphs(tree, url, "precision")
    if sum(map(len, paragraphs)) < SHORT:
        if len(_tokens(structured)) >= 80:
            return structured
        balanced = trafilatura_paragraphs(tree, url, "balanced")
        if sum(map(len, balanced)) > sum(map(len, paragraphs)):
            paragraphs = balanced
        if sum(map(len, paragraphs)) < FAILED_READ:
            densest = densest_paragraphs(tree)
            if sum(map(len, densest)) > 2 * sum(map(len, paragraphs)):
                paragraphs = densest
    paragraphs = clean(drop_non_prose(tree, recover_headings(tree, recover_siblings(tree, paragraphs))), url)
    if structured and prefer_structured(paragraphs, structured):
        return structured
    return paragraphs


THRESHOLD = 0.5  # P(body) above which a block is kept


def choose_body(found: PageBlocks, url: str | None, article_body: str, model_dir: str | None = None,
                probs: np.ndarray | None = None) -> list[str]:
    """The learned main text: the blocks the classifier keeps (``probs``: its scores, when already had), cleaned;
    the JSON-LD body where that is clearly more complete (a paywalled or script-rendered page)."""
    if probs is None:
        probs = load(Path(model_dir) if model_dir else None).predict(found.features, found.groups)
    return learned_paragraphs([b.text for b in found.blocks], probs, url, article_body)


def learned_paragraphs(texts: list[str], probs: np.ndarray, url: str | None, article_body: str) -> list[str]:
    """:func:`choose_body` from the blocks' texts and scores (what the chooser's trainer has of a page)."""
    structured = structured_paragraphs(article_body) if article_body else []
    paragraphs = [t for t, p in zip(texts, probs) if p >= THRESHOLD]
    if sum(map(len, paragraphs)) < SHORT and len(_tokens(structured)) >= 80:
        return structured
    paragraphs = clean(paragraphs, url)
    if structured and prefer_structured(paragraphs, structured):
        return structured
    return paragraphs


SURE_OUT, SURE_IN = 0.1, 0.9  # P(body) where the classifier overrules the rules (fixed a priori, not tuned)


def mixed_body(rules: list[str], found: PageBlocks, model_dir: str | None = None) -> list[str]:
    """The rules' body corrected where the block classifier is sure (``"body_mix" in ExtractSettings.learned``):
    a paragraph of the rules goes when most of its word trigrams lie in blocks scored below :data:`SURE_OUT` (and
    in no block scored higher); a block scored :data:`SURE_IN` or more that the rules mostly left out is added
    after the rules' paragraphs. Leave-site-out (docs/benchmarks.md, x15w) the rules' lead on the sets they were
    tuned on held and wcxb-articles gained .013 offline."""
    probs = load(Path(model_dir) if model_dir else None).predict(found.features, found.groups)
    unsure: set = set()
    dropped: set = set()
    for block, p in zip(found.blocks, probs):
        (dropped if p < SURE_OUT else unsure).update(_trigrams(block.text))
    dropped -= unsure
    kept = [p for p in rules if not _mostly(trigrams_list(p), dropped)]
    read = {g for p in rules for g in trigrams_list(p)}
    added = [b.text for b, p in zip(found.blocks, probs)
             if p >= SURE_IN and trigrams_list(b.text) and not _mostly(trigrams_list(b.text), read)]
    return kept + added


def picked_body(rules: list[str], found: PageBlocks, url: str | None, article_body: str,
                model_dir: str | None = None) -> list[str]:
    """The rules' body or the classifier's (:func:`choose_body`), whichever the chooser (:mod:`._choose`)
    expects to be the better one for this page (``"body_pick" in ExtractSettings.learned``)."""
    model = load(Path(model_dir) if model_dir else None)
    if model.chooser is None:  # weights of before the chooser: the rules, as for any part without weights
        return rules
    probs = model.predict(found.features, found.groups)
    row = page_row(rules, [b.text for b in found.blocks], found.features, probs)
    if model.chooser.predict(row[None, :])[0] < PICK:
        return rules
    return choose_body(found, url, article_body, model_dir, probs)


PICK = 0.5  # P(the classifier's body is the better) from which it is taken


BYLINE_EDGE = 3  # paragraphs at either end where a byline can stand


def without_bylines(paragraphs: list[str], authors: list[str]) -> list[str]:
    """The body without the byline ("By A and B") at its start or end; a short line in the middle
    that happens to hold an author's name (a product, a company) stays."""
    last = len(paragraphs) - BYLINE_EDGE
    return [p for i, p in enumerate(paragraphs) if not ((i < BYLINE_EDGE or i >= last) and is_byline(p, authors))]


def _mostly(grams: list, within: set) -> bool:
    """Whether at least half of ``grams`` (a text's trigrams; none: never) are in ``within``."""
    return bool(grams) and 2 * sum(g in within for g in grams) >= len(grams)


@dataclass(slots=True)
class PageBlocks:
    """A page's text blocks with their features: what the body classifier decides on."""

    blocks: list[Block]
    features: np.ndarray
    groups: np.ndarray  # each block's containers, for the classifier's second stage
    main_text: list[str]  # trafilatura's recall pass: one of the features
    rule_text: list[str]  # the rules' body (siblings recovered, non-prose dropped, cleaned): another


def page_blocks(tree: HtmlElement, url: str | None, title: str, description: str, article_body: str) -> PageBlocks:
    """The page's blocks and their features (``tree`` loses its link cards and tag links, as in
    :func:`body_paragraphs`). trafilatura's fast recall pass is the classifier's reader: quicker than the
    precision pass and it misses less; the classifier supplies the precision."""
    drop_link_cards(tree)
    drop_tag_links(tree)
    main = trafilatura_paragraphs(tree, url)
    rules = clean(drop_non_prose(tree, recover_siblings(tree, main)), url)
    blocks = segment(tree)
    evidence = PageEvidence(title, description, article_body, tuple(main), tuple(rules))
    features, groups = block_features(blocks, evidence)
    return PageBlocks(blocks, features, groups, main, rules)
