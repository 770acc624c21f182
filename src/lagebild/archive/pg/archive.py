"""The archive on a PostgreSQL server, behind the same public API as the SQLite :class:`Archive`.

>>> with PgArchive("postgresql://lagebild@db.example.org/news") as archive:
...     report = lagebild.ingest(archive, ["pages/"])
...     hits = archive.search("kooperiert section:Politik")

It *is* the SQLite Archive class with the connection, the transaction, the full-text index and the
story store swapped: every other method (add, ingest, get, search, facets, entities, quotes,
related, export, runs …) runs the archive's shared modules over :mod:`.conn`'s dialect layer.
Writers take one advisory lock per transaction, so two writers (``ingest`` beside ``watch``) take
turns as they do on SQLite; readers never wait.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from urllib.parse import urlsplit, urlunsplit

from ...errors import ArchiveError
from ...query import Filters
from .. import facets
from ..fulltext import FACETS
from ..locking import guarded as _guarded
from ..sqlite import Archive, _resolved
from ..fulltext.given import GivenTerms
from .conn import PgConnection, sqlite_error

WRITER_LOCK = 7427  # the advisory lock every write transaction holds
# ... and the one every transaction that may write stories holds: all of them, except the storing
# transactions of a merge whose stories are linked by its linking process (which holds only this one)
STORY_LOCK = 7428


class Target(str):
    """A ``postgresql://`` URL as an archive's ``path``: shown without its password."""

    def __new__(cls, url: str) -> Target:
        parts = urlsplit(url)
        shown = url
        if parts.password:
            netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
            shown = urlunsplit(parts._replace(netloc=netloc))
        self = super().__new__(cls, shown)
        self.url = url
        return self

    @property
    def name(self) -> str:
        return urlsplit(self.url).path.lstrip("/") or self.url

    def exists(self) -> bool:
        return False  # no file: facets.stats counts the database's size instead

    def is_dir(self) -> bool:
        return False


def _configure(raw) -> None:
    from psycopg.types.string import TextLoader

    for name in ("json", "jsonb"):  # the shared code parses JSON text itself
        raw.adapters.register_loader(name, TextLoader)


def _connect(url: str, timeout: float):
    try:
        import psycopg
    except ImportError:
        raise ArchiveError("the PostgreSQL archive needs psycopg: pip install 'lagebild[postgres]'") from None
    try:
        raw = psycopg.connect(url, autocommit=True, connect_timeout=max(1, int(timeout)))
    except psycopg.Error as exc:
        raise ArchiveError(f"{Target(url)}: cannot connect ({' '.join(str(exc).split())})") from None
    _configure(raw)
    return raw


_IDLE: dict[str, list] = {}  # url -> read-only connections handed back, ready for the next reader
_IDLE_LOCK = threading.Lock()
MAX_IDLE = 8


def _reader(url: str, timeout: float) -> PgConnection:
    """A read-only connection, reused from the last readers of ``url`` when one is idle: a server that
    opens a read-only archive per request (``serve``) does not connect per request."""
    from psycopg.pq import TransactionStatus

    while True:
        with _IDLE_LOCK:
            raw = _IDLE.get(url, []).pop() if _IDLE.get(url) else None
        if raw is None:
            raw = _connect(url, timeout)
            raw.execute("SET default_transaction_read_only = on")
            break
        if not raw.closed and raw.info.transaction_status == TransactionStatus.IDLE:
            try:
                raw.execute("SELECT 1")  # a server restarted since: this one is gone, take another
                break
            except Exception:  # noqa: BLE001 - any failure means: not usable
                pass
        raw.close()
    return PgConnection(raw, release=lambda r: _hand_back(url, r))


def _hand_back(url: str, raw) -> None:
    with _IDLE_LOCK:
        idle = _IDLE.setdefault(url, [])
        if len(idle) < MAX_IDLE and not raw.closed:
            idle.append(raw)
            return
    raw.close()


INDEXES = ("postgresql", "tantivy")


