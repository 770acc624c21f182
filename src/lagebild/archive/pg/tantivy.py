"""The tantivy index beside a PostgreSQL archive: a copy in a folder on each machine that searches.

The way a team runs Elasticsearch beside PostgreSQL (PGSync, ZomboDB's and ParadeDB's "index as a
follower"), without a second server: the database is the source of truth and keeps a change log,
``fulltext_outbox`` (one row per changed article, moved to a new ``seq`` by each change; triggers
write it in the writer's transaction, :mod:`.schema` ``pg-0003``). An index copy is a tantivy folder
plus a watermark file (``lagebild.json``: the archive it belongs to, the last ``seq`` applied, the
textnorm terms it was built with), written only after tantivy's commit — so a crash re-applies a
few rows, and applying is idempotent (documents are replaced by article id, dropped when the
article is gone). Writers take turns (one advisory lock), so seqs grow in commit order: reading
``seq > watermark`` never skips a change.

Who applies the log: any process that searches the copy, before it reads (``refresh``), and a
writer after its own commits (once a second or per 2,000 articles during a bulk ingest, with one
tantivy writer kept open). Applying needs only read access to the database, so ``serve`` opened
read-only keeps its copy current itself. Processes sharing one folder (``serve`` and ``watch`` on
one machine) share its work: tantivy's writer lock lets one apply, the others reload its commits;
on another machine ``serve`` keeps a copy of its own, following the same log. A copy that is new,
of another archive, of an older schema or of other textnorm terms is rebuilt from the articles
(resumable: the watermark file records how far a rebuild got), then follows the log from the seq
read before the rebuild began.

The folder: ``index_dir`` (``Settings.archive.index_dir``, ``$LAGEBILD_INDEX_DIR``, ``--index-dir``),
else ``$XDG_DATA_HOME/lagebild/indexes/<database>-<archive id>`` (``~/.local/share/…``): every process of
one user on one machine finds the same copy without being told.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import tantivy

from ...errors import ArchiveError
from ..fulltext import bigrams
from ..fulltext.tantivy_index import SCHEMA_VERSION, TantivyIndex, _schema, documents

MARK = "lagebild.json"
COMMON = "common-tokens.txt"  # the pair fields' common tokens this copy was built with (.bigrams)
_BATCH = 5000
_SYNC_EVERY = 2000
_SYNC_SECONDS = 1.0


def default_folder(archive) -> Path:
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "lagebild" / "indexes" / f"{archive.path.name}-{archive_id(archive.conn)[:12]}"


def archive_id(conn) -> str:
    row = conn.execute("SELECT value FROM archive_meta WHERE key = 'archive_id'").fetchone()
    return row[0] if row else "unknown"


def _terms_fingerprint() -> tuple[str, str]:
    from ..store import terms_signature, textnorm_fingerprint

    return textnorm_fingerprint(), terms_signature()


class Copy:
    """One index folder, opened once per process and shared by every archive of the process on it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.schema = _schema()
        self.lock = threading.RLock()
        self.deferred = 0
        self.writer = None
        self.stamp: int | None = None
        self.last_sync = 0.0
        self.index = self._open()

    def _open(self) -> tantivy.Index:
        mark = self.mark()
        try:
            built = (self.folder / "meta.json").exists()
            if built and (mark.get("schema") not in (None, SCHEMA_VERSION) or not (self.folder / COMMON).exists()):
                self._wipe()  # an older format: rebuilt (its watermark file goes too)
                built = False
            self.folder.mkdir(parents=True, exist_ok=True)
            if not built:
                self.set_common(bigrams.common_tokens())
            self.common = bigrams.load((self.folder / COMMON).read_text())
            return tantivy.Index(self.schema, path=str(self.folder), reuse=True)
        except (OSError, ValueError) as exc:
            raise ArchiveError(f"{self.folder}: cannot open the tantivy index ({exc})") from exc

    def _wipe(self) -> None:
        for p in self.folder.iterdir():
            if p.is_file() and not p.name.startswith("."):
                p.unlink()

    def set_common(self, common: frozenset[str]) -> None:
        tmp = self.folder / f".{COMMON}.{os.getpid()}"
        tmp.write_text(bigrams.dump(common))
        os.replace(tmp, self.folder / COMMON)
        self.common = common

    def mark(self) -> dict:
        try:
            return json.loads((self.folder / MARK).read_text())
        except (OSError, ValueError):
            return {}

    def set_mark(self, **mark) -> None:
        tmp = self.folder / f".{MARK}.{os.getpid()}"
        tmp.write_text(json.dumps({"schema": SCHEMA_VERSION, **mark}))
        os.replace(tmp, self.folder / MARK)

    def open_writer(self):
        """The process's tantivy writer, or None while another process holds the folder's writer lock."""
        if self.writer is None:
            try:
                self.writer = self.index.writer(heap_size=64_000_000, num_threads=1)
            except ValueError as exc:
                if "lock" in str(exc).lower():
                    return None
                raise ArchiveError(f"{self.folder}: cannot write the tantivy index ({exc})") from exc
        return self.writer

    def release(self) -> None:
        writer, self.writer = self.writer, None
        if writer is not None:
            writer.wait_merging_threads()
            self.index.reload()

    def reload(self) -> None:
        """See another process's latest commit (meta.json changes with each)."""
        try:
            stamp = (self.folder / "meta.json").stat().st_mtime_ns
        except OSError:
            return
        if stamp != self.stamp:
            self.index.reload()
            self.stamp = stamp


