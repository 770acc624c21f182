"""Authors of a scraped page: the line that credits them, chosen among the page's short lines by a model.

Scraped text loses the markup that marks a byline; what is left is a line like "Von Jana Beispiel",
"By Jane Doe | 3 May 2024", "Autor: Max Muster", or just the name on a line of its own above the text or in
an author box below it. Every short line that holds person-like names (one to four capitalised words, after
a credit cue is cut off and before a date or separator) is a candidate. A small network
(:class:`lagebild.extract.nets.Net`, weights ``lagebild/models/textauthors.npz`` trained by
``scripts/train_extract.py`` leave-site-out on the four benchmark sets) scores each candidate from its cue,
its shape, where it stands (relative to the headline and the article text), its neighbours and how often it
repeats. Without weights the first credit line with a cue wins, as before.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ...errors import ModelError
from ..nets import Net
from . import _lines as tl

WEIGHTS_NAME = "textauthors.npz"
WEIGHTS = Path(__file__).resolve().parents[2] / "models" / WEIGHTS_NAME
MAX_LINE = 120  # characters: a credit line is short

_CUE = re.compile(
    r"^(?:(?:ein\s+)?(?:beitrag|kommentar|interview|bericht|text|gastbeitrag)\s+von|written\s+by|posted\s+by|"
    r"geschrieben\s+von|verfasst\s+von|von|by|text|texte|autor(?:in|en)?|authors?|auteur|autore|redaktion|par|por|"
    r"di|door|av|de)\s*:?\s+", re.I)
_INLINE = re.compile(r"(?:^|[\s|·•,])(?:von|by|par|por|door)\s+(?=[A-ZÄÖÜÀ-Þ])")
_LABEL = re.compile(r"^(?:autor(?:in|en)?|authors?|auteur|verfasser(?:in)?|redaktion|text)\s*:\s*", re.I)
# where the names end: a separator, a bracket, a date or a digit, a publishing word
_END = re.compile(
    r"\s*(?:[|·•(\[/]|\s[-–—]\s|\d|\b(?:am|on|um|at|le|el|published|publiziert|veröffentlicht|aktualisiert|updated|"
    r"posted|stand|says|sagt|schreibt|is|ist|was|war)\b|,\s*(?=[a-zäöü])).*$")
_SPLIT = re.compile(r"\s*,\s*|\s+(?:und|and|&|y|et|e)\s+")
_NAME_WORD = re.compile(r"^(?:[A-ZÄÖÜÀ-Þ][\w'’.-]*|(?:van|von|der|de|del|della|da|di|du|le|la|bin|al|zu|ten|ter|y)"
                        r")$")
_COPYRIGHT = re.compile(r"©|\(c\)|copyright|\b(?:foto|photo|bild|image|grafik|quelle|source)\s*:", re.I)
_NOT_NAMES = frozenset(
    "home news menu login logout search suche kontakt contact impressum datenschutz privacy share teilen facebook "
    "twitter instagram linkedin whatsapp youtube email e-mail newsletter kommentare comments reply antworten more "
    "mehr weiterlesen read startseite anzeige werbung advertisement".split())

NAMES = [
    "cue", "inline_cue", "label_cue", "rules", "n_names", "words_per_name", "full_names", "loglen", "rest_share",
    "upper_ratio", "has_date", "has_sep", "rel_pos", "from_title", "from_start", "from_end", "in_body", "before_body",
    "after_body", "repeat", "prev_date", "next_date", "prev_long", "next_long", "in_title", "prob", "prob_prev",
    "prob_next", "copyright", "rank_from_title",
]


@dataclass(slots=True)
class Candidate:
    index: int  # line
    names: list[str]
    cue: int  # 1: the line opens with a credit cue, 2: a cue inside it ("12.3.2024 von X"), 3: a label ("Autor:")


def _names(text: str) -> list[str]:
    """Person-like names in ``text`` (the part after a cue): one to four name words each, at most four names."""
    text = _END.sub("", text).strip(" ,;:|-–—")
    out = []
    for part in _SPLIT.split(text):
        words = part.split()
        if not 1 <= len(words) <= 4 or not all(_NAME_WORD.match(w) for w in words):
            return []
        if not words[0][:1].isupper() or any(w.casefold().strip(".") in _NOT_NAMES for w in words):
            return []
        out.append(" ".join(words))
    return out[:4] if out else []


def candidates(lines: list[tl.Line]) -> list[Candidate]:
    """Every short line that credits or names people."""
    out = []
    for i, line in enumerate(lines):
        text = line.text
        if len(text) > MAX_LINE or len(text) < 3:
            continue
        cue = 0
        rest = text
        label = _LABEL.match(text)
        start = _CUE.match(text)
        if label:
            cue, rest = 3, text[label.end():]
        elif start:
            cue, rest = 1, text[start.end():]
        else:
            inline = _INLINE.search(text)
            if inline and inline.start() > 0:
                cue, rest = 2, text[inline.end():]
        names = _names(rest)
        if not names and cue == 0:
            continue
        if names:
            out.append(Candidate(i, names, cue))
    return out


def rows(lines: list[tl.Line], cands: list[Candidate], probs: np.ndarray, title_index: int | None,
         body: list[int], rules_index: int | None) -> np.ndarray:
    """The candidates' numbers (:data:`NAMES`)."""
    n = len(lines)
    start, end = (body[0], body[-1]) if body else (n, n)
    kept = set(body)
    title_words = {w.casefold() for w in tl_words(lines[title_index].text)} if title_index is not None else set()
    counts: dict[str, int] = {}
    for line in lines:
        counts[line.key] = counts.get(line.key, 0) + 1
    order = sorted(range(len(cands)), key=lambda k: abs(cands[k].index - (title_index or 0)))
    rank = {k: r for r, k in enumerate(order)}
    out = []
    for k, cand in enumerate(cands):
        i, text = cand.index, lines[cand.index].text
        name_chars = sum(len(nm) for nm in cand.names)
        words = [len(nm.split()) for nm in cand.names]
        letters = [c for c in text if c.isalpha()]
        name_words = {w.casefold() for nm in cand.names for w in nm.split()}

        def signed(d: int) -> float:
            return math.copysign(math.log1p(abs(d)), d)

        out.append([
            float(cand.cue == 1), float(cand.cue == 2), float(cand.cue == 3), float(i == rules_index),
            math.log(len(cand.names)), sum(words) / len(words), float(all(w >= 2 for w in words)),
            math.log1p(len(text)), 1.0 - name_chars / max(1, len(text)),
            sum(c.isupper() for c in letters) / max(1, len(letters)), float(tl.DATE.search(text) is not None),
            float(any(s in text for s in "|·•")), i / max(1, n - 1),
            signed(i - title_index) if title_index is not None else 0.0, signed(i - start), signed(i - end),
            float(i in kept), float(i < start), float(i > end), math.log(counts[lines[i].key]),
            float(i > 0 and tl.DATE.search(lines[i - 1].text) is not None),
            float(i + 1 < n and tl.DATE.search(lines[i + 1].text) is not None),
            float(i > 0 and len(lines[i - 1].text) > 150), float(i + 1 < n and len(lines[i + 1].text) > 150),
            float(bool(name_words) and name_words <= title_words), float(probs[i]) if len(probs) else 0.0,
            float(probs[i - 1]) if i > 0 else 0.0, float(probs[i + 1]) if i + 1 < n else 0.0,
            float(_COPYRIGHT.search(text) is not None), math.log1p(rank[k]),
        ])
    return np.array(out, dtype=np.float64).reshape(len(cands), len(NAMES))


_WORD = re.compile(r"\w+")


def tl_words(text: str) -> list[str]:
    return _WORD.findall(text)


def choose(lines: list[tl.Line], probs: np.ndarray, title_index: int | None, body: list[int],
           rules: tuple[list[str], int | None], model_dir: str | None = None) -> tuple[list[str], int | None]:
    """(authors, the line they were read from): the best-scoring candidate, else the rules' byline."""
    net = load(Path(model_dir) if model_dir else None)
    if net is None:
        return rules
    cands = candidates(lines)
    if not cands:
        return rules
    scores = net.predict(rows(lines, cands, probs, title_index, body, rules[1]))
    best = cands[int(np.argmax(scores))]
    return best.names, best.index


def load(folder: Path | None = None) -> Net | None:
    path = folder / WEIGHTS_NAME if folder else WEIGHTS
    return _load(path) if path.exists() else None


@lru_cache(maxsize=8)
def _load(path: Path) -> Net:
    try:
        with np.load(path, allow_pickle=False) as data:
            if list(data["names"]) != NAMES:
                raise ModelError(f"text author model {path} was trained on other features; rerun scripts/train_extract.py")
            return Net.read(data, "")
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(f"text author model {path} cannot be read: {exc}") from exc
