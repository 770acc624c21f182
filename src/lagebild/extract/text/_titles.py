"""The headline of a scraped page, chosen among its candidates by a model.

The rules (:func:`._meta.find_title`) take the line that best copies the page's ``<title>`` line (often the
dump's first line, "Headline | Site"), else a headline-shaped line repeated on the page or opening the text.
What a publisher calls the title is not always that line: sometimes the ``<title>``'s headline part, sometimes
the visible heading with or without its kicker, sometimes the whole ``<title>``. Here every plausible reading is
a candidate — the lines of the page head and any line copying a piece of the ``<title>``, the part of such a line
from where the ``<title>``'s headline starts, and the ``<title>``'s pieces themselves — and a small network
(:class:`lagebild.extract.nets.Net`, ``lagebild/models/texttitles.npz``, trained listwise by
``scripts/train_extract.py --what texttitles``) scores each from its shape, where it stands, how it relates to
the ``<title>`` line and to the article's words, the line model's score, and whether the rules took it. The
page's best candidate wins; without weights, the rules' title.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

import numpy as np

from ...errors import ModelError
from ..nets import Net, log_odds
from . import _lines as tl
from . import _meta as meta

WEIGHTS_NAME = "texttitles.npz"
WEIGHTS = Path(__file__).resolve().parents[2] / "models" / WEIGHTS_NAME
HEAD_AFTER = 8  # lines after the article text's first line that may still hold the headline
MAX_CHARS = 250
SOURCES = ("line", "cut", "head", "core", "whole", "piece", "kicker", "dated")
# a kicker before the headline proper: a few words, then a colon or a spaced dash ("Nahost: …", "Minderheit in
# Syrien - …"); many publishers' titles leave it out
# a date closing the <title> line, and the comma piece before it ("Headline, Daily Example, 18.05.2026")
_TAIL_DATE = re.compile(r"(?:,\s*[^,]{1,40})?,\s*(?:" + tl.DATE.pattern + r")\W*$")
_KICKER = re.compile(r"^\W*(?:\w+\W+){0,5}?\w+[\"»«“”']?(?:\s*:\s+|\s+[-–—|]\s+)(?=\S)")

NAMES = [
    "rules", *(f"src_{s}" for s in SOURCES), "is_line", "rel_pos", "log_index", "before_start", "from_start",
    "between", "prob", "prob_prev", "prob_next", "kept", "teaser", "gap_before", "gap_after", "repeat",
    "log_words", "log_chars", "ends_period", "ends_mark", "ends_colon", "digits", "has_date", "upper_share",
    "marks", "title_like", "eq_head", "eq_first", "eq_core", "in_first", "holds_head", "other_part", "dice_head",
    "dice_core", "titled_score", "body_share", "titled", "title_parts", "rank_in_head", "same_as_prev_cand",
    "caps_share", "edge_mark", "n_cands", "vs_longest_piece", "piece_pos", "twin_marks",
]


@dataclass(slots=True)
class Candidate:
    text: str
    index: int  # the line it was read from (0: the <title> line itself)
    sources: set[str] = field(default_factory=set)


@dataclass(slots=True)
class TitleLine:
    """What the page's first line, read as its <title>, says: its parts, headline part and folded forms."""

    parts: list[str]
    head: str
    core: str
    pieces: list[str]
    head_tokens: list[str]
    core_tokens: list[str]
    first_fold: str
    exact: set[str]
    others: set[str]


def read_title_line(lines: list[tl.Line], body_words: set[str]) -> TitleLine:
    first = lines[0].text
    parts = meta.title_parts(first)
    head = meta._topical_part(first, parts, body_words) or meta._headline_part(parts) or first
    core = " ".join(parts[:-1]) if len(parts) > 1 else first
    pieces = [p.strip() for p in meta._ANY_SEP.split(first.strip(" |")) if p.strip()]
    head_fold = meta._fold(head)
    exact = {head_fold, meta._fold(first), meta._fold(core)} - {""}
    return TitleLine(parts, head, core, pieces, meta._tokens(head), meta._tokens(core), meta._fold(first), exact,
                     {meta._fold(p) for p in parts if meta._fold(p) != head_fold})


