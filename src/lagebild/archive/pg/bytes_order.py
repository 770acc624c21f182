"""Every column that holds an entity id compares in byte order (``COLLATE "C"``), as ``entities.id`` does.

``entities.id`` sorts as SQLite's BINARY (schema.py); the columns that refer to it were created with the
database's default collation. PostgreSQL compares two columns of different collations in the
non-default one, and a B-tree index answers only comparisons in its own collation: a join that reaches
``entity_names``, ``mentions`` or ``article_entities`` *from* an entity (``ON n.entity_id = e.id``) could
not probe their index and read the whole table instead (the entity facet's localized names, the merge
look-ups, the co-occurrence joins). Migration ``pg-0005-entity-ids-in-bytes`` gives them the collation of
``entities.id``. Byte order and the default agree on equality, so no stored value changes meaning; the
tables are not rewritten, their indexes on these columns are rebuilt once (minutes on a million articles).
"""

from __future__ import annotations

# table -> its columns that hold an entity id (entity_stats got its collation in pg-0004)
ENTITY_ID_COLUMNS: dict[str, tuple[str, ...]] = {
    "entity_aliases": ("entity_id",),
    "article_entities": ("entity_id",),
    "mentions": ("entity_id", "origin_entity_id"),
    "quotes": ("speaker_entity_id",),
    "events": ("subject_id", "object_id"),
    "entity_merges": ("source", "target"),
    "entity_names": ("entity_id",),
    "entity_sounds": ("entity_id",),
}


def in_bytes(conn) -> bool:
    """The migration: one ALTER TABLE per table (its indexes rebuilt once, not once per column);
    a table this archive does not have (a feature not registered) is skipped."""
    have = {r[0] for r in conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")}
    for table, columns in ENTITY_ID_COLUMNS.items():
        if table in have:
            alters = ", ".join(f'ALTER COLUMN {c} TYPE TEXT COLLATE "C"' for c in columns)
            conn.raw.execute(f"ALTER TABLE {table} {alters}")
    return True


__all__ = ["ENTITY_ID_COLUMNS", "in_bytes"]
