"""Extract + enrich on every core: worker processes that each load the models once, one writer.

:func:`run` is :func:`lagebild.pipeline.run` for a stream: pages go to worker processes in chunks
(``IngestSettings.chunk``); a worker extracts them, enriches the articles together (NER tags the
chunk's sentences in shared length-sorted batches, :func:`lagebild.enrich.enrich_many`) and embeds
them for the story stage in one batch; the caller — the one process that writes the archive —
gets the articles back in input order, and the vectors go to its embedder
(:class:`lagebild.stories.embed.Remembering`), so the writer never runs the encoder itself.

Why processes: extraction (lxml, Python rules) holds the GIL, and torch in several threads
oversubscribes a small machine (``OMP_NUM_THREADS=1`` made ``--no-enrich`` 5.4x cheaper, issue 17),
so each process runs one torch thread (``IngestSettings.threads``). A short stream (fewer than
``pool_after`` pages: one article from ``watch`` or the web API, a test) stays in this process,
where it is processed the same way without the workers' start-up (a few seconds to load e5).

How workers start (:func:`worker_context`, ``IngestSettings.start``): on Linux, when this process
runs one thread, it loads the models once itself — by processing two small built-in pages, so that
whatever the configured components load lazily is loaded — and forks the workers after: the weights
are shared copy-on-write (one copy in memory and in the CPU caches, not one per worker) and no
worker pays the loading again. Elsewhere, or with threads running (a fork of a process with live
threads can deadlock in the child), workers are spawned and each loads its own models.

Memory: benchmarks/ingest.py and benchmarks/batch.py print every process's RSS and PSS (shared
pages counted once).
"""

from __future__ import annotations

import gc
import json
import logging
import multiprocessing
import os
import sys
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain, islice

from .heap import limit_heap, trim_heap, use_huge_pages
from .model import Article, Failure, Page, Skipped
from .settings import Settings

log = logging.getLogger("lagebild")

Item = Page | Article | Failure | Skipped
Done = tuple[Article | Failure | Skipped, str | None, object]  # the item, its story-embedding text, its vector


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def set_threads(n: int) -> None:
    """One process's torch/OpenMP thread count (before torch is imported, through the environment)."""
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[var] = str(n)
    import sys

    if "torch" in sys.modules:
        torch = sys.modules["torch"]
        if torch.get_num_threads() != n:
            torch.set_num_threads(n)
    if "numpy" in sys.modules:  # its BLAS read the environment when numpy was imported: set it directly
        try:
            from threadpoolctl import threadpool_limits
        except ImportError:  # pragma: no cover - a dependency; without it BLAS keeps its threads
            return
        # a story index's nearest-story product on a busy 2-core machine: 0.4 ms on one BLAS thread,
        # 8-18 ms on two spinning against the other processes (merge of 2,000 articles: 17 s of 64)
        threadpool_limits(n, user_api="blas")


