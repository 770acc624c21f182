"""A process ingesting is SIGKILLed midway: the archive opens, is intact, and holds every committed article."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lagebild.archive import Archive

HERE = Path(__file__).resolve().parent

SCRIPT = """
import sys
sys.path.insert(0, sys.argv[2])
from archive_gen import make_articles
from lagebild.archive import Archive

def committed(ids, _items):
    sys.stdout.write(" ".join(map(str, ids)) + "\\n")
    sys.stdout.flush()

with Archive(sys.argv[1]) as archive:
    archive.ingest(make_articles(1_000_000, words=120), on_commit=committed, batch_size=int(sys.argv[3]))
"""


@pytest.mark.parametrize("batch", [10, 300])  # 300: with the helper process of large batches (archive/ahead.py)
def test_kill_midway_loses_nothing_committed(tmp_path, batch):
    db = tmp_path / "killed.db"
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT, str(db), str(HERE), str(batch)], stdout=subprocess.PIPE,
                            text=True)
    reported: list[int] = []
    deadline = time.monotonic() + 30
    try:
        while len(reported) < 120 and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line.endswith("\n"):
                break
            reported += [int(x) for x in line.split()]
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        rest = proc.stdout.read()
        proc.wait()
    reported += [int(x) for line in rest.splitlines(keepends=True) if line.endswith("\n") for x in line.split()]
    assert proc.returncode == -signal.SIGKILL
    assert len(reported) >= 120, "the ingest did not get far enough before the deadline"

    with Archive(db) as archive:
        assert archive.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        archive.conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
        stored = {r[0] for r in archive.conn.execute("SELECT id FROM articles")}
        assert set(reported) <= stored
        assert len(stored) - len(reported) <= batch  # at most the batch in flight, which then committed
        assert archive.count("entity:Cavusoglu") > 0 and archive.search("Regierung", limit=1)
        assert archive.count() == len(stored) == archive.index.num_docs(archive.conn)  # each once
        resumed = archive.add(archive.get(1))
        assert resumed == (1, "duplicate")