def candidates(lines: list[tl.Line], start: int, title: TitleLine, rules_title: str) -> list[Candidate]:
    """The page's title readings, one per distinct folded text, first occurrence first."""
    out: dict[str, Candidate] = {}

    def add(text: str, index: int, source: str) -> None:
        text = text.strip()
        if not meta._fold(text) or len(text) > MAX_CHARS:
            return
        # one candidate per spelling up to case and spacing (what a reader takes as the same title); readings that
        # differ in a mark stay apart: the publisher's title has its quotes or not
        cand = out.setdefault(" ".join(text.split()).casefold(), Candidate(text, index))
        cand.sources.add(source)

    pieces = {meta._fold(p) for p in title.pieces} | title.exact
    last = min(len(lines), start + HEAD_AFTER)
    for i in range(1, len(lines)):
        line = lines[i]
        fold = meta._fold(line.text)
        if i >= last and fold not in pieces:
            continue
        words = len(meta._WORDS.findall(line.text))
        if not 1 <= words <= 40 or len(line.text) > MAX_CHARS:
            continue
        add(line.text, i, "line")
        _add_after_kicker(add, line.text, i)
        if len(title.head_tokens) >= 2:
            cut = meta._headline_from(line.text, title.head_tokens)
            if cut and meta._fold(cut) != fold:
                add(cut, i, "cut")
    if lines:
        add(title.head, 0, "head")
        add(title.core, 0, "core")
        add(lines[0].text, 0, "whole")
        for piece in title.pieces:
            if len(meta._tokens(piece)) >= 2:
                add(piece, 0, "piece")
        _add_after_kicker(add, title.head, 0)
        dated = _TAIL_DATE.search(lines[0].text)
        if dated and dated.start() > 0:  # "Headline, Site, 18.05.2026": the <title> without its site and date
            add(lines[0].text[:dated.start()], 0, "dated")
    if rules_title:
        add(rules_title, 0, "head")  # the rules' pick is one of the above but for a respelt <title> headline
    return list(out.values())


def _add_after_kicker(add, text: str, index: int) -> None:
    """The text after a kicker, when what is left still reads as a headline (three words or more)."""
    kicker = _KICKER.match(text)
    if kicker and len(meta._tokens(text[kicker.end():])) >= 3:
        add(text[kicker.end():], index, "kicker")


