from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from lagebild.model import Article  # noqa: E402
from lagebild.stories.index import StoryIndex, StorySettings  # noqa: E402


def make(item, **extra) -> Article:
    title, text, lang, date = item
    return Article(title=title, text=text, language=lang, published=date, **extra)


@pytest.fixture
def index() -> StoryIndex:
    return StoryIndex(sqlite3.connect(":memory:"), StorySettings(embedder="e5"))


@pytest.fixture
def lexical_index() -> StoryIndex:
    return StoryIndex(sqlite3.connect(":memory:"), StorySettings(embedder="off"))
