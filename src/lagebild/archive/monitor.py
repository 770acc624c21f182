"""The watch loop's state in the archive file: sources and their schedule, HTTP validators, the
URLs already seen, saved alerts, the matches recorded and the delivery outbox.

A match and its delivery are written in one transaction together with the URL being marked
seen, and sent afterwards (transactional outbox): a crash or a receiver that is down leaves the
delivery ``pending``, to be retried by the next pass or after a restart, and the unique
``(alert, article)`` match means no article is alerted twice. Picked up by
:func:`lagebild.archive.schema.all_migrations` through ``MIGRATIONS``.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone

from ..errors import ArchiveError
from ..model import Alert
from .schema import Migration

_TABLES = """
CREATE TABLE monitor_sources (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    kind TEXT,                       -- feed | sitemap | urls; NULL until sniffed
    every REAL NOT NULL,             -- seconds between polls
    next_due REAL NOT NULL DEFAULT 0,  -- unix time
    last_polled TEXT,
    last_error TEXT,
    added TEXT NOT NULL
);
CREATE TABLE monitor_validators (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    checked TEXT NOT NULL
);
CREATE TABLE monitor_seen (
    url TEXT PRIMARY KEY,            -- normalised (sources.urls.normalize)
    source_id INTEGER,
    status TEXT NOT NULL,            -- stored | duplicate | failed | retry
    article_id INTEGER,
    attempts INTEGER NOT NULL DEFAULT 1,
    reason TEXT,
    seen TEXT NOT NULL
);
CREATE TABLE monitor_alerts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    query TEXT NOT NULL,
    channel TEXT NOT NULL,
    target TEXT NOT NULL,
    secret TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL
);
CREATE TABLE monitor_matches (
    alert_id INTEGER NOT NULL,
    article_id INTEGER NOT NULL,
    matched TEXT NOT NULL,
    PRIMARY KEY (alert_id, article_id)
);
CREATE TABLE monitor_outbox (
    id INTEGER PRIMARY KEY,
    alert_id INTEGER NOT NULL,
    article_id INTEGER NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL DEFAULT 'pending',   -- pending | done
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt REAL NOT NULL DEFAULT 0,     -- unix time
    last_error TEXT,
    created TEXT NOT NULL,
    delivered TEXT
);
CREATE INDEX monitor_outbox_pending ON monitor_outbox(status, next_attempt);
"""

# failures: polls in a row that failed; a failing source is polled less often (see Monitor.polled)
MIGRATIONS = [Migration("monitor-0001-tables", _TABLES),
              Migration("monitor-0002-source-failures",
                        "ALTER TABLE monitor_sources ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;")]
MAX_BACKOFF = 64  # a source failing again and again is polled at most this many times less often
MAX_BACKOFF_SECONDS = 86400.0  # … but at least once a day

RETRY_LIMIT = 3  # a URL whose fetch failed transiently is tried this often, then given up


@dataclass(slots=True)
class Source:
    id: int
    url: str
    kind: str | None
    every: float
    next_due: float
    last_polled: str | None = None
    last_error: str | None = None
    failures: int = 0  # polls in a row that failed


@dataclass(slots=True)
class Pending:
    """One delivery waiting in the outbox."""

    id: int
    alert: Alert
    article_id: int
    key: str  # Idempotency-Key: the same on every retry
    attempts: int


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def idempotency_key(alert: Alert | str, article_id: int) -> str:
    name = alert if isinstance(alert, str) else alert.name
    return f"{name}:{article_id}"


class Monitor:
    """The watch state on an archive's connection (autocommit; writes use BEGIN IMMEDIATE)."""

    def __init__(self, conn: sqlite3.Connection, transaction=None, index=None) -> None:
        self.conn = conn
        self._transaction = transaction  # the archive's, so that writes nest inside its own
        self._index = index  # the archive's full-text index (term frequencies)

    @classmethod
    def of(cls, archive) -> Monitor:
        return cls(archive.conn, archive.transaction, archive.index)

    def _rows(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        cur = self.conn.cursor()
        cur.row_factory = sqlite3.Row  # whatever the archive's connection uses
        return cur.execute(sql, params).fetchall()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        if self._transaction is not None:
            with self._transaction() as conn:
                yield conn
            return
        conn = self.conn
        if conn.in_transaction:  # inside a caller's transaction: join it
            yield conn
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    # -- sources -----------------------------------------------------------------------------
    def add_source(self, url: str, kind: str | None, every: float) -> Source:
        with self._write() as c:
            try:
                c.execute("INSERT INTO monitor_sources(url, kind, every, added) VALUES (?, ?, ?, ?)",
                          (url, kind, every, now_iso()))
            except sqlite3.IntegrityError:
                raise ArchiveError(f"{url}: already a source") from None
        return self.source(url)  # type: ignore[return-value]

    def source(self, ident: int | str) -> Source | None:
        column = "id" if isinstance(ident, int) or str(ident).isdigit() else "url"
        rows = self._rows(f"SELECT * FROM monitor_sources WHERE {column} = ?", (ident,))
        return _source(rows[0]) if rows else None

    def sources(self) -> list[Source]:
        return [_source(r) for r in self._rows("SELECT * FROM monitor_sources ORDER BY id")]

    def remove_source(self, ident: int | str) -> bool:
        source = self.source(ident)
        if source is None:
            return False
        with self._write() as c:
            c.execute("DELETE FROM monitor_sources WHERE id = ?", (source.id,))
        return True

    def due_sources(self, now: float | None = None) -> list[Source]:
        now = time.time() if now is None else now
        rows = self._rows("SELECT * FROM monitor_sources WHERE next_due <= ? ORDER BY next_due, id", (now,))
        return [_source(r) for r in rows]

    def next_due(self) -> float | None:
        row = self.conn.execute("SELECT MIN(next_due) FROM monitor_sources").fetchone()
        return row[0] if row else None

    def polled(self, source: Source, *, kind: str | None, error: str | None, now: float | None = None) -> None:
        """Record a poll; a failed one (``error``) backs off: the wait doubles with each failure in a
        row (up to ``MAX_BACKOFF`` times ``every``, at most a day), so a broken source costs little."""
        now = time.time() if now is None else now
        failures = source.failures + 1 if error else 0
        wait = source.every * min(2 ** max(failures - 1, 0), MAX_BACKOFF) if error else source.every
        wait = max(source.every, min(wait, MAX_BACKOFF_SECONDS))
        with self._write() as c:
            c.execute("UPDATE monitor_sources SET kind = COALESCE(?, kind), next_due = ?, last_polled = ?, last_error = ?, "
                      "failures = ? WHERE id = ?", (kind, now + wait, now_iso(), error, failures, source.id))

    # -- HTTP validators -------------------------------------------------------------------
    def validators(self, url: str) -> tuple[str | None, str | None]:
        row = self.conn.execute("SELECT etag, last_modified FROM monitor_validators WHERE url = ?", (url,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def set_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        with self._write() as c:
            c.execute("INSERT INTO monitor_validators(url, etag, last_modified, checked) VALUES (?, ?, ?, ?) "
                      "ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, "
                      "checked = excluded.checked", (url, etag, last_modified, now_iso()))

    # -- seen URLs ---------------------------------------------------------------------------
    def unseen(self, urls: Iterable[str]) -> list[str]:
        """The URLs not yet handled (or whose fetch failed transiently fewer than RETRY_LIMIT times)."""
        urls = list(dict.fromkeys(urls))
        done: set[str] = set()
        for i in range(0, len(urls), 500):
            chunk = urls[i : i + 500]
            marks = ",".join("?" * len(chunk))
            done.update(r[0] for r in self.conn.execute(
                f"SELECT url FROM monitor_seen WHERE url IN ({marks}) AND NOT (status = 'retry' AND attempts < ?)",
                (*chunk, RETRY_LIMIT)))
        return [u for u in urls if u not in done]

    def failed(self, url: str, source_id: int | None, reason: str, *, permanent: bool) -> None:
        with self._write() as c:
            c.execute("INSERT INTO monitor_seen(url, source_id, status, reason, seen) VALUES (?, ?, ?, ?, ?) "
                      "ON CONFLICT(url) DO UPDATE SET status = excluded.status, reason = excluded.reason, "
                      "attempts = attempts + 1, seen = excluded.seen",
                      (url, source_id, "failed" if permanent else "retry", reason, now_iso()))

    def stored(self, url: str, source_id: int | None, status: str, article_id: int, alerts: Iterable[Alert]) -> list[int]:
        """Mark ``url`` seen as ``article_id`` and record its matches and their deliveries, atomically.

        Returns the outbox ids created (none for an alert that already matched this article).
        """
        created = []
        with self._write() as c:
            c.execute("INSERT INTO monitor_seen(url, source_id, status, article_id, seen) VALUES (?, ?, ?, ?, ?) "
                      "ON CONFLICT(url) DO UPDATE SET status = excluded.status, article_id = excluded.article_id, "
                      "reason = NULL, seen = excluded.seen", (url, source_id, status, article_id, now_iso()))
            for alert in alerts:
                cur = c.execute("INSERT OR IGNORE INTO monitor_matches(alert_id, article_id, matched) VALUES (?, ?, ?)",
                                (alert.id, article_id, now_iso()))
                if cur.rowcount:
                    cur = c.execute("INSERT OR IGNORE INTO monitor_outbox(alert_id, article_id, idempotency_key, created) "
                                    "VALUES (?, ?, ?, ?)", (alert.id, article_id, idempotency_key(alert, article_id), now_iso()))
                    if cur.rowcount:
                        created.append(cur.lastrowid)
        return created

    # -- alerts ------------------------------------------------------------------------------
    def add_alert(self, alert: Alert) -> Alert:
        with self._write() as c:
            try:
                c.execute("INSERT INTO monitor_alerts(name, query, channel, target, secret, created) "
                                "VALUES (?, ?, ?, ?, ?, ?)",
                                (alert.name, alert.query, alert.channel, alert.target, alert.secret, now_iso()))
            except sqlite3.IntegrityError:
                raise ArchiveError(f"an alert named {alert.name!r} exists already") from None
        return self.alert(alert.name) or alert

    def alert(self, name: str) -> Alert | None:
        rows = self._rows("SELECT * FROM monitor_alerts WHERE name = ?", (name,))
        return _alert(rows[0]) if rows else None

    def alerts(self) -> list[Alert]:
        return [_alert(r) for r in self._rows("SELECT * FROM monitor_alerts ORDER BY name")]

    def remove_alert(self, name: str) -> bool:
        alert = self.alert(name)
        if alert is None:
            return False
        with self._write() as c:
            c.execute("DELETE FROM monitor_outbox WHERE alert_id = ? AND status = 'pending'", (alert.id,))
            c.execute("DELETE FROM monitor_alerts WHERE id = ?", (alert.id,))
        return True

    # -- outbox ------------------------------------------------------------------------------
    def pending(self, now: float | None = None, limit: int = 500) -> list[Pending]:
        now = time.time() if now is None else now
        rows = self._rows(
            "SELECT o.id AS oid, o.article_id, o.idempotency_key, o.attempts, a.* FROM monitor_outbox o "
            "JOIN monitor_alerts a ON a.id = o.alert_id WHERE o.status = 'pending' AND o.next_attempt <= ? "
            "ORDER BY o.id LIMIT ?", (now, limit))
        return [Pending(r["oid"], _alert(r), r["article_id"], r["idempotency_key"], r["attempts"]) for r in rows]

    def delivered(self, outbox_id: int) -> None:
        with self._write() as c:
            c.execute("UPDATE monitor_outbox SET status = 'done', attempts = attempts + 1, delivered = ?, "
                      "last_error = NULL WHERE id = ?", (now_iso(), outbox_id))

    def deferred(self, outbox_id: int, error: str, next_attempt: float) -> None:
        with self._write() as c:
            c.execute("UPDATE monitor_outbox SET attempts = attempts + 1, last_error = ?, next_attempt = ? WHERE id = ?",
                      (error, next_attempt, outbox_id))

    def term_frequencies(self, limit: int = 200_000) -> tuple[dict[str, int], int]:
        """Document frequencies of the archive's most common index terms, and the article count:
        what the alert presearcher needs to index each query under its rarest term."""
        ndocs = self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        if self._index is not None:
            return dict(self._index.top_terms(self.conn, limit)), ndocs
        try:
            rows = self.conn.execute("SELECT term, doc FROM articles_vocab ORDER BY doc DESC LIMIT ?", (limit,)).fetchall()
        except sqlite3.Error:
            return {}, ndocs
        return {term: doc for term, doc in rows}, ndocs

    def outbox_counts(self) -> dict[str, int]:
        return dict(self.conn.execute("SELECT status, COUNT(*) FROM monitor_outbox GROUP BY status").fetchall())


def _source(row) -> Source:
    return Source(row["id"], row["url"], row["kind"], row["every"], row["next_due"], row["last_polled"], row["last_error"],
                  row["failures"])


def _alert(row) -> Alert:
    return Alert(name=row["name"], query=row["query"], channel=row["channel"], target=row["target"],
                 secret=row["secret"], id=row["id"], created=row["created"])


__all__ = ["MIGRATIONS", "Monitor", "Pending", "Source", "idempotency_key"]
