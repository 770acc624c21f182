"""lagebild.batch on Ray: a 2-actor pool, a simulated 2-node cluster, an actor killed mid-shard.

Skipped without Ray. Every test leaves Ray shut down (the engine stops what it started; the
cluster test stops its own cluster), so no raylet outlives the suite.
"""

from __future__ import annotations


import pytest
from batchkit import fast_settings, run_killing_first_worker, write_shards

from lagebild import batch

ray = pytest.importorskip("ray")
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(autouse=True)
def _no_ray_left():
    assert not ray.is_initialized()
    yield
    if ray.is_initialized():  # a test that failed half-way
        ray.shutdown()


def _keys(out) -> list[str]:
    import pyarrow.parquet as pq

    return [k for p in (out / "shards").glob("*.parquet") for k in pq.read_table(p).column("key").to_pylist()]


def test_a_two_actor_pool_writes_what_the_local_engine_writes(warcs, tmp_path, inline):
    report = batch.run(warcs, tmp_path / "ray", fast_settings(engine="ray", workers=2))
    assert not ray.is_initialized()  # the engine started Ray and stopped it
    assert report.count("done") == 4 and report.articles == 24
    assert len({r.worker for r in report.shards}) == 2
    batch.run(warcs, tmp_path / "inline", fast_settings(engine=inline))
    import pyarrow.parquet as pq

    for path in (tmp_path / "ray" / "shards").glob("*.parquet"):
        assert pq.read_table(path).equals(pq.read_table(tmp_path / "inline" / "shards" / path.name))


def test_a_simulated_two_node_cluster_runs_one_actor_per_node(warcs, tmp_path):
    from ray.cluster_utils import Cluster

    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 1})
    try:
        cluster.add_node(num_cpus=1)
        ray.init(address=cluster.address, include_dashboard=False, log_to_driver=False)
        report = batch.run(warcs, tmp_path / "out", fast_settings(engine="ray", workers=2))
        assert ray.is_initialized()  # a cluster the caller started is left to the caller
        assert report.count("done") == 4 and sorted(_keys(tmp_path / "out")) == sorted(set(_keys(tmp_path / "out")))
        assert len({r.worker.split(":")[0] for r in report.shards}) == 2  # two nodes did the work
    finally:
        ray.shutdown()
        cluster.shutdown()


def test_an_actor_killed_mid_shard_is_replaced_and_its_shard_retried(tmp_path):
    paths = write_shards(tmp_path / "in", shards=3, per_shard=30, seed=2)
    out = tmp_path / "out"
    report, killed = run_killing_first_worker(lambda: batch.run(paths, out, fast_settings(engine="ray", workers=2, retries=2)), out)
    assert killed, "no actor was caught mid-shard"
    by_name = {r.name: r for r in report.shards}
    assert by_name[killed[0][0]].attempts == 2 and by_name[killed[0][0]].status == "done"
    assert report.count("done") == 3 and report.articles == 90
    keys = _keys(out)
    assert len(keys) == len(set(keys)) == 90
    assert not list((out / "shards").glob(".*.tmp"))