class PgArchive(Archive):
    """``PgArchive(url, readonly=False, *, timeout=5.0, lock_wait=None, index=None, index_dir=None)``;
    ``url`` is a libpq URL (``postgresql://user:password@host:port/database``, ``?host=/socket/dir`` for
    a socket). The database must exist; the schema is created and migrated on the first writable open.

    Full text: ``postgresql`` (a tsvector per article in the database, GIN/RUM; the default) or
    ``tantivy`` (a copy in ``index_dir`` following the database's change log, :mod:`.tantivy`; the
    database keeps no tsvector). Which one the database keeps is recorded in ``archive_meta``
    (``fulltext``) when the first article arrives: the ``index`` asked for, ``tantivy`` when only an
    ``index_dir`` is given, else ``postgresql``; ``reindex(index=…)`` switches. A process may search
    an archive that keeps tsvectors through a tantivy copy of its own (``index="tantivy"`` or an
    ``index_dir``); its writes keep the tsvectors current all the same."""

    def __init__(self, path, readonly: bool = False, *, timeout: float = 5.0, lock_wait: float | None = None,
                 index: str | None = None, index_dir=None) -> None:
        url = getattr(path, "url", None) or str(path)
        if not re.match(r"^postgres(ql)?://", url):
            raise ArchiveError(f"{path}: not a postgresql:// URL")
        if index not in (None, "", *INDEXES):
            raise ArchiveError(f"{Target(url)}: the PostgreSQL archive's full-text index is postgresql (tsvector)"
                               f" or tantivy; index {index!r} is not supported")
        self.path = Target(url)
        self.index_dir = index_dir or None
        self.readonly = readonly
        self.timeout = timeout
        self.lock_wait = lock_wait
        self._lock = threading.RLock()
        self._conn = None
        self._story_store = None
        self._index = None
        self._given_terms = GivenTerms()  # given_terms: by the texts they were made of
        self.stories_elsewhere = False  # True while a linking process writes the stories (batch/linker.py)
        try:
            self._conn = self._open()
            self._index = self._open_index(index or ("tantivy" if self.index_dir else None))
            if not readonly:
                from .load import restore_indexes

                restore_indexes(self)  # a merge killed while its indexes were dropped
                self._refresh_terms()
        except sqlite3.Error as exc:
            self.close()
            raise ArchiveError(f"{self.path}: {exc}") from exc
        except BaseException:
            self.close()
            raise

    def _open(self) -> PgConnection:
        if self.readonly:
            conn = _reader(self.path.url, self.timeout)
        else:
            conn = PgConnection(_connect(self.path.url, self.timeout))
            try:  # new long values (article text, tsvectors) compressed with lz4, not pglz: the same values,
                # ~0.1 ms less server CPU per real article in a merge, sizes alike (servers built with lz4)
                conn.raw.execute("SET default_toast_compression = 'lz4'")
            except Exception:  # noqa: BLE001 — a server without lz4 keeps pglz
                pass
        try:
            tables = {r[0] for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")}
            if tables and "migrations" not in tables:
                raise ArchiveError(f"{self.path}: not a lagebild archive"
                                   " (a database with tables but no migrations table)")
            if self.readonly:
                if not tables:
                    raise ArchiveError(f"{self.path}: not a lagebild archive (empty database)")
            else:
                from .migrations import migrate

                migrate(conn, str(self.path))
        except BaseException:
            conn.close()
            raise
        return conn

    def kept(self) -> str:
        """The full-text index the database keeps: ``postgresql`` (tsvectors) or ``tantivy`` (copies only)."""
        row = self.conn.execute("SELECT value FROM archive_meta WHERE key = 'fulltext'").fetchone()
        return row[0] if row and row[0] in INDEXES else "postgresql"

    def _open_index(self, wanted: str | None):
        """This process's index; records ``wanted`` as what the database keeps while it holds no article."""
        from .fulltext import PgIndex

        kept = self.kept()
        if wanted and wanted != kept and not self.readonly \
                and self.conn.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is None:
            with self.transaction() as conn:
                conn.execute("INSERT OR REPLACE INTO archive_meta(key, value) VALUES ('fulltext', ?)", (wanted,))
            kept = wanted
        terms = PgIndex(self) if kept == "postgresql" else None
        use = wanted or kept
        if use == "postgresql":
            if terms is None:
                raise ArchiveError(f"{self.path}: keeps no tsvectors (its full-text index is tantivy); give an index"
                                   " folder (--index-dir) or run `lagebild reindex --index postgresql`")
            return terms
        try:
            from .tantivy import PgTantivyIndex
        except ImportError as exc:
            raise ArchiveError(f"{self.path}: its full-text index is 'tantivy', which needs {exc.name!r} installed"
                               " (or run `lagebild reindex --index postgresql`)") from exc
        return PgTantivyIndex(self, self.index_dir, terms)

    def __repr__(self) -> str:
        return f"PgArchive({str(self.path)!r}, readonly={self.readonly})"

    def _begin(self, conn: PgConnection) -> None:
        conn.execute("BEGIN")
        wait = 0 if self.lock_wait is None else max(1, int(self.lock_wait * 1000))
        conn.execute(f"SET LOCAL lock_timeout = {wait}")
        try:
            conn.execute(f"SELECT pg_advisory_xact_lock({WRITER_LOCK})" if self.stories_elsewhere else
                         f"SELECT pg_advisory_xact_lock({WRITER_LOCK}), pg_advisory_xact_lock({STORY_LOCK})")
        except sqlite3.OperationalError:
            conn.execute("ROLLBACK")
            raise ArchiveError(f"{self.path}: archive is locked by another writer"
                               f" (waited {self.lock_wait:g} s)") from None
        conn.execute("SET LOCAL lock_timeout = 0")

    def store_batch(self, conn, batch: list, now: str):
        """One ingest batch at once (COPY; :mod:`.bulk`), or None to store it item by item."""
        from .bulk import store_batch

        terms = self.index if self.index.name == "postgresql" else getattr(self.index, "terms", None)
        try:
            outcomes = store_batch(conn, batch, now, terms is not None, self._given_terms)
        finally:  # stored or not, the batch's given terms are spent (item by item computes them)
            self._given_terms.spend(batch)
        if outcomes and terms is not None:  # written here: the tsvector's log reader passes over them
            terms.written.update(aid for kind, aid, _ in outcomes if kind == "stored")
        return outcomes

    takes_tsvectors = True  # given_terms takes the tsvector literal of the terms too (merge reads it from shards)

    def given_terms(self, article, terms: tuple[str, str, str], tsvector: str | None = None) -> None:
        """The full-text index terms of ``article`` (:func:`..store.term_columns` of its title, lead,
        text and language), computed elsewhere — a batch worker wrote them beside it in its shard —
        for :meth:`store_batch` to take instead of computing them. They are kept under the very
        texts they were made of, so an article changed on its way is computed afresh; a batch
        spends what it was given whether it stores it or not. ``tsvector``: :func:`.fulltext.tsvector`
        of ``terms``, made by the same code (the caller checked :func:`.fulltext.tsvector_fingerprint`)."""
        self._given_terms.give(article, terms if tsvector is None else (*terms, tsvector))

    def drop_given_terms(self) -> None:
        self._given_terms.clear()

    def loading(self, expected: int):
        """A context for a load of about ``expected`` articles (``lagebild merge``): the costliest
        indexes may be dropped for it and built after it (:mod:`.load`)."""
        from .load import loading

        return loading(self, expected)

    def story_writer(self):
        """A story store on a writer connection of its own (no schema work, no full-text index, no
        index restoring: the archive that opened it does those): ``merge`` links in a second process
        through it while this one stores (:mod:`lagebild.batch.linker`). Its write transactions take
        the stories' lock only, so they run beside this archive's storing transactions while
        :attr:`stories_elsewhere` is set (which then take the writers' lock only); every other writer
        takes both and waits for either. The caller closes ``store.conn``."""
        return story_writer(self.path.url, self.timeout, self.lock_wait)

    @property
    def story_store(self):
        if self._story_store is None:
            from .stories import PgStoryStore

            self._story_store = PgStoryStore(self.conn, self.transaction)
        return self._story_store

    @_guarded
    def facets(self, query="", filters: Filters | None = None, *, limit: int = 12,
               names: tuple[str, ...] = FACETS) -> dict[str, list[tuple[str, int]]]:
        """As :meth:`Archive.facets`; the facets that leave the same filters in force are counted in
        one pass over the matches (every facet, when no filter names one)."""
        node = self._node(query)
        own = {"section": ("section",), "language": ("language",), "source": ("source",), "month": ("since", "until")}
        f = _resolved(filters)  # "7d", zones: UTC instants, as every index compares them
        groups: dict[Filters, list[str]] = {}
        for name in names:
            groups.setdefault(f.without(*own[name]), []).append(name)
        found: dict[str, list[tuple[str, int]]] = {}
        for rest, group in groups.items():
            found.update(self.index.facets(self.conn, group, node, rest, limit))
        return {name: found[name] for name in names}

    def reindex(self, *, index: str | None = None, batch_size: int | None = None) -> int:
        """Rebuild what this process uses (the tsvectors the database keeps, this process's tantivy
        copy), or switch the database to ``index``: ``tantivy`` empties the tsvectors (their table and
        GIN/RUM indexes are freed) and builds this process's copy; ``postgresql`` computes them."""
        if index not in (None, "", *INDEXES):
            raise ArchiveError(f"{self.path}: the PostgreSQL archive's full-text index is postgresql (tsvector)"
                               f" or tantivy; index {index!r} is not supported")
        size = {"batch_size": batch_size} if batch_size else {}
        if index and index != self.kept():
            old, self._index = self._index, None  # its commit hooks must not refill what is switched off
            old.close()
            with self.transaction() as conn:
                conn.execute("INSERT OR REPLACE INTO archive_meta(key, value) VALUES ('fulltext', ?)", (index,))
                if index == "tantivy":
                    from .fulltext import PgIndex

                    PgIndex(self).drop(conn)
            self._index = self._open_index(index)  # a tantivy copy that is not current is rebuilt here
            return self._index.rebuild(self, **size) if index == "postgresql" else self._index.num_docs(self.conn)
        terms = self.index if self.index.name == "postgresql" else getattr(self.index, "terms", None)
        n = terms.rebuild(self, **size) if terms is not None else 0
        if self.index.name == "tantivy":
            n = self.index.rebuild(self, **size)
        return n

    def stats(self) -> dict:
        with self._lock:
            try:
                found = facets.stats(self.conn, self.path)
                found["index"] = self.index.name
                found["size_bytes"] = (self.conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
                                       + self.index.size_bytes())
            except sqlite3.Error as exc:
                raise ArchiveError(f"{self.path}: {exc}") from exc
        return found


def story_writer(url: str, timeout: float = 5.0, lock_wait: float | None = None):
    """See :meth:`PgArchive.story_writer`; ``lock_wait`` as the archive's (None: wait as long as it takes)."""
    from contextlib import contextmanager

    from .stories import PgStoryStore

    conn = PgConnection(_connect(url, timeout))

    @contextmanager
    def transaction():
        conn.execute("BEGIN")
        try:
            if lock_wait is not None:
                conn.execute(f"SET LOCAL lock_timeout = {max(1, int(lock_wait * 1000))}")
            conn.execute(f"SELECT pg_advisory_xact_lock({STORY_LOCK})")  # waits for any other writer of stories
            if lock_wait is not None:
                conn.execute("SET LOCAL lock_timeout = 0")
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    return PgStoryStore(conn, transaction)


__all__ = ["PgArchive", "Target", "sqlite_error", "story_writer"]
