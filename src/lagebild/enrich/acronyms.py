"""Spelled-out names of the acronyms a text uses: where NER tags "ВСП" but not "Высший совет
правосудия" (nor its inflected "Высшего совета правосудия"), the words whose initials spell the
acronym become an organisation mention, which names.py then joins to the acronym (orgs.py matches
acronyms and initials). The text's own acronym is the evidence; nothing here lists names.
"""

from __future__ import annotations

import re

from ..model import Mention
from ._text import SpanIndex
from .cores import NAME_STOP

_WORD = re.compile(r"[^\W\d_][\w-]*")
_MIN_LETTERS = 3  # two-letter acronyms ("ЕС", "ВС") would find too many chance initials
_MAX_LETTERS = 6


def _acronym(word: str) -> bool:
    return _MIN_LETTERS <= len(word) <= _MAX_LETTERS and word.isalpha() and word.isupper()


def expansions(text: str, mentions: list[Mention], language: str | None = None) -> list[Mention]:
    """``mentions`` plus ORG mentions for the spelled-out forms of the ORG acronyms they hold; a
    mention lying inside a spelled-out form ("Киева" in "Окружного административного суда Киева")
    gives way to it. The first word is capitalised; in English and German, where headlines capitalise
    every word (and NER tags most such names itself), every content word is and the acronym must
    follow in brackets ("National Board of Roads (NBR)")."""
    acronyms = {m.text for m in mentions if m.type == "ORG" and _acronym(m.text)}
    if not acronyms:
        return mentions
    words = list(_WORD.finditer(text))
    all_caps = language in ("en", "de")
    found: list[tuple[int, int]] = []
    for i, w in enumerate(words):
        first = w.group()[:1]
        if not first.isupper() or len(w.group()) < 3:
            continue
        for acr in acronyms:
            if first != acr[0]:
                continue
            end = _spell(text, words, i, acr, all_caps)
            if end is not None and (not all_caps or re.match(rf"\s*\({acr}\)", text[end:])):
                found.append((w.start(), end))
                break
    if not found:
        return mentions
    spans = SpanIndex(found)
    inside = [m for m in mentions if spans.overlaps(m.start, m.end)]
    kept = [m for m in mentions if m not in inside or not any(s <= m.start and m.end <= e for s, e in found)]
    taken = SpanIndex((m.start, m.end) for m in kept)
    kept += [Mention(s, e, text[s:e], "ORG") for s, e in found if not taken.overlaps(s, e)]
    return sorted(kept, key=lambda m: (m.start, m.end))


def _spell(text: str, words: list, i: int, acronym: str, all_caps: bool) -> int | None:
    """The end of the words from ``words[i]`` whose initials spell ``acronym`` (function words between
    them skipped), on one line and without punctuation between; else None."""
    k, j = 0, i
    end = None
    while k < len(acronym) and j < len(words):
        w = words[j].group()
        if j > i and text[words[j - 1].end():words[j].start()].strip():
            return None  # punctuation or a line break between: not one name
        if k > 0 and w.casefold() in NAME_STOP:
            j += 1
            continue
        if w[:1].casefold() != acronym[k].casefold() or len(w) < 3 or all_caps and not w[:1].isupper():
            return None
        end = words[j].end()
        k += 1
        j += 1
    return end if k == len(acronym) else None


__all__ = ["expansions"]
