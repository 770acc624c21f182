"""Issue 13: a second writer waits its turn instead of aborting. Another process holds the write
lock (as a second ``ingest`` or ``watch`` does between its short transactions); our writer retries
with backoff past SQLite's busy timeout and stores everything once the lock is free. Story linking
computes its embedding before taking the lock, so the lock is held for milliseconds."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from archive_gen import make_articles
from lagebild.archive import Archive
from lagebild.errors import ArchiveError

HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()  # hold the lock until the test says so
conn.execute("COMMIT")
"""


def _hold_lock(db):
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout.readline().strip() == "locked"
    return proc


def _release(proc) -> None:
    proc.stdin.write("go\n")
    proc.stdin.flush()
    proc.wait(timeout=30)


def test_a_second_writer_waits_past_the_busy_timeout_and_loses_nothing(tmp_path):
    db = tmp_path / "a.db"
    Archive(db).close()
    holder = _hold_lock(db)
    result: dict = {}

    def writer() -> None:
        try:
            with Archive(db, timeout=0.05) as archive:  # each try gives up fast: the retry loop must wait
                result["report"] = archive.ingest(make_articles(5, words=60), batch_size=2)
        except BaseException as exc:  # noqa: BLE001 - the test reports it
            result["error"] = exc

    thread = threading.Thread(target=writer)
    thread.start()
    thread.join(0.5)  # many busy timeouts long; without the retry loop it has failed by now
    try:
        assert "error" not in result, result.get("error")
        assert thread.is_alive()  # still waiting for the lock, not given up
    finally:
        _release(holder)
        thread.join(30)
    assert "error" not in result, result.get("error")
    assert result["report"].stored == 5
    with Archive(db, readonly=True) as archive:
        assert archive.count() == 5


def test_lock_wait_bounds_the_wait_when_asked(tmp_path):
    db = tmp_path / "a.db"
    Archive(db).close()
    holder = _hold_lock(db)
    try:
        with Archive(db, timeout=0.02, lock_wait=0.1) as archive:
            with pytest.raises(ArchiveError, match="locked by another process"):
                archive.ingest(make_articles(1, words=60))
    finally:
        _release(holder)


def test_linking_embeds_outside_the_write_transaction(tmp_path):
    import numpy as np

    import lagebild
    from lagebild._ingest import Ingest
    from lagebild.registry import registry
    from lagebild.settings import Settings

    calls: list[bool] = []
    holder: dict = {}

    def probe_embedder():
        def embed(texts):
            calls.append(holder["archive"].conn.in_transaction)  # was the write lock held?
            vec = np.ones((len(texts), 8), dtype=np.float32)
            return vec / np.linalg.norm(vec, axis=1, keepdims=True)

        return embed

    settings = Settings()
    settings.stories.embedder = "h13-probe"
    articles = list(make_articles(4, words=60))
    with registry.embedders.temporary(), Archive(tmp_path / "a.db") as archive:
        registry.embedders.register("h13-probe", probe_embedder)
        holder["archive"] = archive
        lagebild.ingest(archive, articles[:2], settings)  # the batch path: links after each commit
        run = Ingest(archive, settings)
        run.store(articles[2])  # one article, one transaction (the API's path)
        run.prepare(articles[3])  # watch: store + mark seen in one transaction of its own
        with archive.transaction():
            assert run.store(articles[3])[1] == "stored"
        assert archive.count() == 4
    assert calls == [False] * 4
