"""Merges made by earlier rules, decided again by today's.

Archive-level merges (:mod:`.identities`: a lone word into the one longer name ending in it, an
acronym into the name articles spell it out as, a person into the one name that sounds like it)
were once made on thin evidence: a longer name seen in one article ("Deep Microsoft" took every
"Microsoft"), one article tying an acronym to a compound its letters merely run through ("NFL" to
"Netflix"), two Latin names that only sound alike ("Gerhard Richter", "Gerhard Ritter"). The
migration ``identities-0007-merges-decided-again`` undoes every recorded merge and decides each
again, in the order they were made, with today's rules and the whole archive as evidence: what
still holds is merged again (same reason), the rest stays apart. Nothing is deleted: a merge only
ever moved mention rows, and undoing one moves them back (``origin_entity_id``).
"""

from __future__ import annotations

import sqlite3
from types import ModuleType


def decide_merges_again(conn: sqlite3.Connection, ids: ModuleType) -> dict[str, int]:
    """Undo every recorded merge, then make again those today's rules make (``ids``: the module
    :mod:`.identities`, handed over by its migration); the counts before and after."""
    rows = conn.execute("SELECT source, target, reason FROM entity_merges ORDER BY created, source").fetchall()
    for source, _target, _reason in reversed(rows):
        ids.unmerge(conn, source)
    for source, _target, reason in rows:
        if ids._merged(conn, source) is not None:
            continue  # an earlier decision made it again
        if reason == ids.SURNAME:
            target = ids._surname_target(conn, source)
            if target is not None and target != source:
                ids.merge(conn, source, target, reason)
        elif reason == ids._ACRONYM:
            aid = conn.execute("SELECT article_id FROM mentions WHERE entity_id = ? LIMIT 1", (source,)).fetchone()
            if aid:
                ids._link_acronyms(conn, aid[0])
        elif reason == ids.SPELLED_OUT:
            ids.link_long_name(conn, ids, source)
        elif reason.startswith(ids.SOUND):
            ids._link_across_scripts(conn, source)  # may keep the better-known spelling as the id
    return {"before": len(rows), "after": conn.execute("SELECT count(*) FROM entity_merges").fetchone()[0]}


__all__ = ["decide_merges_again"]
