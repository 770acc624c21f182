"""The PostgreSQL archive's bulk paths keep the meaning of storing row by row and article by article:
``executemany`` sent as one statement over arrays (archive/pg/many.py), identities settled in
segments (archive/pg/bulk.py), and indexes dropped and rebuilt around a large load (archive/pg/load.py)."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys

import pytest

from lagebild.archive import Archive

pytest.importorskip("psycopg")

STATEMENTS = [
    # (sql, rows): each run on SQLite row by row and on PostgreSQL as arrays; the tables must agree
    ("INSERT INTO story_df(term, df) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
     [("a", 1), ("b", 2), ("a", 3), ("c", 1), ("a", 5), ("b", 1)]),  # the same key three times: adds up
    ("INSERT INTO story_keys(key, story_id, last_seen) VALUES (?, ?, ?)"
     " ON CONFLICT(key, story_id) DO UPDATE SET last_seen = max(last_seen, excluded.last_seen)",
     [("t:x", 1, 5.0), ("t:x", 1, 3), ("t:y", 2, 1.5), ("t:x", 2, 7.25), ("t:x", 1, 9.5)]),  # ints among floats
    ("INSERT INTO entities(id, name, type, country) VALUES (?, ?, ?, ?)",
     [("PER:a", "A", "PER", None), ("PER:b", "B\x00b", "PER", "DE"), ("ORG:c", "C", "ORG", None),
      ("ORG:d", "D", "ORG", None)]),
    ("INSERT OR IGNORE INTO entity_aliases(entity_id, alias, alias_folded) VALUES (?, ?, ?)",
     [("PER:a", "A", "a"), ("PER:b", "Bee", "bee"), ("PER:a", "A", "a"), ("PER:a", "Ay", "ay"),
      ("ORG:c", "C", "c")]),  # a duplicate: the first stays, insertion order kept
    ("INSERT OR REPLACE INTO entity_names(entity_id, language, name) VALUES (?, ?, ?)",
     [("PER:a", "de", "A1"), ("PER:b", "de", "B"), ("PER:a", "de", "A2"), ("PER:a", "en", "A3"),
      ("PER:a", "de", "A4")]),  # the last one wins
    ("INSERT INTO stories(id, label, label_article, first_seen, last_seen, active, size, top_entities, profile,"
     " vector) VALUES (:id, :label, :label_article, :first_seen, :last_seen, :active, :size, :top_entities,"
     " :profile, :vector)",
     [dict(id=i, label=f"s{i}", label_article=None, first_seen=None if i % 2 else 1.5, last_seen=2.0, active=3,
           size=i, top_entities="[]", profile="{}", vector=bytes([i, 0, 255]) if i != 3 else None)
      for i in range(1, 7)]),  # named parameters, bytes and NULL
    ("INSERT INTO story_df(term, df) VALUES (?, 1) ON CONFLICT(term) DO UPDATE SET df = df + 1",
     [("a",), ("z",), ("z",), ("y",), ("a",)]),  # a constant among the values: the ordinary path
]
READ = {
    "story_df": "SELECT term, df FROM story_df ORDER BY term",
    "story_keys": "SELECT key, story_id, last_seen FROM story_keys ORDER BY key, story_id",
    "entities": "SELECT id, name, type, country FROM entities ORDER BY id",
    "entity_aliases": "SELECT entity_id, alias, alias_folded FROM entity_aliases ORDER BY rowid",
    "entity_names": "SELECT entity_id, language, name FROM entity_names ORDER BY entity_id, language",
    "stories": "SELECT id, label, first_seen, last_seen, active, size, vector FROM stories ORDER BY id",
}


def test_executemany_as_arrays_means_row_by_row(pg_url, tmp_path):
    from lagebild.archive.pg import PgArchive

    def tables(archive) -> dict:
        with archive.transaction() as conn:
            for sql, rows in STATEMENTS:
                conn.executemany(sql, rows)
        return {t: [tuple(bytes(v) if isinstance(v, memoryview) else v for v in r)
                    for r in archive.conn.execute(sql).fetchall()] for t, sql in READ.items()}

    with Archive(tmp_path / "s.db") as sq:
        expected = tables(sq)
    with PgArchive(pg_url) as pg:
        found = tables(pg)
    expected["entities"] = [(i, n.replace("\x00", "\ufffd"), t, c) for i, n, t, c in expected["entities"]]
    assert found == expected
    assert dict(found["story_df"])["a"] == 1 + 3 + 5 + 1 + 1


def test_arrays_only_for_inserts_of_placeholders():
    from lagebild.archive.pg import many
    from lagebild.archive.pg.conn import translate

    sql, _ = translate("INSERT INTO story_df(term, df) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
                       many=True)
    assert many.plan(sql)[:4] == ("story_df", ["term", "df"], [None, None], ["term"])
    assert many.plan(translate("INSERT INTO story_df(term, df) VALUES (?, 1)", many=True)[0]) is None
    assert many.plan(translate("UPDATE articles SET story_id = ? WHERE id = ?", many=True)[0]) is None
    rows = [("a", 1), ("b", 1), ("a", 2), ("a", 3), ("b", 2)]
    assert many.rounds(rows, [0]) == [[("a", 1), ("b", 1)], [("a", 2), ("b", 2)], [("a", 3)]]
    assert many.rounds(rows, []) == [rows]


def test_identities_settle_as_article_by_article_in_one_batch(pg_url, tmp_path):
    """A lone surname whose full names arrive later in the same batch: article by article it joins
    the first full name (once two articles name it), before the second makes it ambiguous — the batch writer must not let the
    first article's settling see the later articles' mentions."""
    from test_archive_identities import _article

    from lagebild.archive.identities import merges
    from lagebild.archive.pg import PgArchive

    def articles():
        return [
            _article("A", "Lead.\n\nTrump spoke on Monday.", {"Trump": ("PER:trump", "Trump")}),
            _article("B", "Lead.\n\nDonald Trump spoke again.", {"Donald Trump": ("PER:donald-trump", "Donald Trump")}),
            _article("B2", "Lead.\n\nDonald Trump went home.", {"Donald Trump": ("PER:donald-trump", "Donald Trump")}),
            _article("C", "Lead.\n\nMelania Trump travelled.", {"Melania Trump": ("PER:melania-trump", "Melania Trump")}),
            _article("D", "Lead.\n\nTrump, later.", {"Trump": ("PER:trump", "Trump")}),
            _article("E", "Lead.\n\nNATO met. Acme Corp said so.", {"NATO": ("ORG:nato", "NATO")}),
        ]

    def view(ar):
        return ([[(m.text, m.entity_id) for m in ar.get(i).mentions] for i in range(1, 7)],
                [(r["source"], r["target"]) for r in merges(ar.conn)],
                sorted(tuple(r) for r in ar.conn.execute("SELECT entity_id, articles, mentions FROM entity_stats")))

    with Archive(tmp_path / "s.db") as sq:
        for a in articles():
            sq.add(a)
        expected = view(sq)
    with PgArchive(pg_url) as pg:
        assert pg.ingest(articles(), batch_size=100, batch_seconds=60).stored == 6  # one batch
        assert view(pg) == expected
    assert expected[1] == [("PER:trump", "PER:donald-trump")]


def _indexes(conn) -> set[str]:
    """The schema's indexes and foreign keys (with their definitions)."""
    return {r[0] for r in conn.execute("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")} | {
        f"{r[0]}: {r[1]}" for r in conn.execute(
            "SELECT conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f'")}


