"""A large load (``lagebild merge``) with the costliest indexes built after it instead of during it.

Each article's entries in the tsvector's GIN and RUM indexes and in the trigram indexes of entity
aliases and quote speakers, inserted one by one as the articles arrive, cost the server several
times what building those indexes over all of them once does (figures in docs/benchmarks.md); so
does every B-tree the load writes and never reads (the dashboard's: articles by date, source,
section or story, entities by their articles, events, ranked entity statistics …) and every
foreign key of the children's rows (:data:`FOREIGN`). So, as pg_restore does and PostgreSQL's
manual advises for a bulk load ("Populating a Database"), :func:`loading` drops them for a load
that is large against what the archive holds, and builds them again after it. Search keeps
working meanwhile, without them (slower). None of them is read by the writer itself (duplicates,
identities and stories read other B-trees: URL keys, content hashes, mentions, story keys).

The dropped definitions (indexes, then foreign keys) are written to ``archive_meta`` in the
transaction that drops them, so a load killed half-way gets them back on the next writable open (:func:`restore_indexes`).
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

log = logging.getLogger(__name__)

INDEXES = ("article_terms_rum", "article_terms_tsv", "entity_aliases_trgm", "quotes_speaker_trgm",
           # B-trees the load only writes (duplicates, identities and stories read none of them): each
           # kept up row by row costs more than a sort of all at the end (m18g, docs/benchmarks.md)
           "article_entities_entity", "article_terms_publisher", "articles_duplicate_of", "articles_published",
           "articles_section", "articles_source", "articles_story", "entity_aliases_folded", "entity_stats_rank",
           "events_article", "events_object", "events_subject", "quotes_speaker_folded", "related_links_article")
_ASIDE = "article_terms_rum"  # the costliest build (about half of the work): on a connection of its own
# Tables whose foreign keys are dropped too (the manual's "Remove Foreign Key Constraints"): each row
# checked its article or entity by a query of its own, as much server time as all their B-trees
# together; added back, each is checked once by one join. Nothing in lagebild deletes an article or
# an entity, so no cascade is missed meanwhile. Not article_terms: its index is built aside, and
# adding its key would wait for that build.
FOREIGN = ("article_entities", "articles", "entity_aliases", "events", "mentions", "quotes", "related_links")
REBUILD_BELOW = 3  # drop them for a load of N articles into an archive holding up to this many times N


@contextmanager
def loading(archive, expected: int) -> Iterator[None]:
    """Around a load of about ``expected`` articles into ``archive`` (see the module's doc)."""
    if archive.readonly or expected <= 0:
        yield
        return
    with archive.transaction() as conn:
        held = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        defs = [] if held > REBUILD_BELOW * expected else [r[0] for r in conn.execute(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = ANY(?::text[])"
            " ORDER BY indexname", (list(INDEXES),))]
        keys = [] if not defs else conn.execute(
            "SELECT format('ALTER TABLE %I DROP CONSTRAINT %I', t.relname, c.conname),"
            " format('ALTER TABLE %I ADD CONSTRAINT %I %s', t.relname, c.conname, pg_get_constraintdef(c.oid))"
            " FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid WHERE c.contype = 'f'"
            " AND t.relnamespace = current_schema()::regnamespace AND t.relname = ANY(?::text[])"
            " ORDER BY t.relname, c.conname", (list(FOREIGN),)).fetchall()
        if defs:
            conn.execute("INSERT OR REPLACE INTO archive_meta(key, value) VALUES ('dropped_indexes', ?)",
                         (json.dumps(defs + [add for _drop, add in keys]),))
            for name in INDEXES:
                conn.execute(f"DROP INDEX IF EXISTS {name}")
            for drop, _add in keys:
                conn.execute(drop)
    try:
        yield
    finally:
        if defs:
            restore_indexes(archive)
    if defs:
        settle(archive)


def settle(archive) -> None:
    """``VACUUM``, then ``ANALYZE``, after a large load, as PostgreSQL's manual advises after a bulk load: the
    planner's statistics still describe the archive before it (a join then guesses a few rows where
    there are millions), and until a vacuum marks the new pages all-visible no count can come from an
    index alone — ``count(*) FROM articles`` on the home page read every article's row (184 ms at
    100,000 articles; benchmarks/pg_counts.py times it before and after). Autovacuum would get there,
    later and table by table. About 1 s per 25,000 generated articles here. Outside any transaction (VACUUM
    cannot run in one): the connection is in autocommit between explicit transactions.

    A server that commits asynchronously (``synchronous_commit = off``, common for loads) cannot mark
    a row visible to all until the WAL of the commit that wrote it is on disk, so the vacuum would
    leave the load's pages as they are; one synchronous commit first flushes the WAL up to it. It
    records when the archive was last settled (``archive_meta``): a commit that wrote nothing would
    not wait for the WAL."""
    import psycopg

    raw = archive.conn.raw
    try:
        with raw.transaction():
            raw.execute("SET LOCAL synchronous_commit = on")
            raw.execute("INSERT INTO archive_meta(key, value) VALUES ('settled_at', now()::text)"
                        " ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        raw.execute("VACUUM")
        raw.execute("ANALYZE")  # apart: the combined VACUUM (ANALYZE) left the test server's pages not all-visible
    except psycopg.Error as exc:  # the load is committed; what is left undone autovacuum does later
        log.warning("%s: VACUUM/ANALYZE after the load did not finish (%s); autovacuum will catch up",
                    archive.path, str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__)


def restore_indexes(archive) -> bool:
    """Build the indexes :func:`loading` dropped, if it dropped any; whether it built any. PostgreSQL 15
    builds a GIN or RUM index in one backend, so the RUM index (about half of the work) is
    built on a second connection while this one builds the rest — the two cores side by side.
    The definitions leave ``archive_meta`` only once all are built (a failure leaves them for the next open)."""
    with archive.transaction() as conn:
        row = conn.execute("SELECT value FROM archive_meta WHERE key = 'dropped_indexes'").fetchone()
        if row is None:
            return False
        conn.execute(f"SET LOCAL maintenance_work_mem = '{_BUILD_MEMORY}'")
        defs = [sql.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1) for sql in json.loads(row[0])]
        first = [sql for sql in defs if f" {_ASIDE} ON " in sql]
        aside = _build_aside(archive.path.url, first[0]) if first and len(defs) > 1 else None
        defs = [sql for sql in defs if aside is None or sql is not first[0]]
        keys = [sql for sql in defs if sql.startswith("ALTER TABLE ")]
        try:
            for sql in defs:  # the indexes, then the foreign keys NOT VALID: new rows checked, old ones below
                conn.raw.execute(sql + " NOT VALID" if sql in keys else sql)
        finally:
            if aside is not None:
                aside.result()  # its error, if any, rolls this transaction back too
        conn.execute("DELETE FROM archive_meta WHERE key = 'dropped_indexes'")
    for sql in keys:
        _validate(archive, sql)
    return True


def _validate(archive, add: str) -> None:
    """Check the rows stored while the key ``add`` (its ADD CONSTRAINT statement) was dropped. A row
    that breaks it (another program deleted its article meanwhile) must not make the archive
    unopenable: the key stays NOT VALID — enforced for every new row — and one line names it."""
    import re

    import psycopg

    table, name = re.match(r'ALTER TABLE ("?[^ "]+"?) ADD CONSTRAINT ("?[^ "]+"?) ', add).groups()
    try:
        with archive.transaction() as conn:
            conn.raw.execute(f"ALTER TABLE {table} VALIDATE CONSTRAINT {name}")
    except (psycopg.Error, sqlite3.Error) as exc:  # reported; the open goes on
        log.warning("foreign key %s of %s left unvalidated: %s", name, table, str(exc).splitlines()[0])


_BUILD_MEMORY = "256MB"


def _build_aside(url: str, sql: str):
    """``sql`` (one index's definition) run on a connection of its own, by a thread: a future."""
    from concurrent.futures import ThreadPoolExecutor

    import psycopg

    from .conn import sqlite_error

    def build() -> None:
        with psycopg.connect(url, autocommit=True) as raw:
            try:
                raw.execute(f"SET maintenance_work_mem = '{_BUILD_MEMORY}'")
                raw.execute(sql)
            except psycopg.Error as exc:  # as this connection's errors are raised
                raise sqlite_error(exc) from exc

    pool = ThreadPoolExecutor(1, thread_name_prefix="lagebild-index")
    try:
        return pool.submit(build)
    finally:
        pool.shutdown(wait=False)


# entity_stats kept per statement on insert (migration pg-0004): a batch's article_entities rows go
# in by COPY, and a row trigger ran an upsert per row (~8,000 for 400 real articles); the statement
# trigger adds up each entity's rows of the statement once. Updates and deletes keep the row trigger
# (PostgreSQL allows a transition table for one event per trigger). The counts are the same sums.
# And its entity_id takes the collation of entities.id ("C"): joined with a column of another
# collation, the surname look-up of identities (entities by last word JOIN entity_stats, ~5 per real
# article) could not probe entity_stats' key and read the whole table each time (12 ms at 25,000
# entities, growing with the archive; 0.08 ms now).
STATS_PER_STATEMENT = """
ALTER TABLE entity_stats ALTER COLUMN entity_id TYPE TEXT COLLATE "C";
DROP TRIGGER article_entities_stats ON article_entities;
CREATE TRIGGER article_entities_stats AFTER UPDATE OR DELETE ON article_entities
    FOR EACH ROW EXECUTE FUNCTION lb_entity_stats();
CREATE FUNCTION lb_entity_stats_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO entity_stats(entity_id, articles, mentions)
        SELECT entity_id, count(*), sum(mentions) FROM lb_added GROUP BY entity_id ORDER BY entity_id
        ON CONFLICT (entity_id) DO UPDATE SET articles = entity_stats.articles + excluded.articles,
                                              mentions = entity_stats.mentions + excluded.mentions;
    RETURN NULL;
END $$;
CREATE TRIGGER article_entities_stats_added AFTER INSERT ON article_entities REFERENCING NEW TABLE AS lb_added
    FOR EACH STATEMENT EXECUTE FUNCTION lb_entity_stats_added();
"""


# Migration pg-0006: the outbox's children triggers pass over the articles the batch writer
# (:mod:`.bulk`) stored in this transaction — ids from the transaction-local setting
# ``lagebild.batch_first_id`` to ``lagebild.batch_last_id``, set once their insert has logged them.
# Their log rows are this transaction's already, past every reader's watermark, so moving them again
# per segment of the batch (~2,800 row versions per 1,478 real articles) changed nothing a reader
# sees. Unset (every other writer, or a batch rolled back to its savepoint): as before.
LOG_SKIPS_BATCH = """
CREATE OR REPLACE FUNCTION lb_fulltext_children() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    lo BIGINT := nullif(current_setting('lagebild.batch_first_id', true), '')::bigint;
    hi BIGINT := nullif(current_setting('lagebild.batch_last_id', true), '')::bigint;
BEGIN
    INSERT INTO fulltext_outbox(article_id, text) SELECT DISTINCT article_id, 0 FROM changed
        WHERE lo IS NULL OR hi IS NULL OR article_id NOT BETWEEN lo AND hi
        ON CONFLICT (article_id) DO UPDATE SET seq = DEFAULT;
    RETURN NULL;
END $$;
"""


__all__ = ["INDEXES", "LOG_SKIPS_BATCH", "STATS_PER_STATEMENT", "loading", "restore_indexes"]
