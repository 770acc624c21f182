"""Shared pieces of the batch tests: fast settings (no models) and small WARC shards."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from batchkit import write_shards  # noqa: E402

pytest.importorskip("pyarrow")


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
