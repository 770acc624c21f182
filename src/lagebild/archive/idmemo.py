"""What settling a batch's identities (:mod:`.identities`) reads again and again, held in memory for
the batch: which ids are merged into which (``entity_merges``) and the persons indexed by sound
(``entity_sounds``). Only :mod:`.identities` writes those tables, and it keeps the memo in step with
every row it writes, so a look-up answered here is the row the table would give; the memo lives for
one batch inside its write transaction (:func:`settling`), and every other path reads the tables.

On PostgreSQL every look-up is a round trip: a real article asked ~25 times whether an id is merged
and ~8 times about sounds, one statement each; the batch now asks once for all of its ids.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterable, Iterator

_MEMO: contextvars.ContextVar[Memo | None] = contextvars.ContextVar("lagebild_identity_memo", default=None)

_CHUNK = 500  # ids per IN list (SQLite's limit on bound parameters)


class Memo:
    def __init__(self, conn) -> None:
        self.conn = conn
        self.merged: dict[str, tuple[str, str] | None] = {}  # source -> (target, reason), None: not merged
        self.sounds: dict[str, list[tuple[str, str, str | None, int]]] = {}  # sound -> (entity, word, first, latin)
        self.sound_of: dict[str, tuple | None] = {}  # entity -> its first (sound, word, first, latin) row
        self.names: dict[str, str] = {}  # entity -> name, as the batch upserted it (the caller keeps it)
        self.own: set[str] = set()  # ids with mentions of their own (origin_entity_id NULL): they leave only by a merge
        self.targets: set[str] = set()  # ids some merge points to (they may hold moved mentions)
        self.known: set[str] = set()  # ids whose own mentions and merge targets were read (own, targets complete)
        self._pointing: dict[str, set[str]] = {}  # target -> the sources in :attr:`merged` that read as it

    def prefetch(self, ids: Iterable[str]) -> None:
        """Whether each of ``ids`` is merged and has mentions of its own, in two statements per 500 ids."""
        wanted = [i for i in dict.fromkeys(ids) if i not in self.merged]
        arrays = getattr(self.conn, "arrays", False)  # PostgreSQL: one array, not a text of 500 placeholders to parse
        for n in range(0, len(wanted), len(wanted) if arrays and wanted else _CHUNK):
            part = wanted[n:n + _CHUNK] if not arrays else wanted
            among, args = ("= ANY(?)", (part,)) if arrays else (f"IN ({', '.join('?' * len(part))})", part)
            self.merged.update(dict.fromkeys(part))
            for source, target, reason in self.conn.execute(
                    f"SELECT source, target, reason FROM entity_merges WHERE source {among}", args):
                self.merged[source] = (target, reason)
                self._pointing.setdefault(target, set()).add(source)
            self.own.update(r[0] for r in self.conn.execute(
                f"SELECT DISTINCT entity_id FROM mentions WHERE entity_id {among} AND origin_entity_id IS NULL", args))
            self.targets.update(r[0] for r in self.conn.execute(
                f"SELECT DISTINCT target FROM entity_merges WHERE target {among}", args))
            self.known.update(part)

    def has_mentions(self, eid: str) -> bool | None:
        """Whether ``eid`` (not merged) has mentions — its own ones stay until it is merged, and an id
        no merge points to holds no others —; None when only the table can tell. The caller adds
        the ids of the mentions it stores to :attr:`own`."""
        if self.merge_of(eid) is not None:
            return None
        if eid in self.own:
            return True
        return False if eid in self.known and eid not in self.targets else None

    def first_sound(self, eid: str) -> tuple | None:
        """The row ``SELECT sound, word, first, latin FROM entity_sounds WHERE entity_id = ?`` gives
        first: the one stored first (the table is only added to)."""
        if eid not in self.sound_of:
            row = self.conn.execute("SELECT sound, word, first, latin FROM entity_sounds WHERE entity_id = ?",
                                    (eid,)).fetchone()
            self.sound_of[eid] = tuple(row) if row else None
        return self.sound_of[eid]

    def merge_of(self, source: str) -> tuple[str, str] | None:
        """``(target, reason)`` of the merge of ``source``, or None."""
        if source not in self.merged:
            row = self.conn.execute("SELECT target, reason FROM entity_merges WHERE source = ?", (source,)).fetchone()
            self.merged[source] = (row[0], row[1]) if row else None
            if row:
                self._pointing.setdefault(row[0], set()).add(source)
        return self.merged[source]

    def merged_into(self, source: str, target: str, reason: str) -> None:
        """What ``identities.merge`` wrote: source -> target, and what read as source reads as target."""
        self.forget(source)
        self.merged[source] = (target, reason)
        self.targets.add(target)
        moved = self._pointing.pop(source, set())
        for k in moved:
            self.merged[k] = (target, self.merged[k][1])
        self._pointing.setdefault(target, set()).update(moved | {source})

    def forget(self, source: str) -> None:
        """``source`` merged no more (``identities.unmerge``, or before it is merged anew)."""
        done = self.merged.get(source)
        if done is not None:
            self._pointing.get(done[0], set()).discard(source)
        self.merged[source] = None

    def of_sound(self, key: str) -> list[tuple[str, str, str | None, int]]:
        """The persons indexed under ``key``, in the table's key order (entity id)."""
        rows = self.sounds.get(key)
        if rows is None:
            rows = self.sounds[key] = [tuple(r) for r in self.conn.execute(
                "SELECT entity_id, word, first, latin FROM entity_sounds WHERE sound = ? ORDER BY entity_id", (key,))]
        return rows

    def add_sound(self, key: str, row: tuple[str, str, str | None, int]) -> None:
        """``INSERT OR IGNORE INTO entity_sounds`` of ``row`` under ``key``, unless it is there."""
        rows = self.of_sound(key)
        if any(r[0] == row[0] for r in rows):  # the key (sound, entity_id) is stored: the insert would do nothing
            return
        self.conn.execute("INSERT OR IGNORE INTO entity_sounds(sound, entity_id, word, first, latin)"
                          " VALUES (?, ?, ?, ?, ?)", (key, *row))
        rows.append(row)
        rows.sort(key=lambda r: r[0])
        if self.sound_of.get(row[0]) is None:
            self.sound_of[row[0]] = (key, *row[1:])


def memo(conn) -> Memo | None:
    m = _MEMO.get()
    return m if m is not None and m.conn is conn else None


@contextlib.contextmanager
def settling(conn, ids: Iterable[str] = ()) -> Iterator[Memo]:
    """Hold the memo for a batch settled on ``conn`` (inside its write transaction); ``ids``: the
    ids the batch will ask about, fetched at once."""
    m = Memo(conn)
    m.prefetch(ids)
    token = _MEMO.set(m)
    try:
        yield m
    finally:
        _MEMO.reset(token)


__all__ = ["Memo", "memo", "settling"]
