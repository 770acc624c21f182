"""Quoted names and titles: a song, show, report, ship or company in quotation marks is no quotation.

Four signs: the quoted words are all capitalised ("Listen To The Music", "Financial Times"); the
same short quoted text comes back quoted elsewhere in the text (a report's title named twice, not a
sentence said twice); a short capitalised quote stands where a name stands, right after a definite
article or an article and the noun it names ("über das „heute-journal“", "der Stern „HD 13189“");
or it stands in a list of quoted items ("„A“, „B“ und „C“") one of which is such a name. Each was
checked on folds 0-3 of the quotation corpus (benchmarks/quotes_cv.py) before fold 4."""

from __future__ import annotations

import re
from collections import Counter

_WORD = re.compile(r"[\w’'-]+")
_LIST_JOINS = {",", "und", "oder", "sowie", "and", "or", "&", "/", "bzw."}
_MAX_TITLE = 8  # words


def titles(text: str, marks: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The marks in ``marks`` that hold a name or title rather than something said."""
    inner = [text[a + 1:b].strip() for a, b in marks]
    short = [_short(s) for s in inner]
    seen = Counter(s.casefold() for s, ok in zip(inner, short) if ok)
    out = {m for m, s, ok in zip(marks, inner, short)
           if ok and (_capitalised(s) or seen[s.casefold()] > 1 or _in_name_slot(text, m[0], s))}
    k = 0
    while k < len(marks):  # a list of quoted items: one name makes all of them names
        j = k
        while j + 1 < len(marks) and text[marks[j][1] + 1:marks[j + 1][0]].strip() in _LIST_JOINS:
            j += 1
        group = marks[k:j + 1]
        if len(group) > 1 and any(m in out for m in group) and all(short[i] for i in range(k, j + 1)):
            out.update(group)
        k = j + 1
    return out


_DEFINITE = r"(?:der|die|das|des|dem|den|im|vom|beim|zum|zur|the)"
_NAME_SLOT = re.compile(r"(?:\b" + _DEFINITE + r"|\b" + _DEFINITE + r"\s+[A-ZÄÖÜ][\w-]+)\s*$")


def _in_name_slot(text: str, a: int, s: str) -> bool:
    """"über das „heute-journal“", "der Stern „HD 13189“": a short name right after a definite
    article, or after an article and a noun it names (an apposition), is a name."""
    words = _WORD.findall(s)
    if not words or len(words) > 3 or not (s[:1].isupper() or any(c.isdigit() or c in "-." for c in s)):
        return False
    before = text[max(0, a - 40):a]
    return _NAME_SLOT.search(before) is not None


def _short(s: str) -> bool:
    """Few words and no sentence inside: "Wir bleiben." is said, "Wasser und Sicherheit" may be a title."""
    return 0 < len(_WORD.findall(s)) <= _MAX_TITLE and not re.search(r"[.!?;:]\s*$|[.!?]\s+\w", s)


def _capitalised(s: str) -> bool:
    """Two or more words, each opening with a capital or a digit: title case, not German prose."""
    words = _WORD.findall(s)
    return len(words) >= 2 and all(w[:1].isupper() or w[:1].isdigit() for w in words)
