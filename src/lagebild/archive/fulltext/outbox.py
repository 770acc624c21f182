"""The outbox that keeps a full-text index in step with the store.

Triggers on ``articles`` (and on what ``entity:`` reads: ``article_entities``, ``mentions``) write the
id of every changed article into ``fulltext_outbox`` in the same transaction as the change, so the
store and its to-do list for the index can never disagree. An index applies the outbox in ``seq``
order and deletes the rows it applied only after its own commit: a crash before that leaves the
rows to be applied again, and applying is idempotent (the index replaces an article's document
by id, or drops it when the article is gone), so nothing is lost and nothing is doubled.

One row per article (``article_id`` is unique; a later change replaces the row with a new ``seq``);
``text`` says whether the words changed (1) or only what ``entity:`` reads (0), so an index that
keeps only words (FTS5) skips the rest.
"""

from __future__ import annotations

import sqlite3

from ..schema import Migration

_KEEP_TEXT = "coalesce((SELECT text FROM fulltext_outbox WHERE article_id = {id}), 0)"


def _touch(table: str, event: str, ref: str, text: str, of: str = "") -> str:
    name = f"fulltext_{table}_{event.split()[0].lower()}{'_text' if of and text == '1' else ''}"
    return (f"CREATE TRIGGER {name} AFTER {event}{of} ON {table} BEGIN\n"
            f"    INSERT OR REPLACE INTO fulltext_outbox(article_id, text) VALUES ({ref}, {text});\nEND;\n")


_WORDS = " OF title, lead, text, language"
_FIELDS = " OF url, canonical_url, section, published_utc, source, publisher, authors_folded"
_SQL = (
    "CREATE TABLE fulltext_outbox (\n"
    "    seq INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "    article_id INTEGER NOT NULL UNIQUE,\n"
    "    text INTEGER NOT NULL DEFAULT 0\n"
    ");\n"
    + _touch("articles", "INSERT", "new.id", "1")
    + _touch("articles", "UPDATE", "new.id", "1", _WORDS)
    + _touch("articles", "UPDATE", "new.id", f"max(0, {_KEEP_TEXT.format(id='new.id')})", _FIELDS)
    + _touch("articles", "DELETE", "old.id", "1")
    + _touch("article_entities", "INSERT", "new.article_id", _KEEP_TEXT.format(id="new.article_id"))
    + _touch("article_entities", "DELETE", "old.article_id", _KEEP_TEXT.format(id="old.article_id"))
    + _touch("mentions", "INSERT", "new.article_id", _KEEP_TEXT.format(id="new.article_id"))
    + _touch("mentions", "DELETE", "old.article_id", _KEEP_TEXT.format(id="old.article_id"))
)

MIGRATIONS = [Migration("fulltext-0001-outbox", _SQL)]


def pending(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM fulltext_outbox").fetchone()[0]


def take(conn: sqlite3.Connection, limit: int) -> list[tuple[int, int, int]]:
    """The oldest ``limit`` rows: ``(seq, article_id, text)`` in the order the changes happened."""
    return conn.execute("SELECT seq, article_id, text FROM fulltext_outbox ORDER BY seq LIMIT ?",
                        (int(limit),)).fetchall()


def done(conn: sqlite3.Connection, last_seq: int) -> None:
    conn.execute("DELETE FROM fulltext_outbox WHERE seq <= ?", (int(last_seq),))


def enqueue_all(conn: sqlite3.Connection) -> int:
    """Queue every stored article (a rebuild); how many."""
    conn.execute("DELETE FROM fulltext_outbox")
    return conn.execute("INSERT INTO fulltext_outbox(article_id, text) SELECT id, 1 FROM articles ORDER BY id").rowcount
