"""The story stage's store on PostgreSQL: :class:`~lagebild.archive.stories.SQLiteStoryStore`'s SQL
through the dialect layer (:mod:`.conn`), with the tables made by the archive's migrations."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

from ...errors import ArchiveError
from ..stories import _STORY_ORDER, SQLiteStoryStore


class PgStoryStore(SQLiteStoryStore):
    def __init__(self, conn, transaction: Callable[[], AbstractContextManager] | None = None) -> None:
        # no ensure_schema: the archive's migrations made the tables; articles always exist here
        self.conn = conn
        self._transaction = transaction
        self.has_articles = True

    def next_story_id(self) -> int:
        row = self.conn.execute(
            "SELECT greatest(coalesce(pg_sequence_last_value(pg_get_serial_sequence('stories', 'id')::regclass), 0),"
            " coalesce((SELECT max(id) FROM stories), 0))").fetchone()
        return int(row[0]) + 1

    def _stories_added(self, highest: int | None) -> None:
        # stories inserted with their own ids (a linked batch): the identity's sequence must move past them
        if highest is not None:
            self.conn.execute("SELECT setval(pg_get_serial_sequence('stories', 'id'), ?)", (highest,))

    # -- what a linked batch reads (stories/batch.py), each kind in one statement over an array: the
    # shared versions send IN lists of up to 500 placeholders, a statement text psycopg parses anew
    # (and the server plans anew) for every length, which cost more than the look-ups themselves
    def doc_freqs(self, terms) -> dict[str, int]:
        terms = list(terms)
        if not terms:
            return {}
        return dict(self.conn.execute("SELECT term, df FROM story_df WHERE term = ANY(?::text[])", (terms,)))

    def articles(self, ids) -> list[dict]:
        ids = list(ids)
        if not ids:
            return []
        cur = self.conn.execute("SELECT * FROM story_articles WHERE article_id = ANY(?::bigint[])", (ids,))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur]

    def first_exacts(self, keys) -> dict[str, int]:
        keys = list(keys)
        if not keys:
            return {}
        return dict(self.conn.execute("SELECT exact, min(article_id) FROM story_articles WHERE exact = ANY(?::text[])"
                                      " GROUP BY exact", (keys,)))

    def band_lists(self, keys, limit: int) -> dict[int, list[int]]:
        found: dict[int, list[int]] = {}
        keys = list(keys)
        if keys:
            for key, aid in self.conn.execute(
                    "SELECT key, article_id FROM (SELECT key, article_id, row_number() OVER"
                    " (PARTITION BY key ORDER BY article_id) AS n FROM dup_bands WHERE key = ANY(?::bigint[])) AS b"
                    " WHERE n <= ? ORDER BY key, article_id", (keys, limit)):
                found.setdefault(key, []).append(aid)
        return found

    def key_lists(self, keys, since: float | None, limit: int) -> dict[str, list[tuple[int, float]]]:
        found: dict[str, list[tuple[int, float]]] = {}
        keys = list(keys)
        if not keys:
            return found
        where = "" if since is None else " AND last_seen >= ?"
        for key, sid, last in self.conn.execute(
                "SELECT key, story_id, last_seen FROM (SELECT key, story_id, last_seen, row_number() OVER"
                " (PARTITION BY key ORDER BY last_seen DESC, story_id DESC) AS n FROM story_keys"
                f" WHERE key = ANY(?::text[]){where}) AS k WHERE n <= ? ORDER BY key, last_seen DESC, story_id DESC",
                (keys, *((since,) if since is not None else ()), limit)):
            found.setdefault(key, []).append((sid, last))
        return found

    def list_stories(self, since: float | None = None, limit: int = 50, sort: str = "recent") -> list[dict]:
        # as SQLite's (first/last seen NULL for an undated story, the same orders); PostgreSQL cannot
        # type "? IS NULL" from a NULL parameter, so the condition is left out instead
        order = _STORY_ORDER.get(sort)
        if order is None:
            raise ArchiveError(f"unknown story order {sort!r}: choose {' or '.join(_STORY_ORDER)}")
        cur = self.conn.execute(
            "SELECT id, label, first_seen, last_seen, size, top_entities FROM stories WHERE size > 0"
            + ("" if since is None else " AND last_seen >= ?")
            + f" ORDER BY {order} LIMIT ?",
            ((since,) if since is not None else ()) + (limit,),
        )
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur]


__all__ = ["PgStoryStore"]
