"""Archive fixtures: a fresh archive per test, and one holding the hand-built corpus."""

from __future__ import annotations

import pytest

from archive_corpus import corpus
from lagebild.archive import Archive
from lagebild.archive.fulltext import available


INDEXES = available()  # every test on a fresh archive runs once per full-text index installed


@pytest.fixture(params=INDEXES)
def archive(tmp_path, request):
    with Archive(tmp_path / "test.db", index=request.param) as ar:
        yield ar


@pytest.fixture
def fts5_archive(tmp_path):
    with Archive(tmp_path / "test.db", index="fts5") as ar:
        yield ar


@pytest.fixture
def filled(archive):
    for art in corpus():
        archive.add(art)
    return archive