def test_a_large_load_rebuilds_the_indexes_it_dropped(pg_url):
    from archive_gen import make_articles

    from lagebild.archive.pg import PgArchive
    from lagebild.archive.pg.load import INDEXES

    with PgArchive(pg_url) as pg:
        before = _indexes(pg.conn)
        assert {"article_terms_tsv", "entity_aliases_trgm"} <= before
        with pg.loading(40):
            assert not before.intersection(INDEXES) & _indexes(pg.conn)  # dropped for the load
            assert {k.split(":")[0] for k in _indexes(pg.conn) if ": FOREIGN KEY" in k} == {"article_terms"}
            pg.ingest(make_articles(40, seed=3))
            inside = pg.search("Regierung", limit=None)  # search works without them
        assert _indexes(pg.conn) == before
        assert sum(": FOREIGN KEY" in k for k in before) == 9
        assert pg.search("Regierung", limit=None) == inside
        assert pg.conn.execute("SELECT value FROM archive_meta WHERE key = 'dropped_indexes'").fetchone() is None
        with pg.loading(10):  # 40 held, 10 more: kept (rebuilding would cost more than it saves)
            assert _indexes(pg.conn) == before


def test_a_row_orphaned_during_a_large_load_leaves_its_key_unvalidated_not_the_archive_unopenable(pg_url, caplog):
    """Another program deleting an article while its children's keys are dropped: the keys come back NOT
    VALID (new rows checked), one line names the one that old rows break, and the archive opens again."""
    from archive_gen import make_articles

    from lagebild.archive.pg import PgArchive

    with PgArchive(pg_url) as pg:
        pg.ingest(make_articles(10, seed=5))
        with pg.loading(40):
            pg.ingest(make_articles(40, seed=6))
            pg.conn.execute("DELETE FROM articles WHERE id = (SELECT min(article_id) FROM mentions)")
    assert any("left unvalidated" in r.getMessage() and "mentions" in r.getMessage() for r in caplog.records)
    with PgArchive(pg_url) as pg:  # writable open: nothing left to restore, no error
        keys = dict(pg.conn.execute("SELECT conrelid::regclass::text, convalidated FROM pg_constraint"
                                    " WHERE contype = 'f' AND conrelid::regclass::text = 'mentions'").fetchall())
        assert keys == {"mentions": False}
        assert pg.conn.execute("SELECT value FROM archive_meta WHERE key = 'dropped_indexes'").fetchone() is None


