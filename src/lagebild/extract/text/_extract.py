"""Article extraction from already-scraped page text (one block per line, as a scraper saved it).

Each line is classified as article text or not by a small learned model (:mod:`._model`) over
features of the line, its neighbours, its repetition within the page and across the run's pages
(:class:`CorpusStats`). Around the article text, the headline, section label, byline, reading time and
date are read from the page head (:mod:`._meta`, :mod:`..dates`), and teasers of other articles
after the body become related links (:mod:`._related`).

    corpus = CorpusStats()            # one per run
    article = extract_text(page, ExtractSettings(), corpus)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from ...errors import ExtractionError
from ...model import Article, Page
from ...settings import ExtractSettings
from ..dates import to_iso
from ..finish import detect_language, finish
from ..paragraphs import clean
from ..sections import pick_section, url_sections
from . import _meta as meta
from ._authors import choose as choose_authors
from ._titles import choose as choose_title
from ._corpus import CorpusStats
from ._features import page_features
from ._lines import SENTENCE_END, Line, boiler_hits, split_lines
from ._model import load_from
from ._related import find_related

# Thresholds on P(article text), as shares of the page's surest line: a page unlike the training pages
# (a recipe, a match report) gets low scores throughout, yet its text still scores above its furniture.
THRESHOLD = 0.8  # a line this sure is kept
LOW = 0.5  # ... and lines above this in a run touching a kept line (headings, short lines in the text)
FLOOR = 0.3  # a page whose surest line is below this has no article text
MIN_WORDS = 3  # fewer words on the whole page: nothing to decide on
ARTICLE_WORDS = 40  # less article text than this: the page is not an article

__all__ = ["extract_text"]


def _content(page: Page) -> str:
    content = page.content
    if isinstance(content, bytes):
        content = content.decode("utf-8", errors="replace")
    if not isinstance(content, str):
        raise ExtractionError("scraped-text page content is not text")
    return content


def _classify(lines: list[Line], content: str, corpus: CorpusStats | None, model_dir: str | None = None) -> np.ndarray:
    if corpus is not None:
        corpus.observe(content)
        evidence = corpus.evidence
    else:
        def evidence(_key: str) -> float:
            return 0.0
    return load_from(model_dir).predict(page_features(lines, evidence))


def _hysteresis(probs: np.ndarray) -> list[int]:
    """Lines above THRESHOLD, plus runs of lines above LOW that touch one of them (both relative to
    the surest line)."""
    top = float(probs.max(initial=0.0))
    if top < FLOOR:
        return []
    keep = probs >= THRESHOLD * top
    weak = probs > LOW * top
    for order in (range(len(probs)), range(len(probs) - 1, -1, -1)):
        prev = None
        for i in order:
            if weak[i] and not keep[i] and prev is not None and keep[prev]:
                keep[i] = True
            prev = i
    return [int(i) for i in np.flatnonzero(keep)]


CLUSTER_GAP = 8  # kept lines further apart than this many lines belong to different clusters
CLUSTER_SHARE = 0.3  # a cluster with less than this share of the largest cluster's words is dropped ...
CLUSTER_WORDS = 80  # ... unless it holds at least this many words


# Scripts written without spaces between words, and about how many of their letters make a word (Chinese
# ~1.7, Japanese ~2, Thai and its neighbours ~4-5): a line of them is one "word" to str.split().
_UNSPACED = ((0x3040, 0x30FF, 2), (0x3400, 0x9FFF, 2), (0xF900, 0xFAFF, 2), (0x0E00, 0x0EFF, 5),
             (0x1000, 0x109F, 5), (0x1780, 0x17FF, 5))


def words(text: str) -> int:
    """Words of ``text``: whitespace-separated ones, where a run of an unspaced script counts its letters
    divided by that script's letters per word. The same as ``len(text.split())`` for every other script."""
    n = 0
    for token in text.split():
        if max(token) < "\u0e00":  # the usual case, decided in C: no letter of an unspaced script
            n += 1
            continue
        unspaced = 0.0
        for ch in token:
            cp = ord(ch)
            if cp >= 0x0E00:
                unspaced += next((1 / per for lo, hi, per in _UNSPACED if lo <= cp <= hi), 0.0)
        n += max(1, round(unspaced))
    return n


def _main_clusters(lines: list[Line], keep: list[int]) -> list[int]:
    """Kept lines without stray bits far from the article text (a sidebar sentence, a footer notice)."""
    clusters: list[list[int]] = []
    for i in keep:
        if clusters and i - clusters[-1][-1] <= CLUSTER_GAP:
            clusters[-1].append(i)
        else:
            clusters.append([i])
    sizes = [sum(words(lines[i].text) for i in c) for c in clusters]
    top = max(sizes, default=0)
    return [i for c, w in zip(clusters, sizes) if w >= CLUSTER_WORDS or w >= CLUSTER_SHARE * top for i in c]


def _teaser_list(lines: list[Line], keep: list[int], teaser_lines: set[int]) -> bool:
    """Whether the kept text is a list of teasers: too little of it is outside teaser shapes to be an article.
    Only then are teaser-shaped lines dropped: among article text, a teaser's shape (a short headline-like line
    over a short text) is more often a subheading and its paragraph."""
    return sum(words(lines[i].text) for i in keep if i not in teaser_lines) < ARTICLE_WORDS


