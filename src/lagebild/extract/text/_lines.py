"""A scraped page as lines: split, normalised, keyed for repetition counts, and patterns that matter.

A scraper's text dump holds one block per line, with blank lines between groups of blocks. Blank lines
are not kept as lines; they become the ``gap_before`` / ``gap_after`` flags and the ``block`` number of
the lines around them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_SPACE = re.compile(r"[\s\u00a0\u200b\u2009\u202f]+")
_DIGITS = re.compile(r"\d+")
# control characters, and soft hyphens (invisible hyphenation hints that split words: "Wein\xadbau")
_CONTROL = dict.fromkeys([*(c for c in range(32) if c not in (9, 10, 13)), 0xAD])

READING_TIME = re.compile(
    r"(?:lesezeit|lesedauer|reading time|read time|temps de lecture|tiempo de lectura)\s*:?\s*(?:ca\.\s*)?"
    r"(?P<a>\d{1,3})\s*(?:min|minuten|minute|minutes|mins)\b"
    r"|(?P<b>\d{1,3})\s*(?:-\s*)?(?:min|minuten|minute|minutes|mins)\.?\s*(?:read|lesezeit|lesedauer|lesen|zum lesen|de lecture)\b",
    re.I,
)
BYLINE = re.compile(
    r"^(?:von|by|text|autor|autorin|author|written by|ein beitrag von|ein kommentar von|par|por)\s*:?\s+"
    r"(?P<names>[A-ZÄÖÜÉ][\w'’.-]+(?:(?:\s+|\s*,\s*|\s+(?:und|and|&|y|et)\s+)[A-ZÄÖÜÉa-z][\w'’.-]+){0,7})",
    re.I,
)
TIME = re.compile(r"(?<![\d:])(?:[01]?\d|2[0-3]):[0-5]\d(?![\d:])")
DATE = re.compile(
    r"(?<!\d)(?:[0-3]?\d\.\s?[01]?\d\.\s?(?:19|20)?\d\d|(?:19|20)\d\d-[01]\d-[0-3]\d|[01]?\d/[0-3]?\d/(?:19|20)\d\d"
    r"|[0-3]?\d\.?\s+[A-Za-zä]{3,9}\.?\s+(?:19|20)\d\d|[A-Za-z]{3,9}\.?\s+[0-3]?\d(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d)(?!\d)"
)
# A PHP warning the server printed into the page ("Warning: … in /www/…/file.php on line 56"): not page text
_SERVER_ERROR = re.compile(
    r"^(?:PHP )?(?:Warning|Notice|Deprecated|Strict Standards|Fatal error|Parse error): .* on line \d+$", re.I)
SENTENCE_END = re.compile(r"[.!?…][\"'”“»«)\]]*(?:\s|$)")
_BOILER = re.compile(
    r"cookie|datenschutz|privacy|newsletter|abonn|subscri|anmeld|einlogg|log ?in\b|sign (?:in|up)|registrier|"
    r"\bteilen\b|\bshare\b|tweet|facebook|twitter|instagram|whatsapp|pinterest|linkedin|e-?mail|drucken|\bprint\b|"
    r"kommentar|comment|werbung|anzeige|advertis|impressum|kontakt|contact|\bagb\b|copyright|©|rights reserved|"
    r"rechte vorbehalten|mehr zum thema|read more|weiterlesen|mehr lesen|lesen sie auch|auch interessant|related|"
    r"javascript|browser|akzeptier|accept|zustimm|einstellungen|settings|menü|menu|suche|search|startseite|home\b|"
    r"nach oben|back to top|podcast|video|foto|photo|bild:|image|getty|dpa|reuters|\bap\b|afp|quelle|source|"
    r"benachrichtig|notification|push-?mitteilung|angezeigt|displayed|inhalt laden|load content",
    re.I,
)


@dataclass(slots=True)
class Line:
    """One non-blank line of a page."""

    text: str
    key: str  # casefolded, digits as 0: what counts as "the same line" within a page and across pages
    block: int  # lines between two blank lines share a block
    gap_before: bool
    gap_after: bool


def clean(text: str) -> str:
    """One line of text with control characters and soft hyphens dropped and whitespace collapsed."""
    return _SPACE.sub(" ", text.translate(_CONTROL)).strip()


def line_key(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _DIGITS.sub("0", folded)[:300]


def split_lines(content: str) -> list[Line]:
    """The page's non-blank lines with their block structure."""
    lines: list[Line] = []
    block, gap = 0, True
    for raw in content.splitlines():
        text = clean(raw)
        if _SERVER_ERROR.match(text):
            text = ""
        if not text:
            if lines:
                lines[-1].gap_after = True
            if not gap:
                block += 1
            gap = True
            continue
        lines.append(Line(text, line_key(text), block, gap, False))
        gap = False
    if lines:
        lines[-1].gap_after = True
    return lines


def is_boiler_word(text: str) -> bool:
    return _BOILER.search(text) is not None


def boiler_hits(text: str) -> int:
    """How many different boilerplate words a line holds."""
    return len({m.group(0).casefold() for m in _BOILER.finditer(text)})
