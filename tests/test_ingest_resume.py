"""Issue 13: an article committed but never linked to its story (the process killed, the disk full
or the lock lost right after the batch commit) is linked by the next ``ingest`` or ``watch`` start,
instead of staying unlinked for ever (a re-ingest only finds it a duplicate)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import lagebild
from lagebild.archive import Archive
from lagebild.settings import Settings

HERE = Path(__file__).resolve().parent

# stores 3 articles, and dies (like kill -9) the moment linking of the first committed one starts
DIES_AFTER_COMMIT = """
import os, sys
sys.path.insert(0, sys.argv[2])
from archive_gen import make_articles
import lagebild, lagebild.stories as stories
from lagebild.archive import Archive
from lagebild.settings import Settings

stories.link = stories.link_many = lambda *a, **k: os._exit(9)
settings = Settings()
settings.stories.embedder = "off"
with Archive(sys.argv[1]) as archive:
    lagebild.ingest(archive, list(make_articles(3, words=80)), settings)
"""


def _settings() -> Settings:
    s = Settings()
    s.stories.embedder = "off"
    return s


def _story_ids(db) -> list:
    with Archive(db, readonly=True) as archive:
        return [archive.get(i).story_id for i in archive.ids()]


def test_articles_left_unlinked_by_a_killed_run_are_linked_by_the_next(tmp_path):
    db = tmp_path / "a.db"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-c", DIES_AFTER_COMMIT, str(db), str(HERE / "archive")], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 9, done.stderr[-500:]
    left = _story_ids(db)
    assert left and all(s is None for s in left)  # committed, never linked
    with Archive(db) as archive:
        assert len(archive.unlinked()) == len(left)
        report = lagebild.ingest(archive, [], _settings())  # nothing new: the next run resumes the links
        assert not report.link_failures and archive.unlinked() == []
    assert all(s is not None for s in _story_ids(db))


def test_a_watch_start_links_what_is_unlinked(tmp_path):
    import sys as _sys

    _sys.path.insert(0, str(HERE / "archive"))
    from archive_gen import make_articles

    from lagebild.watch import Watcher

    db = tmp_path / "a.db"
    with Archive(db) as archive:
        archive.ingest(make_articles(2, words=80))  # the raw batch writer: stored, not linked
        assert len(archive.unlinked()) == 2
        watcher = Watcher(archive, _settings(), log=lambda line: None)
        try:
            watcher.run(once=True)
        finally:
            watcher.close()
        assert archive.unlinked() == []
