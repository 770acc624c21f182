"""``merge``: the finished shards of a batch into one archive, by one writer, in time order.

The shards' articles are read together in time order (each shard is sorted; a heap merges them a
batch of rows at a time, so memory holds a few hundred rows per shard, never the whole batch) and
fed to :meth:`lagebild.Ingest.feed` — the store path of ``lagebild ingest``, which stores each
article once (by URL, else content hash), links it to its near-duplicates and its story as each
batch commits, and records the run (``lagebild runs``). What the workers computed for linking —
each article's story embedding, its story features and near-duplicate fingerprint — is handed to
the run with the article (:meth:`lagebild.Ingest.given`), so the writer neither runs the encoder
nor reads the text again; only the look-ups against the archive are left to it. So are the
article's full-text index terms, to an archive or index that takes them (``given_terms``:
PostgreSQL's batch writer, SQLite's FTS5 and tantivy indexes), when the shard's worker ran the
same term code as the writer. Into PostgreSQL, each committed batch can be linked by a second process
while this one stores the next (:mod:`.linker`, opt-in: ``link_aside``): the same links, on both cores.

Only shards with their completion marker and a file that matches it are merged; every other
is refused with one line before anything is stored (:func:`.files.finished`). The records that
failed in the batch stay in the shards (and were reported by ``batch``): merging twice must not
store them twice. Merging the same directory again stores nothing again: every article is a duplicate.
"""

from __future__ import annotations

import contextlib
import heapq
import json
import math
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ..model import Article, article_from_dict
from ..settings import Settings
from . import files
from .collector import FULL_PASSES_EVERY, rare_full_collections  # noqa: F401 - FULL_PASSES_EVERY: as before, read here
from .linker import linking, refuse_bootstrapping


BATCH = 500  # articles per commit: larger batches share the per-batch statements of storing and linking
# see merge(): off unless asked for (1.05-1.25x wall, CPU unchanged, a second process to keep alive)
LINK_ASIDE = os.environ.get("LAGEBILD_MERGE_LINK_ASIDE", "0") not in ("", "0")


@dataclass(slots=True)
class MergeReport:
    """The ingest report of the merge, plus what the shards brought and which were refused."""

    ingest: object  # lagebild.archive.IngestReport
    shards: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)
    batch_failures: int = 0  # records that failed in the batch (in the shards, not stored)


def merge(archive, out: str | os.PathLike, settings: Settings | None = None, *,
          progress: Callable | None = None, link_aside: bool | None = None) -> MergeReport:
    """Store the finished shards under ``out`` in ``archive`` (see the module's doc). ``link_aside``:
    an archive that can (PostgreSQL) links each batch in a second process while this one stores the
    next (:mod:`.linker`: the same links, on both cores; 1.05-1.25x wall on all shared extraction pages on a
    loaded 2-core machine, docs/benchmarks.md, issue 18, m18f); False links them here, in turn.
    Default :data:`LINK_ASIDE` (off; ``LAGEBILD_MERGE_LINK_ASIDE=1`` turns it on). The second process is
    started by ``spawn``: a script calling ``merge`` with it needs an ``if __name__ == "__main__":`` guard
    (in a process that is itself a child, it links in turn)."""
    from .._ingest import Ingest

    refuse_bootstrapping()
    settings = Settings.from_dict((settings or Settings()).to_dict())
    settings.ingest.workers = 1  # the items are articles already: nothing for worker processes to do
    ready, refused = files.finished(out)
    made = {(s.marker.get("embedder"), s.marker.get("embed_chars")) for s in ready}
    if len(made) == 1:  # link with the embeddings the batch made (none after `batch --no-enrich`)
        settings.stories.embedder, settings.stories.embed_chars = made.pop()
    run = Ingest(archive, settings, command="merge", inputs=os.fspath(out))
    run.link_unlinked()  # what an interrupted merge stored but never linked
    expected = sum(int(s.marker.get("articles", 0)) for s in ready)
    aside = LINK_ASIDE if link_aside is None else link_aside
    # PostgreSQL: indexes rebuilt after a large load; batches linked by a second process when asked (.linker)
    with archive.loading(expected), rare_full_collections(), \
            linking(archive, run) if aside and expected else contextlib.nullcontext():
        taker = _term_taker(archive)
        try:
            run.feed(_articles(ready, settings, run, taker.given_terms if taker else None,
                               getattr(taker, "takes_tsvectors", False)), progress,
                     batch_size=BATCH)
        finally:
            if taker is not None:
                taker.drop_given_terms()  # what a failed run was given and never stored
    report = MergeReport(run.report, len(ready), [(f.input, f.reason) for f in refused],
                         sum(int(s.marker.get("failures", 0)) for s in ready))
    run.close({"shards": report.shards, "refused shards": len(report.refused)})
    return report