def test_a_large_load_leaves_the_tables_analysed_and_vacuumed(pg_url):
    """After a large load the planner has statistics of what was loaded and the pages are all-visible
    (counts from an index alone); a small load into a larger archive leaves that to autovacuum."""
    from archive_gen import make_articles

    from lagebild.archive.pg import PgArchive

    def settled(pg):
        row = pg.conn.execute("SELECT value FROM archive_meta WHERE key = 'settled_at'").fetchone()
        return row[0] if row else None

    with PgArchive(pg_url) as pg:
        assert settled(pg) is None
        with pg.loading(30):
            pg.ingest(make_articles(30, seed=4))
        first = settled(pg)
        assert first is not None
        assert pg.conn.execute("SELECT last_vacuum IS NOT NULL AND last_analyze IS NOT NULL FROM pg_stat_user_tables"
                               " WHERE relname = 'articles'").fetchone()[0]
        assert pg.conn.execute("SELECT relallvisible >= relpages AND relpages > 0 FROM pg_class"
                               " WHERE oid = 'articles'::regclass").fetchone()[0]  # the test server commits asynchronously
        with pg.loading(5):  # 30 held, 5 more: no vacuum of its own
            pg.ingest(make_articles(5, seed=6))
        assert settled(pg) == first


def test_a_load_killed_with_its_indexes_dropped_gets_them_back_on_open(pg_url):
    from lagebild.archive.pg import PgArchive

    with PgArchive(pg_url) as pg:
        before = _indexes(pg.conn)
    killed = subprocess.run([sys.executable, "-c", (  # killed inside the load: never left
        "import os, sys\nfrom lagebild.archive.pg import PgArchive\n"
        "pg = PgArchive(sys.argv[1])\nheld = pg.loading(100)\nheld.__enter__()\nos._exit(9)"), pg_url],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}, capture_output=True, text=True)
    assert killed.returncode == 9, killed.stderr
    with PgArchive(pg_url, readonly=True) as reader:  # a reader does not build them
        assert "article_terms_tsv" not in _indexes(reader.conn)
    with PgArchive(pg_url) as pg:
        assert _indexes(pg.conn) == before


def test_duplicates_in_a_batch_take_no_id(pg_url, tmp_path):
    """Ids go to stored articles only, in order: the ids SQLite gives the same stream, batch after batch."""
    from archive_gen import make_articles

    from lagebild.archive.pg import PgArchive

    arts = list(make_articles(8, seed=5))
    first = [arts[0], arts[1], arts[0], arts[2], arts[1], arts[3]]
    found = []
    with Archive(tmp_path / "s.db") as sq, PgArchive(pg_url) as pg:
        for archive in (sq, pg):
            reports = [archive.ingest([dataclasses.replace(a) for a in batch], batch_size=100, batch_seconds=60)
                       for batch in (first, arts[4:])]
            found.append([(r.ids, r.duplicate_ids) for r in reports])
    assert found[0] == found[1] == [([1, 2, 3, 4], [1, 2]), ([5, 6, 7, 8], [])]


