"""Raw text → sentences of word tokens with character offsets (a regex tokenizer, CoNLL-like).

Punctuation is split off words, except inside numbers (``3.5``, ``1.000``), abbreviations with
inner dots (``U.S.``, ``z.B.``), hyphenated and apostrophe words, and known abbreviations that
keep their final dot (``Dr.``, ``Prof.``). Sentences end after ``. ! ?`` (not after an
abbreviation or ordinal), at line breaks, and are cut every ``MAX_WORDS`` words.
"""

from __future__ import annotations

import re

MAX_WORDS = 150

_ABBREV = {
    "dr", "prof", "st", "mr", "mrs", "ms", "jr", "sr", "nr", "no", "vs", "bzw", "ca", "etc", "inc", "ltd", "co",
    "corp", "gen", "gov", "sen", "rep", "hr", "fr", "frau", "dipl", "ing", "evtl", "ggf", "vgl", "str", "abs",
    "art", "jan", "feb", "mär", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "oct", "nov", "dez", "dec",
    "mio", "mrd", "bd", "min", "max", "tel", "usw", "u", "z", "d", "h", "e", "v", "chr", "jh", "jhd", "lt",
    "mt", "ft", "col", "capt", "lt", "sgt", "rev", "hon", "a", "b", "c", "i",
}

_TOKEN = re.compile(
    r"""
    (?:[^\W\d_]\.){2,}                      # U.S.  z.B.  (letter-dot runs)
    | \d+(?:[.,:/]\d+)*                     # numbers, dates, times
    | [^\W_]+(?:(?:[-&]|['’](?=[A-Z]))[^\W_]+)*   # words, hyphenated words, O'Neill, AT&T
    | ['’]s\b                               # English possessive, split off as in CoNLL
    | \.{2,}                                # ellipsis
    | \S                                    # any other single character
    """,
    re.VERBOSE,
)


def words(text: str) -> list[tuple[int, int]]:
    """Character spans of the word tokens of ``text``."""
    out: list[tuple[int, int]] = []
    for m in _TOKEN.finditer(text):
        a, b = m.span()
        # "Dr." keeps its dot when a known abbreviation (or a single capital, as in "J. Smith")
        if text[b : b + 1] == "." and (text[a:b].lower() in _ABBREV and b - a <= 5 or (b - a == 1 and text[a].isupper())):
            out.append((a, b + 1))
            continue
        if out and out[-1][1] > a:  # the dot was taken by the previous token
            continue
        out.append((a, b))
    return out


def sentences(text: str) -> list[list[tuple[int, int]]]:
    """Word spans grouped into sentences."""
    out: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    prev_end = 0
    for a, b in words(text):
        if current and ("\n" in text[prev_end:a] or len(current) >= MAX_WORDS):
            out.append(current)
            current = []
        current.append((a, b))
        prev_end = b
        if text[a:b] in (".", "!", "?") and _ends_sentence(text, current):
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


def _ends_sentence(text: str, current: list[tuple[int, int]]) -> bool:
    if len(current) < 2:
        return True
    a, b = current[-2]
    return not text[a:b].isdigit() or len(text[a:b]) > 2  # "3. Oktober" keeps the ordinal