def rows(lines: list[tl.Line], cands: list[Candidate], probs: np.ndarray, start: int, keep: list[int],
         teasers: set[int], title: TitleLine, rules_title: str, body_words: set[str]) -> np.ndarray:
    """The candidates' numbers (:data:`NAMES`)."""
    n = len(lines)
    kept = set(keep)
    counts: dict[str, int] = {}
    for line in lines:
        counts[line.key] = counts.get(line.key, 0) + 1
    plain = list(accumulate((not meta._meta_line(line) for line in lines), initial=0))
    rules_fold = meta._fold(rules_title)
    titled = float(len(title.head_tokens) >= 3 or (len(title.parts) > 1 and len(title.head_tokens) >= 2))
    head_fold = meta._fold(title.head)
    core_fold = meta._fold(title.core)
    order = {id(c): r for r, c in enumerate(sorted((c for c in cands if c.index > 0 and c.index < start),
                                                   key=lambda c: -c.index))}
    # the <title>'s pieces: the headline is mostly the longest; where it stands (first, last) varies by site
    piece_folds = [meta._fold(p) for p in title.pieces]
    longest = max((len(f.split()) for f in piece_folds), default=1) or 1
    piece_at = {f: k / max(1, len(piece_folds) - 1) for k, f in reversed(list(enumerate(piece_folds)))}
    # the most punctuation among candidates of the same words: a kicker and headline set in two elements are
    # often dumped as one line without the colon between them ("Kicker Headline" beside "Kicker: Headline")
    folds = [meta._fold(c.text) for c in cands]
    marks = [meta._marks(c.text) for c in cands]
    most: dict[str, int] = {}
    for f, m in zip(folds, marks):
        most[f] = max(most.get(f, 0), m)
    out = []
    prev_index = None
    for cand, cand_fold, cand_marks in zip(cands, folds, marks):
        i, text = cand.index, cand.text
        toks = meta._tokens(text)
        fold = " ".join(toks)
        line = lines[i]
        words = meta._WORDS.findall(text)
        upper = sum(w[:1].isupper() for w in words) / max(1, len(words))
        topic = meta.topic_words(text)
        letters = [c for c in text if c.isalpha()]
        out.append([
            float(fold == rules_fold), *(float(s in cand.sources) for s in SOURCES), float(i > 0),
            i / max(1, n - 1), math.log1p(i), float(i < start), math.copysign(math.log1p(abs(i - start)), i - start),
            math.log1p(meta._between(plain, i, start)) if i > 0 else 0.0,
            float(probs[i]) if i < len(probs) else 0.0, float(probs[i - 1]) if 0 < i <= len(probs) else 0.0,
            float(probs[i + 1]) if i + 1 < len(probs) else 0.0, float(i in kept), float(i in teasers),
            float(line.gap_before), float(line.gap_after), math.log(counts.get(line.key, 1)),
            math.log1p(len(words)), math.log1p(len(text)), float(text.endswith(".")),
            float(text[-1:] in "!?"), float(text.endswith(":")), float(any(c.isdigit() for c in text)),
            float(tl.DATE.search(text) is not None), upper, math.log1p(meta._marks(text)),
            float(meta._title_like(tl.Line(text, line.key, line.block, line.gap_before, line.gap_after))),
            float(fold == head_fold), float(fold == title.first_fold), float(fold == core_fold),
            float(f" {fold} " in f" {title.first_fold} "),
            float(len(title.head_tokens) >= 1 and f" {head_fold} " in f" {fold} "), float(fold in title.others),
            meta._dice(toks, title.head_tokens), meta._dice(toks, title.core_tokens),
            meta._titled_score(toks, fold, title.exact, title.head_tokens, title.core_tokens, title.first_fold,
                               title.others),
            len(topic & body_words) / len(topic) if topic else 0.0, titled, math.log(max(1, len(title.parts))),
            math.log1p(order[id(cand)]) if id(cand) in order else -1.0, float(prev_index == i),
            sum(c.isupper() for c in letters) / max(1, len(letters)),
            float(not (text[:1].isalnum() and (text[-1:].isalnum() or text[-1:] in ".!?"))), math.log(len(cands)),
            len(toks) / longest, piece_at.get(fold, -1.0), math.log1p(most[cand_fold] - cand_marks),
        ])
        prev_index = i
    return np.array(out, dtype=np.float64).reshape(len(cands), len(NAMES))


def page_candidates(lines: list[tl.Line], probs: np.ndarray, keep: list[int], teasers: set[int],
                    rules_title: str) -> tuple[list[Candidate], np.ndarray]:
    """The page's candidates and their rows (what :func:`choose` scores and the training script learns from)."""
    if not lines:
        return [], np.zeros((0, len(NAMES)))
    start = keep[0] if keep else len(lines)
    body_words = {w for i in keep for w in meta.topic_words(lines[i].text)}
    title = read_title_line(lines, body_words)
    cands = candidates(lines, start, title, rules_title)
    return cands, rows(lines, cands, probs, start, keep, teasers, title, rules_title, body_words)


def choose(lines: list[tl.Line], probs: np.ndarray, keep: list[int], teasers: set[int], rules_title: str,
           model_dir: str | None = None) -> str:
    """The best-scoring candidate's text; the rules' title without weights or candidates."""
    model = load(Path(model_dir) if model_dir else None)
    if model is None:
        return rules_title
    cands, x = page_candidates(lines, probs, keep, teasers, rules_title)
    if not cands:
        return rules_title
    return cands[int(np.argmax(log_odds(model, x)))].text


def save(path: Path, nets: list[Net], **extra: np.ndarray) -> None:
    arrays = {k: v for i, net in enumerate(nets) for k, v in net.arrays(f"n{i}_").items()}
    np.savez_compressed(path, names=np.array(NAMES), nets=np.array(len(nets)), **arrays, **extra)


def load(folder: Path | None = None) -> list[Net] | None:
    path = folder / WEIGHTS_NAME if folder else WEIGHTS
    return _load(path) if path.exists() else None


@lru_cache(maxsize=8)
def _load(path: Path) -> list[Net]:
    try:
        with np.load(path, allow_pickle=False) as data:
            if list(data["names"]) != NAMES:
                raise ModelError(f"text title model {path} was trained on other features; rerun scripts/train_extract.py")
            return [Net.read(data, f"n{i}_") for i in range(int(data["nets"]))]
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(f"text title model {path} cannot be read: {exc}") from exc
