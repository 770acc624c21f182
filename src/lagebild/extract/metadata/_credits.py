"""Names from the page's credit lines: "Von X", "By X | 3 May 2022", "Autor: X", "Text & Fotos: X", "Posted on …
by X" — the first short line that credits someone (the byline elements are read in :mod:`._bylines`)."""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree
from lxml.html import HtmlElement

from ..dates import _MONTHS  # the month names the date reader knows
from ...stopwords import stop_words
from ._bylines import clean_authors, in_comments

_CREDIT = re.compile(
    r"(?:^|(?<=[\s|·•,;(]))(?:"
    r"(?:text|texte|texto|words|fotos?|photos?)\s*(?:&|und|and|y|et)\s*(?:fotos?|photos?|text)\s*:"
    r"|(?:autor(?:in|en|es)?|authors?|auteur(?:\(s\)|s)?|autore|text|texto|words|redaktion|redacción|rédaction"
    r"|verfasser(?:in)?|quelle|source|fuente|herausgeber)\s*:"
    r"|(?:autor(?:in|en)?|authors?|auteur|interview)\s+(?=(?-i:[A-ZÀ-ÖØ-Þ]))"
    r"|(?:posted|written|published|verfasst|geschrieben|erstellt|veröffentlicht|eingestellt|publié|publicado|escrito"
    r"|beitrag|artikel|text)\b[^|:]{0,40}?\s(?:by|von|par|por)\s*:?"
    r"|(?:interview|bericht|kommentar|rezept|story|article|post|blog|beitrag|artikel|text)\s+(?:by|von|par|por)\s+"
    r")\s*"
    # a bare "von" / "by" opens the line or follows a date or separator: "12.03.2024 von X", "Stars | By X"
    r"|(?:^|(?<=[\d|·•,;(.]\s)|(?<=[\d.]))(?:by|von|par|por|door|av)\s+"
    r"(?=(?-i:[A-ZÀ-ÖØ-Þ])|\w+$|\w+\s+[|·•\-–—\d])",
    re.I,
)
_CREDIT_HINT = re.compile(r"\b(?:by|von|vom|par|por|door|av|autor\w*|authors?|auteur\w*|autore|text\w*|words|fotos?"
                          r"|photos?|redak\w*|redac\w*|rédaction|verfass\w*|quelle|source|fuente|herausgeber"
                          r"|interview)\b", re.I)
_CREDIT_END = re.compile(
    r"\s+(?:[|·•–—]|-\s)|\s*\(|\s(?:am|on|at|um|in|im|le|el|il|op|den|em|publi\w+|updated|aktualisiert|stand)\s"
    r"|\s\w+\s*:|\s(?:illustration\w*|fotos?|photos?|bilder?|grafik\w*|übersetzung|translation|edition)\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:montag|dienstag|mittwoch|donnerstag|freitag"
    r"|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes"
    r"|sábado|domingo)\b|\d|\s@\w"
    # a picture credit after the name ("von Olga Symbolbild imago", "Archivfoto")
    r"|\s\w+(?:bild|bilder|foto|fotos)\b"
    # a month name before a number: the date after the name ("By Jane Doe April 12, 2024")
    r"|\s(?:" + "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True)) + r")\.?\s+(?=\d)",
    re.I,
)
_LINE_BLOCKS = {"p", "div", "li", "address", "header", "footer", "section", "article", "td", "th", "dd", "dt", "h2",
                "h3", "h4", "h5", "h6", "byline", "aside", "table", "tr", "ul", "body"}
_LINE_BREAKS = _LINE_BLOCKS | {"br", "h1", "hr", "time"}
_MAX_LINE = 120