def _term_taker(archive):
    """What takes the workers' index terms: the archive (PostgreSQL's batch writer) or its index
    (SQLite's FTS5 and tantivy: :mod:`lagebild.archive.fulltext.given`), or None."""
    for taker in (archive, getattr(archive, "index", None)):
        if callable(getattr(taker, "given_terms", None)):
            return taker
    return None


def _articles(ready: list[files.Finished], settings: Settings, run, give_terms: Callable | None = None,
              literals: bool = False) -> Iterator[Article]:
    """Every article of ``ready``, oldest first (undated last), each given to ``run`` with the
    parts of its linking its worker computed under the same settings, and to ``give_terms`` (see
    :func:`_term_taker`) with the full-text index terms its worker
    computed with the same term code (the marker's ``terms``: :func:`.store.textnorm_fingerprint`) —
    with ``literals``, also the tsvector literal of those terms its worker wrote with the same
    code (the marker's ``tsvector``: :func:`..archive.pg.fulltext.tsvector_fingerprint`)."""
    from ..archive.pg.fulltext import tsvector_fingerprint
    from ..archive.store import textnorm_fingerprint

    dedup = settings.to_dict()["stories"]["dedup"]
    fingerprint = textnorm_fingerprint() if give_terms is not None else None
    streams = []
    for number, shard in enumerate(ready):
        vectors = (shard.marker.get("embedder") == settings.stories.embedder
                   and shard.marker.get("embed_chars") == settings.stories.embed_chars)
        terms = fingerprint is not None and shard.marker.get("terms") == fingerprint
        literal = terms and literals and shard.marker.get("tsvector") == tsvector_fingerprint()
        streams.append(_stream(shard, number, vectors, shard.marker.get("dedup") == dedup, terms, literal))
    for _order, article, parts, terms, literal in read_ahead(heapq.merge(*streams, key=lambda x: x[0]), BATCH):
        if parts:
            run.given(article, **parts)
        if literal is not None:
            give_terms(article, terms, tsvector=literal)
        elif terms is not None:
            give_terms(article, terms)
        yield article


class _End:
    def __init__(self, error: BaseException | None = None) -> None:
        self.error = error


def read_ahead(items: Iterator, depth: int) -> Iterator:
    """``items`` in their order, read by a thread up to ``depth`` ahead. Reading a shard's row (JSON
    decoding, the article's objects: ~0.5 ms per real article) is Python work that holds the GIL, so
    it gains nothing while the writer computes; but the writer waits for the server most of a batch
    (COPY, identities' round trips, with psycopg letting go of the GIL), and the next batch is read
    in those waits. An error while reading is raised here, in the reader's place; stopping early
    (the consumer fails) stops the thread and closes ``items``."""
    import queue
    import threading

    ahead: queue.Queue = queue.Queue(max(1, depth))
    stop = threading.Event()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                ahead.put(item, timeout=0.1)
                return True
            except queue.Full:
                pass
        return False

    def read() -> None:
        try:
            for item in items:
                if not put(item):
                    return
            put(_End())
        except BaseException as exc:  # handed to the consumer, which raises it
            put(_End(exc))
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()

    thread = threading.Thread(target=read, name="lagebild-merge-read", daemon=True)
    thread.start()
    try:
        while True:
            item = ahead.get()
            if isinstance(item, _End):
                if item.error is not None:
                    raise item.error
                return
            yield item
    finally:
        stop.set()
        thread.join()


def _stream(shard: files.Finished, number: int, vectors: bool, prepared: bool, terms: bool,
            literal: bool = False) -> Iterator[tuple]:
    import numpy as np

    for row_number, row in enumerate(files.rows(shard)):
        if row["kind"] != "article":
            return  # failures follow the articles
        article = article_from_dict(json.loads(row["article"]))
        parts: dict = {}
        if vectors and (row["vector"] is not None or not row["text"]):  # no text: nothing to embed, None is right
            parts["vector"] = None if row["vector"] is None else np.asarray(row["vector"], dtype=np.float32)
        if prepared and row["features"] is not None:
            parts["prepared"] = files.prepared_of(row)
        time = row["time"] if row["time"] is not None else math.inf
        given = files.terms_of(row) if terms else None
        yield ((time, row["key"], number, row_number), article, parts, given,
               row.get("tsvector") if literal and given is not None else None)


__all__ = ["MergeReport", "merge", "rare_full_collections", "read_ahead"]
