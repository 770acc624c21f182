"""The PostgreSQL archive: chosen by its URL everywhere, the same hits as SQLite, the store path
(duplicates, story linking, runs), watch state, and one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive_gen import make_articles
from lagebild.archive import Archive
from lagebild.archive.fulltext import available
from lagebild.errors import ArchiveError
from lagebild.query import Filters
from lagebild.settings import Settings, StorySettings

QUERIES = ["regierung", "minister OR hochwasser", '"der regierung"', "-haushalt", "title:regierung",
           "entity:Cavusoglu", "section:Politik warnte", "source:example3.com", "lang:en court",
           "kooperiert -inflation", "(bahn OR streik) author:\"Autor 3\"", "regier*", "minist* -polizei"]


PAIRS = ["postgresql", *(["postgresql+tantivy"] if "tantivy" in available() else [])]


@pytest.fixture(scope="module", params=PAIRS)
def pair(pg, tmp_path_factory, request):
    """The same 240 generated articles in an SQLite and a PostgreSQL archive: FTS5 beside the tsvector,
    tantivy beside PostgreSQL with a tantivy copy."""
    name = "pair" + ("_tantivy" if request.param.endswith("+tantivy") else "")
    url = pg.create_database(name)
    arts = list(make_articles(240, words=120))
    folder = tmp_path_factory.mktemp("pair")
    from lagebild.archive.pg import PgArchive

    if request.param.endswith("+tantivy"):
        sqlite = Archive(folder / "a.db", index="tantivy")
        pgar = PgArchive(url, index="tantivy", index_dir=folder / "pg-index")
    else:
        sqlite = Archive(folder / "a.db", index="fts5")
        pgar = PgArchive(url)
    for ar in (sqlite, pgar):
        report = ar.ingest(make_articles(240, words=120))
        assert report.stored == len(arts)
    yield sqlite, pgar
    sqlite.close()
    pgar.close()
    pg.drop_database(name)


@pytest.mark.parametrize("query", QUERIES)
def test_sqlite_and_postgresql_find_the_same_articles(pair, query):
    sqlite, pgar = pair
    assert sqlite.count(query) == pgar.count(query) > 0
    assert set(sqlite.ids(query)) == set(pgar.ids(query))
    # newest first, ties by id: the same order
    assert [h.id for h in sqlite.search(query, sort="date", limit=30)] == \
        [h.id for h in pgar.search(query, sort="date", limit=30)]


def test_filters_facets_and_paging_agree(pair):
    sqlite, pgar = pair
    f = Filters(since="2024-03-01", until="2024-06-30", language="de")
    assert [h.id for h in sqlite.search("", f, limit=15, offset=5)] == [h.id for h in pgar.search("", f, limit=15, offset=5)]
    assert sqlite.facets("regierung") == pgar.facets("regierung")
    assert sqlite.facets("", f) == pgar.facets("", f)
    assert [(e.id, e.articles, e.mentions) for e in sqlite.entities()] == \
        [(e.id, e.articles, e.mentions) for e in pgar.entities()]


def test_relevance_ranks_the_title_first(pair):
    _, pgar = pair
    hits = pgar.search("regierung", limit=50)
    assert all(a.score >= b.score for a, b in zip(hits, hits[1:]))
    titled = [h for h in hits if "regierung" in h.title.lower()]
    assert titled and hits[0].id in {h.id for h in titled}


def test_open_archive_picks_the_backend_from_the_url(pg_url):
    from lagebild.api import ArchiveURL, archive_target, open_archive
    from lagebild.archive.pg import PgArchive

    with open_archive(pg_url) as ar:
        assert isinstance(ar, PgArchive) and ar.stats()["index"] == "postgresql"
    with open_archive(pg_url.replace("postgresql://", "postgres://"), readonly=True) as ar:
        assert isinstance(ar, PgArchive) and ar.readonly
    assert archive_target(Path(pg_url)) == pg_url  # Path folds // and the target mends it
    assert isinstance(archive_target(pg_url), ArchiveURL) and archive_target("news.db") == Path("news.db")


def test_readonly_and_errors_are_one_line(pg, pg_url):
    from lagebild.archive.pg import PgArchive

    with PgArchive(pg_url, readonly=True) as ro:
        with pytest.raises(ArchiveError, match="read-only"):
            ro.add(next(make_articles(1)))
    empty = pg.create_database("empty")
    with pytest.raises(ArchiveError, match="not a lagebild archive"):
        PgArchive(empty, readonly=True)
    with pytest.raises(ArchiveError, match="index 'fts5' is not supported"):
        PgArchive(pg_url, index="fts5")
    with pytest.raises(ArchiveError, match="cannot connect") as exc:
        PgArchive(pg_url.replace("/t", "/nosuchdb"))
    assert "\n" not in str(exc.value)
    secret = "postgresql://u:hunter2@/x?host=/nonexistent"
    with pytest.raises(ArchiveError) as exc:
        PgArchive(secret)
    assert "hunter2" not in str(exc.value)
    pg.drop_database("empty")


def test_the_store_path_links_stories_and_records_runs_as_on_sqlite(pg_url, tmp_path):
    import lagebild
    from lagebild.archive.pg import PgArchive

    settings = Settings(stories=StorySettings(embedder="off"))
    arts = list(make_articles(30, words=80))
    arts.append(make_articles(1, seed=1).__next__())  # the first article again: a duplicate
    results = []
    for ar in (Archive(tmp_path / "s.db"), PgArchive(pg_url)):
        with ar:
            report = lagebild.ingest(ar, [a for a in arts], settings)
            stories = lagebild.list_stories(ar, limit=100)
            results.append((report.stored, report.duplicate, sorted((s.article_ids, s.label) for s in stories),
                            [r.command for r in ar.runs()], ar.unlinked()))
    assert results[0] == results[1]
    assert results[1][0] == 30 and results[1][1] == 1 and results[1][4] == []


def test_watch_state_works_on_postgresql(pg_url):
    from lagebild.archive.monitor import Monitor
    from lagebild.archive.pg import PgArchive
    from lagebild.model import Alert

    with PgArchive(pg_url) as ar:
        aid, _ = ar.add(next(make_articles(1)))
        m = Monitor.of(ar)
        src = m.add_source("https://example.org/feed.xml", None, 600)
        with pytest.raises(ArchiveError, match="already a source"):
            m.add_source("https://example.org/feed.xml", None, 600)
        assert [s.url for s in m.due_sources()] == [src.url]
        m.polled(src, kind="feed", error="timeout")
        assert m.source(src.id).failures == 1
        alert = m.add_alert(Alert(name="klima", query="Klima", channel="atom", target="klima.xml"))
        assert m.unseen(["https://a/1", "https://a/2"]) == ["https://a/1", "https://a/2"]
        assert len(m.stored("https://a/1", src.id, "stored", aid, [alert])) == 1
        assert m.stored("https://a/1", src.id, "stored", aid, [alert]) == []  # never alerted twice
        m.failed("https://a/2", src.id, "503", permanent=False)
        m.failed("https://a/2", src.id, "503", permanent=False)
        assert m.unseen(["https://a/1", "https://a/2"]) == ["https://a/2"]  # retried under the limit
        (pending,) = m.pending()
        m.delivered(pending.id)
        assert m.outbox_counts() == {"done": 1}
        df, ndocs = m.term_frequencies()
        assert ndocs == 1 and df


def test_cli_takes_a_postgresql_url(pg_url):
    from typer.testing import CliRunner

    from lagebild.archive.pg import PgArchive
    from lagebild.cli import app

    with PgArchive(pg_url) as ar:
        ar.ingest(make_articles(12, words=60))
    result = CliRunner().invoke(app, ["search", "regierung OR minister", "--db", pg_url, "--json"])
    assert result.exit_code == 0, result.output
    assert '"id"' in result.output


def test_identities_settle_alike_item_by_item_and_in_one_batch(pg_url, tmp_path):
    """The PostgreSQL batch writer settles identities per batch (archive/pg/bulk.py); the result is
    the SQLite archive's, article by article."""
    from test_archive_identities import _article

    from lagebild.archive.identities import merges
    from lagebild.archive.pg import PgArchive

    def articles():
        return [
            _article("A", "Lead.\n\nTrump spoke on Monday.", {"Trump": ("PER:trump", "Trump")}),
            _article("B", "Lead.\n\nDonald Trump spoke again.", {"Donald Trump": ("PER:donald-trump", "Donald Trump")}),
            _article("B2", "Lead.\n\nDonald Trump went home.", {"Donald Trump": ("PER:donald-trump", "Donald Trump")}),
            _article("C", "Lead.\n\nTrump, later.", {"Trump": ("PER:trump", "Trump")}),
            _article("D", "Lead.\n\nJoe Biden met people.", {"Joe Biden": ("PER:joe-biden", "Joe Biden")}),
            _article("E", "Lead.\n\nHunter Biden met people.", {"Hunter Biden": ("PER:hunter-biden", "Hunter Biden")}),
            _article("F", "Lead.\n\nBiden said no.", {"Biden": ("PER:biden", "Biden")}),
            _article("G", "Lead.\n\nIn Moskau regnet es.", {"Moskau": ("LOC:city:524901", "Moskau")}, language="de"),
        ]

    found = []
    with Archive(tmp_path / "s.db") as sq:
        for a in articles():
            sq.add(a)
        found.append(sq)
        sq_view = ([[(m.text, m.entity_id) for m in sq.get(i).mentions] for i in range(1, 9)],
                   [(r["source"], r["target"]) for r in merges(sq.conn)], [e.name for e in sq.get(8).entities])
    with PgArchive(pg_url) as pgar:
        report = pgar.ingest(articles(), batch_size=100, batch_seconds=60)  # one batch
        assert report.stored == 8
        pg_view = ([[(m.text, m.entity_id) for m in pgar.get(i).mentions] for i in range(1, 9)],
                   [(r["source"], r["target"]) for r in merges(pgar.conn)], [e.name for e in pgar.get(8).entities])
    assert pg_view == sq_view
    assert sq_view[1] == [("PER:trump", "PER:donald-trump")]


