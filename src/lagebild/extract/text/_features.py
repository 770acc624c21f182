"""Numeric features of each line of a page, for the line classifier.

Per line: length and word counts, sentence ends, stop-word share, capitalisation, digits, link-like
shape, date / time / reading-time / byline patterns, boilerplate vocabulary, position in the page,
repetition within the page and across the corpus, the block it sits in, and the "prose mass" around it.
Each line also sees a few features of its neighbours and windowed averages, so that the classifier
can tell an isolated long line in a menu from a paragraph in the middle of an article.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable

import numpy as np

from ..cues import EMBED_DIM, STOP_WORDS, WORD, text_vectors
from . import _lines as tl

_WORD = WORD
_STOP = STOP_WORDS
_PUNCT = re.compile(r"[^\w\s]")
_UPPER = re.compile(r"[A-ZÄÖÜÀ-Þ]")
_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")
_BULLET = re.compile(r"^[-•·*>»›▶►■□◆✓]")
_TRUNCATED = re.compile(r"(?:\.\.\.|…)\s*(?:\]|\))?$")
_URLISH = re.compile(r"https?://|www\.|\.(?:com|de|org|net)\b|@\w")
# Readers' comments: a reply addressed to someone ("@Name:", "> quoted"), a commenter's "says:" / "schreibt:",
# the reply and report buttons; and the heading that opens a comment section ("12 Kommentare", "Leave a Reply").
_COMMENT_CUE = re.compile(
    r"^(?:@\s?\w|>\s?\w)|\b(?:says|said|sagt|schreibt|meint|commented|kommentierte)\s*:\s*$"
    r"|^(?:antworten|reply|répondre|responder|melden|report|gefällt mir|like)\s*[↓»]?$",
    re.I,
)
_COMMENT_HEAD = re.compile(
    r"^(?:\d+\s+)?(?:kommentare?|comments?|leserkommentare|reaktionen|responses?|replies|diskussion|discussion"
    r"|commentaires?|comentarios?|leave a (?:reply|comment)|schreibe? einen kommentar|kommentar (?:verfassen|schreiben)"
    r"|hinterlasse einen kommentar|join the discussion)\b.{0,40}$",
    re.I,
)

BASE_NAMES = [
    "loglen", "logwords", "avgword", "sent_end", "sents_per_word", "ends_punct", "ends_colon", "truncated",
    "stop_ratio", "upper_ratio", "title_ratio", "digit_ratio", "punct_ratio", "comma_rate", "pipe",
    "bullet", "urlish", "date", "time", "reading_time", "byline", "boiler", "short_label",
    "page_repeat", "corpus_df", "corpus_seen", "gap_before", "gap_after", "block_lines", "block_chars",
    "first_in_block", "last_in_block", "prose", "comment_cue",
]
CONTEXT = ["loglen", "sent_end", "stop_ratio", "prose", "page_repeat", "corpus_df", "boiler", "truncated"]
OFFSETS = (-3, -2, -1, 1, 2, 3)
WINDOWS = (2, 6, 15)
GLOBAL_NAMES = [
    "rel_pos", "log_from_start", "log_to_end", "prose_before", "prose_after", "log_dist_prose",
    "in_prose_span", "log_nlines", "log_page_prose", "title_sim", "after_title", "log_from_title",
    "after_comment_head", "comment_cue~15",
]


def feature_names() -> list[str]:
    names = list(BASE_NAMES)
    names += [f"{c}@{o}" for o in OFFSETS for c in CONTEXT]
    names += [f"{c}~{w}" for w in WINDOWS for c in ("loglen", "prose", "sent_end", "corpus_df", "boiler")]
    names += GLOBAL_NAMES
    names += [f"vec{i}" for i in range(EMBED_DIM)]
    return names


def line_vectors(lines: list[tl.Line], max_words: int = 48) -> np.ndarray:
    """Each line's meaning as ``EMBED_DIM`` numbers (:func:`lagebild.extract.cues.text_vectors`)."""
    return text_vectors([line.text for line in lines], max_words)


def _base(line: tl.Line, page_counts: Counter, corpus_df: Callable[[str], float]) -> list[float]:
    text = line.text
    n = len(text)
    words = _WORD.findall(text)
    nw = len(words)
    letters = len(_LETTER.findall(text)) or 1
    sents = len(tl.SENTENCE_END.findall(text + " "))
    stop = sum(w.casefold() in _STOP for w in words)
    titled = sum(w[0].isupper() for w in words)
    last = text[-1]
    prose = float(nw >= 10 and sents >= 1 and stop >= 2)
    return [
        math.log1p(n),
        math.log1p(nw),
        min(n / max(nw, 1), 20.0) / 10,
        float(last in ".!?\"”“«»)'’" and sents > 0),
        min(sents / max(nw, 1) * 10, 5.0),
        float(last in ".!?…"),
        float(last == ":"),
        float(_TRUNCATED.search(text) is not None),
        stop / max(nw, 1),
        len(_UPPER.findall(text)) / letters,
        titled / max(nw, 1),
        len(_DIGIT.findall(text)) / max(n, 1),
        len(_PUNCT.findall(text)) / max(n, 1),
        min(text.count(",") / max(nw, 1) * 10, 5.0),
        float("|" in text),
        float(_BULLET.match(text) is not None),
        float(_URLISH.search(text) is not None),
        float(tl.DATE.search(text) is not None),
        float(tl.TIME.search(text) is not None),
        float(tl.READING_TIME.search(text) is not None),
        float(n < 80 and tl.BYLINE.match(text) is not None),
        float(tl.is_boiler_word(text)) * (1.0 if n < 200 else 0.3),
        float(nw <= 3 and sents == 0),
        math.log(page_counts[line.key]),
        corpus_df(line.key),
        float(corpus_df(line.key) > 0),
        float(line.gap_before),
        float(line.gap_after),
        0.0,  # block_lines, filled per page
        0.0,  # block_chars
        0.0,  # first_in_block
        0.0,  # last_in_block
        prose,
        float(len(text) < 200 and _COMMENT_CUE.search(text) is not None),
    ]


