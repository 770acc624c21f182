"""Text helpers the enrichers share beside the tokenizer (tokens.py): the inflection-blind key two
spellings of one name meet at, lemmas, and overlap queries over spans."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

import simplemma

from ..textnorm import fold

_DE_SUFFIXES = ("es", "en", "er", "em", "s", "n", "e")


def stem(word: str) -> str:
    """A crude inflection-blind form of one word: folded, apostrophes gone, a German/English
    inflection ending cut when the rest stays four letters or longer ("Russlands" -> "russland",
    "Islamischen" -> "islamisch", "Staates" -> "staat")."""
    w = fold(word).replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.rstrip("'")
    for suf in _DE_SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            return w[: -len(suf)]
    return w


def key(name: str) -> str:
    """The inflection-blind key of a multi-word name ("Islamischen Staates" == "Islamischer Staat")."""
    return " ".join(stem(w) for w in re.findall(r"\w+", name))


def slug(name: str) -> str:
    """A stable id part: folded, non-alphanumerics to single hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-") or "x"


@lru_cache(maxsize=100_000)
def lemma(word: str, lang: str) -> str:
    """simplemma's lemma, lower-cased but keeping "ß" (textnorm.lemma casefolds it to "ss")."""
    try:
        return simplemma.lemmatize(word, lang=lang).lower()
    except (ValueError, KeyError):
        return word.lower()


class SpanIndex:
    """Overlap queries over many (start, end) spans, which may themselves overlap."""

    def __init__(self, spans) -> None:
        pairs = sorted((s, e) for s, e in spans)
        self.starts = [s for s, _ in pairs]
        self.max_end: list[int] = []
        top = -1
        for _, e in pairs:
            top = max(top, e)
            self.max_end.append(top)

    def overlaps(self, s: int, e: int) -> bool:
        """Some span overlaps [s, e) (a span [a, b) with a < e and b > s)."""
        k = bisect.bisect_left(self.starts, e)
        return k > 0 and self.max_end[k - 1] > s
