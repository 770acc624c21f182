"""Batch: the pipeline of ``ingest`` over many shards on many workers, then one writer merges.

    report = lagebild.batch.run(["crawl/*.warc.gz"], "out/", settings)     # lagebild batch … --out out/
    with lagebild.open_archive("news.db") as archive:
        merged = lagebild.batch.merge(archive, "out/", settings)          # lagebild merge out/ --db news.db

:func:`run` plans shards (:mod:`.shards`), skips those an earlier run finished, and hands the
rest to an engine looked up in ``registry.engines`` — ``local`` (a process pool, :mod:`.local`)
or ``ray`` (an actor pool, :mod:`.on_ray`); an engine is one function
``(shards, out, settings) -> Iterator[ShardResult]``, given the shards largest first (the small ones
fill the end of the run, so no worker idles while another finishes a large one). Every worker runs :func:`.work.process_shard`:
extract, enrich and story embeddings through ``_pool.process_chunk``, the code ``ingest`` runs,
into one Parquet file per shard (:mod:`.files`). :func:`merge` (:mod:`.merge`) stores the finished
shards through :class:`lagebild.Ingest`, linking duplicates and stories in time order.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..settings import Settings
from .merge import MergeReport, merge
from .work import ShardResult


@dataclass(slots=True)
class BatchReport:
    """A batch run: every shard's result, and the inputs that named nothing."""

    shards: list[ShardResult] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.shards)

    @property
    def articles(self) -> int:
        """Articles written by this run (not those of skipped shards)."""
        return sum(r.articles for r in self.shards if r.status == "done")

    @property
    def failed_records(self) -> int:
        return sum(len(r.failures) for r in self.shards if r.status == "done")

    def reasons(self) -> Counter[str]:
        return Counter(reason for r in self.shards if r.status == "done" for _, reason in r.failures)

    @property
    def ok(self) -> bool:
        return not (self.count("failed") or self.failed_records or self.missing)


def run(inputs: Iterable[str | os.PathLike], out: str | os.PathLike, settings: Settings | None = None, *,
        on_shard: Callable[[ShardResult], None] | None = None) -> BatchReport:
    """Process ``inputs`` into shards under ``out`` on the engine ``settings.batch.engine`` names;
    shards finished by an earlier run are skipped. ``on_shard(result)`` is called as each ends."""
    from ..registry import registry
    from . import files
    from .shards import largest_first, plan
    from .work import shard_of_marker

    settings = settings or Settings()
    started = time.monotonic()
    engine = registry.engines.get(settings.batch.engine)
    out = os.fspath(out)
    shards, missing = plan([os.fspath(i) for i in inputs], settings.batch, settings.sources)
    files.shard_dir(out).mkdir(parents=True, exist_ok=True)
    report = BatchReport(missing=[(f.input, f.reason) for f in missing])
    todo = []
    for shard in shards:
        marker = files.is_finished(out, shard.name)
        if marker is None:
            todo.append(shard)
        else:
            report.shards.append(shard_of_marker(shard.name, marker))
            if on_shard:
                on_shard(report.shards[-1])
    for result in engine(largest_first(todo), out, settings) if todo else ():
        report.shards.append(result)
        if on_shard:
            on_shard(result)
    report.seconds = time.monotonic() - started
    return report


__all__ = ["BatchReport", "MergeReport", "ShardResult", "merge", "run"]
