"""The archive's schema as named migrations, applied once each, in order, recorded in ``migrations``.

How another feature adds its tables without editing this file: register its list of migrations
under its prefix in ``registry.migrations`` (:mod:`lagebild.registry`) — lazily, as the built-in
``monitor``, ``stories`` and ``runs`` do (``"lagebild.archive.monitor:MIGRATIONS"``; keep that module
cheap to import), or at import time of your own module, before the archive is opened, with
``register_migrations("myfeature", [Migration("myfeature-0001-…", "CREATE TABLE …")])``.

The order is: :data:`CORE`, then each feature in registration order (the built-ins first). A migration's name must start with its feature prefix (``core-``, ``monitor-``,
``stories-`` …) and never change once released; to change a table, append a new migration.
Each migration runs in its own ``BEGIN IMMEDIATE`` transaction together with its record, so a
crash leaves it either fully applied or not at all. ``sql`` is one or more SQL statements
(triggers included); for anything else pass a callable taking the connection.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..registry import registry


# a writer connection's settings; the page cache is 64 MB (default 2 MB) so that a bulk load's index pages
# (URL keys and content hashes, inserted in random order) stay in it instead of being read again per row
WRITER_PRAGMAS = ("synchronous = NORMAL", "foreign_keys = ON", "cache_size = -65536")


@dataclass(frozen=True, slots=True)
class Migration:
    name: str
    sql: str | Callable[[sqlite3.Connection], None]


_ARTICLES = """
CREATE TABLE articles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT,
    canonical_url TEXT,
    url_key TEXT,                 -- canonical_url (else url) without #fragment: the duplicate key
    title TEXT NOT NULL DEFAULT '',
    lead TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',  -- JSON list of paragraphs; '' = text split at blank lines (minus lead)
    text TEXT NOT NULL DEFAULT '',  -- zlib BLOB when that is smaller (archive/textpack.py)
    published TEXT,               -- ISO 8601 as given, with its offset
    published_utc TEXT,           -- the same instant in UTC, 'YYYY-MM-DDTHH:MM:SSZ': sortable
    modified TEXT,
    authors TEXT NOT NULL DEFAULT '[]',   -- JSON
    authors_folded TEXT NOT NULL DEFAULT '',  -- ' | '-joined folded names, for author:
    section TEXT,
    section_folded TEXT,
    tags TEXT NOT NULL DEFAULT '[]',      -- JSON
    topics TEXT NOT NULL DEFAULT '[]',    -- JSON
    publisher TEXT,
    language TEXT,
    reading_time INTEGER,
    word_count INTEGER NOT NULL DEFAULT 0,
    page_type TEXT NOT NULL DEFAULT 'article',
    content_hash TEXT NOT NULL,
    origin TEXT NOT NULL DEFAULT '{}',    -- JSON: path, url, warc_record_id, line, feed
    source TEXT,                  -- host without www.
    duplicate_of INTEGER REFERENCES articles(id),
    story_id INTEGER,
    ingested_at TEXT NOT NULL
);
CREATE INDEX articles_url_key ON articles(url_key);
CREATE INDEX articles_content_hash ON articles(content_hash);
CREATE INDEX articles_published ON articles(published_utc);
CREATE INDEX articles_source ON articles(source);
CREATE INDEX articles_section ON articles(section_folded);
CREATE INDEX articles_duplicate_of ON articles(duplicate_of);
CREATE INDEX articles_story ON articles(story_id);

CREATE TABLE related_links (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    url TEXT,
    section TEXT,
    teaser TEXT
);
CREATE INDEX related_links_article ON related_links(article_id);

CREATE TABLE failures (
    id INTEGER PRIMARY KEY,
    input TEXT NOT NULL,
    reason TEXT NOT NULL,
    at TEXT NOT NULL
);
"""

_ENTITIES = """
CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    country TEXT
);
CREATE TABLE entity_aliases (
    entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    alias_folded TEXT NOT NULL,
    PRIMARY KEY (entity_id, alias)
);
CREATE INDEX entity_aliases_folded ON entity_aliases(alias_folded);

-- which entities an article names (from Article.entities and mention entity ids), with counts
CREATE TABLE article_entities (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    entity_id TEXT NOT NULL REFERENCES entities(id),
    mentions INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL DEFAULT 0,   -- order in Article.entities
    PRIMARY KEY (article_id, entity_id)
);
CREATE INDEX article_entities_entity ON article_entities(entity_id);

CREATE TABLE mentions (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    text_folded TEXT NOT NULL,
    type TEXT NOT NULL,
    entity_id TEXT
);
CREATE INDEX mentions_article ON mentions(article_id);
CREATE INDEX mentions_entity ON mentions(entity_id);
CREATE INDEX mentions_folded ON mentions(text_folded);

CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    kind TEXT NOT NULL,
    speaker TEXT,
    speaker_folded TEXT,
    speaker_entity_id TEXT,
    cue TEXT
);
CREATE INDEX quotes_article ON quotes(article_id);
CREATE INDEX quotes_speaker_entity ON quotes(speaker_entity_id);
CREATE INDEX quotes_speaker_folded ON quotes(speaker_folded);

