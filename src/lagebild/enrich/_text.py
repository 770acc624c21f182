"""Text helpers the enrichers share: sentences with offsets, tokens with offsets, and the
inflection-blind key two spellings of one name meet at."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

import simplemma

from ..textnorm import fold

# "ver.di" and "z.B" stay one token, "Struck.Gleichzeitig" (a missing space) does not
_TOKEN = re.compile(r"\w+(?:[-'’]\w+|\.(?=[a-zäöüß]+\b)\w+)*|[^\w\s]", re.UNICODE)
# Abbreviations after which a period does not end a sentence (German and English news usage).
_ABBREV = {
    "dr", "prof", "st", "nr", "bzw", "ca", "vgl", "usw", "z", "b", "u", "a", "mr", "mrs", "ms", "jr",
    "sr", "inc", "ltd", "co", "gen", "sen", "rep", "gov", "no", "vs", "etc", "hl", "jh", "abs", "bzgl",
    "evtl", "ggf", "inkl", "max", "min", "mio", "mrd", "okt", "nov", "dez", "jan", "feb", "aug", "sept",
    "sep", "s", "sog", "str", "tel", "dt", "engl", "franz", "lt",
}
_OPEN_QUOTES = "„“”\"»«‚‘'"


@dataclass(slots=True, frozen=True)
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
    return word.casefold() in _ABBREV or (len(word) == 1 and word.isalpha())


def _add(out: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Span(start, end, text[start:end]))


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
