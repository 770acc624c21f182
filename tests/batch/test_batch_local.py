"""lagebild.batch on the local engine: shards, reruns, corrupt inputs, a worker killed mid-shard."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from batchkit import (fast_settings, page_html, run_in_fresh_process, run_killing_first_worker, warc_record,
                      write_shards, write_warc)

from lagebild import batch
from lagebild.batch import files
from lagebild.registry import registry
from lagebild.settings import Settings


def _tables(out: Path) -> dict[str, object]:
    return {p.name: pq.read_table(p) for p in sorted((out / "shards").glob("*.parquet"))}


def test_one_and_two_workers_write_the_same_shards(warcs, tmp_path):
    one = batch.run(warcs, tmp_path / "one", fast_settings(workers=1))
    two = batch.run(warcs, tmp_path / "two", fast_settings(workers=2))
    assert one.count("done") == two.count("done") == 4 and one.articles == two.articles == 24
    assert len({r.worker for r in two.shards}) == 2  # both workers took shards
    a, b = _tables(tmp_path / "one"), _tables(tmp_path / "two")
    assert a.keys() == b.keys() and len(a) == 4
    assert all(a[name].equals(b[name]) for name in a)
    keys = [k for t in a.values() for k in t.column("key").to_pylist()]
    assert len(keys) == len(set(keys)) == 24  # ids from the URL: distinct, and the same in both runs


def test_a_rerun_skips_finished_shards_and_redoes_a_half_written_one(warcs, tmp_path, inline):
    out = tmp_path / "out"
    first = batch.run(warcs, out, fast_settings(engine=inline))
    assert first.count("done") == 4
    victim = sorted((out / "shards").glob("*.done"))[0]
    victim.unlink()  # as if killed between the Parquet file and its marker
    ran: list[str] = []

    def spy(shards, out_, settings):
        ran.extend(s.name for s in shards)
        return registry.engines.get(inline)(shards, out_, settings)

    with registry.engines.temporary():
        registry.engines.register("spy", spy)
        again = batch.run(reversed(warcs), out, fast_settings(engine="spy", workers=1))
    assert ran == [victim.name[: -len(".done")]]
    assert again.count("skipped") == 3 and again.count("done") == 1 and victim.exists()


def test_shard_size_splits_a_warc_into_record_ranges(tmp_path, inline):
    path = write_warc(tmp_path / "big.warc", [page_html(n, topic=n % 2) for n in range(7)])
    batch.run([path], tmp_path / "whole", fast_settings(engine=inline))
    split = batch.run([path], tmp_path / "split", fast_settings(engine=inline, shard_size=3))
    assert [r.articles for r in sorted(split.shards, key=lambda r: r.name)] == [3, 3, 1]
    keys = lambda out: sorted(k for t in _tables(out).values() for k in t.column("key").to_pylist())  # noqa: E731
    assert keys(tmp_path / "split") == keys(tmp_path / "whole") and len(keys(tmp_path / "whole")) == 7


def test_workers_are_given_the_largest_shards_first(tmp_path, inline):
    sizes = {"small": 2, "large": 9, "medium": 5}
    paths = [write_warc(tmp_path / f"{name}.warc", [page_html(n, topic=0) for n in range(k)])
             for name, k in sizes.items()]
    given: list[str] = []

    def spy(shards, out_, settings):
        given.extend(s.paths[0] for s in shards)
        return registry.engines.get(inline)(shards, out_, settings)

    with registry.engines.temporary():
        registry.engines.register("spy", spy)
        batch.run(paths, tmp_path / "out", fast_settings(engine="spy"))
        assert [Path(p).stem for p in given] == ["large", "medium", "small"]
        given.clear()  # record ranges of one file weigh by their share of its records
        batch.run([paths[1]], tmp_path / "split", fast_settings(engine="spy", shard_size=4))
        assert len(given) == 3
    from lagebild.batch.shards import largest_first, plan
    from lagebild.settings import BatchSettings, SourceSettings

    ranges, _ = plan([str(paths[1])], BatchSettings(shard_size=4), SourceSettings())
    assert [s.start for s in largest_first(ranges)] == [0, 4, 8]  # 4, 4, then the last record alone


def test_a_corrupt_warc_fails_its_shard_alone_in_one_line(warcs, tmp_path):
    bad = tmp_path / "in" / "cut.warc.gz"
    whole = gzip.compress(b"".join(warc_record(*page_html(90 + n, 1)) for n in range(3)))
    bad.write_bytes(whole[: len(whole) // 2])  # a download that stopped half-way
    report = batch.run([*warcs, bad], tmp_path / "out", fast_settings(workers=2))
    failed = [r for r in report.shards if r.status == "failed"]
    assert report.count("done") == 4 and len(failed) == 1 and not report.ok
    assert failed[0].name.startswith("cut.warc.gz") and "cut.warc.gz" in failed[0].reason
    assert "\n" not in failed[0].reason and "Traceback" not in failed[0].reason
    assert not list((tmp_path / "out" / "shards").glob("cut*")) and not list((tmp_path / "out" / "shards").glob(".*"))


def test_failed_records_are_kept_in_the_shard_and_counted_by_reason(tmp_path, inline):
    lines = [json.dumps({"url": u, "html": h.decode()}) for u, h in (page_html(n, 0) for n in range(3))]
    lines.insert(1, "{not json")
    path = tmp_path / "pages.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = batch.run([path], tmp_path / "out", fast_settings(engine=inline))
    (result,) = report.shards
    assert result.status == "done" and result.articles == 3 and len(result.failures) == 1
    label, reason = result.failures[0]
    assert label.startswith(str(path)) and reason and report.reasons()[reason] == 1
    (marker,) = (tmp_path / "out" / "shards").glob("*.done")
    assert json.loads(marker.read_text())["reasons"] == {reason: 1}
    table = next(iter(_tables(tmp_path / "out").values()))
    assert table.column("kind").to_pylist() == ["article"] * 3 + ["failure"]


def test_a_worker_killed_mid_shard_is_retried_and_nothing_is_lost_or_doubled(tmp_path):
    paths = write_shards(tmp_path / "in", shards=3, per_shard=30, seed=1)
    out = tmp_path / "out"
    report, killed = run_killing_first_worker(lambda: batch.run(paths, out, fast_settings(workers=2, retries=2)), out)
    assert killed, "no worker was caught mid-shard"
    assert report.count("done") == 3 and report.articles == 90
    assert max(r.attempts for r in report.shards) >= 2  # the killed one (and the pool's other shard) ran again
    keys = [k for t in _tables(out).values() for k in t.column("key").to_pylist()]
    assert len(keys) == len(set(keys)) == 90
    assert not list((out / "shards").glob(".*.tmp"))
    assert all(files.is_finished(out, r.name) for r in report.shards)


def test_an_unknown_engine_is_one_clean_error(warcs, tmp_path):

    from lagebild.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown batch engine 'spark'"):
        batch.run(warcs, tmp_path / "out", fast_settings(engine="spark"))



def test_forked_and_spawned_workers_write_the_same_shards(warcs, tmp_path):
    if not sys.platform.startswith("linux"):
        pytest.skip("workers are forked on Linux only")
    tables = {}
    for start in ("fork", "spawn"):
        settings = fast_settings(workers=2)
        settings.ingest.start = "auto" if start == "fork" else start
        ran = run_in_fresh_process(warcs, tmp_path / start, settings)
        assert ran["methods"] == [start] and ran["done"] == 4 and ran["articles"] == 24 and len(ran["workers"]) == 2
        tables[start] = _tables(tmp_path / start)
    assert tables["fork"].keys() == tables["spawn"].keys() and len(tables["fork"]) == 4
    assert all(tables["fork"][name].equals(tables["spawn"][name]) for name in tables["fork"])


def test_workers_come_from_a_fork_server_when_this_process_runs_threads(warcs, tmp_path):
    """This test process runs pyarrow's threads: a fork here could deadlock in the child, so the
    workers are forked by a fresh single-threaded server; the shards are the same."""
    from lagebild import _pool

    if not sys.platform.startswith("linux"):
        pytest.skip("workers are forked on Linux only")
    assert _pool.threads_running() > 1
    assert _pool.worker_context(fast_settings(workers=2)).get_start_method() == "forkserver"
    one = batch.run(warcs, tmp_path / "one", fast_settings(workers=1))
    two = batch.run(warcs, tmp_path / "two", fast_settings(workers=2))
    assert one.articles == two.articles == 24 and len({r.worker for r in two.shards}) == 2
    a, b = _tables(tmp_path / "one"), _tables(tmp_path / "two")
    assert a.keys() == b.keys() and all(a[name].equals(b[name]) for name in a)


@pytest.mark.slow
def test_a_worker_forked_after_loading_the_models_writes_what_a_spawned_one_writes(tmp_path):
    """Accurate NER and e5 embeddings: the parent's warm-up (two built-in pages) leaves no trace
    in what a forked worker writes. (Both run one torch thread: e5's int8 kernels give slightly
    different vectors with two, which is why the comparison is not with this test process.)"""
    if not sys.platform.startswith("linux"):
        pytest.skip("workers are forked on Linux only")
    paths = write_shards(tmp_path / "in", shards=1, per_shard=3, seed=5)
    settings = Settings()
    settings.ingest.chunk, settings.batch.workers = 2, 1
    for start in ("fork", "spawn"):
        settings.ingest.start = "auto" if start == "fork" else start
        ran = run_in_fresh_process(paths, tmp_path / start, settings)
        assert ran["methods"] == [start] and ran["articles"] == 3
    a, b = _tables(tmp_path / "fork"), _tables(tmp_path / "spawn")
    assert a.keys() == b.keys() and len(a) == 1 and all(a[name].equals(b[name]) for name in a)
    assert next(iter(a.values())).column("vector").null_count == 0  # the embeddings were made (and compared)