def authors_from_credit_lines(tree: HtmlElement) -> list[str]:
    """Names from the first short line that credits someone: "Von X", "Autor: X", "Posted on … by X".

    A line is the text of a block element up to a line break; it must be short, so that a
    sentence that merely contains "von" or "by" is not read as a credit.
    """
    search = _CREDIT_HINT.search
    # a block's lines are cut once and a line is read once: a page of thousands of elements holding "von" in one
    # block (old CMS text split by <br>) would otherwise cost the square of its size
    lines_of: dict[HtmlElement, list[str]] = {}
    tried: set[str] = set()
    for node in tree.iter():
        if not isinstance(node.tag, str) or node.tag in ("script", "style", "head", "title"):
            continue
        text, tail = node.text, node.tail
        # most elements hold no credit word: ruled out before any list is built
        if not (text and search(text) or tail and search(tail)):
            continue
        hints = [" ".join(t.split())[:30] for t in (text, tail) if t and search(t)]
        block = node if node.tag in _LINE_BLOCKS else next(
            (a for a in node.iterancestors() if a.tag in _LINE_BLOCKS), None)
        if block is None or in_comments(block) or _in_caption(node):
            continue
        lines = lines_of.get(block)
        if lines is None:
            lines = lines_of[block] = _lines(block)
        for line in lines:
            if line in tried or not any(h in line for h in hints):
                continue
            if _LABEL_ONLY.match(line):  # "Autor" in one element, the name in the next
                line = f"{line} {_next_text(node)}"
            else:
                tried.add(line)  # the same line gives the same answer for any node
            names = _credited(line)
            if names:
                return names
    return []


_LABEL_ONLY = re.compile(r"^(?:autor(?:in|en)?|authors?|auteur|verfasser(?:in)?)\s*:?$", re.I)


def _next_text(node: HtmlElement) -> str:
    """The first non-empty text after ``node`` and its content, in document order."""
    try:
        following = node.xpath("following::text()[normalize-space()][1]")
    except Exception:  # lxml refuses some malformed documents
        return ""
    return " ".join(str(following[0]).split()) if following else ""


def _in_caption(el: HtmlElement) -> bool:
    """Whether ``el`` is part of a picture's caption, where a credit names the photographer."""
    return el.tag in ("figure", "figcaption") or any(a.tag in ("figure", "figcaption") for a in el.iterancestors())


def _lines(block: HtmlElement) -> list[str]:
    """The block's text in document order, split where a line break or a nested block begins or ends (not at the
    source's own newlines, which a browser shows as spaces), each line whitespace-normalised."""
    parts: list[str] = []
    for event, el in etree.iterwalk(block, events=("start", "end", "comment", "pi")):
        shown = isinstance(el.tag, str) and el.tag not in ("script", "style")
        if event in ("comment", "pi"):
            parts.append(" " + " ".join((el.tail or "").split()))
        elif event == "start":
            if el is not block and shown and el.tag in _LINE_BREAKS:
                parts.append("\n")
            if shown:
                parts.append(" " + " ".join((el.text or "").split()))
        elif el is not block:
            if shown and el.tag in _LINE_BREAKS:
                parts.append("\n")
            parts.append(" " + " ".join((el.tail or "").split()))
    text = "".join(parts)
    return [line for line in (" ".join(raw.split()) for raw in text.split("\n")) if 3 <= len(line) <= _MAX_LINE]


_COPYRIGHT = re.compile(r"©|\(c\)|copyright|\b(?:bild|foto|photo|image|grafik)\w*\s*:|\b(?:photo|foto|bild)\s+(?:by|von)\b", re.I)
_MONTH_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december", "januar", "februar", "märz", "mai", "juni", "juli", "oktober", "dezember"}


def _credited(line: str) -> list[str]:
    """Names credited on ``line``; none on copyright and picture-credit lines."""
    match = _CREDIT.search(line)
    if not match or _COPYRIGHT.search(line):
        return []
    rest = line[match.end():]
    end = _CREDIT_END.search(rest)
    rest = rest[: end.start()] if end else rest
    names = clean_authors([rest]) if rest.strip() else []
    return [n for n in names if n.casefold() not in _MONTH_WORDS and _name_start(n)]


def _name_start(name: str) -> bool:
    """Whether ``name`` can be a credited name: one lower-case word may be a handle or an agency ("dpa",
    "jsteinhardt"), never a function word ("in", "the": a sentence that goes on after "by")."""
    words = name.split()
    return not (len(words) == 1 and words[0] in _function_words())


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    # the languages whose credit words _CREDIT reads
    return frozenset().union(*(stop_words(lang) for lang in ("de", "en", "fr", "es", "it", "nl", "pt", "pl", "sv")))
