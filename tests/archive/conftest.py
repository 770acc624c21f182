"""Archive fixtures: a fresh archive per test, and one holding the hand-built corpus."""

from __future__ import annotations

import pytest

from archive_corpus import corpus
from lagebild.archive import Archive


@pytest.fixture
def archive(tmp_path):
    with Archive(tmp_path / "test.db") as ar:
        yield ar


@pytest.fixture
def filled(archive):
    for art in corpus():
        archive.add(art)
    return archive
