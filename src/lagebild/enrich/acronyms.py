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
    all_caps = language in ("en", "de")
    if all_caps:  # only an acronym written in brackets after its name is looked for
        acronyms = {a for a in acronyms if f"({a})" in text}
    if not acronyms:
        return mentions
    by_letter: dict[str, list[str]] = {}
    for acr in sorted(acronyms):
        by_letter.setdefault(acr[0], []).append(acr)
    starts = re.compile(rf"(?<!\w)[{''.join(map(re.escape, by_letter))}][^\W\d_][\w-]+")
    found: list[tuple[int, int]] = []
    pos = 0
    while hit := starts.search(text, pos):
        pos = hit.end()
        for acr in by_letter[hit.group()[0]]:
            end = _spell(text, hit.start(), acr, all_caps)
            if end is not None and (not all_caps or re.match(rf"\s*\({acr}\)", text[end:])):
                found.append((hit.start(), end))
                pos = end
                break
    if not found:
        return mentions
    spans = SpanIndex(found)
    inside = [m for m in mentions if spans.overlaps(m.start, m.end)]
    kept = [m for m in mentions if m not in inside or not any(s <= m.start and m.end <= e for s, e in found)]
    taken = SpanIndex((m.start, m.end) for m in kept)
    kept += [Mention(s, e, text[s:e], "ORG") for s, e in found if not taken.overlaps(s, e)]
    return sorted(kept, key=lambda m: (m.start, m.end))


def _spell(text: str, start: int, acronym: str, all_caps: bool) -> int | None:
    """The end of the words from ``start`` whose initials spell ``acronym`` (function words between
    them skipped), on one line and without punctuation between; else None."""
    k, pos, end = 0, start, None
    while k < len(acronym):
        word = _WORD.match(text, pos)
        if word is None:
            return None
        w = word.group()
        if k > 0 and w.casefold() in NAME_STOP:
            pos = _gap(text, word.end())
            if pos is None:
                return None
            continue
        if w[:1].casefold() != acronym[k].casefold() or len(w) < 3 or all_caps and not w[:1].isupper():
            return None
        end, k = word.end(), k + 1
        if k < len(acronym):
            pos = _gap(text, end)
            if pos is None:
                return None
    return end


def _gap(text: str, end: int) -> int | None:
    """Where the next word starts when only spaces follow ``end`` (punctuation or a line break: None)."""
    pos = end
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    return pos if pos > end else None


__all__ = ["expansions"]
