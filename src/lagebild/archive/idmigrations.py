"""The named migrations of the identity tables, in order (SQLite; :mod:`.pg.migrations` runs the same list on
PostgreSQL). A rule change that alters stored ids adds one more re-resolution here (see :mod:`.idmigrate`)."""

from __future__ import annotations

from .identities import _decide_again, _fill_sounds, _re_resolve, _re_resolve_keeping_merges
from .idschema import LAST_WORD, SOUNDS, TABLES
from .schema import Migration

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
]
