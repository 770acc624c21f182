"""Tables and SQL of the story stage: near-duplicate and story indexes, stories, their profiles.

Every lookup the story stage makes on ingest goes through an index and a LIMIT, so its cost per
article does not grow with the archive:

* ``story_df``        term -> document frequency (IDF for TF-IDF), one row per term;
* ``story_articles``  per article: its story, its canonical duplicate, its frozen profile
  (TF-IDF, names, embedding) and its near-duplicate fingerprint;
* ``dup_bands``       MinHash LSH band key -> article (exact lookups by key);
* ``stories``         one row per story with its running profile, label, span and size;
* ``story_keys``      rare term / name -> story, with the story's last-seen time, read through
  ``(key, last_seen)`` so that only stories inside the time window are touched.

:class:`SQLiteStoryStore` is the only place that speaks SQL for the story stage: it implements the
stage's :class:`~lagebild.stories.store.StoryStore` protocol (the stage never imports this module).
It also mirrors ``duplicate_of`` and ``story_id`` into ``articles`` when that table exists (the
archive). :meth:`SQLiteStoryStore.memory` is a private in-memory store (benchmarks, evaluation).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext

from ..errors import ArchiveError
from .schema import Migration, statements

_TABLES = """
CREATE TABLE story_meta (
    key TEXT PRIMARY KEY,
    value REAL NOT NULL
);
CREATE TABLE story_df (
    term TEXT PRIMARY KEY,
    df INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE story_articles (
    article_id INTEGER PRIMARY KEY,
    story_id INTEGER,
    duplicate_of INTEGER,
    time REAL,
    language TEXT,
    title TEXT NOT NULL DEFAULT '',
    exact TEXT NOT NULL,
    shingles INTEGER NOT NULL DEFAULT 0,
    signature BLOB,
    terms TEXT NOT NULL DEFAULT '{}',
    names TEXT NOT NULL DEFAULT '{}',
    vector BLOB
);
CREATE INDEX story_articles_story ON story_articles(story_id, time);
CREATE INDEX story_articles_duplicate ON story_articles(duplicate_of);
CREATE INDEX story_articles_exact ON story_articles(exact);
CREATE TABLE dup_bands (
    key INTEGER NOT NULL,
    article_id INTEGER NOT NULL,
    PRIMARY KEY (key, article_id)
) WITHOUT ROWID;
CREATE TABLE stories (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT NOT NULL DEFAULT '',
    label_article INTEGER,
    first_seen REAL,              -- span of the members' dates (published, else a dateline)
    last_seen REAL,
    active REAL NOT NULL DEFAULT 0,  -- arrival clock of the latest member: the time window's key
    size INTEGER NOT NULL DEFAULT 0,
    top_entities TEXT NOT NULL DEFAULT '[]',
    profile TEXT NOT NULL DEFAULT '{}',
    vector BLOB
);
CREATE INDEX stories_active ON stories(active);
CREATE TABLE story_keys (
    key TEXT NOT NULL,
    story_id INTEGER NOT NULL,
    last_seen REAL NOT NULL,
    PRIMARY KEY (key, story_id)
) WITHOUT ROWID;
CREATE INDEX story_keys_recent ON story_keys(key, last_seen);
"""

MIGRATIONS: list[Migration] = [Migration("stories-0001-tables", _TABLES)]


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the story tables on a bare connection (benchmarks, evaluation); the archive migrates."""
    exists = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'story_articles'").fetchone()
    if not exists:
        try:
            for stmt in statements(_TABLES):
                conn.execute(stmt)
        except sqlite3.OperationalError as exc:  # a read-only archive made before stories existed
            raise ArchiveError(f"the archive has no story tables yet ({exc}); open it once for writing") from None


class SQLiteStoryStore:
    """SQL of the story stage over one connection. ``transaction`` is the archive's (a no-op on a bare
    connection, whose caller holds the transaction)."""

    def __init__(self, conn: sqlite3.Connection,
                 transaction: Callable[[], AbstractContextManager] | None = None) -> None:
        ensure_schema(conn)
        self.conn = conn
        self._transaction = transaction
        self.has_articles = bool(
            conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='articles'").fetchone()
        )

    @classmethod
    def memory(cls) -> SQLiteStoryStore:
        """A fresh in-memory store (the story tables only)."""
        return cls(sqlite3.connect(":memory:"))

    def transaction(self) -> AbstractContextManager:
        return self._transaction() if self._transaction is not None else nullcontext()

    # -- meta and document frequencies ---------------------------------------------------
    def meta(self, key: str, default: float = 0.0) -> float:
        row = self.conn.execute("SELECT value FROM story_meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: float) -> None:
        self.conn.execute(
            "INSERT INTO story_meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def doc_freqs(self, terms: Iterable[str]) -> dict[str, int]:
        terms = list(terms)
        out: dict[str, int] = {}
        for i in range(0, len(terms), 500):
            chunk = terms[i : i + 500]
            marks = ",".join("?" * len(chunk))
            out.update(self.conn.execute(f"SELECT term, df FROM story_df WHERE term IN ({marks})", chunk))
        return out

    def count_terms(self, terms: Iterable[str]) -> None:
        self.conn.executemany(
            "INSERT INTO story_df(term, df) VALUES (?, 1) ON CONFLICT(term) DO UPDATE SET df = df + 1",
            ((t,) for t in terms),
        )

    # -- articles ------------------------------------------------------------------------
    def add_article(self, row: dict) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO story_articles(article_id, story_id, duplicate_of, time, language, title,"
            " exact, shingles, signature, terms, names, vector)"
            " VALUES (:article_id, :story_id, :duplicate_of, :time, :language, :title, :exact, :shingles,"
            " :signature, :terms, :names, :vector)",
            row,
        )
        if self.has_articles:
            self.conn.execute(
                "UPDATE articles SET duplicate_of = ?, story_id = ? WHERE id = ?",
                (row["duplicate_of"], row["story_id"], row["article_id"]),
            )

    def article(self, article_id: int) -> dict | None:
        cur = self.conn.execute("SELECT * FROM story_articles WHERE article_id = ?", (article_id,))
        row = cur.fetchone()
        return dict(zip([d[0] for d in cur.description], row)) if row else None

    def articles(self, ids: Iterable[int]) -> list[dict]:
        ids = list(ids)
        out = []
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            cur = self.conn.execute(
                f"SELECT * FROM story_articles WHERE article_id IN ({','.join('?' * len(chunk))})", chunk
            )
            names = [d[0] for d in cur.description]
            out += [dict(zip(names, r)) for r in cur]
        return out

    def by_exact(self, exact: str) -> int | None:
        row = self.conn.execute(
            "SELECT article_id FROM story_articles WHERE exact = ? ORDER BY article_id LIMIT 1", (exact,)
        ).fetchone()
        return row[0] if row else None

    def add_bands(self, article_id: int, keys: list[int]) -> None:
        self.conn.executemany(
            "INSERT OR IGNORE INTO dup_bands(key, article_id) VALUES (?, ?)", ((k, article_id) for k in keys)
        )

    def band_candidates(self, keys: list[int], limit: int = 20) -> list[int]:
        """Articles sharing a band key, most shared first (at most ``limit`` per key)."""
        counts: dict[int, int] = {}
        for key in keys:
            for (aid,) in self.conn.execute(
                "SELECT article_id FROM dup_bands WHERE key = ? ORDER BY article_id LIMIT ?", (key, limit)
            ):
                counts[aid] = counts.get(aid, 0) + 1
        return sorted(counts, key=lambda a: (-counts[a], a))[:limit]

    def duplicates_of(self, canonical: int, limit: int = 100) -> list[int]:
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT article_id FROM story_articles WHERE duplicate_of = ? ORDER BY article_id LIMIT ?",
                (canonical, limit),
            )
        ]

    def story_members(self, story_id: int, limit: int = 200) -> list[int]:
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT article_id FROM story_articles WHERE story_id = ? ORDER BY time DESC, article_id DESC"
                " LIMIT ?",
                (story_id, limit),
            )
        ]

    # -- stories -------------------------------------------------------------------------
    def new_story(self) -> int:
        return self.conn.execute("INSERT INTO stories(size) VALUES (0)").lastrowid

    def save_story(self, row: dict) -> None:
        self.conn.execute(
            "UPDATE stories SET label = :label, label_article = :label_article, first_seen = :first_seen,"
            " last_seen = :last_seen, active = :active, size = :size, top_entities = :top_entities, profile = :profile,"
            " vector = :vector WHERE id = :id",
            row,
        )

    def story(self, story_id: int) -> dict | None:
        cur = self.conn.execute("SELECT * FROM stories WHERE id = ?", (story_id,))
        row = cur.fetchone()
        return dict(zip([d[0] for d in cur.description], row)) if row else None

    def recent_story_vectors(self, since: float) -> list[tuple[int, bytes, float]]:
        return self.conn.execute(
            "SELECT id, vector, active FROM stories WHERE active >= ? AND vector IS NOT NULL", (since,)
        ).fetchall()

    def list_stories(self, since: float | None = None, limit: int = 50, sort: str = "recent") -> list[dict]:
        # first/last seen are the members' own dates: NULL when none is dated (``active``, the stream's
        # clock, only places such a story in time for the window and the order)
        order = _STORY_ORDER.get(sort)
        if order is None:
            raise ArchiveError(f"unknown story order {sort!r}: choose {' or '.join(_STORY_ORDER)}")
        cur = self.conn.execute(
            "SELECT id, label, first_seen, last_seen, size, top_entities FROM stories"
            " WHERE size > 0 AND (? IS NULL OR last_seen >= ?)"  # undated: no date matches, as for articles
            f" ORDER BY {order} LIMIT ?",
            (since, since, limit),
        )
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur]

    def index_story(self, story_id: int, keys: Iterable[str], active: float) -> None:
        self.conn.executemany(
            "INSERT INTO story_keys(key, story_id, last_seen) VALUES (?, ?, ?)"
            " ON CONFLICT(key, story_id) DO UPDATE SET last_seen = max(last_seen, excluded.last_seen)",
            ((k, story_id, active) for k in keys),
        )

    def stories_for_key(self, key: str, since: float | None, limit: int) -> list[int]:
        # ties by id, newest first: the order the batch linker's in-memory copy keeps (stories/batch.py)
        if since is None:
            sql = "SELECT story_id FROM story_keys WHERE key = ? ORDER BY last_seen DESC, story_id DESC LIMIT ?"
            args: tuple = (key, limit)
        else:
            sql = ("SELECT story_id FROM story_keys WHERE key = ? AND last_seen >= ?"
                   " ORDER BY last_seen DESC, story_id DESC LIMIT ?")
            args = (key, since, limit)
        return [r[0] for r in self.conn.execute(sql, args)]

    # -- a whole batch at once (stories/batch.py): a few statements instead of ~60 per article ----------
    def first_exacts(self, keys: Iterable[str]) -> dict[str, int]:
        """``by_exact`` for many keys: exact key -> the lowest article id holding it."""
        return dict(self._chunked("SELECT exact, min(article_id) FROM story_articles WHERE exact IN ({})"
                                  " GROUP BY exact", list(keys)))

    def band_lists(self, keys: Iterable[int], limit: int) -> dict[int, list[int]]:
        """What ``band_candidates`` reads per key: its first ``limit`` article ids, ascending."""
        found: dict[int, list[int]] = {}
        for key, aid in self._chunked(
                "SELECT key, article_id FROM (SELECT key, article_id, row_number() OVER"
                " (PARTITION BY key ORDER BY article_id) AS n FROM dup_bands WHERE key IN ({})) AS b"
                " WHERE n <= ? ORDER BY key, article_id", list(keys), (limit,)):
            found.setdefault(key, []).append(aid)
        return found

    def key_lists(self, keys: Iterable[str], since: float | None, limit: int) -> dict[str, list[tuple[int, float]]]:
        """What ``stories_for_key`` reads per key, with each story's last-seen time: ``(story, last_seen)``."""
        found: dict[str, list[tuple[int, float]]] = {}
        where = "" if since is None else " AND last_seen >= ?"
        for key, sid, last in self._chunked(
                "SELECT key, story_id, last_seen FROM (SELECT key, story_id, last_seen, row_number() OVER"
                " (PARTITION BY key ORDER BY last_seen DESC, story_id DESC) AS n FROM story_keys"
                f" WHERE key IN ({{}}){where}) AS k WHERE n <= ? ORDER BY key, last_seen DESC, story_id DESC",
                list(keys), ((since,) if since is not None else ()) + (limit,)):
            found.setdefault(key, []).append((sid, last))
        return found

    def _chunked(self, sql: str, values: list, extra: tuple = (), size: int = 500):
        for i in range(0, len(values), size):
            chunk = values[i : i + size]
            yield from self.conn.execute(sql.format(",".join("?" * len(chunk))), [*chunk, *extra]).fetchall()

    def next_story_id(self) -> int:
        """The id ``new_story`` would give next (AUTOINCREMENT: above every id ever used)."""
        row = self.conn.execute(
            "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'stories'), 0),"
            " coalesce((SELECT max(id) FROM stories), 0))").fetchone()
        return int(row[0]) + 1

    def write_batch(self, batch) -> None:
        """Write what linking a batch changed (:class:`lagebild.stories.batch.Changes`), inside the
        caller's transaction: the same rows the per-article calls would have written."""
        self.conn.executemany(
            "INSERT INTO story_meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            list(batch.meta.items()))
        self._count_batch(batch.counts, getattr(batch, "fresh", set()))
        fresh = [row for sid, row in batch.stories.items() if sid in batch.new]
        self.conn.executemany(
            "INSERT INTO stories(id, label, label_article, first_seen, last_seen, active, size, top_entities, profile,"
            " vector) VALUES (:id, :label, :label_article, :first_seen, :last_seen, :active, :size, :top_entities,"
            " :profile, :vector)", fresh)
        self._stories_added(max(batch.new) if batch.new else None)
        for row in batch.stories.values():
            if row["id"] not in batch.new:
                self.save_story(row)
        self.conn.executemany(
            "INSERT INTO story_keys(key, story_id, last_seen) VALUES (?, ?, ?)"
            " ON CONFLICT(key, story_id) DO UPDATE SET last_seen = max(last_seen, excluded.last_seen)",
            [(key, sid, last) for key, stories in batch.keys.items() for sid, last in stories.items()])
        self.conn.executemany(
            "INSERT OR REPLACE INTO story_articles(article_id, story_id, duplicate_of, time, language, title,"
            " exact, shingles, signature, terms, names, vector)"
            " VALUES (:article_id, :story_id, :duplicate_of, :time, :language, :title, :exact, :shingles,"
            " :signature, :terms, :names, :vector)", list(batch.articles.values()))
        if self.has_articles:
            self._link_articles([(r["duplicate_of"], r["story_id"], r["article_id"]) for r in batch.articles.values()])
        self.conn.executemany("INSERT OR IGNORE INTO dup_bands(key, article_id) VALUES (?, ?)", batch.bands)

    def _link_articles(self, rows: list[tuple]) -> None:
        """``articles``' copy of each linked article's ``(duplicate_of, story_id, id)``."""
        self.conn.executemany("UPDATE articles SET duplicate_of = ?, story_id = ? WHERE id = ?", rows)

    def _count_batch(self, counts, fresh: set[str]) -> None:
        """Add a batch's document frequencies (``fresh``: terms known to have no row yet; here they
        take the same upsert as the rest)."""
        self.conn.executemany(
            "INSERT INTO story_df(term, df) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
            list(counts.items()))

    def _stories_added(self, highest: int | None) -> None:
        """After stories were inserted with ids of their own (SQLite's AUTOINCREMENT follows by itself)."""


_STORY_ORDER = {
    "size": "size DESC, last_seen IS NULL, coalesce(last_seen, active) DESC, id DESC",
    "recent": "last_seen IS NULL, coalesce(last_seen, active) DESC, size DESC, id DESC",
}

__all__ = ["MIGRATIONS", "SQLiteStoryStore", "ensure_schema"]