def shift(col: np.ndarray, offset: int) -> np.ndarray:
    out = np.zeros_like(col)
    if offset > 0:
        out[:-offset] = col[offset:]
    else:
        out[-offset:] = col[:offset]
    return out


def window_mean(col: np.ndarray, radius: int) -> np.ndarray:
    cum = np.concatenate([[0.0], np.cumsum(col)])
    idx = np.arange(len(col))
    lo = np.clip(idx - radius, 0, len(col))
    hi = np.clip(idx + radius + 1, 0, len(col))
    return (cum[hi] - cum[lo]) / (hi - lo)


def page_features(lines: list[tl.Line], corpus_df: Callable[[str], float]) -> np.ndarray:
    """The feature matrix of a page's lines, one row per line, columns as :func:`feature_names`."""
    page_counts = Counter(line.key for line in lines)
    base = np.array([_base(line, page_counts, corpus_df) for line in lines], dtype=np.float64)
    col = {name: i for i, name in enumerate(BASE_NAMES)}
    blocks = np.array([line.block for line in lines])
    lengths = np.array([len(line.text) for line in lines], dtype=np.float64)
    _, inverse, counts = np.unique(blocks, return_inverse=True, return_counts=True)
    chars = np.bincount(inverse, weights=lengths)
    base[:, col["block_lines"]] = np.log1p(counts[inverse])
    base[:, col["block_chars"]] = np.log1p(chars[inverse])
    base[:, col["first_in_block"]] = np.r_[1.0, (blocks[1:] != blocks[:-1]).astype(float)]
    base[:, col["last_in_block"]] = np.r_[(blocks[1:] != blocks[:-1]).astype(float), 1.0]
    parts = [base]
    parts += [shift(base[:, col[c]], o)[:, None] for o in OFFSETS for c in CONTEXT]
    for w in WINDOWS:
        parts += [window_mean(base[:, col[c]], w)[:, None] for c in ("loglen", "prose", "sent_end", "corpus_df", "boiler")]
    parts.append(_global(base[:, col["prose"]], lengths))
    parts.append(_title_anchor(lines))
    parts.append(_comments(lines, base[:, col["comment_cue"]]))
    parts.append(line_vectors(lines))
    return np.hstack(parts)


def _comments(lines: list[tl.Line], cue: np.ndarray) -> np.ndarray:
    """Whether a comment section's heading came before the line, and the density of comment cues around it:
    readers' comments are long prose too, but they follow such a heading and come with reply buttons."""
    head = np.array([float(_COMMENT_HEAD.match(line.text) is not None) for line in lines])
    after = np.maximum.accumulate(np.r_[0.0, head[:-1]]) if len(lines) else head
    return np.column_stack([after, window_mean(cue, 15)])


def _title_anchor(lines: list[tl.Line]) -> np.ndarray:
    """Each line's word overlap with the first line (often the page's <title>), and where the first
    later line that matches it well (the headline) sits: article text tends to follow it."""
    first = {w.casefold() for w in _WORD.findall(lines[0].text)} if lines else set()
    sims = np.zeros(len(lines))
    for i, line in enumerate(lines[1:], start=1):
        words = [w.casefold() for w in _WORD.findall(line.text)]
        if len(words) >= 2 and len(first) >= 3 and len(line.text) < 300:
            common = len(first.intersection(words))
            sims[i] = 2 * common / (len(first) + len(set(words)))
    hits = np.flatnonzero(sims >= 0.6)
    anchor = int(hits[0]) if len(hits) else -1
    idx = np.arange(len(lines))
    after = (idx > anchor).astype(float) if anchor >= 0 else np.full(len(lines), 0.5)
    dist = np.log1p(np.abs(idx - anchor)) * np.sign(idx - anchor) if anchor >= 0 else np.zeros(len(lines))
    return np.column_stack([sims, after, dist])


def _global(prose: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    n = len(prose)
    idx = np.arange(n, dtype=np.float64)
    mass = prose * lengths
    total = mass.sum() or 1.0
    before = (np.cumsum(mass) - mass) / total
    after = 1.0 - before - mass / total
    where = np.flatnonzero(prose)
    if len(where):
        dist = np.min(np.abs(idx[:, None] - where[None, :]), axis=1) if n * len(where) < 4_000_000 else np.zeros(n)
        span = ((idx >= where[0]) & (idx <= where[-1])).astype(float)
    else:
        dist, span = np.full(n, float(n)), np.zeros(n)
    return np.column_stack([
        idx / max(n - 1, 1),
        np.log1p(idx),
        np.log1p(n - 1 - idx),
        before,
        after,
        np.log1p(dist),
        span,
        np.full(n, math.log1p(n)),
        np.full(n, math.log1p(prose.sum())),
    ])
