from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from lagebild.archive.stories import SQLiteStoryStore  # noqa: E402
from lagebild.settings import StorySettings  # noqa: E402
from lagebild.stories.index import StoryIndex  # noqa: E402


@pytest.fixture
def index() -> StoryIndex:
    return StoryIndex(SQLiteStoryStore.memory(), StorySettings(embedder="e5"))


@pytest.fixture
def lexical_index() -> StoryIndex:
    return StoryIndex(SQLiteStoryStore.memory(), StorySettings(embedder="off"))
