"""One shard, start to end, in whichever worker an engine runs it: the pipeline of ``ingest``.

:func:`process_shard` reads the shard's pages and sends them, a chunk at a time, through
:func:`lagebild._pool.process_chunk` — the very function ``lagebild ingest``'s workers run: extract,
enrich the chunk together, story embeddings in one batch — adds what the story stage reads of each
article alone (:func:`lagebild.stories.prepare`: features, near-duplicate fingerprint) and its
full-text index terms (:func:`lagebild.archive.store.term_columns`, with the fingerprint of the
code that made them in the marker: a merge by other code computes them again), and writes it all
as the shard's Parquet file (:mod:`.files`). Nothing is linked or stored here: that is ``merge``'s, in one writer.

A worker loads its models on its first chunk and keeps them for every shard it runs (the
encoder and NER are process-wide singletons); :func:`start_worker` is the engines' worker
initialiser. Each shard starts with fresh scraped-text line statistics, so its rows depend on
the shard alone, never on which shards its worker ran before: one worker or eight, the same files.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice

from .._pool import trim_heap
from ..errors import LagebildError
from ..model import Article, Failure
from ..settings import Settings
from . import files
from .shards import Shard, pages


@dataclass(slots=True)
class ShardResult:
    """What became of one shard: ``done`` (written now), ``skipped`` (finished by an earlier run)
    or ``failed`` (``reason``; nothing of it was written)."""

    name: str
    status: str
    articles: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # records that failed: (input, reason)
    components: dict[str, int] = field(default_factory=dict)  # enrich component failures by reason
    reason: str = ""
    seconds: float = 0.0
    cpu: float = 0.0  # CPU seconds of the worker process on it
    worker: str = ""  # host:pid (Ray: node:pid) that ran it
    attempts: int = 1
    started: float = 0.0  # when its worker began it (Unix time): with ``seconds``, a run's timeline per worker


class ShardError(LagebildError):
    """The shard as a whole cannot be used (its WARC is cut or corrupt, its file is gone)."""


_worker: dict = {}


def start_worker(settings: dict, threads: int) -> None:
    """Engine worker initialiser: the settings once, and one torch thread per process."""
    from .._pool import limit_heap, set_threads

    set_threads(threads)
    _worker["settings"] = Settings.from_dict(settings)
    limit_heap(_worker["settings"].ingest.mmap_threshold)  # as the ingest's workers (0: glibc's own)


def worker_name() -> str:
    return f"{os.uname().nodename}:{os.getpid()}"


def process_shard(shard: Shard, out: str, settings: Settings | None = None) -> ShardResult:
    """Process ``shard`` and write it under ``out``; a failure of the shard as a whole is its
    result (one line), never an exception: the engine goes on with the other shards."""
    from ..archive.pg.fulltext import tsvector_fingerprint
    from ..archive.store import textnorm_fingerprint

    settings = settings or _worker.get("settings") or Settings()
    began, started, cpu = time.time(), time.monotonic(), time.process_time()
    files.shard_dir(out).mkdir(parents=True, exist_ok=True)
    files.clear_temps(out, shard.name)
    files.temp_path(out, shard.name).touch()  # this process is on it (an operator can see who)
    try:
        rows, failures, components = _rows(shard, settings)
        articles = sum(r["kind"] == "article" for r in rows)
        marker = {"shard": shard.name, "paths": list(shard.paths), "start": shard.start, "count": shard.count,
                  "articles": articles, "failures": len(failures),
                  "reasons": dict(Counter(reason for _, reason in failures)), "components": dict(components),
                  "embedder": settings.stories.embedder, "embed_chars": settings.stories.embed_chars,
                  "dedup": settings.to_dict()["stories"]["dedup"], "terms": textnorm_fingerprint(),
                  "tsvector": tsvector_fingerprint(),
                  "seconds": round(time.monotonic() - started, 3), "cpu": round(time.process_time() - cpu, 3),
                  "worker": worker_name(), "started": round(began, 3)}
        files.write(out, shard.name, rows, marker)
    except Exception as exc:  # noqa: BLE001 - one shard's failure, in one line; the run goes on
        files.clear_temps(out, shard.name)
        reason = str(exc) if isinstance(exc, ShardError) else f"{type(exc).__name__}: {exc}"
        return ShardResult(shard.name, "failed", reason=" ".join(reason.split())[:300],
                           seconds=time.monotonic() - started, worker=worker_name(), started=began)
    finally:
        trim_heap()  # the shard's rows and batches are gone: a worker waiting for the next keeps less
    return ShardResult(shard.name, "done", articles, failures, dict(components), seconds=time.monotonic() - started,
                       cpu=time.process_time() - cpu, worker=worker_name(), started=began)


def _rows(shard: Shard, settings: Settings) -> tuple[list[dict], list[tuple[str, str]], Counter]:
    from .._pool import process_chunk
    from ..archive.pg.fulltext import tsvector
    from ..archive.store import term_columns
    from ..extract import CorpusStats
    from ..stories import prepare
    from ..stories.features import parse_time

    corpus = CorpusStats()  # per shard, not per worker: a shard's rows never depend on its worker's past
    rows: list[dict] = []
    failures: list[tuple[str, str]] = []
    components: Counter[str] = Counter()
    for chunk in _chunks(pages(shard, settings.sources), settings.ingest.chunk):
        done, counts = process_chunk(chunk, settings, corpus)
        components.update(counts)
        for item, text, vector in done:
            if isinstance(item, Failure):
                if shard.container and item.input in shard.paths:  # the file itself, not one of its records
                    raise ShardError(f"{item.input}: {item.reason}")
                failures.append((item.input, item.reason))
                rows.append(files.failure_row(item))
            elif isinstance(item, Article):
                when = parse_time(item.published) or parse_time(item.modified)
                terms = term_columns(item.title, item.lead, item.text, item.language)
                # PostgreSQL's tsvector literal of the terms as well: ~0.5 ms here, taken off the merge's one writer
                rows.append(files.article_row(item, when, text, vector, prepare(item, settings.stories), terms,
                                              tsvector(*terms)))
    return rows, failures, components


def _chunks(items: Iterator, size: int) -> Iterator[list]:
    while chunk := list(islice(items, max(1, size))):
        yield chunk


def shard_of_marker(name: str, marker: dict) -> ShardResult:
    """The result of a shard an earlier run finished (read from its marker)."""
    return ShardResult(name, "skipped", marker.get("articles", 0), [], marker.get("components", {}),
                       seconds=marker.get("seconds", 0.0), cpu=marker.get("cpu", 0.0), worker=marker.get("worker", ""),
                       started=marker.get("started", 0.0))


__all__ = ["ShardError", "ShardResult", "process_shard", "start_worker"]
