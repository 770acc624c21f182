"""Teasers of other articles ("Mehr zum Thema") in a scraped page: a label, a headline, a short text.

A teaser is a headline-like line followed by a teaser text (a sentence or a cut-off sentence), optionally
preceded by a short section label in the headline's block. Teasers are only taken in runs (see
:func:`find_related`), so that a subheading and its paragraph in the article are not mistaken for one.
"""

from __future__ import annotations

import re

from ...model import RelatedLink
from . import _lines as tl

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


def _units(lines: list[tl.Line]) -> list[tuple[int, int, RelatedLink, bool]]:
    """(first line, last line, link, has a label or a cut-off text) for each teaser shape on the page."""
    units = []
    i = 0
    while i < len(lines) - 1:
        head, text = lines[i], lines[i + 1]
        if not (_headline(head) and _teaser_text(text, head) and text.block != head.block):
            i += 1
            continue
        first, section, title = i, None, head.text
        if i >= 1 and lines[i - 1].block == head.block and _label(lines[i - 1]):
            section, first = lines[i - 1].text, i - 1
            if i >= 2 and lines[i - 2].block == head.block and _label(lines[i - 2]):
                first = i - 2
        if section and title.casefold().startswith(section.casefold() + " "):
            title = title[len(section) + 1:].strip()
        marked = section is not None or text.text.endswith(("...", "…"))
        units.append((first, i + 1, RelatedLink(title=title, section=section, teaser=text.text), marked))
        i += 2
    return units


def find_related(lines: list[tl.Line]) -> tuple[list[RelatedLink], set[int]]:
    """The page's teasers, and the indices of the lines they use.

    Teasers come in runs (at most three lines between two of them); a run counts when it has two teasers
    with a section label or a cut-off text, or three teasers whose texts are short.
    """
    runs: list[list[tuple[int, int, RelatedLink, bool]]] = []
    for unit in _units(lines):
        if runs and unit[0] - runs[-1][-1][1] <= 4:
            runs[-1].append(unit)
        else:
            runs.append([unit])
    found: list[RelatedLink] = []
    used: set[int] = set()
    for run in runs:
        marked = sum(u[3] for u in run)
        short = all(_words(u[2].teaser or "") <= 45 for u in run)
        if (len(run) >= 2 and marked >= 2) or (len(run) >= 3 and short):
            for first, last, link, _ in run:
                found.append(link)
                used.update(range(first, last + 1))
    return found, used
