"""Runs: every ingest run (``lagebild ingest``, ``demo``, a ``watch`` pass, ``POST /api/ingest``) as
one row — when it started and finished, what it was given, the resolved settings it used
(``Settings.to_dict()`` as JSON) and what it counted. A run whose ``finished`` stays empty did not
end (killed, or still going). Registered in ``registry.migrations`` as ``runs``.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

from .schema import Migration

_TABLES = """
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    started TEXT NOT NULL,
    finished TEXT,
    command TEXT NOT NULL,           -- ingest | demo | watch | api
    inputs TEXT NOT NULL DEFAULT '', -- what it was given, in a line
    settings TEXT NOT NULL,          -- JSON: the resolved Settings.to_dict()
    counts TEXT NOT NULL DEFAULT '{}'  -- JSON: stored, duplicate, skipped, failed, failures by reason, ...
);
"""

MIGRATIONS: list[Migration] = [Migration("runs-0001-table", _TABLES)]


@dataclass(slots=True)
class Run:
    id: int
    started: str
    finished: str | None
    command: str
    inputs: str
    settings: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)


def start(conn: sqlite3.Connection, command: str, inputs: str, settings: dict, now: str) -> int:
    return conn.execute(
        "INSERT INTO runs(started, command, inputs, settings) VALUES (?, ?, ?, ?)",
        (now, command, inputs[:2000], json.dumps(settings, ensure_ascii=False, sort_keys=True)),
    ).lastrowid


def finish(conn: sqlite3.Connection, run_id: int, counts: dict, now: str) -> None:
    conn.execute("UPDATE runs SET finished = ?, counts = ? WHERE id = ?",
                 (now, json.dumps(counts, ensure_ascii=False, sort_keys=True), run_id))


def latest(conn: sqlite3.Connection, limit: int = 20) -> list[Run]:
    rows = conn.execute("SELECT id, started, finished, command, inputs, settings, counts FROM runs"
                        " ORDER BY id DESC LIMIT ?", (int(limit),))
    return [Run(r[0], r[1], r[2], r[3], r[4], json.loads(r[5] or "{}"), json.loads(r[6] or "{}")) for r in rows]


__all__ = ["MIGRATIONS", "Run", "finish", "latest", "start"]
