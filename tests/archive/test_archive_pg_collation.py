"""Entity ids compare in one collation on PostgreSQL, so joins from an entity can use the indexes of the
tables that refer to it (archive/pg/bytes_order.py, migration pg-0005)."""

from __future__ import annotations

import pytest

from archive_gen import make_articles

pytest.importorskip("psycopg")

# the join of the entity facet (archive/facets.py): names in the reader's language, reached from entities
_NAMED = ("EXPLAIN SELECT e.id, n.name FROM entities e"
          " LEFT JOIN entity_names n ON n.entity_id = e.id AND n.language = 'de' WHERE e.type = 'PER'")


def _collations(conn) -> dict[tuple[str, str], str]:
    """(table, column) -> collation of every text column that refers to an entity by id."""
    rows = conn.execute(
        "SELECT c.relname, a.attname, coalesce(co.collname, '') FROM pg_attribute a"
        " JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace ns ON ns.oid = c.relnamespace"
        " LEFT JOIN pg_collation co ON co.oid = a.attcollation"
        " WHERE ns.nspname = current_schema() AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped"
        " AND a.atttypid = 'text'::regtype").fetchall()
    return {(t, c): coll for t, c, coll in rows
            if c.endswith("entity_id") or c in ("subject_id", "object_id")
            or (t == "entity_merges" and c in ("source", "target")) or (t, c) == ("entities", "id")}


def _plan(conn, sql: str) -> str:
    conn.execute("SET enable_seqscan = off")  # tiny tables: make the planner show what it *can* use
    conn.execute("SET enable_hashjoin = off")
    conn.execute("SET enable_mergejoin = off")
    conn.execute("SET enable_material = off")
    return "\n".join(r[0] for r in conn.execute(sql).fetchall())


def test_every_entity_id_column_compares_in_bytes(pg_url):
    from lagebild.archive.pg import PgArchive

    with PgArchive(pg_url) as ar:
        found = _collations(ar.conn)
    assert ("entity_names", "entity_id") in found and ("mentions", "origin_entity_id") in found
    assert {k: v for k, v in found.items() if v != "C"} == {}


def test_an_archive_from_before_is_migrated_and_keeps_its_rows(pg_url):
    from lagebild.archive.pg import PgArchive

    with PgArchive(pg_url) as ar:
        ar.ingest(make_articles(30), batch_size=10)
        ar.conn.execute("INSERT OR IGNORE INTO entity_names(entity_id, language, name) SELECT e.id, l.lang, e.name || l.lang"
                        " FROM entities e, (VALUES ('de'), ('en'), ('fr'), ('es')) AS l(lang)")
        for n in range(40):  # enough entities that reading all names costs more than probing
            ar.conn.execute("INSERT INTO entities(id, name, type) VALUES (?, ?, 'ORG')", (f"ORG:x{n}", f"X {n}"))
        ar.conn.execute("ANALYZE")
        before = ar.conn.execute("SELECT count(*), count(DISTINCT entity_id) FROM mentions").fetchone()
        # back to the schema of pg-0004: the default collation, the migration not applied
        for table, column in _collations(ar.conn):
            if table not in ("entities", "entity_stats"):
                ar.conn.execute(f'ALTER TABLE {table} ALTER COLUMN {column} TYPE TEXT COLLATE "default"')
        ar.conn.execute("DELETE FROM migrations WHERE name = 'pg-0005-entity-ids-in-bytes'")
        plan = _plan(ar.conn, _NAMED)
        assert "Join Filter: (n.entity_id = e.id)" in plan  # the old schema reads every name, then compares
    with PgArchive(pg_url) as ar:
        assert set(_collations(ar.conn).values()) == {"C"}
        assert ar.conn.execute("SELECT count(*), count(DISTINCT entity_id) FROM mentions").fetchone() == before
        plan = _plan(ar.conn, _NAMED)
        assert "Join Filter" not in plan and "Index Cond: ((entity_id = e.id) AND (language = 'de'::text))" in plan