def test_a_batch_settles_from_memory_as_the_tables_would(pg_url, tmp_path):
    """The batch writer answers the identities' look-ups (merged? has mentions? sounds? name?) from
    memory (archive/idmemo.py): over two batches — the second one meeting merges, targets and
    sounds the first stored — surnames, acronyms (merged, then made ambiguous: unmerged), other
    scripts and a lone surname with no mentions before must come out as SQLite article by article."""
    from test_archive_identities import _article

    from lagebild.archive.pg import PgArchive

    def articles():
        return [
            _article("A", "Lead.\n\nVW baut ab.", {"VW": ("ORG:vw", "VW")}, "de"),
            _article("B", "Lead.\n\nقال ترامب اليوم.", {"ترامب": ("PER:trmb-1", "ترامب")}, "ar"),
            _article("C", "Lead.\n\nVolkswagen (VW) baut ab. Trump dazu.",
                     {"Volkswagen": ("ORG:volkswagen", "Volkswagen"), "VW": ("ORG:volkswagen", "Volkswagen"),
                      "Trump": ("PER:trump", "Trump")}, "de"),
            _article("D", "Lead.\n\nDonald Trump and Vladimir Putin met.",
                     {"Donald Trump": ("PER:donald-trump", "Donald Trump"),
                      "Vladimir Putin": ("PER:vladimir-putin", "Vladimir Putin")}),
            _article("E", "Lead.\n\nVW again, Trump too.", {"VW": ("ORG:vw", "VW"), "Trump": ("PER:trump", "Trump")}),
            # the second batch
            _article("F", "Lead.\n\nVicky Wagner (VW) sang.", {"VW": ("ORG:vicky-wagner", "Vicky Wagner")}),
            _article("G", "Lead.\n\nVictor Wendt (VW) sang.", {"VW": ("ORG:victor-wendt", "Victor Wendt")}),
            _article("H", "Lead.\n\nVW sang.", {"VW": ("ORG:vw", "VW")}),
            _article("I", "Lead.\n\nプーチン氏。 Biden, too.", {"プーチン": ("PER:puuchin", "プーチン"),
                                                          "Biden": ("PER:biden", "Biden")}, "ja"),
            _article("J", "Lead.\n\nJoe Biden and Melania Trump.",
                     {"Joe Biden": ("PER:joe-biden", "Joe Biden"), "Melania Trump": ("PER:melania-trump", "Melania Trump")}),
            _article("K", "Lead.\n\nTrump and Biden.", {"Trump": ("PER:trump", "Trump"), "Biden": ("PER:biden", "Biden")}),
        ]

    def view(ar):
        conn = ar.conn
        return [sorted(tuple(r) for r in conn.execute(sql)) for sql in (
            "SELECT article_id, text, entity_id, origin_entity_id FROM mentions",
            "SELECT source, target, reason FROM entity_merges",
            "SELECT entity_id, articles, mentions FROM entity_stats WHERE articles > 0",
            "SELECT article_id, entity_id, mentions, position FROM article_entities",
            "SELECT sound, entity_id, word, first, latin FROM entity_sounds",
            "SELECT entity_id, language, name FROM entity_names",
            "SELECT id, name, type FROM entities")]

    with Archive(tmp_path / "s.db") as sq:
        for a in articles():
            sq.add(a)
        expected = view(sq)
    with PgArchive(pg_url) as pg:
        first, second = articles()[:5], articles()[5:]
        assert pg.ingest(first, batch_size=100, batch_seconds=60).stored == 5
        assert pg.ingest(second, batch_size=100, batch_seconds=60).stored == 6
        assert view(pg) == expected
    merged = {(s, t) for s, t, _r in expected[1]}
    assert ("PER:trmb-1", "PER:donald-trump") in merged and ("PER:puuchin", "PER:vladimir-putin") in merged
    assert ("ORG:vw", "ORG:volkswagen") not in merged  # made ambiguous by the second batch: undone
    assert not any(r[3] == "ORG:vw" for r in expected[0])  # its mentions moved back


