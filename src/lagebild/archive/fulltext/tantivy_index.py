"""The tantivy index: a folder next to the archive file (``news.db.tantivy/``; in RAM for ``:memory:``).

It holds no text, only postings (with positions, for phrases) and the fast fields that sort, filter
and count: the archive file keeps the articles, so nothing is stored twice. Documents are replaced
by article id, which makes applying the outbox idempotent. The outbox is applied after the store's
commit — at once, or during a bulk ingest (:meth:`TantivyIndex.deferred`) once a second or per
2,000 articles, and always before this process reads — each batch in a write transaction that deletes the applied rows only
after tantivy's commit (see :mod:`.outbox`).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import tantivy
from tantivy import Order

from ...errors import ArchiveError
from ...query import Filters, Node
from ...textnorm import fold
from ..search import entity_ids
from ..store import unpack_text
from . import bigrams, outbox
from .committing import BULK_ROWS, Committing
from .given import TakesGivenTerms
from .tantivy_query import TEXT_FIELDS, Compiler, epoch, pair_field
from .terms import clear as _clear_terms, token_text

SCHEMA_VERSION = "4"  # 3: pair fields for phrases of common words (.bigrams); 4: without positions
POSITIONAL_VERSION = "2"  # an index built before them: answered by positions until `lagebild reindex`
_SYNC_EVERY = 2000  # queued articles that trigger a sync right after a commit
_SYNC_SECONDS = 1.0
_BATCH = 5000
_FACET_FIELDS = {"section": "section_raw", "language": "lang", "source": "source", "month": "month"}


def _schema(pairs: bool = True) -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_integer_field("id", indexed=True, fast=True)  # i64: delete_documents_by_term takes no u64
    b.add_unsigned_field("order", fast=True)  # published (UTC seconds) << 32 | id: newest first, ties by id
    b.add_integer_field("published", indexed=True, fast=True)
    for name, _ in TEXT_FIELDS:
        b.add_text_field(name, tokenizer_name="whitespace", index_option="position")
    b.add_text_field("author", tokenizer_name="whitespace", index_option="position")
    for name in ("section", "source_keys", "publisher", "entity", "mention"):
        b.add_text_field(name, tokenizer_name="raw", index_option="basic")
    for name in ("section_raw", "lang", "source", "month"):
        b.add_text_field(name, tokenizer_name="raw", index_option="basic", fast=True)
    for name, _ in TEXT_FIELDS if pairs else ():  # last: the other fields keep their numbers
        b.add_text_field(pair_field(name), tokenizer_name="whitespace", index_option="freq")  # no positions: .bigrams
    return b.build()


def _source_keys(host: str) -> list[str]:
    """What ``source:`` may name of a host: itself, a parent domain (a.b.c -> b.c, c), a leading part (a, a.b)."""
    labels = host.split(".")
    return sorted({host} | {".".join(labels[i:]) for i in range(1, len(labels))}
                  | {".".join(labels[:i]) for i in range(1, len(labels))})


def documents(conn, ids: list[int], common: frozenset[str] | None = None,
              ready: dict | None = None) -> list[tantivy.Document]:
    """The index documents of the stored articles among ``ids`` (with pair fields when ``common``);
    ``ready``: terms computed ahead (:meth:`TantivyIndex.prepared`), taken out for these ids and used
    where the row is still theirs."""
    if not ids:
        return []
    marks = ", ".join("?" * len(ids))
    ents: dict[int, list[str]] = {}
    for aid, eid in conn.execute(f"SELECT article_id, entity_id FROM article_entities WHERE article_id IN ({marks})",
                                 ids):
        ents.setdefault(aid, []).append(eid)
    ments: dict[int, set[str]] = {}
    for aid, text in conn.execute(f"SELECT article_id, text_folded FROM mentions WHERE article_id IN ({marks})", ids):
        ments.setdefault(aid, set()).add(text)
    docs = []
    for row in conn.execute(
            "SELECT id, title, lead, text, language, section, source, publisher, authors_folded, published_utc"
            f" FROM articles WHERE id IN ({marks})", ids):
        aid, title, lead, text, lang, section, source, publisher, authors, published = row
        early = ready.pop(aid, None) if ready else None
        pairs = None
        if early is not None and early[0] == (title, lead, text, lang):
            terms = early[1][:3]
            pairs = early[1][3:] if early[2] is not None and early[2] is common else None  # for this list only
        else:
            text = unpack_text(text)  # stored compressed (archive/store.py)
            terms = [token_text(value, lang) for value in (title, lead, text)]
        doc = tantivy.Document()
        doc.add_integer("id", aid)
        seconds = epoch(published) if published else None
        high = min(max(seconds + 2**31, 1), 2**32 - 1) if seconds is not None else 0
        doc.add_unsigned("order", (high << 32) | aid)
        if seconds is not None:
            doc.add_integer("published", seconds)
            doc.add_text("month", published[:7])
        for k, ((name, _), tokens) in enumerate(zip(TEXT_FIELDS, terms)):
            doc.add_text(name, tokens)
            if common:
                doc.add_text(pair_field(name), pairs[k] if pairs else bigrams.pair_text(tokens, common))
        if authors:
            doc.add_text("author", authors)
        if section:
            doc.add_text("section", fold(section))
            doc.add_text("section_raw", section)
        if lang:
            doc.add_text("lang", lang.lower())
        if source:
            doc.add_text("source", source)
            for key in _source_keys(source):
                doc.add_text("source_keys", key)
        if publisher:
            doc.add_text("publisher", fold(publisher))
        for eid in ents.get(aid, ()):
            doc.add_text("entity", eid)
        for text_folded in ments.get(aid, ()):
            doc.add_text("mention", text_folded)
        docs.append(doc)
    if ready:
        for aid in ids:  # gone from the store meanwhile
            ready.pop(aid, None)
    return docs


def _recorded(conn) -> tuple[str | None, frozenset[str] | None]:
    """The index's recorded format version, and the common tokens of its pair fields (None: none)."""
    version, common = bigrams.recorded(conn)
    return version, common if version == SCHEMA_VERSION else None