def test_a_batch_with_a_bad_item_stores_the_rest(pg_url):
    from lagebild.archive.pg import PgArchive

    arts = list(make_articles(5, words=40))
    arts[2].mentions[0].entity_id = None
    arts[2].mentions[0].start = "not a number"  # PostgreSQL refuses it; the batch falls back to item by item
    with PgArchive(pg_url) as ar:
        report = ar.ingest(arts, batch_size=10, batch_seconds=60)
        assert (report.stored, report.failed) == (4, 1) and "could not store" in report.failures[0][1]
        assert ar.count() == 4 and ar.stats()["failures"] == 1


def test_readers_reuse_an_idle_connection_and_drop_a_dead_one(pg_url):
    import psycopg

    from lagebild.archive.pg import PgArchive

    with PgArchive(pg_url, readonly=True) as a:
        first = a.conn.raw.info.backend_pid
    with PgArchive(pg_url, readonly=True) as b:
        assert b.conn.raw.info.backend_pid == first  # the same server process: no new connection
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (first,))
    with PgArchive(pg_url, readonly=True) as c:
        assert c.conn.raw.info.backend_pid != first and c.count() == 0


def test_relevance_comes_from_the_rum_index_with_the_same_hits_and_stable_pages(pair):
    """With RUM (CI installs postgresql-15-rum) relevance is read in index order: the same hits as
    ts_rank and SQLite, scores descending, and pages that add up to one long page."""
    import os

    _, pgar = pair
    if pgar.index.name != "postgresql":
        pytest.skip("relevance from the tantivy copy (the same as SQLite's tantivy: another test)")
    if not pgar.index.rum:
        if os.environ.get("LAGEBILD_REQUIRE_PG") == "1":
            pytest.fail("the rum extension is required here (LAGEBILD_REQUIRE_PG=1): scripts/postgres-deps.sh")
        pytest.skip("no rum extension on this server: relevance ranks with ts_rank")
    for query in ("regierung", "\"der regierung\"", "regier*", "section:Politik warnte"):
        long = pgar.search(query, limit=60)
        assert all(a.score >= b.score for a, b in zip(long, long[1:]))
        pages = [h.id for off in range(0, 60, 15) for h in pgar.search(query, limit=15, offset=off)]
        assert pages == [h.id for h in long], query
        pgar.index.rum = False
        try:
            assert {h.id for h in pgar.search(query, limit=None)} == set(pgar.ids(query))
            assert pgar.count(query) == len(pgar.ids(query))
        finally:
            pgar.index.rum = True
        assert {h.id for h in pgar.search(query, limit=None)} == set(pgar.ids(query))


