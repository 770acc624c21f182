"""Shared pieces of the batch tests: fast settings (no models) and small WARC shards."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fixtures import write_shards  # noqa: E402

from lagebild.settings import Settings  # noqa: E402

pytest.importorskip("pyarrow")


def fast_settings(**batch) -> Settings:
    """No enrich models and no embedder: the pipeline's extract path, seconds not minutes."""
    settings = Settings()
    settings.enrich.pipeline = ()
    settings.stories.embedder = "off"
    settings.ingest.chunk = 4
    for name, value in batch.items():
        setattr(settings.batch, name, value)
    return settings


@pytest.fixture
def inline():
    """An engine that runs every shard in this process (registered for the test): the batch
    logic without worker start-up, for tests about shards rather than processes."""
    from lagebild.batch.work import process_shard
    from lagebild.registry import registry

    with registry.engines.temporary():
        registry.engines.register("inline", lambda shards, out, settings: (process_shard(s, out, settings)
                                                                          for s in shards))
        yield "inline"


@pytest.fixture
def warcs(tmp_path: Path) -> list[Path]:
    return write_shards(tmp_path / "in", shards=4, per_shard=6)


def kill_first_worker(out: Path, stop: threading.Event, killed: list[tuple[str, int]], timeout: float = 60.0) -> None:
    """Watch ``out/shards`` for a shard being written (``.NAME.PID.tmp``) and SIGKILL that process
    once, mid-shard; record (shard name, pid)."""
    deadline = time.monotonic() + timeout
    folder = out / "shards"
    while not stop.is_set() and time.monotonic() < deadline:
        for tmp in folder.glob(".*.tmp") if folder.is_dir() else []:
            name, _, pid = tmp.name[1:-4].rpartition(".")
            try:
                os.kill(int(pid), signal.SIGKILL)
            except (ProcessLookupError, ValueError):
                continue
            killed.append((name, int(pid)))
            return
        time.sleep(0.005)