_COPIES: dict[Path, Copy] = {}
_COPIES_LOCK = threading.Lock()


def copy_at(folder: Path) -> Copy:
    folder = folder.expanduser().resolve()
    with _COPIES_LOCK:
        if folder in _COPIES and not (folder / "meta.json").exists():  # removed under the process: start anew
            _COPIES.pop(folder).release()
        if folder not in _COPIES:
            _COPIES[folder] = Copy(folder)
        return _COPIES[folder]


class PgTantivyIndex(TantivyIndex):
    """A tantivy copy as the PostgreSQL archive's full-text index; ``terms`` is the archive's tsvector
    index when the archive keeps one too (its writers keep it current; searches read the copy)."""

    name = "tantivy"

    def __init__(self, archive, folder: Path | None, terms=None) -> None:  # noqa: D107 - no super(): no file here
        self.path = archive.path
        self.terms = terms
        self.copy = copy_at(Path(folder) if folder else default_folder(archive))
        self.folder = self.copy.folder
        self.schema = self.copy.schema
        self.index = self.copy.index
        self.archive_id = archive_id(archive.conn)
        self.ready = False
        self._ensure(archive)

    @property
    def common(self) -> frozenset[str]:
        """The copy's common tokens: the query compiler answers phrases of them from pair terms."""
        return self.copy.common

    # ------------------------------------------------------------ keeping in step

    def _ensure(self, archive) -> None:
        """Rebuild the copy when it is new, another archive's, half built or of other terms."""
        with self.copy.lock:
            mark = self.copy.mark()
            if mark.get("archive") == self.archive_id and "seq" in mark and "rebuilt_to" not in mark:
                fingerprint = mark.get("fingerprint")
                from ..store import textnorm_fingerprint

                if fingerprint == textnorm_fingerprint():
                    self.ready = True
                    return
                if mark.get("terms") == _terms_fingerprint()[1]:
                    self.copy.set_mark(**{**mark, "fingerprint": textnorm_fingerprint()})
                    self.ready = True
                    return
            self._rebuild(archive, resume=mark.get("archive") == self.archive_id)

    def before_commit(self, conn) -> None:
        if self.terms is not None:
            self.terms.before_commit(conn)

    def after_commit(self, archive) -> None:
        if self.copy.deferred:
            due = time.monotonic() - self.copy.last_sync >= _SYNC_SECONDS
            if not due and self._behind(archive.conn) < _SYNC_EVERY:
                return
        self.catch_up(archive)

    @contextmanager
    def deferred(self, archive) -> Iterator[None]:
        with self.copy.lock:
            self.copy.deferred += 1
        try:
            yield
        finally:
            with self.copy.lock:
                self.copy.deferred -= 1
                try:
                    self.catch_up(archive)
                finally:
                    if not self.copy.deferred:
                        self.copy.release()

    def _behind(self, conn, limit: int = _SYNC_EVERY) -> int:
        seq = int(self.copy.mark().get("seq", 0))
        return conn.execute("SELECT count(*) FROM (SELECT 1 FROM fulltext_outbox WHERE seq > ? LIMIT ?) x",
                            (seq, int(limit))).fetchone()[0]

    def catch_up(self, archive, batch: int = _BATCH) -> int:
        """Apply the log past the copy's watermark; how many rows. When another process holds the
        folder's writer, just see its latest commit."""
        conn = archive.conn
        with self.copy.lock:
            try:
                if not self._behind(conn, 1):
                    self.copy.reload()
                    return 0
                writer = self.copy.open_writer()
                if writer is None:  # another process applies the same log to this folder
                    self.copy.reload()
                    return 0
                applied = 0
                seq = int(self.copy.mark().get("seq", 0))  # read again: it may have moved before the lock
                while True:
                    rows = conn.execute("SELECT seq, article_id FROM fulltext_outbox WHERE seq > ?"
                                        " ORDER BY seq LIMIT ?", (seq, int(batch))).fetchall()
                    if not rows:
                        break
                    ids = list(dict.fromkeys(aid for _, aid in rows))
                    try:
                        for aid in ids:
                            writer.delete_documents_by_term("id", aid)
                        for doc in documents(conn, ids, self.copy.common):
                            writer.add_document(doc)
                        writer.commit()
                    except BaseException:
                        writer.rollback()
                        raise
                    seq = rows[-1][0]
                    self.copy.set_mark(**{**self.copy.mark(), "archive": self.archive_id, "seq": seq})
                    applied += len(rows)
            finally:
                self.copy.last_sync = time.monotonic()
                if not self.copy.deferred:
                    self.copy.release()
            self.copy.index.reload()
            return applied

    def sync(self, archive, batch: int = _BATCH) -> int:
        if self.terms is not None and not archive.readonly:
            self.terms.sync(archive)
        return self.catch_up(archive, batch)

    def refresh(self, archive) -> None:
        if self.terms is not None:
            self.terms.refresh(archive)
        self.catch_up(archive)

    def rebuild(self, archive, batch_size: int = 5000) -> int:
        with self.copy.lock:
            return self._rebuild(archive, batch=batch_size)

    def _rebuild(self, archive, batch: int = _BATCH, resume: bool = False) -> int:
        """Index every stored article (from where an interrupted rebuild stopped, with ``resume``),
        then mark the copy as current up to the log's seq read before it began."""
        conn = archive.conn
        writer = self.copy.open_writer()
        if writer is None:
            raise ArchiveError(f"{self.path}: its tantivy index in {self.folder} is being written by another"
                               " process; try again when it is done")
        from ..fulltext.terms import clear as clear_terms

        mark = self.copy.mark()
        try:
            fingerprint, terms = _terms_fingerprint()
            if resume and "rebuilt_to" in mark and mark.get("terms") == terms:
                start, after = int(mark["seq"]), int(mark["rebuilt_to"])
            else:
                clear_terms()  # textnorm may have changed
                writer.delete_all_documents()
                writer.commit()
                self.copy.set_common(bigrams.common_tokens())  # the list may have changed too
                start = conn.execute("SELECT coalesce(max(seq), 0) FROM fulltext_outbox").fetchone()[0]
                after = 0
            done = 0
            while True:
                self.copy.set_mark(archive=self.archive_id, seq=start, rebuilt_to=after, fingerprint=fingerprint,
                                   terms=terms)
                ids = [r[0] for r in conn.execute("SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT ?",
                                                  (after, int(batch)))]
                if not ids:
                    break
                for doc in documents(conn, ids, self.copy.common):
                    writer.add_document(doc)
                writer.commit()
                done += len(ids)
                after = ids[-1]
            self.copy.set_mark(archive=self.archive_id, seq=start, fingerprint=fingerprint, terms=terms)
        finally:
            if not self.copy.deferred:
                self.copy.release()
        self.ready = True
        self.copy.index.reload()
        return done

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.folder.iterdir() if p.is_file())

    def close(self) -> None:
        pass  # the copy stays open for the process's next archive; its writer is released after each use

    # ------------------------------------------------------------ reading (the rest: TantivyIndex's)

    def facets(self, conn, names: list[str], node, filters, limit: int) -> dict[str, list[tuple[str, int]]]:
        return {name: self.facet(conn, name, node, filters, limit) for name in names}

    def select_ids(self, conn, node, filters) -> tuple[str, list]:
        """``(sql, params)`` selecting the ids of the matches (for :func:`lagebild.archive.trends.scope`)."""
        from ...query import parse

        node = parse(node) if isinstance(node, str) else node
        return "SELECT value FROM json_each(?)", [json.dumps([a for a, _ in self.search(conn, node, filters,
                                                                                          limit=None)])]


__all__ = ["Copy", "MARK", "PgTantivyIndex", "copy_at", "default_folder"]
