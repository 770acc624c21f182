"""Full-text indexes beside the store, swappable by name (``registry.indexes``): ``fts5`` inside the
SQLite file, ``tantivy`` (embedded BM25 with block-max WAND, a folder next to it) when installed.

The store stays the source of truth. Every change to an article is queued in ``fulltext_outbox`` by
triggers in the same transaction (:mod:`.outbox`); the index applies the queue in order — FTS5
before the store's commit, tantivy after it — so a crash never loses or doubles a document, and
``Archive.reindex()`` (``lagebild reindex``) rebuilds the index from the store.

An index answers with article ids (and scores); the archive reads the rows of the page it shows.
Its methods (``conn`` is the archive's connection, ``node`` a parsed query, ``filters`` a
:class:`~lagebild.query.Filters`)::

    search(conn, node, filters, *, limit, offset, sort)  -> [(id, score)]   sort: "relevance" | "date"
    count(conn, node, filters)                          -> int
    facet(conn, name, node, filters, limit)             -> [(value, articles)]   name in FACETS
    by_terms(conn, terms, limit)                        -> [(id, score)]   an OR of index terms (related)
    doc_freq(conn, term), num_docs(conn)                -> int
    before_commit(conn), after_commit(archive), sync(archive), rebuild(archive), size_bytes(), close()

Which index an archive uses is recorded in ``archive_meta`` (``fulltext``) when it is created: the
``index`` the caller asks for, else ``$LAGEBILD_INDEX``, else tantivy when installed, else FTS5.
An archive made before the choice existed stays on FTS5 until ``lagebild reindex --index tantivy``.
"""

from __future__ import annotations

import importlib.util
import os
import sqlite3

from ...errors import ArchiveError
from ...registry import registry

FACETS = ("section", "language", "source", "month")


def available() -> list[str]:
    """Index names whose engine is importable here, preferred first."""
    return [n for n in ("tantivy", "fts5") if n == "fts5" or importlib.util.find_spec(n) is not None]


def recorded(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT value FROM archive_meta WHERE key = 'fulltext'").fetchone()
    return row[0] if row else None


def choose(conn: sqlite3.Connection, wanted: str | None, writable: bool) -> str:
    """The index this archive uses; recorded for a new archive."""
    name = recorded(conn)
    if name:
        return name
    fresh = conn.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is None
    name = (wanted or os.environ.get("LAGEBILD_INDEX") or available()[0]) if fresh else "fts5"
    registry.indexes.get(name)  # an unknown name fails here, naming the known ones
    if writable:
        record(conn, name)
    return name


def record(conn: sqlite3.Connection, name: str) -> None:
    conn.execute("INSERT OR REPLACE INTO archive_meta(key, value) VALUES ('fulltext', ?)", (name,))


def open_index(archive, name: str):
    """The index ``name`` of ``archive``, opened; ArchiveError when its engine is not installed."""
    factory = registry.indexes.get(name)
    try:
        return factory(archive)
    except ImportError as exc:
        raise ArchiveError(f"{archive.path}: its full-text index is {name!r}, which needs {exc.name!r} installed"
                           f" (or run `lagebild reindex --index fts5`)") from exc


__all__ = ["FACETS", "available", "choose", "open_index", "record", "recorded"]
