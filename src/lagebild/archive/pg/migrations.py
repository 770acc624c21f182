"""The PostgreSQL archive's migrations: each feature's, in order, from the SQL of :mod:`.schema` (and
the Python of :mod:`.bytes_order` and :mod:`.load`), and :func:`migrate`, which applies the pending
ones. A list of its own, so a new migration is a line here (tests/test_layers.py keeps modules short).
"""

from __future__ import annotations

from ..schema import CORE as _SQLITE_CORE, Migration
from .bytes_order import in_bytes as _ids_in_bytes
from .load import LOG_SKIPS_BATCH as _LOG_BATCH, STATS_PER_STATEMENT as _STATS
from .schema import (_ARTICLES, _ENTITIES, _ENTITY_STATS, _FTS, _IDENTITIES, _LOG, _MONITOR, _OUTBOX, _RUNS,
                     _STORIES, _TRIGRAM, _rum)


def _identities() -> list[Migration]:
    """SQLite's identity migrations with PostgreSQL's own SQL for the two that differ: the rest is Python that
    runs through the dialect layer, so a new identities migration is one line in :mod:`..idmigrations`."""
    from ..idmigrations import MIGRATIONS

    own = {m.name: m for m in (
        Migration("identities-0001-tables", _IDENTITIES),
        Migration("identities-0003-last-word-index", "CREATE INDEX entities_last_word ON entities("
                  "substr(id, length(rtrim(id, replace(id, '-', ''))) + 1));"))}
    return [own.get(m.name, m) for m in MIGRATIONS]


_SQLITE = {m.name: m for m in _SQLITE_CORE}

# feature (as in registry.migrations) -> its PostgreSQL migrations, in order; "core" first
MIGRATIONS: dict[str, list[Migration]] = {
    "core": [
        Migration("core-0001-articles", _ARTICLES),
        Migration("core-0002-entities", _ENTITIES),
        Migration("core-0003-fulltext", _FTS),
        _SQLITE["core-0004-meta"],  # SQL both dialects read alike: SQLite's own migration
        Migration("core-0005-entity-stats", _ENTITY_STATS),
        _SQLITE["core-0006-article-truncated"],
        _SQLITE["core-0007-bare-day-noon"],
    ],
    "monitor": [Migration("monitor-0001-tables", _MONITOR),
                Migration("monitor-0002-source-failures",
                          "ALTER TABLE monitor_sources ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;")],
    "stories": [Migration("stories-0001-tables", _STORIES)],
    "runs": [Migration("runs-0001-table", _RUNS)],
    "fulltext": [Migration("fulltext-0001-outbox", _OUTBOX)],
    "identities": _identities(),
    "pg": [Migration("pg-0001-trigram", _TRIGRAM), Migration("pg-0002-rum", _rum),
           Migration("pg-0003-fulltext-log", _LOG), Migration("pg-0004-entity-stats-per-statement", _STATS),
           Migration("pg-0005-entity-ids-in-bytes", _ids_in_bytes),
           Migration("pg-0006-outbox-children-skip-new", _LOG_BATCH)],
}


def all_migrations() -> list[Migration]:
    """Every PostgreSQL migration in order; ArchiveError naming a feature that has none here."""
    from ...errors import ArchiveError
    from ...registry import registry

    found = list(MIGRATIONS["core"])
    for feature in registry.migrations:
        if feature not in MIGRATIONS:
            raise ArchiveError(f"the feature {feature!r} registers SQLite migrations only; the PostgreSQL archive"
                               " does not support it")
        found += MIGRATIONS[feature]
    return found + MIGRATIONS["pg"]


def migrate(conn, label: str) -> list[str]:
    """Apply pending migrations, each in its own transaction with its record; one migrator at a time
    (an advisory lock), so two processes opening a new database do not both create it."""
    conn.execute("SELECT pg_advisory_lock(7426)")
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied TEXT NOT NULL)")
        done = {r[0] for r in conn.execute("SELECT name FROM migrations")}
        ran = []
        for m in all_migrations():
            if m.name in done:
                continue
            conn.execute("BEGIN")
            try:
                if callable(m.sql):
                    if m.sql(conn) is False:  # cannot be applied here (yet): stays pending, nothing changed
                        conn.execute("COMMIT")
                        continue
                else:
                    conn.raw.execute(m.sql)  # several statements, $$ bodies: sent as one text, unparsed
                conn.execute("INSERT INTO migrations(name, applied) VALUES (?, strftime('%Y-%m-%dT%H:%M:%SZ','now'))",
                             (m.name,))
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            ran.append(m.name)
        return ran
    finally:
        conn.execute("SELECT pg_advisory_unlock(7426)")