class TantivyIndex(TakesGivenTerms):
    name = "tantivy"

    def __init__(self, archive) -> None:
        self.path = archive.path
        self.folder: Path | None = None if str(archive.path) == ":memory:" else Path(f"{archive.path}.tantivy")
        conn = archive.conn
        version, common = _recorded(conn)
        stale = version not in (SCHEMA_VERSION, POSITIONAL_VERSION)
        fresh = stale or self.folder is None or not (self.folder / "meta.json").exists()
        if archive.readonly and fresh:
            raise ArchiveError(f"{archive.path}: its tantivy index is missing or outdated;"
                               " run `lagebild reindex` with write access")
        self._open(bigrams.common_tokens() if fresh else common, wipe=stale)  # built now: with pair fields
        self._last_sync = 0.0
        self._syncing = False
        self._deferred = 0
        self._seen: int | None = None
        self._writer = None
        self._ready: dict[int, tuple] = {}  # article id -> (row it was computed from, terms): see prepared()
        self._committing = Committing()  # a bulk ingest's commit in flight (.committing)
        if archive.readonly:
            return
        conn = archive.conn
        lost = (self.index.searcher().num_docs == 0 and not outbox.pending(conn)
                and conn.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is not None)
        if fresh or lost:  # a new, lost or outdated folder: rebuilt from the store
            with archive.transaction() as c:
                bigrams.record(c, SCHEMA_VERSION if self.common is not None else POSITIONAL_VERSION, self.common)
                if lost or c.execute("SELECT 1 FROM articles LIMIT 1").fetchone():
                    outbox.enqueue_all(c)
        if outbox.pending(conn):
            self.sync(archive)

    def _open(self, common: frozenset[str] | None, wipe: bool = False) -> None:
        """Open (or create) the index with pair fields when ``common`` is given (see __init__)."""
        self.common = common
        self.schema = _schema(pairs=common is not None)
        if self.folder is None:
            self.index = tantivy.Index(self.schema)
        else:
            if wipe and self.folder.exists():
                shutil.rmtree(self.folder)
            self.folder.mkdir(exist_ok=True)
            self.index = tantivy.Index(self.schema, path=str(self.folder), reuse=True)

    # ------------------------------------------------------------ keeping in step

    def before_commit(self, conn) -> None:
        pass

    def after_commit(self, archive) -> None:
        if self._syncing:
            return
        if self._deferred:
            due = time.monotonic() - self._last_sync >= _SYNC_SECONDS
            if not due and outbox.pending(archive.conn) - self._committing.rows < _SYNC_EVERY:
                return
        self.sync(archive, background=True) if self._deferred else self.sync(archive)

    def prepared(self, aid: int, row: tuple, terms: tuple[str, ...], common=None) -> None:
        """Terms of article ``aid`` computed ahead (archive/ahead.py) from ``row`` = (title, lead, text as
        stored, language), with pair texts when computed for ``common``: the next sync uses them when the
        stored row is still that (and the pair texts when the index's list is still ``common``)."""
        if len(self._ready) >= 100_000:  # no sync for long (another process holds the writer): forget them
            self._ready.clear()
        self._ready[aid] = (row, terms, common)

    @contextmanager
    def deferred(self, archive) -> Iterator[None]:
        """During a bulk ingest: apply the outbox once a second (or per 2,000 articles) with one writer
        kept open (merges run in the background), and everything at the end."""
        self._deferred += 1
        try:
            yield
        finally:
            self._deferred -= 1
            if not self._deferred and not archive.readonly:
                try:
                    self.sync(archive)
                finally:
                    self._release()

    def sync(self, archive, batch: int = _BATCH, background: bool = False) -> int:
        """Apply the outbox in order; how many articles. Read-only: just see the latest commit. ``background``
        (a bulk ingest): a large batch is committed on a thread while the caller goes on (.committing)."""
        if archive.readonly:  # see the writer's latest commit (meta.json changes with each)
            try:
                stamp = (self.folder / "meta.json").stat().st_mtime_ns if self.folder is not None else None
            except FileNotFoundError:  # a writer is replacing the folder (reindex): keep what we have
                return 0
            if stamp != self._seen:
                common = _recorded(archive.conn)[1]
                if common != self.common:  # a writer's `reindex` changed the index's format
                    self._open(common)
                self.index.reload()
                self._seen = stamp
            return 0
        if not outbox.pending(archive.conn):
            return 0
        applied = 0
        self._syncing = True
        try:
            while True:
                with archive.transaction() as conn:
                    self._committing.settle(conn, self._writer)
                    rows = outbox.take(conn, batch)
                    if not rows:
                        break
                    background = background and len(rows) >= BULK_ROWS  # small: readers see it at once
                    writer = self._open_writer()
                    if writer is None:
                        return applied  # another process is applying the same outbox
                    ids = list(dict.fromkeys(aid for _, aid, _ in rows))
                    try:
                        for aid in ids:
                            writer.delete_documents_by_term("id", aid)
                        for doc in documents(conn, ids, self.common, self._ready):
                            writer.add_document(doc)
                        if background:
                            outbox.taken(conn, rows[-1][0])
                            self._committing.start(writer, rows[-1][0], len(rows))
                        else:
                            writer.commit()
                    except BaseException:
                        writer.rollback()
                        raise
                    if not background:
                        outbox.done(conn, rows[-1][0])  # after tantivy's commit: a crash here re-applies
                applied += len(rows)
                if background:
                    break
        finally:
            self._syncing = False
            self._last_sync = time.monotonic()
            if not self._deferred:
                self._release()
            if not self._committing.active:
                self.index.reload()
        return applied

    def _open_writer(self):
        if self._writer is None:
            self._writer = self._new_writer()
        return self._writer

    def _release(self) -> None:
        self._committing.abandon()
        self._ready.clear()
        writer, self._writer = self._writer, None
        if writer is not None:
            writer.wait_merging_threads()
            self.index.reload()

    def _new_writer(self):
        try:
            return self.index.writer(heap_size=64_000_000, num_threads=1)
        except ValueError as exc:
            if "lock" in str(exc).lower():
                return None
            raise ArchiveError(f"{self.path}: cannot write the tantivy index ({exc})") from exc

    def refresh(self, archive) -> None:
        """Before reading: apply what this archive queued, or see another process's commits."""
        if archive.readonly or outbox.pending(archive.conn):
            self.sync(archive)

    def rebuild(self, archive, batch_size: int = 20_000) -> int:
        """Drop every document, then queue every stored article and apply the queue in batches.
        Interrupted, the rest stays queued (or, if it died before queueing, the empty index is
        noticed at the next open) and is applied then."""
        _clear_terms()  # textnorm may have changed
        self._committing.abandon()  # a commit in flight: done before everything is dropped and queued anew
        if self.common != bigrams.common_tokens():  # an index without pair fields, or another list
            self._release()
            self._open(bigrams.common_tokens(), wipe=True)
            with archive.transaction() as conn:
                bigrams.record(conn, SCHEMA_VERSION, self.common)
        writer = self._open_writer()
        if writer is None:
            raise ArchiveError(f"{self.path}: the tantivy index is being written by another process")
        writer.delete_all_documents()
        writer.commit()
        self._release()
        self._deferred += 1  # apply below in large batches, not after the queueing commit
        try:
            with archive.transaction() as conn:
                n = outbox.enqueue_all(conn)
        finally:
            self._deferred -= 1
        self.sync(archive, batch=batch_size)
        return n

    def size_bytes(self) -> int:
        if self.folder is None or not self.folder.exists():
            return 0
        return sum(p.stat().st_size for p in self.folder.iterdir() if p.is_file())

    def close(self) -> None:
        self._release()

    # ------------------------------------------------------------ reading

    def _compile(self, conn, node: Node, filters: Filters | None):
        return Compiler(self.schema, lambda value: entity_ids(conn, value), self._expand,
                        self.common).compile(node, filters)

    def _expand(self, field: str, prefix: str, limit: int) -> list[str]:
        """Up to ``limit`` terms of ``field`` beginning with ``prefix`` (the term dictionary, not the documents)."""
        return [t for t, _ in self.index.searcher().terms_with_prefix(field, prefix, limit=limit)]

    def search(self, conn, node: Node, filters: Filters | None, *, limit: int | None = 20, offset: int = 0,
               sort: str = "relevance") -> list[tuple[int, float]]:
        query, ranked = self._compile(conn, node, filters)
        searcher = self.index.searcher()
        if limit is None:
            limit = max(searcher.search(query, 1, count=True).count - offset, 0)
        if limit <= 0:
            return []
        if not ranked or sort == "date":
            hits = searcher.search(query, limit, count=False, order_by_field="order", offset=offset,
                                   order=Order.Desc).hits
            return list(zip(searcher.fast_field_values("id", [a for _, a in hits]), [0.0] * len(hits)))
        # ties in score go newest first as in FTS5: take a few more and sort them by (score, order)
        hits = searcher.search(query, offset + limit + 16, count=False).hits
        addrs = [a for _, a in hits]
        keyed = sorted(zip([s for s, _ in hits], searcher.fast_field_values("order", addrs),
                           searcher.fast_field_values("id", addrs)), key=lambda x: (-x[0], -x[1]))
        return [(aid, float(score)) for score, _, aid in keyed[offset:offset + limit]]

    def count(self, conn, node: Node, filters: Filters | None) -> int:
        query, _ = self._compile(conn, node, filters)
        return self.index.searcher().search(query, 1, count=True).count

    def facet(self, conn, name: str, node: Node, filters: Filters | None, limit: int) -> list[tuple[str, int]]:
        query, _ = self._compile(conn, node, filters)
        found = self.index.searcher().aggregate(query, {"v": {"terms": {"field": _FACET_FIELDS[name],
                                                                        "size": 100_000}}})
        pairs = [(b["key"], int(b["doc_count"])) for b in found["v"]["buckets"] if b["key"] != ""]
        pairs.sort(key=(lambda p: p[0]) if name == "month" else (lambda p: (-p[1], p[0])), reverse=name == "month")
        return pairs[:limit]

    def by_terms(self, conn, terms: list[str], limit: int) -> list[tuple[int, float]]:
        query = Compiler(self.schema, lambda v: []).terms(terms)
        searcher = self.index.searcher()
        hits = searcher.search(query, limit, count=False).hits
        return list(zip(searcher.fast_field_values("id", [a for _, a in hits]), [s for s, _ in hits]))

    def doc_freq(self, conn, term: str) -> int:
        searcher = self.index.searcher()
        return max(searcher.doc_freq(name, term) for name, _ in TEXT_FIELDS)

    def top_terms(self, conn, limit: int) -> list[tuple[str, int]]:
        """The most common index terms with the number of articles holding each (the most of any field)."""
        searcher = self.index.searcher()
        best: dict[str, int] = {}
        for name, _ in TEXT_FIELDS:
            for term, n in searcher.terms_with_prefix(name, "", limit=int(limit)):
                best[term] = max(n, best.get(term, 0))
        return sorted(best.items(), key=lambda x: (-x[1], x[0]))[: int(limit)]

    def num_docs(self, conn) -> int:
        return self.index.searcher().num_docs


__all__ = ["SCHEMA_VERSION", "TantivyIndex", "documents"]
