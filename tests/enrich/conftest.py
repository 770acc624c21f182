"""Fixtures for enrich tests: hand-made mentions (the NER model may be absent)."""

from __future__ import annotations

import re

import pytest

from lagebild.model import Mention


def mentions(text: str, spec: list[tuple[str, str]]) -> list[Mention]:
    """Every occurrence of each (surface, type) in ``text``, longest first, never overlapping."""
    out: list[Mention] = []
    for surface, type_ in sorted(spec, key=lambda s: -len(s[0])):
        for m in re.finditer(re.escape(surface), text):
            if not any(m.start() < x.end and m.end() > x.start for x in out):
                out.append(Mention(m.start(), m.end(), surface, type_))
    return sorted(out, key=lambda m: m.start)


@pytest.fixture
def make_mentions():
    return mentions