def test_a_settling_that_fails_logs_one_line_and_keeps_the_load(caplog):
    """VACUUM cancelled (statement timeout, a lock, a lost connection) after a committed load: one warning
    naming the database and the reason, no exception — the articles are in."""
    import contextlib
    import logging
    import types

    import psycopg

    from lagebild.archive.pg.load import settle

    ran = []

    class Raw:
        def transaction(self):
            return contextlib.nullcontext()

        def execute(self, sql, *args):
            ran.append(sql.split()[0])
            if sql.startswith("VACUUM"):
                raise psycopg.errors.QueryCanceled("canceling statement due to statement timeout\nCONTEXT: …")

    archive = types.SimpleNamespace(conn=types.SimpleNamespace(raw=Raw()), path="postgresql://…/news")
    with caplog.at_level(logging.WARNING):
        settle(archive)
    assert ran == ["SET", "INSERT", "VACUUM"]
    [record] = caplog.records
    assert record.getMessage() == ("postgresql://…/news: VACUUM/ANALYZE after the load did not finish (canceling"
                                   " statement due to statement timeout); autovacuum will catch up")


def test_a_batch_leaves_its_own_articles_where_their_insert_logged_them(pg_url):
    """The outbox's children triggers do not move the batch writer's new articles again per segment
    (their insert logged them in the same transaction): one log position per stored article. An older
    article whose mentions change is still moved, also while a batch's range is set."""
    from archive_gen import make_articles

    from lagebild.archive.pg import PgArchive

    last = "SELECT pg_sequence_last_value(pg_get_serial_sequence('fulltext_outbox', 'seq')::regclass)"
    with PgArchive(pg_url) as pg:
        report = pg.ingest(make_articles(30, seed=11), batch_size=100, batch_seconds=60)
        assert report.stored == 30 and pg.conn.execute("SELECT count(*) FROM mentions").fetchone()[0] >= 30
        assert pg.conn.execute(last).fetchone()[0] == 30
        before = pg.conn.execute("SELECT seq FROM fulltext_outbox WHERE article_id = 1").fetchone()[0]
        with pg.transaction() as conn:
            conn.execute("SELECT set_config('lagebild.batch_first_id', '31', true),"
                         " set_config('lagebild.batch_last_id', '40', true)")
            conn.execute("INSERT INTO mentions(article_id, start, \"end\", text, text_folded, type, entity_id)"
                         " VALUES (1, 0, 4, 'Gera', 'gera', 'LOC', 'LOC:gera')")
        assert pg.conn.execute("SELECT seq FROM fulltext_outbox WHERE article_id = 1").fetchone()[0] > before


def test_a_batch_keeps_the_text_around_a_nul(pg_url, monkeypatch):
    """PostgreSQL text holds no NUL: the batch writer's COPY rows replace it as the item path does, in
    whichever column it comes (article, mention, quote), and leave every other row as it is — in the
    batch itself (a failed COPY would store the batch item by item: the same rows, the slow way)."""
    from archive_gen import make_articles

    from lagebild.archive.pg import PgArchive, bulk
    from lagebild.model import Mention, Quote

    batches = []
    store_batch = bulk.store_batch
    monkeypatch.setattr(bulk, "store_batch", lambda *a, **k: batches.append(store_batch(*a, **k)) or batches[-1])

    arts = list(make_articles(40, seed=9))
    arts[3].title = "Harbour\x00toll"
    arts[5].mentions = [*arts[5].mentions, Mention(0, 4, "Ka\x00i", "LOC", None)]
    arts[7].quotes = [*arts[7].quotes, Quote("we\x00sail", 0, 7, "direct", None, None, None)]
    with PgArchive(pg_url) as pg:
        report = pg.ingest(arts, batch_size=100, batch_seconds=60)
        assert len(report.ids) == 40 and batches and None not in batches
        conn = pg.conn
        assert conn.execute("SELECT title FROM articles WHERE id = ?", (report.ids[3],)).fetchone()[0] == "Harbour\ufffdtoll"
        assert [r[0] for r in conn.execute("SELECT text FROM mentions WHERE article_id = ? AND text LIKE 'Ka%i'",
                                           (report.ids[5],))] == ["Ka\ufffdi"]
        assert [r[0] for r in conn.execute("SELECT text FROM quotes WHERE article_id = ?", (report.ids[7],))][-1:] == ["we\ufffdsail"]
        assert conn.execute("SELECT title FROM articles WHERE id = ?", (report.ids[4],)).fetchone()[0] == arts[4].title
