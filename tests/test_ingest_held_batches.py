"""A batch the archive's helper process prepares is stored after the next one is handed over
(archive/batch.py ``held``): every article of every batch is linked all the same — the commit of one
batch must not drop the articles of the batch still held (``lagebild merge`` into SQLite linked only
its first 500 of 1,478 real articles)."""

from __future__ import annotations

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
