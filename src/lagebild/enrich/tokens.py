"""Tokens and sentences of raw text with character offsets: the one tokenizer module of the enrich
stage, with one abbreviation list.

Two granularities, because their consumers need different ones:

* :func:`tokens` and :func:`sentences` — the enrichers' view (quotes, events, names, places,
  institutions, topics): a word keeps inner dots ("ver.di", "z.B"), every other punctuation mark is
  a token; sentences end after ``. ! ?`` (and a closing quote) before a capital or an opening quote,
  and at paragraph breaks.
* :func:`words` and :func:`word_sentences` — CoNLL-like words for NER, the way the NER training
  corpora are tokenized: numbers keep their separators ("3.5", "1.000"), letter-dot runs stay whole
  ("U.S.", "z.B."), known abbreviations keep their final dot ("Dr.", "Prof."), "'s" is split off;
  sentences end after ``. ! ?`` (not after an ordinal), at every line break and every ``MAX_WORDS`` words.

Both read :data:`ABBREVIATIONS`. Each also honours a few entries the other does not
(:data:`SENTENCE_ONLY`, :data:`WORD_ONLY`): the two lists grew apart in two modules, and merging
them changes NER words (so mentions) and sentence ends (so quotes and events) on real pages. They
stay apart until a merged list is measured on the NER and quotation benchmarks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Abbreviations after which a period ends no sentence and stays with the word (German and English news).
ABBREVIATIONS = frozenset({
    "abs", "aug", "bzw", "ca", "co", "dez", "dr", "etc", "evtl", "feb", "gen", "ggf", "gov", "inc", "jan", "jh",
    "jr", "lt", "ltd", "max", "min", "mio", "mr", "mrd", "mrs", "ms", "no", "nov", "nr", "okt", "prof", "rep",
    "sen", "sep", "sept", "sr", "st", "str", "tel", "usw", "vgl", "vs",
})
# Only the sentence splitter knows these (NER splits "sog." into "sog" "."). It also takes any single
# letter for an initial or part of "z. B." (see _abbrev_before).
SENTENCE_ONLY = frozenset({"bzgl", "dt", "engl", "franz", "hl", "inkl", "sog"})
# Only the NER tokenizer knows these; of single letters it keeps the dot after a capital ("J. Smith")
# and after the lower-case ones listed here ("z. B.", "d. h.", "u. a.").
WORD_ONLY = frozenset({
    "apr", "art", "bd", "capt", "chr", "col", "corp", "dec", "dipl", "fr", "frau", "ft", "hon", "hr", "ing",
    "jhd", "jul", "jun", "mt", "mär", "oct", "rev", "sgt",
    "a", "b", "c", "d", "e", "h", "i", "u", "v", "z",
})
_SENTENCE_ABBREV = ABBREVIATIONS | SENTENCE_ONLY
_WORD_ABBREV = ABBREVIATIONS | WORD_ONLY

# "ver.di" and "z.B" stay one token, "Struck.Gleichzeitig" (a missing space) does not
_TOKEN = re.compile(r"\w+(?:[-'’]\w+|\.(?=[a-zäöüß]+\b)\w+)*|[^\w\s]", re.UNICODE)
_OPEN_QUOTES = "„“”\"»«‚‘'"


# Not frozen: a frozen dataclass sets each field through object.__setattr__, and the enrichers make
# a span for every token of every article several times over (tokenizing the 60 pages of
# benchmarks/enrich_speed.py once: 0.055 s frozen, 0.036 s not). Nothing assigns to a span; hashing
# by value is kept (unsafe_hash) for whoever puts spans in a set.
@dataclass(slots=True, unsafe_hash=True)
class Span:
    start: int
    end: int
    text: str


def tokens(text: str, offset: int = 0) -> list[Span]:
    """Word and punctuation tokens of ``text`` with offsets (shifted by ``offset``)."""
    return [Span(m.start() + offset, m.end() + offset, m.group()) for m in _TOKEN.finditer(text)]


def sentences(text: str) -> list[Span]:
    """Sentence spans of ``text``: split after . ! ? (and a closing quote) before an upper-case or
    quote-opening start, never after a known abbreviation, a single letter or a number
    ("am 3. Mai"); paragraph breaks always split."""
    out: list[Span] = []
    start = 0
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if ch == "\n" and i + 1 < n and text[i + 1] == "\n":
            _add(out, text, start, i)
            start = i + 2
            i += 2
            continue
        if ch in ".!?":
            j = i + 1
            while j < n and text[j] in ".!?" + _OPEN_QUOTES + ")":
                j += 1
            glued = ch == "." and j == i + 1 and _glued_sentence(text, i)  # "sagte Merkel.Als …"
            if (j >= n or glued or (text[j].isspace() and _starts_sentence(text, j))) and not _abbrev_before(text, i):
                _add(out, text, start, j)
                start = j
                i = j
                continue
        i += 1
    _add(out, text, start, n)
    return out


def _glued_sentence(text: str, i: int) -> bool:
    """A period with no space before a capitalised word ("Papst.Der"): a scraping artefact, not an
    abbreviation ("z.B.", "U.S.") or a domain ("ver.di", "example.org")."""
    m = re.match(r"[A-ZÄÖÜ][a-zäöüß]+", text[i + 1:i + 30])
    k = i
    while k > 0 and text[k - 1].isalpha():
        k -= 1
    before = text[k:i]
    return bool(m) and len(before) >= 3 and not before.isupper()


def _starts_sentence(text: str, j: int) -> bool:
    k = j
    while k < len(text) and text[k].isspace():
        k += 1
    if k >= len(text):
        return True
    c = text[k]
    return c.isupper() or c.isdigit() or c in _OPEN_QUOTES or c in "(–-"


def _abbrev_before(text: str, i: int) -> bool:
    if text[i] != ".":
        return False
    k = i
    while k > 0 and text[k - 1].isalnum():
        k -= 1
    word = text[k:i]
    if not word:
        return False
    if word.isdigit():
        return len(word) <= 2  # "am 3. Mai", "der 12. August"
    return word.casefold() in _SENTENCE_ABBREV or (len(word) == 1 and word.isalpha())


def _add(out: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Span(start, end, text[start:end]))


# ---------------------------------------------------------------- CoNLL-like words for NER

MAX_WORDS = 150

_WORD = re.compile(
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
    for m in _WORD.finditer(text):
        a, b = m.span()
        # "Dr." keeps its dot when a known abbreviation (or a single capital, as in "J. Smith")
        if text[b : b + 1] == "." and (text[a:b].lower() in _WORD_ABBREV and b - a <= 5 or (b - a == 1 and text[a].isupper())):
            out.append((a, b + 1))
            continue
        if out and out[-1][1] > a:  # the dot was taken by the previous token
            continue
        out.append((a, b))
    return out


def word_sentences(text: str) -> list[list[tuple[int, int]]]:
    """Word spans (see :func:`words`) grouped into sentences."""
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
