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
