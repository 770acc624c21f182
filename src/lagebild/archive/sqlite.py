"""The archive: one SQLite file in WAL mode; one writer (``BEGIN IMMEDIATE``), read-only readers.

>>> with Archive("news.db") as archive:
...     report = lagebild.ingest(archive, ["pages/"])
...     hits = archive.search("kooperiert section:Politik", Filters(since="2024-01-01"))

Every SQLite error that reaches a caller is an :class:`ArchiveError` naming the file and the
reason (not a database, locked past the timeout, read-only location, …).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from urllib.parse import quote

from ..errors import ArchiveError
from ..model import Article, Failure
from ..query import Filters, Node, parse
from ..textnorm import fold
from . import batch, facets, fulltext, runs, schema, search as _search, store
from .batch import IngestReport, utc_now as _now
from .locking import begin, guarded as _guarded, reason, unencodable  # noqa: F401 (unencodable: front ends read it here)
from .search import Hit


class Archive:
    """The embedded archive. ``readonly=True`` opens a read-only connection (``mode=ro``).

    ``index`` names the full-text index of a new archive (``registry.indexes``: ``tantivy``, ``fts5``;
    see :mod:`.fulltext`); an existing archive keeps the one it records (``reindex(index=…)`` switches).
    ``index_dir``: PostgreSQL's tantivy copies only (an SQLite archive's folder is next to its file).
    """

    def __init__(self, path: str | os.PathLike, readonly: bool = False, *, timeout: float = 5.0,
                 lock_wait: float | None = None, index: str | None = None, index_dir=None) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self.timeout = timeout  # one try at the write lock (SQLite's busy handler)
        self.lock_wait = lock_wait  # all tries together; None: as long as it takes
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._story_store = None
        self._index = None
        self._rebuilt: int | None = None  # articles the open reindexed (textnorm changed): not again
        try:
            self._conn = self._open()
            self._index = fulltext.open_index(self, fulltext.choose(self._conn, index, not readonly))
            if not readonly:
                self._refresh_terms()
        except sqlite3.Error as exc:
            self.close()
            raise ArchiveError(f"{self.path}: {reason(exc, timeout, self.path)}") from exc
        except ArchiveError:
            self.close()
            raise

    # ------------------------------------------------------------ connection

    def _open(self) -> sqlite3.Connection:
        if str(self.path) == ":memory:":  # for tests: a private archive that vanishes on close
            if self.readonly:
                raise ArchiveError(":memory:: an in-memory archive cannot be opened read-only")
        elif self.path.is_dir():
            raise ArchiveError(f"{self.path}: is a directory, not an archive file")
        if self.readonly:
            if not self.path.exists():
                raise ArchiveError(f"{self.path}: no archive here")
            uri = "file:" + quote(str(self.path.resolve())) + "?mode=ro"
            conn = sqlite3.connect(uri, uri=True, timeout=self.timeout, isolation_level=None, check_same_thread=False)
        else:
            if not self.path.parent.exists():
                raise ArchiveError(f"{self.path}: folder {self.path.parent} does not exist")
            conn = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None, check_same_thread=False)
        conn.create_function("lb_fold", 1, lambda s: fold(s) if s else s, deterministic=True)
        conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables and "migrations" not in tables:
            raise ArchiveError(f"{self.path}: not a lagebild archive (an SQLite database without a migrations table)")
        if self.readonly:
            if not tables:
                raise ArchiveError(f"{self.path}: not a lagebild archive (empty file)")
            conn.execute("PRAGMA query_only = ON")
        else:
            if conn.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() not in ("wal", "memory"):
                raise ArchiveError(f"{self.path}: cannot switch the archive to WAL mode")
            for pragma in schema.WRITER_PRAGMAS:
                conn.execute(f"PRAGMA {pragma}")
            schema.migrate(conn)
        return conn

    def _refresh_terms(self) -> None:
        """Reindex when textnorm makes other terms than the ones the index was built with. Fast path:
        textnorm's source and versions are unchanged; else a probe text's terms decide (an edit that
        changes no term costs no reindex)."""
        meta = dict(self.conn.execute("SELECT key, value FROM archive_meta"))
        fingerprint = store.textnorm_fingerprint()
        if meta.get("textnorm_fingerprint") == fingerprint:
            return
        signature = store.terms_signature()
        if meta.get("terms_signature") != signature:
            if "terms_signature" in meta or self.conn.execute("SELECT 1 FROM articles LIMIT 1").fetchone():
                self._rebuilt = self.reindex()
        with self.transaction() as conn:
            conn.executemany("INSERT OR REPLACE INTO archive_meta(key, value) VALUES (?, ?)",
                             [("terms_signature", signature), ("textnorm_fingerprint", fingerprint)])

    @property
    def conn(self) -> sqlite3.Connection:
        """The underlying connection, for modules inside ``lagebild.archive`` (SQL lives there only)."""
        if self._conn is None:
            raise ArchiveError(f"{self.path}: archive is closed")
        return self._conn

    @property
    def index(self):
        """The full-text index (:mod:`.fulltext`), for modules inside ``lagebild.archive``."""
        if self._index is None:
            raise ArchiveError(f"{self.path}: archive is closed")
        return self._index

    def close(self) -> None:
        with self._lock:
            if self._index is not None:
                index, self._index = self._index, None
                try:
                    if not self.readonly and self._conn is not None:
                        index.sync(self)
                except (sqlite3.Error, ArchiveError):
                    pass  # what is queued stays in the outbox for the next writer
                finally:
                    index.close()
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Archive({str(self.path)!r}, readonly={self.readonly})"

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (``BEGIN IMMEDIATE``; a savepoint when nested): commit or roll back."""
        if self.readonly:
            raise ArchiveError(f"{self.path}: opened read-only")
        with self._lock:
            conn = self.conn
            nested = conn.in_transaction
            if nested:
                conn.execute("SAVEPOINT lb_nested")
            else:
                self._begin(conn)
            try:
                yield conn
            except BaseException:
                if nested:
                    conn.execute("ROLLBACK TO lb_nested")
                    conn.execute("RELEASE lb_nested")
                elif conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            try:
                if not nested and self._index is not None:
                    self._index.before_commit(conn)  # FTS5 commits with the store
                conn.execute("RELEASE lb_nested" if nested else "COMMIT")
            except BaseException:
                if not nested and conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            if not nested and self._index is not None:
                self._index.after_commit(self)  # tantivy follows the store's commit

    def _begin(self, conn) -> None:  # the PostgreSQL archive takes its writer lock its own way
        begin(conn, self.path, self.timeout, self.lock_wait)

    # ------------------------------------------------------------ writing

    @_guarded
    def add(self, article: Article) -> tuple[int, str]:
        """Store ``article`` once: ``(id, "stored")``, or ``(existing id, "duplicate")`` when an
        article with the same canonical URL or content hash is already here. Sets ``article.id``
        when stored."""
        with self.transaction() as conn:
            existing = store.find_existing(conn, article)
            if existing is not None:
                return existing, "duplicate"
            aid = store.insert_article(conn, article, _now())
        article.id = aid
        return aid, "stored"

    @_guarded
    def ingest(self, items: Iterable[Article | Failure], progress: Callable[[Article | Failure], None] | None = None,
               *, on_commit: Callable[[list[int], list], None] | None = None, batch_size: int = 50,
               batch_seconds: float = 1.0) -> IngestReport:
        """Store every article, record every failure; commit in small batches (:func:`.batch.ingest`).

        ``progress(item)`` is called for each item once its batch is committed; ``on_commit(ids, items)``
        after each commit with the ids stored by it and the items it committed (stored, duplicates,
        failures). A stored article gets its ``id`` set.
        """
        with self.index.deferred(self):  # the index catches up once a second, and at the end
            return batch.ingest(self, items, progress, on_commit=on_commit, batch_size=batch_size,
                                batch_seconds=batch_seconds)

    def loading(self, expected: int):
        """A context for a load of about ``expected`` articles (``lagebild merge``): nothing to drop or
        rebuild around it here (PostgreSQL drops its costliest indexes: ``PgArchive.loading``)."""
        return nullcontext()

    @_guarded
    def unlinked(self, limit: int = 500) -> list[int]:
        """Ids of stored articles with no story link yet — left so by a kill, a full disk or a lock
        between a batch's commit and its linking; :meth:`lagebild.Ingest.link_unlinked` links them."""
        return [r[0] for r in self.conn.execute(
            "SELECT a.id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM story_articles s WHERE s.article_id = a.id)"
            " ORDER BY a.id LIMIT ?", (int(limit),))]

    @_guarded
    def start_run(self, command: str, inputs: str, settings: dict) -> int:
        """Record that a run (``ingest``, ``demo``, ``watch``, ``api``) starts with these settings; its id."""
        with self.transaction() as conn:
            return runs.start(conn, command, inputs, settings, _now())

    @_guarded
    def finish_run(self, run_id: int, counts: dict) -> None:
        """Record the end of run ``run_id`` and what it counted."""
        with self.transaction() as conn:
            runs.finish(conn, run_id, counts, _now())

    @_guarded
    def runs(self, limit: int = 20) -> list[runs.Run]:
        """The latest runs, newest first, with their settings and counts."""
        return runs.latest(self.conn, limit)

    @property
    def story_store(self):
        """The story stage's store over this archive (the :class:`~lagebild.stories.store.StoryStore`
        protocol), made once; linking runs in this archive's transactions."""
        if self._story_store is None:
            from .stories import SQLiteStoryStore

            self._story_store = SQLiteStoryStore(self.conn, self.transaction)
        return self._story_store

    @_guarded
    def reindex(self, *, index: str | None = None, batch_size: int | None = None) -> int:
        """Rebuild the full-text index from the store (after a change to ``textnorm``, or to switch to
        the index ``index``); how many articles it (re)indexed. Resumable: an interrupted run leaves
        the rest queued in the outbox, applied on the next open."""
        if self._rebuilt is not None and index in (None, self.index.name):  # `lagebild reindex` after an upgrade
            done, self._rebuilt = self._rebuilt, None
            return done
        if index and index != self.index.name:
            old, self._index = self._index, None  # the old index must not consume the new one's queue
            try:
                new = fulltext.open_index(self, index)
            except BaseException:
                self._index = old
                raise
            with self.transaction() as conn:
                fulltext.record(conn, index)
            self._index = new
            old.close()
        return self.index.rebuild(self, **({"batch_size": batch_size} if batch_size else {}))

    # ------------------------------------------------------------ reading

    @_guarded
    def get(self, id: int) -> Article:
        """The stored article with its mentions, entities, quotes, events and related links."""
        return store.load_article(self.conn, int(id))

    @_guarded
    def search(self, query: str | Node = "", filters: Filters | None = None, *, limit: int | None = 20,
               offset: int = 0, sort: str = "relevance") -> list[Hit]:
        """Articles matching ``query`` and ``filters``, best first (newest first without words, or
        with ``sort="date"``)."""
        node = self._node(query)
        pairs = self.index.search(self.conn, node, _resolved(filters), limit=limit, offset=int(offset), sort=sort)
        return _search.to_hits(_search.hit_rows(self.conn, pairs), _search.positive_terms(node))

    @_guarded
    def count(self, query: str = "", filters: Filters | None = None) -> int:
        """How many articles :meth:`search` would find without a limit."""
        return self.index.count(self.conn, self._node(query), _resolved(filters))

    @_guarded
    def ids(self, query: str = "", filters: Filters | None = None) -> list[int]:
        """Ids of every matching article, in :meth:`search` order."""
        return [aid for aid, _ in self.index.search(self.conn, self._node(query), _resolved(filters), limit=None)]

    def _node(self, query: str | Node) -> Node:
        """The parsed query, once the index holds every committed change."""
        node = parse(query) if isinstance(query, str) else query
        self.index.refresh(self)
        return node

    @_guarded
    def facets(self, query: str | Node = "", filters: Filters | None = None, *, limit: int = 12,
               names: tuple[str, ...] = fulltext.FACETS) -> dict[str, list[tuple[str, int]]]:
        """``{facet: [(value, articles)]}`` over the matches, most first (months newest first), for
        section, language, source and month; each facet leaves its own filter out, so its counts
        show what choosing another value would find."""
        node = self._node(query)
        own = {"section": ("section",), "language": ("language",), "source": ("source",),
               "month": ("since", "until")}
        f = _resolved(filters)
        return {name: self.index.facet(self.conn, name, node, f.without(*own[name]), limit) for name in names}

    @_guarded
    def related(self, id: int, limit: int = 10) -> list[Hit]:
        """Other articles on the same subject, from the article's key terms (lexical only)."""
        from .related import related

        self.index.refresh(self)
        return related(self.conn, self._index, int(id), limit)

    @_guarded
    def key_terms(self, id: int, limit: int = 12) -> list[tuple[str, float]]:
        """The article's most distinctive index terms with their TF-IDF weight, best first."""
        from .related import key_terms

        self.index.refresh(self)
        return key_terms(self.conn, self._index, int(id), limit)

    @_guarded
    def export(self, fmt: str, out, query: str = "", filters: Filters | None = None, *,
               table: str = "articles") -> int:
        """Write the ``table`` (articles, entities, mentions, quotes, stories, aliases) of the
        matching articles as ``jsonl``, ``csv`` or ``parquet`` to a path or binary file; the rows written."""
        from .export import export

        return export(self, fmt, out, query, filters, table=table)

    @_guarded
    def entities(self, *, since=None, until=None, type=None, limit: int = 50,
                 tz: str | None = None, lang: str | None = None) -> list[facets.EntityCount]:
        """The most-named entities (``since``/``until`` as in Filters, in zone ``tz``), named in ``lang``."""
        f = Filters(since=since, until=until, tz=tz).resolved()
        return facets.entities(self.conn, since=f.since, until=f.until, type=type, limit=limit, lang=lang)

    @_guarded
    def entity(self, id_or_name: str, lang: str | None = None) -> dict:
        """One entity: its record, mentions per day, and the entities named alongside it (names in ``lang``)."""
        return facets.entity(self.conn, id_or_name, lang=lang)

    @_guarded
    def entity_names(self, ids: list[str], lang: str | None = None) -> dict[str, str]:
        """``{id: display name in lang}`` of those ``ids`` the archive knows (a story's top entities)."""
        return facets.names(self.conn, ids, lang)

    @_guarded
    def entity_aliases(self, ids: list[str] | None = None) -> list[dict]:
        """Spellings of ``ids`` (all when None) and names per language (identities.aliases)."""
        from .identities import aliases

        return aliases(self.conn, ids)

    @_guarded
    def entity_merges(self) -> list[dict]:
        """The identities merged across articles (source read as target, why, when), newest first."""
        from .identities import merges

        return merges(self.conn)

    @_guarded
    def unmerge_entity(self, source: str) -> int:
        """Undo the merge of ``source`` (see :mod:`lagebild.archive.identities`); mentions moved back."""
        from .identities import unmerge

        with self.transaction() as conn:
            return unmerge(conn, source)

    @_guarded
    def quotes(self, *, speaker: str | None = None, limit: int = 50) -> list[facets.QuoteHit]:
        """Quotes, newest first; ``speaker`` by entity id, name or alias, or as named in the text."""
        return facets.quotes(self.conn, speaker=speaker, limit=limit)

    @_guarded
    def stats(self) -> dict:
        """Counts and the file size."""
        found = facets.stats(self.conn, self.path)
        found["index"] = self.index.name
        found["size_bytes"] += self.index.size_bytes()
        return found


def _resolved(filters: Filters | None) -> Filters:
    """``filters`` with their dates as UTC instants: every index compares ``published_utc`` with those."""
    return (filters or Filters()).resolved()

