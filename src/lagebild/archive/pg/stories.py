"""The story stage's store on PostgreSQL: :class:`~lagebild.archive.stories.SQLiteStoryStore`'s SQL
through the dialect layer (:mod:`.conn`), with the tables made by the archive's migrations."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

from ...errors import ArchiveError
from ..stories import _STORY_ORDER, SQLiteStoryStore
from .bulk import _copy


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

    def _count_batch(self, counts, fresh: set[str]) -> None:
        # the terms a batch brings new (most of a merge's: ~140 of ~170 per real article) by COPY, the rest
        # as an upsert: INSERT … ON CONFLICT DO UPDATE probes the key for every row first, which cost the
        # server twice what a COPY of the same new rows does (80,000 new terms: 0.27 vs 0.12 CPU-s; sorting
        # them first saves the server 0.03 and costs this process 0.07: not done; docs/benchmarks.md, issue 18)
        _copy(self.conn, "story_df", ("term", "df"), [(t, n) for t, n in counts.items() if t in fresh])
        # the rest in key order: the upsert's B-tree probes then go page by page (48,000 terms into
        # 210,000: 0.37 -> 0.28 server CPU-s, for ~0.04 s of sorting here)
        super()._count_batch(dict(sorted((t, n) for t, n in counts.items() if t not in fresh)), set())

    def _link_articles(self, rows: list[tuple]) -> None:
        # one UPDATE over arrays, not one statement per article (executemany of an UPDATE goes row by row)
        if rows:
            self.conn.execute(
                "UPDATE articles SET duplicate_of = u.dup, story_id = u.story FROM unnest(?::bigint[], ?::bigint[],"
                " ?::bigint[]) AS u(dup, story, id) WHERE articles.id = u.id", tuple(map(list, zip(*rows))))

    # -- what a linked batch reads (stories/batch.py), each kind in one statement over an array: the
    # shared versions send IN lists of up to 500 placeholders, a statement text psycopg parses anew
    # (and the server plans anew) for every length, which cost more than the look-ups themselves;
    # first_exacts, band_lists and key_lists are SQLite's, their IN list made an array by _chunked
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

    def _chunked(self, sql: str, values: list, extra: tuple = (), size: int = 500):
        """The shared look-ups' ``IN ({})`` as one ``= ANY(array)`` (first_exacts, band_lists, key_lists)."""
        if not values:
            return []
        kind = "bigint" if isinstance(values[0], int) else "text"
        return self.conn.execute(sql.replace("IN ({})", f"= ANY(?::{kind}[])"), (values, *extra)).fetchall()

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
