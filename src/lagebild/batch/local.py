"""The ``local`` engine: shards on a pool of worker processes on this machine (the default).

Each worker process starts once (:func:`.work.start_worker`), loads its models on its first shard
and keeps them for the next. A worker that dies (killed, out of memory) breaks the pool: the
shards it and its peers were running are tried again on a fresh pool, up to
``BatchSettings.retries`` times, and what they had half-written is discarded (a shard is only
ever renamed into place whole). Workers are forked after this process loaded the models once where
that is safe, else spawned (:func:`lagebild._pool.worker_context`, ``IngestSettings.start``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from ..settings import Settings
from .shards import Shard
from .work import ShardResult, process_shard, start_worker


def run(shards: list[Shard], out: str, settings: Settings) -> Iterator[ShardResult]:
    """Every shard's result, in the order they finish."""
    from .._pool import release, usable_cores, worker_context

    conf = settings.batch
    workers = max(1, min(conf.workers or usable_cores(), len(shards)))
    args = (settings.to_dict(), max(1, settings.ingest.threads))
    contexts: list = []

    def new_pool() -> ProcessPoolExecutor:
        contexts.append(worker_context(settings))  # loads the models once, where workers are forked
        return ProcessPoolExecutor(workers, mp_context=contexts[-1], initializer=start_worker, initargs=args)

    queue: deque[tuple[Shard, int]] = deque((s, 1) for s in shards)
    pending: dict = {}
    pool = new_pool()
    try:
        while queue or pending:
            while queue and len(pending) < workers:
                shard, attempt = queue.popleft()
                pending[pool.submit(process_shard, shard, out)] = (shard, attempt)
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                shard, attempt = pending.pop(future)
                try:
                    result = future.result()
                except BrokenProcessPool:
                    broken = True
                    yield from _again(queue, shard, attempt, conf.retries)
                    continue
                except Exception as exc:  # noqa: BLE001 - e.g. a shard that cannot be sent to a worker
                    result = ShardResult(shard.name, "failed", reason=f"worker failed: {type(exc).__name__}: {exc}")
                result.attempts = attempt
                yield result
            if broken:  # every shard in flight on the broken pool is lost with it: try them again
                for shard, attempt in pending.values():
                    yield from _again(queue, shard, attempt, conf.retries)
                pending.clear()
                pool.shutdown(wait=True, cancel_futures=True)
                release(contexts[-1])
                pool = new_pool()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        release(contexts[-1])


def _again(queue: deque, shard: Shard, attempt: int, retries: int) -> Iterator[ShardResult]:
    """Queue ``shard`` for another try, or fail it once its tries are used up."""
    if attempt > retries:
        yield ShardResult(shard.name, "failed", reason=f"its worker process died {attempt} times", attempts=attempt)
    else:
        queue.appendleft((shard, attempt + 1))


__all__ = ["run"]
