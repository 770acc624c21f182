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


def _name(table: str, event: str, of: str = "", text: str = "") -> str:
    return f"fulltext_{table}_{event.split()[0].lower()}{'_text' if of and text == '1' else ''}"


def _touch(table: str, event: str, ref: str, text: str, of: str = "", when: str = "") -> str:
    return (f"CREATE TRIGGER {_name(table, event, of, text)} AFTER {event}{of} ON {table}"
            f"{f' WHEN {when}' if when else ''} BEGIN\n"
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

# A stored article's mentions and entity rows used to re-queue it once per row (a delete and an insert
# of its outbox row each, ~half the SQL time of a bulk load). A row that is queued and not yet taken
# by an index (``taken``: applied, its commit still in flight) already says "read this article
# again", and the index reads the article as it is then: the child rows' triggers now leave it be.
_CHILDREN = [(table, event, f"{side}.article_id") for table in ("article_entities", "mentions")
             for event, side in (("INSERT", "new"), ("DELETE", "old"))]
_QUIET = "ALTER TABLE fulltext_outbox ADD COLUMN taken INTEGER NOT NULL DEFAULT 0;\n" + "".join(
    f"DROP TRIGGER {_name(table, event)};\n"
    + _touch(table, event, ref, _KEEP_TEXT.format(id=ref),
             when=f"NOT EXISTS (SELECT 1 FROM fulltext_outbox WHERE article_id = {ref} AND taken = 0)")
    for table, event, ref in _CHILDREN)

MIGRATIONS = [Migration("fulltext-0001-outbox", _SQL), Migration("fulltext-0002-queued-once", _QUIET)]


def pending(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM fulltext_outbox").fetchone()[0]


def take(conn: sqlite3.Connection, limit: int) -> list[tuple[int, int, int]]:
    """The oldest ``limit`` rows: ``(seq, article_id, text)`` in the order the changes happened."""
    return conn.execute("SELECT seq, article_id, text FROM fulltext_outbox ORDER BY seq LIMIT ?",
                        (int(limit),)).fetchall()


def taken(conn: sqlite3.Connection, last_seq: int) -> None:
    """Mark the rows up to ``last_seq`` as applied by an index whose commit is still in flight: a change
    to one of their articles now queues it again (their rows go when that commit is done)."""
    conn.execute("UPDATE fulltext_outbox SET taken = 1 WHERE seq <= ? AND taken = 0", (int(last_seq),))


def done(conn: sqlite3.Connection, last_seq: int) -> None:
    conn.execute("DELETE FROM fulltext_outbox WHERE seq <= ?", (int(last_seq),))


def enqueue_all(conn: sqlite3.Connection) -> int:
    """Queue every stored article (a rebuild); how many."""
    conn.execute("DELETE FROM fulltext_outbox")
    return conn.execute("INSERT INTO fulltext_outbox(article_id, text) SELECT id, 1 FROM articles ORDER BY id").rowcount