def threads_running() -> int:
    """OS threads of this process (0 where that cannot be read: then the workers come from a fork server)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 0


def worker_context(settings: Settings):
    """The multiprocessing context worker processes start from, when ``settings.ingest.start`` is
    ``auto`` on Linux: ``fork`` after loading the models here (:func:`warm`) when this process runs
    one thread, before and after loading; else ``forkserver``, a fresh single-threaded process that
    loads the models once and forks the workers (the ingest writer, whose archive runs tantivy's
    threads). ``spawn`` elsewhere, or when asked: each worker loads its own models."""
    want = settings.ingest.start
    if want not in ("auto", "spawn"):
        from .errors import ConfigError

        raise ConfigError(f"ingest.start = {want!r}: choose auto or spawn")
    if want == "spawn" or not sys.platform.startswith("linux"):
        return multiprocessing.get_context("spawn")
    if threads_running() == 1:
        set_threads(max(1, settings.ingest.threads))
        warm(settings)
        if threads_running() == 1:
            gc.collect()
            trim_heap()
            gc.freeze()  # the loaded objects leave the collector's generations: its passes in a worker do not
            # touch (and so copy) the pages they live on
            return multiprocessing.get_context("fork")
        log.info("workers: %d threads after loading the models; a fork server starts them", threads_running())
    return _forkserver(settings)


_WARM_ENV = "LAGEBILD_FORKSERVER_WARM"


def release(context) -> None:
    """Once a pool is shut down: this process's objects go back to the collector (frozen for the
    fork), or the fork server :func:`worker_context` started is stopped — it holds a copy of the
    models, and a process that ingests again starts a fresh one."""
    if context.get_start_method() == "fork":
        gc.unfreeze()
    elif context.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        stop = getattr(forkserver._forkserver, "_stop", None)  # the standard library's own (tests') stop
        if stop is not None:
            stop()


def _forkserver(settings: Settings):
    """The ``forkserver`` context, its server started now with this module preloaded and the
    settings in its environment: on import there (the hook at the end of this module) it loads the
    models, so every worker it forks shares them. A server already running (a second pool in this
    process) is reused as it is: its models are loaded, or load lazily in the workers."""
    from multiprocessing import forkserver

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    os.environ[_WARM_ENV] = json.dumps({"settings": settings.to_dict(), "threads": max(1, settings.ingest.threads)})
    try:
        forkserver.ensure_running()
    finally:
        os.environ.pop(_WARM_ENV, None)  # only the server reads it: no other process of ours loads at import
    return context


_WARM_PAGES = (
    ("de", "Stadtrat beschließt neue Brücke über die Saale",
     "Halle. Der Stadtrat von Halle hat am Dienstag mit großer Mehrheit den Bau einer neuen Brücke über die Saale "
     "beschlossen. Oberbürgermeisterin Katrin Vogt sagte nach der Sitzung: „Die Brücke verbindet zwei Stadtteile, "
     "die viel zu lange getrennt waren.“ Die Deutsche Bahn und das Land Sachsen-Anhalt beteiligen sich an den "
     "Kosten von 48 Millionen Euro. Kritik kam von der Opposition, die eine Sanierung der alten Brücke gefordert "
     "hatte. Die Arbeiten sollen im Frühjahr beginnen und zwei Jahre dauern, teilte die Stadtverwaltung mit."),
    ("en", "Port authority approves new ferry terminal in Aberdeen",
     "Aberdeen. The harbour board approved plans for a new ferry terminal on Thursday after a two-hour debate. "
     "\"This terminal will carry passengers to Orkney and Shetland for the next forty years,\" chief executive "
     "Fiona Grant told reporters. The Scottish Government will pay half of the £60 million cost, and the work "
     "is due to start in March. Local residents had objected to the extra traffic on the coast road, and the "
     "council promised a study of the junction near the railway station."),
)


def warm(settings: Settings) -> None:
    """Load in this process what a worker loads on its first pages (the encoder, NER, the
    gazetteers, the extraction models — whatever ``settings`` enables): two built-in pages, one
    German and one English, go through :func:`process_chunk` and the result is dropped. Models are
    pure functions of their input, so a warmed process and a cold one give the same output."""
    from .extract import CorpusStats
    from .model import Origin

    use_huge_pages()  # before the models' first large tensor: torch reads it once
    pages = []
    for lang, title, text in _WARM_PAGES:
        body = "".join(f"<p>{part}.</p>" for part in text.split(". "))
        # the English page names no language: the language detector loads too
        tag = " lang=de" if lang == "de" else ""
        html = (f"<!doctype html><html{tag}><head><meta charset='utf-8'><title>{title}</title></head>"
                f"<body><article><h1>{title}</h1>{body}</article></body></html>")
        pages.append(Page(content=html.encode(), kind="html", origin=Origin(path=f"warm-up-{lang}.html")))
    try:
        process_chunk(pages, settings, CorpusStats())
    except Exception as exc:  # noqa: BLE001 - the workers load lazily and report per page what fails here
        log.warning("workers: loading the models before starting them failed (%s: %s)", type(exc).__name__, exc)
    from .extract.metadata import load_date_parser

    load_date_parser()  # what the two pages do not reach: htmldate's dateparser, on a page without dates


def run(pages: Iterable[Item], settings: Settings | None = None, *,
        failures: Counter[str] | None = None) -> Iterator[Article | Failure | Skipped]:
    """Extract and enrich ``pages`` (articles, failures and skipped records pass through), in input order, on
    ``settings.ingest.workers`` processes; enrich component failures are counted in ``failures``."""
    settings = settings or Settings()
    conf = settings.ingest
    workers = conf.workers or usable_cores()
    set_threads(max(1, conf.threads))
    stream = iter(pages)
    head = list(islice(stream, conf.pool_after))
    if workers <= 1 or len(head) < conf.pool_after:
        done = _in_process(chain(head, stream), settings, failures)
    else:
        done = _in_workers(chain(head, stream), settings, failures, workers)
    embedder = _embedder(settings)
    for item, text, vector in done:
        if embedder is not None and text is not None and vector is not None:
            embedder.remember(text, vector)
        yield item


def _chunks(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    while chunk := list(islice(items, max(1, size))):
        yield chunk


def _in_process(items: Iterator[Item], settings: Settings, failures: Counter[str] | None) -> Iterator[Done]:
    from .extract import CorpusStats

    corpus = CorpusStats()
    for chunk in _chunks(items, settings.ingest.chunk):
        done, counts = process_chunk(chunk, settings, corpus)
        if failures is not None:
            failures.update(counts)
        yield from done


def _in_workers(items: Iterator[Item], settings: Settings, failures: Counter[str] | None,
                workers: int) -> Iterator[Done]:
    """Chunks to the workers, at most two per worker in flight (a backfill is never read ahead
    whole); a worker that dies fails its chunks by name and the pool is started afresh."""
    context = worker_context(settings)
    args = (settings.to_dict(), max(1, settings.ingest.threads))
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=args)
    pending: deque = deque()
    try:
        for chunk in _chunks(items, settings.ingest.chunk):
            try:
                future = pool.submit(_work, chunk)
            except BrokenProcessPool:  # a worker died: its chunks fail by name, a fresh pool goes on
                while pending:
                    yield from _collect(*pending.popleft(), failures)
                pool.shutdown(cancel_futures=True)
                release(context)
                context = worker_context(settings)
                pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=args)
                future = pool.submit(_work, chunk)
            pending.append((chunk, future))
            while len(pending) > 2 * workers:
                yield from _collect(*pending.popleft(), failures)
        while pending:
            yield from _collect(*pending.popleft(), failures)
    finally:
        pool.shutdown(cancel_futures=True)
        release(context)


def _collect(chunk: list[Item], future, failures: Counter[str] | None) -> Iterator[Done]:
    try:
        done, counts = future.result()
    except BrokenProcessPool:
        done, counts = [(_failed(item, "worker process died"), None, None) for item in chunk], {}
    except Exception as exc:  # noqa: BLE001 - a chunk's bug fails its pages, never the run
        reason = f"worker failed: {type(exc).__name__}: {exc}"
        done, counts = [(_failed(item, reason), None, None) for item in chunk], {}
    if failures is not None:
        failures.update(counts)
    yield from done


def _failed(item: Item, reason: str) -> Article | Failure | Skipped:
    if isinstance(item, Page):
        return Failure(item.origin.label(), reason)
    return item  # articles, failures and skipped records were never the workers' to lose


_worker: dict = {}  # a worker process's settings and scraped-text line statistics


def _start_worker(settings: dict, threads: int) -> None:
    from .extract import CorpusStats

    set_threads(threads)
    use_huge_pages()  # a spawned worker loads its own models (a forked one inherits the setting)
    _worker.update(settings=Settings.from_dict(settings), corpus=CorpusStats())
    limit_heap(_worker["settings"].ingest.mmap_threshold)


def _work(chunk: list[Item]) -> tuple[list[Done], dict[str, int]]:
    try:
        done, counts = process_chunk(chunk, _worker["settings"], _worker["corpus"])
        return done, dict(counts)
    finally:
        trim_heap()


def process_chunk(chunk: list[Item], settings: Settings, corpus=None) -> tuple[list[Done], Counter[str]]:
    """Extract the chunk's pages, enrich their articles together and compute their story
    embeddings in one batch; articles, failures and skipped records given pass through unenriched
    and unembedded."""
    from .enrich import enrich_many
    from .pipeline import run as extract_only

    counts: Counter[str] = Counter()
    out = list(extract_only(chunk, settings, enrich=False, corpus=corpus))  # one result per item, in order
    fresh = [i for i, (item, res) in enumerate(zip(chunk, out)) if isinstance(item, Page) and isinstance(res, Article)]
    if fresh and settings.enrich.pipeline:
        enrich_many([out[i] for i in fresh], settings.enrich, failures=counts)
    texts: list[str | None] = [None] * len(out)
    vectors: list = [None] * len(out)
    embedder = _embedder(settings)
    if embedder is not None:
        # only articles made here: one given as an article may be stored inside the caller's write
        # transaction (Ingest.store), where the embedding must not run; linking computes it outside
        made = set(fresh)
        texts = [_embed_text(out[i], settings) if i in made else None for i in range(len(out))]
        wanted = [i for i, t in enumerate(texts) if t]
        try:
            for i, v in zip(wanted, embedder.model([texts[i] for i in wanted]) if wanted else []):
                vectors[i] = v
        except Exception as exc:  # noqa: BLE001 - the writer embeds what is missing, and reports it
            log.warning("worker: story embeddings failed (%s); the writer computes them", exc)
    return list(zip(out, texts, vectors)), counts


def _embedder(settings: Settings):
    from .stories import embed

    return embed.get(settings.stories.embedder)


def _embed_text(article: Article, settings: Settings) -> str:
    from .stories import embed, features

    return embed.embed_text(article.title, features.article_text(article), settings.stories.embed_chars)


__all__ = ["process_chunk", "release", "run", "set_threads", "usable_cores", "warm", "worker_context"]


if os.environ.get(_WARM_ENV):  # this process is the fork server of _forkserver: load the models for its workers
    _spec = json.loads(os.environ.pop(_WARM_ENV))
    _settings = Settings.from_dict(_spec["settings"])
    set_threads(_spec["threads"])
    limit_heap(_settings.ingest.mmap_threshold)
    warm(_settings)
    gc.collect()
    trim_heap()
    gc.freeze()