def _boilerplate(line: Line) -> bool:
    """A short line of site furniture ("Mehr zum Thema:", "Inhalt wird nicht angezeigt … Cookies …")."""
    n = words(line.text)
    hits = boiler_hits(line.text)
    return (n <= 8 and hits >= 1 and line.text[-1] not in ".!?") or (n <= 30 and hits >= 2)


def _split_lead(lines: list[Line], probs: np.ndarray, body: list[int], after: int) -> tuple[int | None, list[int]]:
    """The lead: a paragraph between the headline and the body, or a first paragraph set apart from the rest."""
    end = body[0] if body and after else 0
    weak = LOW * float(probs.max(initial=0.0))  # relative to the surest line, as in _hysteresis
    for i in range(after, end):
        text = lines[i].text
        if probs[i] > weak and words(text) >= 12 and SENTENCE_END.search(text + " ") and not _boilerplate(lines[i]):
            return i, body
    if len(body) >= 2 and body[1] - body[0] > 1:
        return body[0], body[1:]
    return None, body


@dataclass(slots=True)
class Reading:
    """What the line classifier and the finders read from a page, before the article is put together."""

    lines: list[Line]
    probs: np.ndarray
    keep: list[int]  # lines of the article text
    related: list
    teaser_lines: set[int]
    title_index: int | None
    title: str
    start: int  # first kept line
    rules_authors: tuple[list[str], int | None]  # the credit-line rules' authors and their line


def read_page(content: str, corpus: CorpusStats | None, model_dir: str | None = None) -> Reading:
    """Classify the page's lines (with the line model in ``model_dir`` if it holds one) and find its headline and
    the rules' byline; ExtractionError when the page has too little text."""
    lines = split_lines(content)
    if sum(words(line.text) for line in lines) < MIN_WORDS:
        raise ExtractionError("page has too little text to extract an article")
    probs = _classify(lines, content, corpus, model_dir)
    related, teaser_lines = find_related(lines)
    keep = _main_clusters(lines, _hysteresis(probs))
    if _teaser_list(lines, keep, teaser_lines):
        keep = _main_clusters(lines, [i for i in _hysteresis(probs) if i not in teaser_lines])
    start = keep[0] if keep else len(lines)
    counts = Counter(line.key for line in lines)
    body_words = {w for i in keep for w in meta.topic_words(lines[i].text)}
    title_index, title = meta.find_title(lines, start, counts, teaser_lines, body_words)
    head = range(max(0, (title_index or 0)), min(len(lines), start + 3))
    tail = range(keep[-1] + 1, min(len(lines), keep[-1] + 4)) if keep else range(0)
    rules = meta.find_authors(lines, head, tail)
    return Reading(lines, probs, keep, related, teaser_lines, title_index, title, start, rules)


def extract_text(page: Page, settings: ExtractSettings, corpus: CorpusStats | None = None) -> Article:
    """One article (or a page of type "other") from a scraped page; ExtractionError with the reason."""
    content = _content(page)
    reading = read_page(content, corpus, settings.model_dir)
    lines, probs, keep, related, start = reading.lines, reading.probs, reading.keep, reading.related, reading.start
    title_index, title = reading.title_index, reading.title
    minutes, minutes_index = meta.find_reading_time(lines, start)
    authors, byline_index = reading.rules_authors
    if "text_author" in settings.learned:
        authors, byline_index = choose_authors(lines, probs, title_index, keep, reading.rules_authors, settings.model_dir)
    if "text_title" in settings.learned:
        # only the title's wording: the line the rules took still anchors the byline, date and body around it
        title = choose_title(lines, probs, keep, reading.teaser_lines, title, settings.model_dir)

    title_key = lines[title_index].key if title_index is not None else None
    skip = {i for i in (title_index, minutes_index, byline_index) if i is not None}
    first = title_index + 1 if title_index and title_index <= start else 0  # the text starts below its headline
    body = [i for i in keep if i >= first and i not in skip and lines[i].key != title_key and not _boilerplate(lines[i])]
    language = detect_language("\n".join(lines[i].text for i in body) or title)
    anchors = [i for i in (title_index, start) if i]  # not the body's end: dates after it are mostly comments
    published, modified, date_lines = meta.find_date(lines, anchors, set(body), language, title_index)
    body = [i for i in body if i not in date_lines or len(lines[i].text) > 80]
    if not authors:
        authors = next((found for i in sorted(date_lines) if (found := meta.authors_in_dateline(lines[i].text))), [])
    lead_index, body = _split_lead(lines, probs, body, first)
    publisher = meta.find_publisher(lines)
    url = page.url or page.origin.url
    section, section_raw = pick_section([meta.find_section(lines, title_index) or "", url_sections(url)],
                                        [title, publisher or ""])

    article = Article(
        title=title,
        lead=lines[lead_index].text if lead_index is not None else "",
        body=clean([lines[i].text for i in body], page.url or page.origin.url),  # as the HTML path does
        url=page.url or page.origin.url,
        published=to_iso(published, language, settings) if published else None,
        modified=to_iso(modified, language, settings) if modified else None,
        authors=authors,
        section=section,
        section_raw=section_raw,
        publisher=publisher,
        language=language,
        reading_time=minutes,
        related=related,
        origin=page.origin,
    )
    article = finish(article, settings)
    if article.word_count < ARTICLE_WORDS:
        article.page_type = "other"
    return article