CREATE TABLE events (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    subject_id TEXT,
    verb TEXT NOT NULL,
    object_id TEXT,
    sentence TEXT NOT NULL DEFAULT ''
);
CREATE INDEX events_article ON events(article_id);
CREATE INDEX events_subject ON events(subject_id);
CREATE INDEX events_object ON events(object_id);
"""

# Full text. The writer computes index terms in Python (textnorm.index_terms: lemmatized and
# folded in the article's language — SQLite cannot lemmatize) and stores them in article_terms;
# triggers on article_terms keep the external-content FTS5 table in sync, so any writer that
# touches article_terms (a re-index, a delete) cannot leave the index stale.
_FTS = """
CREATE TABLE article_terms (
    id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    title TEXT NOT NULL DEFAULT '',
    lead TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT ''
);
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, lead, text, content='article_terms', content_rowid='id', tokenize='unicode61'
);
CREATE TRIGGER article_terms_ai AFTER INSERT ON article_terms BEGIN
    INSERT INTO articles_fts(rowid, title, lead, text) VALUES (new.id, new.title, new.lead, new.text);
END;
CREATE TRIGGER article_terms_ad AFTER DELETE ON article_terms BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, lead, text)
        VALUES ('delete', old.id, old.title, old.lead, old.text);
END;
CREATE TRIGGER article_terms_au AFTER UPDATE ON article_terms BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, lead, text)
        VALUES ('delete', old.id, old.title, old.lead, old.text);
    INSERT INTO articles_fts(rowid, title, lead, text) VALUES (new.id, new.title, new.lead, new.text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    DELETE FROM article_terms WHERE id = old.id;
END;
CREATE VIRTUAL TABLE articles_vocab USING fts5vocab(articles_fts, 'row');
"""

# Per-entity totals, kept by triggers, so "top entities" without a date range reads a small
# table instead of grouping every article_entities row (0.6 s at 600k rows before).
_ENTITY_STATS = """
CREATE TABLE entity_stats (
    entity_id TEXT PRIMARY KEY,
    articles INTEGER NOT NULL DEFAULT 0,
    mentions INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX entity_stats_rank ON entity_stats(articles DESC, mentions DESC);
INSERT INTO entity_stats(entity_id, articles, mentions)
    SELECT entity_id, count(*), coalesce(sum(mentions), 0) FROM article_entities GROUP BY entity_id;
CREATE TRIGGER article_entities_stats_ai AFTER INSERT ON article_entities BEGIN
    INSERT INTO entity_stats(entity_id, articles, mentions) VALUES (new.entity_id, 1, new.mentions)
        ON CONFLICT(entity_id) DO UPDATE SET articles = articles + 1, mentions = mentions + excluded.mentions;
END;
CREATE TRIGGER article_entities_stats_ad AFTER DELETE ON article_entities BEGIN
    UPDATE entity_stats SET articles = articles - 1, mentions = mentions - old.mentions
        WHERE entity_id = old.entity_id;
END;
CREATE TRIGGER article_entities_stats_au AFTER UPDATE ON article_entities BEGIN
    UPDATE entity_stats SET articles = articles - 1, mentions = mentions - old.mentions
        WHERE entity_id = old.entity_id;
    INSERT INTO entity_stats(entity_id, articles, mentions) VALUES (new.entity_id, 1, new.mentions)
        ON CONFLICT(entity_id) DO UPDATE SET articles = articles + 1, mentions = mentions + excluded.mentions;
END;
"""

CORE: list[Migration] = [
    Migration("core-0001-articles", _ARTICLES),
    Migration("core-0002-entities", _ENTITIES),
    Migration("core-0003-fulltext", _FTS),
    Migration("core-0004-meta", "CREATE TABLE archive_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"),
    Migration("core-0005-entity-stats", _ENTITY_STATS),
    # how an input was cut at a size cap (Article.truncated, issue 13); NULL when it was whole
    Migration("core-0006-article-truncated", "ALTER TABLE articles ADD COLUMN truncated TEXT;"),
    # a page's bare day placed at noon UTC (store._published_utc); rows stored before at midnight move
    Migration("core-0007-bare-day-noon", "UPDATE articles SET published_utc = substr(published_utc, 1, 10) || 'T12:00:00Z'"
              " WHERE length(trim(published)) = 10 AND published_utc LIKE '%T00:00:00Z';"),
]

def register_migrations(prefix: str, migrations: list[Migration]) -> None:
    """Add a feature's migrations (each name starting with ``prefix-``) after those registered before."""
    for m in migrations:
        if not m.name.startswith(prefix + "-"):
            raise ValueError(f"migration {m.name!r} must start with {prefix + '-'!r}")
    known = list(registry.migrations.get(prefix, []))
    known += [m for m in migrations if all(m.name != k.name for k in known)]
    registry.migrations.register(prefix, known)


def all_migrations() -> list[Migration]:
    """Every known migration in the order it must be applied."""
    found = list(CORE)
    for feature in registry.migrations:
        found += list(registry.migrations.get(feature))
    names = [m.name for m in found]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise ValueError(f"migration names used twice: {sorted(dupes)}")
    return found


def statements(sql: str) -> Iterator[str]:
    """The complete SQL statements of ``sql`` (trigger bodies stay whole)."""
    buf = ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                yield buf.strip()
            buf = ""
    if buf.strip() and not buf.strip().startswith("--"):
        yield buf.strip()


def applied(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT name FROM migrations")}


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply pending migrations on an autocommit connection; return the names applied."""
    conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied TEXT NOT NULL)")
    done = applied(conn)
    ran = []
    for m in all_migrations():
        if m.name in done:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            if m.name in applied(conn):  # another process got there while we waited
                conn.execute("ROLLBACK")
                continue
            if callable(m.sql):
                m.sql(conn)
            else:
                for stmt in statements(m.sql):
                    conn.execute(stmt)
            conn.execute(
                "INSERT INTO migrations(name, applied) VALUES (?, strftime('%Y-%m-%dT%H:%M:%SZ','now'))", (m.name,)
            )
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        ran.append(m.name)
    return ran