def test_without_rum_the_migration_stays_pending_with_one_log_line(caplog):
    from lagebild.archive.pg import schema

    class Cursor:
        def __init__(self, row):
            self.row = row

        def fetchone(self):
            return self.row

    class NoRum:  # a server without the extension: pg_available_extensions has no 'rum' row
        def execute(self, sql, params=()):
            return Cursor(None if "pg_available_extensions" in sql else ("lbtest_norum",))

    schema._WARNED.discard("lbtest_norum")
    with caplog.at_level("WARNING"):
        assert schema._rum(NoRum()) is False and schema._rum(NoRum()) is False
    lines = [r.getMessage() for r in caplog.records if "lbtest_norum" in r.getMessage()]
    assert len(lines) == 1 and "postgresql-15-rum" in lines[0] and "ts_rank" in lines[0]


def test_only_words_and_ors_of_them_are_paged_in_the_rum_index_order():
    from lagebild.archive.pg.tsquery import plan, rum_ordered

    for query in ("Regierung", "police OR court", "Polizei"):
        assert rum_ordered(plan(None, query).match), query
    for query in ('"die Regierung"', "Regierung Polizei", "Regier*", "Bundes-Regierung", "police -court"):
        assert not rum_ordered(plan(None, query).match), query
    assert rum_ordered("('it''s' | 'a&b')") and not rum_ordered("'a':A") and not rum_ordered("!'a'")
