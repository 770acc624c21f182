"""The story stage's store on PostgreSQL: :class:`~lagebild.archive.stories.SQLiteStoryStore`'s SQL
through the dialect layer (:mod:`.conn`), with the tables made by the archive's migrations."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

from ..stories import SQLiteStoryStore


class PgStoryStore(SQLiteStoryStore):
    def __init__(self, conn, transaction: Callable[[], AbstractContextManager] | None = None) -> None:
        # no ensure_schema: the archive's migrations made the tables; articles always exist here
        self.conn = conn
        self._transaction = transaction
        self.has_articles = True

    def list_stories(self, since: float | None = None, limit: int = 50) -> list[dict]:
        # PostgreSQL cannot type "? IS NULL" from a NULL parameter: the condition is left out instead
        cur = self.conn.execute(
            "SELECT id, label, coalesce(first_seen, active) AS first_seen, coalesce(last_seen, active) AS last_seen,"
            " size, top_entities FROM stories WHERE size > 0"
            + ("" if since is None else " AND coalesce(last_seen, active) >= ?")
            + " ORDER BY coalesce(last_seen, active) DESC, size DESC LIMIT ?",
            ((since,) if since is not None else ()) + (limit,),
        )
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur]


__all__ = ["PgStoryStore"]
