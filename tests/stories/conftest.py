from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from lagebild.settings import StorySettings  # noqa: E402
from lagebild.stories.index import StoryIndex  # noqa: E402


@pytest.fixture
def index() -> StoryIndex:
    return StoryIndex(sqlite3.connect(":memory:"), StorySettings(embedder="e5"))


@pytest.fixture
def lexical_index() -> StoryIndex:
    return StoryIndex(sqlite3.connect(":memory:"), StorySettings(embedder="off"))
