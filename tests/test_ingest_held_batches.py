"""A batch the archive's helper process prepares is stored after the next one is handed over
(archive/batch.py ``held``): every article of every batch is linked all the same — the commit of one
batch must not drop the articles of the batch still held (``lagebild merge`` into SQLite linked only
its first 500 of 1,478 real articles)."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from lagebild._ingest import Ingest
from lagebild.archive import Archive, ahead
from lagebild.settings import Settings

sys.path.insert(0, str(Path(__file__).resolve().parent / "archive"))
from archive_gen import make_articles  # noqa: E402


def test_every_batch_is_linked_when_batches_are_held(tmp_path, monkeypatch):
    monkeypatch.setattr(ahead, "MIN_BATCH", 3)  # the helper takes batches of 4: each is held
    settings = Settings()
    settings.stories.embedder = "off"
    articles = list(make_articles(14, words=80))
    articles.append(articles[2])  # an exact copy in the last batch: a duplicate, never linked
    with Archive(tmp_path / "a.db") as archive:
        run = Ingest(archive, settings)
        report = run.feed(articles, batch_size=4)  # merge's way: commits by count only
        assert report.stored == 14 and report.duplicate == 1
        assert archive.unlinked() == []
        assert sum(run.links.values()) == 0
        assert run._parts == {}  # nothing made for linking is kept after the feed


def test_a_duplicate_leaves_at_its_own_commit(tmp_path, monkeypatch):
    # a re-merge stores nothing: its duplicates must not pile up until the feed ends
    monkeypatch.setattr(ahead, "MIN_BATCH", 3)
    settings = Settings()
    settings.stories.embedder = "off"
    articles = list(make_articles(8, words=80))
    with Archive(tmp_path / "a.db") as archive:
        Ingest(archive, settings).feed(articles, batch_size=4)
        again = [dataclasses.replace(a, id=None) for a in articles]
        run = Ingest(archive, settings)
        for a in again:
            run.given(a, vector=None)
        kept_after_commit = []
        report = run.feed(again, lambda item: kept_after_commit.append(id(item) in run._parts), batch_size=4)
        assert report.duplicate == 8 and report.stored == 0
        assert kept_after_commit == [False] * 8  # each one's parts were gone when its batch was committed
