"""What one write transaction has already written of entities, so that a batch of articles naming the
same entities writes each entity row and alias once, not once per article.

An article's entities are upserted (``store.upsert_entity``) and its mention-only ids inserted if
missing: in a batch of a thousand articles the same few hundred entities come again and again, and
each statement costs the writer ~10-20 µs. Within one transaction nothing but these upserts changes
an entity's name, type or country, and nothing deletes entities or aliases (identity merges only
add aliases and stub rows), so an upsert with the values the row already got, an alias already
inserted, or a stub of an id already written changes nothing and is left out. A rolled-back item
(``ROLLBACK TO`` its savepoint) may have written some of it: :meth:`Written.clear` forgets all.
"""

from __future__ import annotations

from ..model import Entity


class Written:
    """Per transaction (``batch._flush``): entity rows and aliases written so far."""

    def __init__(self) -> None:
        self._rows: dict[str, tuple] = {}  # id -> (name, type, country or None: as stored before, unknown)
        self._aliases: dict[str, set[str]] = {}

    def entity(self, e: Entity) -> bool:
        """Whether upserting ``e`` may change its row; records the row the upsert leaves."""
        known = self._rows.get(e.id) or None  # a stub's () : its values unknown
        if known is not None and known[:2] == (e.name, e.type) and (e.country is None or e.country == known[2]):
            return False  # country: coalesce(new, stored) keeps the stored one when new is None
        country = e.country if e.country is not None else (known[2] if known is not None else None)
        self._rows[e.id] = (e.name, e.type, country)
        return True

    def stub(self, eid: str) -> bool:
        """Whether an ``INSERT OR IGNORE`` of id ``eid`` may add a row (none written in this transaction)."""
        if eid in self._rows:
            return False
        self._rows[eid] = ()  # a row exists; its values unknown: the next upsert of it runs
        return True

    def new_aliases(self, eid: str, aliases: list[str]) -> list[str]:
        """Those of ``aliases`` not yet inserted for ``eid`` in this transaction (recorded as inserted)."""
        done = self._aliases.setdefault(eid, set())
        fresh = [a for a in aliases if a not in done]
        done.update(fresh)
        return fresh

    def clear(self) -> None:
        self._rows.clear()
        self._aliases.clear()


__all__ = ["Written"]
