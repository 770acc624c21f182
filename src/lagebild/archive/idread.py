"""What the archive's identities read back: an entity's spellings and names per language, the
merges recorded (:mod:`.identities` writes them; its callers import these from there too)."""

from __future__ import annotations

import sqlite3


def aliases(conn: sqlite3.Connection, ids: list[str] | None = None) -> list[dict]:
    """The spellings of ``ids`` (every entity when None) from ``entity_aliases``, then their names per
    language from ``entity_names``; one table of their own, so no article or entity row carries them."""
    def rows(sql: str, part: list[str]):
        where = f" WHERE entity_id IN ({', '.join('?' * len(part))})" if ids is not None else ""
        return conn.execute(sql.format(where=where), part)

    out: list[dict] = []
    chunks = [ids[i:i + 500] for i in range(0, len(ids), 500)] if ids is not None else [[]]
    for part in chunks:  # SQLite's limit on bound parameters
        out += [{"entity_id": e, "alias": a, "language": None} for e, a in rows(
            "SELECT entity_id, alias FROM entity_aliases{where} ORDER BY entity_id, rowid", part)]
        out += [{"entity_id": e, "alias": n, "language": lang} for e, lang, n in rows(
            "SELECT entity_id, language, name FROM entity_names{where} ORDER BY entity_id, language", part)]
    return out


def merges(conn: sqlite3.Connection) -> list[dict]:
    """Every recorded merge, newest first."""
    return [{"source": s, "target": t, "reason": r, "created": c} for s, t, r, c in conn.execute(
        "SELECT source, target, reason, created FROM entity_merges ORDER BY created DESC, source")]


def name_in(conn: sqlite3.Connection, eid: str, language: str | None) -> str | None:
    """The entity's name in ``language``, when an article in that language named it."""
    if not language:
        return None
    row = conn.execute("SELECT name FROM entity_names WHERE entity_id = ? AND language = ?",
                       (eid, language.split("-")[0].lower())).fetchone()
    return row[0] if row else None


__all__ = ["aliases", "merges", "name_in"]
