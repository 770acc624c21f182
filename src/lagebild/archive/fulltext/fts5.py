"""The FTS5 index inside the archive file (the fallback when tantivy is not installed).

Terms are computed in Python (``textnorm``: SQLite cannot lemmatize) into ``article_terms``, whose
triggers keep the external-content FTS5 table in step. The outbox is applied inside the writing
transaction, just before its commit, so store and index commit together.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from ...query import Filters, Node
from .. import search as _search
from ..store import term_columns, unpack_text
from . import outbox
from .given import GivenTerms, TakesGivenTerms

_FACET_SQL = {
    "section": "a.section",
    "language": "lower(a.language)",
    "source": "a.source",
    "month": "substr(a.published_utc, 1, 7)",
}


def write_terms(conn: sqlite3.Connection, ids: list[int], given: GivenTerms | None = None) -> None:
    """Compute and store the index terms of the articles ``ids`` (FTS5 follows by trigger); ``given``:
    terms computed elsewhere, taken for a row that holds the very texts they were made of."""
    if not ids:
        return
    marks = ", ".join("?" * len(ids))
    rows = conn.execute(
        "SELECT a.id, a.title, a.lead, a.text, a.language, t.id FROM articles a"
        f" LEFT JOIN article_terms t ON t.id = a.id WHERE a.id IN ({marks})", ids).fetchall()
    for aid, title, lead, text, lang, known in rows:
        text = unpack_text(text)
        cols = (given.take((title or "", lead or "", text or "", lang)) if given else None) \
            or term_columns(title, lead, text, lang)
        if known is None:
            conn.execute("INSERT INTO article_terms(id, title, lead, text) VALUES (?, ?, ?, ?)", (aid, *cols))
        else:
            conn.execute("UPDATE article_terms SET title = ?, lead = ?, text = ? WHERE id = ?", (*cols, aid))


class FTS5Index(TakesGivenTerms):
    name = "fts5"

    def __init__(self, archive) -> None:
        self.path = archive.path

    # ------------------------------------------------------------ keeping in step

    def before_commit(self, conn: sqlite3.Connection) -> None:
        while True:
            rows = outbox.take(conn, 1000)
            if not rows:
                return
            write_terms(conn, [aid for _, aid, text in rows if text], self.given)
            outbox.done(conn, rows[-1][0])

    def after_commit(self, archive) -> None:
        pass

    def sync(self, archive) -> None:
        if not archive.readonly:
            with archive.transaction():
                pass  # before_commit applies what is queued

    @contextmanager
    def deferred(self, archive) -> Iterator[None]:
        yield  # FTS5 always commits with the store

    def refresh(self, archive) -> None:
        """Before reading: apply anything queued outside :meth:`Archive.transaction`."""
        if not archive.readonly and outbox.pending(archive.conn):
            self.sync(archive)

    def rebuild(self, archive, batch_size: int = 500) -> int:
        """Recompute every article's terms; how many changed (the old reindex, kept resumable)."""
        from ..store import _word_terms, reindex

        _word_terms.cache_clear()
        after, changed = 0, 0
        while True:
            with archive.transaction() as conn:
                last, n = reindex(conn, after, batch_size)
            changed += n
            if last == after:
                return changed
            after = last

    def size_bytes(self) -> int:
        return 0  # inside the archive file

    def close(self) -> None:
        pass

    # ------------------------------------------------------------ reading

    def _select(self, p: _search.Plan, columns: str, sort: str) -> str:
        sql = _search.select_sql(p, columns)
        if sort == "date" and p.match:
            sql = sql.replace("ORDER BY score DESC, ", "ORDER BY ")
        return sql

    def search(self, conn, node: Node, filters: Filters | None, *, limit: int | None = 20, offset: int = 0,
               sort: str = "relevance") -> list[tuple[int, float]]:
        p = _search.plan(conn, node, filters)
        sql = self._select(p, "a.id", sort) + " LIMIT ? OFFSET ?"
        return [(r[0], float(r[1])) for r in
                conn.execute(sql, [*p.params, -1 if limit is None else int(limit), int(offset)])]

    def count(self, conn, node: Node, filters: Filters | None) -> int:
        p = _search.plan(conn, node, filters)
        return conn.execute(_search.count_sql(p), p.params).fetchone()[0]

    def facet(self, conn, name: str, node: Node, filters: Filters | None, limit: int) -> list[tuple[str, int]]:
        p = _search.plan(conn, node, filters)
        inner = _search.select_sql(p, f"{_FACET_SQL[name]} AS v")
        order = "v DESC" if name == "month" else "n DESC, v"
        sql = (f"SELECT v, count(*) AS n FROM ({inner}) WHERE v IS NOT NULL AND v != ''"
               f" GROUP BY v ORDER BY {order} LIMIT ?")
        return [(r[0], r[1]) for r in conn.execute(sql, [*p.params, int(limit)])]

    def by_terms(self, conn, terms: list[str], limit: int) -> list[tuple[int, float]]:
        expr = " OR ".join(f'"{t}"' for t in terms)
        sql = (f"SELECT rowid, -{_search._BM25} AS score FROM articles_fts WHERE articles_fts MATCH ?"
               " ORDER BY score DESC LIMIT ?")
        return [(r[0], float(r[1])) for r in conn.execute(sql, (expr, int(limit)))]

    def doc_freq(self, conn, term: str) -> int:
        found = conn.execute("SELECT doc FROM articles_vocab WHERE term = ?", (term,)).fetchone()
        return found[0] if found else 0

    def top_terms(self, conn, limit: int) -> list[tuple[str, int]]:
        """The most common index terms with the number of articles holding each."""
        return conn.execute("SELECT term, doc FROM articles_vocab ORDER BY doc DESC LIMIT ?", (int(limit),)).fetchall()

    def num_docs(self, conn) -> int:
        return conn.execute("SELECT count(*) FROM article_terms").fetchone()[0]


__all__ = ["FTS5Index", "write_terms"]
