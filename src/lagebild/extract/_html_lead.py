"""The lead: the page's first paragraph when it reads as the article's opening (or repeats the
page's description), separated from the body paragraphs that follow."""

from __future__ import annotations

import re

_SQUASH = re.compile(r"[\W_]+")


def _key(text: str) -> str:
    return _SQUASH.sub(" ", text.casefold()).strip()


def _same_opening(paragraph: str, description: str) -> bool:
    a, b = _key(paragraph), _key(description.rstrip(".… "))
    if not a or not b:
        return False
    short, long = sorted((a, b), key=len)
    return len(short) >= 40 and long.startswith(short[: max(40, int(len(short) * 0.9))])


def split_lead(paragraphs: list[str], description: str, title: str) -> tuple[str, list[str]]:
    """(lead, body) from the extracted paragraphs; a repeated headline is dropped."""
    paragraphs = list(paragraphs)
    if paragraphs and title and _key(paragraphs[0]) == _key(title):
        paragraphs.pop(0)
    if not paragraphs:
        return "", []
    first = paragraphs[0]
    if _same_opening(first, description or "") or (
        len(paragraphs) > 1 and len(first) >= 60 and first.rstrip()[-1:] in ".!?\"“”»«"
    ):
        return first, paragraphs[1:]
    return "", paragraphs
