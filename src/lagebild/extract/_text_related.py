"""Teasers of other articles ("Mehr zum Thema") in a scraped page: a label, a headline, a short text.

A teaser is a headline-like line followed by a teaser text (a sentence or a cut-off sentence), optionally
preceded by a short section label in the headline's block. A page's teasers are only taken when at least
two of them occur, so that a lone headline-and-paragraph pair in the article is not mistaken for one.
"""

from __future__ import annotations

import re

from ..model import RelatedLink
from . import _text_lines as tl

_WORDS = re.compile(r"\w+")


def _words(text: str) -> int:
    return len(_WORDS.findall(text))


def _headline(line: tl.Line) -> bool:
    n = _words(line.text)
    return 3 <= n <= 30 and 15 <= len(line.text) <= 250 and line.text[-1] not in ":.,;" and not line.text.endswith("...")


def _teaser_text(line: tl.Line, headline: tl.Line) -> bool:
    text = line.text
    n = _words(text)
    return 6 <= n <= 80 and len(text) <= 600 and (tl.SENTENCE_END.search(text + " ") is not None) \
        and len(text) > len(headline.text) * 0.8


def _label(line: tl.Line) -> bool:
    n = _words(line.text)
    return 1 <= n <= 3 and len(line.text) <= 30 and line.text[-1] not in ".:!?,"


def find_related(lines: list[tl.Line], start: int) -> tuple[list[RelatedLink], set[int]]:
    """Teasers at or after line ``start``, and the indices of the lines they use."""
    found: list[RelatedLink] = []
    used: set[int] = set()
    i = start
    while i < len(lines) - 1:
        head, text = lines[i], lines[i + 1]
        if not (_headline(head) and _teaser_text(text, head) and text.block != head.block):
            i += 1
            continue
        section = None
        title = head.text
        if i - 1 >= start and lines[i - 1].block == head.block and _label(lines[i - 1]):
            section = lines[i - 1].text
            used.add(i - 1)
            if i - 2 >= start and lines[i - 2].block == head.block and _label(lines[i - 2]):
                used.add(i - 2)
        if section and title.casefold().startswith(section.casefold() + " "):
            title = title[len(section) + 1:].strip()
        found.append(RelatedLink(title=title, section=section, teaser=text.text))
        used.update((i, i + 1))
        i += 2
    if len(found) < 2:
        return [], set()
    return found, used
