"""The ``ray`` engine: shards on a pool of Ray actors, on this machine or a Ray cluster.

Each actor is one worker process holding the models (loaded on its first shard); the driver
hands every idle actor the next shard and collects results as they finish. An actor that dies —
its process killed, its node lost — is replaced and its shard tried again (up to
``BatchSettings.retries`` times); a shard is only ever renamed into place whole, so a retry
never leaves half a shard behind. ``OUT`` must be a path every node sees (a shared file system).

Without ``ray_address`` (and when Ray is not already initialised) Ray is started here with as
many CPUs as there are workers, at least the usable cores — on a 2-core machine Ray's default
leaves an actor pool waiting for a CPU that never frees — and shut down at the end. An existing
cluster (``ray_address``, or ``ray.init`` called by the caller) is used as it is and left running.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from ..errors import ConfigError
from ..settings import Settings
from .shards import Shard
from .work import ShardResult, process_shard, start_worker, worker_name


class ShardWorker:
    """One Ray actor: the settings once, then one shard per call."""

    def __init__(self, settings: dict, threads: int) -> None:
        start_worker(settings, threads)

    def process(self, shard: Shard, out: str) -> ShardResult:
        import ray

        result = process_shard(shard, out)
        result.worker = f"{ray.get_runtime_context().get_node_id()[:12]}:{worker_name().rpartition(':')[2]}"
        return result


def run(shards: list[Shard], out: str, settings: Settings) -> Iterator[ShardResult]:
    """Every shard's result, in the order they finish."""
    try:
        import ray
        from ray.exceptions import RayActorError
    except ImportError:
        raise ConfigError("batch engine 'ray' needs Ray: pip install 'lagebild[ray]'") from None
    from .._pool import usable_cores

    conf = settings.batch
    own = not ray.is_initialized()
    if own:
        local = not conf.ray_address
        ray.init(address=conf.ray_address or None, include_dashboard=False, log_to_driver=False,
                 num_cpus=max(usable_cores(), conf.workers) if local else None)
    actor_class = ray.remote(num_cpus=conf.ray_cpus, max_restarts=0)(ShardWorker)
    args = (settings.to_dict(), max(1, settings.ingest.threads))
    cluster_cpus = ray.cluster_resources().get("CPU", 1.0)
    workers = max(1, min(conf.workers or int(cluster_cpus // max(conf.ray_cpus, 0.01)), len(shards)))
    actors = [actor_class.remote(*args) for _ in range(workers)]
    idle = list(actors)
    queue: deque[tuple[Shard, int]] = deque((s, 1) for s in shards)
    pending: dict = {}
    try:
        while queue or pending:
            while queue and idle:
                actor = idle.pop()
                shard, attempt = queue.popleft()
                pending[actor.process.remote(shard, out)] = (actor, shard, attempt)
            ready, _ = ray.wait(list(pending), num_returns=1)
            for ref in ready:
                actor, shard, attempt = pending.pop(ref)
                try:
                    result = ray.get(ref)
                except RayActorError:  # the actor (or its node) died: a fresh one takes its place
                    ray.kill(actor)
                    fresh = actor_class.remote(*args)
                    actors.append(fresh)
                    idle.append(fresh)
                    if attempt > conf.retries:
                        yield ShardResult(shard.name, "failed", reason=f"its Ray worker died {attempt} times",
                                          attempts=attempt)
                    else:
                        queue.appendleft((shard, attempt + 1))
                    continue
                except Exception as exc:  # noqa: BLE001 - a shard Ray could not run is that shard's failure
                    idle.append(actor)
                    reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
                    result = ShardResult(shard.name, "failed", reason=f"Ray task failed: {reason}")
                else:
                    idle.append(actor)
                result.attempts = attempt
                yield result
    finally:
        for actor in actors:
            ray.kill(actor)
        if own:
            ray.shutdown()


__all__ = ["ShardWorker", "run"]
