"""The named migrations of the identity tables, in order (SQLite; :mod:`.pg.migrations` runs the same list on
PostgreSQL). A rule change that alters stored ids adds one more re-resolution here (see :mod:`.idmigrate`)."""

from __future__ import annotations

import sqlite3

from . import identities as ids
from .idschema import LAST_WORD, SOUNDS, TABLES
from .schema import Migration

def _re_resolve(conn: sqlite3.Connection) -> None:
    """identities-0002, for archives from before merges and sounds: what identities-0006 does, sounds aside."""
    from .idmigrate import Tools, re_resolve_keeping_merges as run

    run(conn, Tools(ids._recount, None, None))


def _re_resolve_keeping_merges(conn: sqlite3.Connection) -> None:
    ids.re_resolve_keeping_merges(conn)


def _fill_sounds(conn: sqlite3.Connection) -> None:
    persons = [r[0] for r in conn.execute("SELECT id FROM entities WHERE type = 'PER'")]
    for eid in persons:
        ids._remember_sound(conn, eid)
    for eid in persons:
        ids._link_across_scripts(conn, eid)


def _fill_spoken_miscs(conn: sqlite3.Connection) -> None:
    """identities-0012: the stored foreign names NER typed MISC in another script (``identities.spoken_misc``)
    are indexed by sound and join the one Latin-script person they sound like, and the stored spelled-out
    names join the acronym other articles file them under (``idlongnames``), as new ones do."""
    found = [e for e, name in conn.execute("SELECT id, name FROM entities WHERE type = 'MISC' ORDER BY id")
             if ids.spoken_misc(e, name or "") and ids._merged(conn, e) is None
             and conn.execute("SELECT 1 FROM mentions WHERE entity_id = ? LIMIT 1", (e,)).fetchone()]
    for eid in found:
        if ids._remember_sound(conn, eid):
            ids._link_across_scripts(conn, eid)
    for (eid,) in conn.execute("SELECT id FROM entities WHERE type = 'ORG' AND name LIKE '% %' ORDER BY id").fetchall():
        ids.link_long_name(conn, ids, eid)  # identities.link_long_name: "Associated Press" into "AP"


def _decide_again(conn: sqlite3.Connection) -> None:
    from .idrecheck import decide_merges_again

    decide_merges_again(conn, ids)


MIGRATIONS: list[Migration] = [
    Migration("identities-0001-tables", TABLES),
    Migration("identities-0002-re-resolve", _re_resolve),
    Migration("identities-0003-last-word-index", f"CREATE INDEX entities_last_word ON entities({LAST_WORD.format(id='id')});"),
    Migration("identities-0004-sounds", SOUNDS),
    Migration("identities-0005-sounds-filled", _fill_sounds),
    Migration("identities-0006-re-resolve-keeping-merges", _re_resolve_keeping_merges),
    Migration("identities-0007-merges-decided-again", _decide_again),
    Migration("identities-0008-false-friends-re-resolved", _re_resolve_keeping_merges),  # enrich/alias_trust.py
    Migration("identities-0009-kinds-re-resolved", _re_resolve_keeping_merges),  # place_kinds.py
    Migration("identities-0010-cases-re-resolved", _re_resolve_keeping_merges),  # particles.nominative, cores
    Migration("identities-0011-inner-names-re-resolved", _re_resolve_keeping_merges),  # inner_names, first names
    Migration("identities-0012-spoken-miscs-and-long-names", _fill_spoken_miscs),  # spoken_misc, idlongnames
    # place_context: clubs and firms named for their city, governors, continents; institutions: "North America"
    Migration("identities-0013-clubs-re-resolved", _re_resolve_keeping_merges),
]
