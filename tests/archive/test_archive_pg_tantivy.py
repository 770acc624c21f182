"""A tantivy index beside a PostgreSQL archive: the database's change log and each copy's watermark.

Several processes are played by several archives on copies in different folders (each copy follows
the log on its own) or in one folder (they share its work); a crash is played by moving a copy's
watermark back (the rows are applied again, idempotently)."""

from __future__ import annotations

import json

import pytest

from archive_gen import make_articles
from lagebild.errors import ArchiveError

pytest.importorskip("tantivy")

QUERIES = ["regierung", '"der regierung"', '"sagte die regierung am"', "regier*", "entity:Cavusoglu", "section:Politik warnte",
           "source:example3.com", "kooperiert -inflation", "title:regierung"]


def _pg(url, **kw):
    from lagebild.archive.pg import PgArchive

    return PgArchive(url, **kw)


def _mark(folder) -> dict:
    return json.loads((folder / "lagebild.json").read_text())


def test_relevance_order_is_the_same_as_sqlite_tantivy(pg_url, tmp_path):
    """The same documents, the same compiled queries: the same BM25 order, ties newest first."""
    from lagebild.archive import Archive

    with Archive(tmp_path / "a.db", index="tantivy") as lite, _pg(pg_url, index_dir=tmp_path / "copy") as pg:
        for ar in (lite, pg):
            ar.ingest(make_articles(150, words=80))
        for q in QUERIES:
            assert [(h.id, round(h.score, 4)) for h in lite.search(q, limit=40)] == \
                [(h.id, round(h.score, 4)) for h in pg.search(q, limit=40)], q
            assert lite.facets(q) == pg.facets(q)
        assert lite.related(5) and [h.id for h in lite.related(5)] == [h.id for h in pg.related(5)]
        # both answer phrases of common words from pair terms, with the same list (recorded per index/copy)
        assert pg.index.common == lite.index.common and "der" in pg.index.common


def test_an_archive_with_tantivy_keeps_no_tsvector(pg_url, tmp_path):
    with _pg(pg_url, index_dir=tmp_path / "copy") as ar:
        ar.ingest(make_articles(40, words=60), batch_size=15)  # the COPY path
        ar.add(list(make_articles(41, words=60, seed=2))[-1])  # the item path
        assert ar.kept() == "tantivy" and ar.index.name == "tantivy" and ar.count() == 41
        assert ar.conn.execute("SELECT count(*) FROM article_terms").fetchone()[0] == 0
        top = ar.conn.execute("SELECT max(seq) FROM fulltext_outbox").fetchone()[0]
        assert _mark(tmp_path / "copy")["seq"] == top
    with pytest.raises(ArchiveError, match="keeps no tsvectors"):
        _pg(pg_url, index="postgresql")


def test_a_reader_with_its_own_copy_follows_the_writers_log(pg_url, tmp_path):
    """``watch`` writes with one copy; ``serve`` on another machine reads the database read-only and
    keeps its own copy current from the log (no write to the database needed)."""
    with _pg(pg_url, index_dir=tmp_path / "writer") as w:
        w.ingest(make_articles(30, words=60))
        with _pg(pg_url, readonly=True, index_dir=tmp_path / "reader") as r:
            assert r.count("regierung") == w.count("regierung") > 0
            new = next(a for i, a in enumerate(make_articles(31, words=60, seed=3)) if i == 30)
            new.title = "Quallenalarm an der Ostsee"
            aid, _ = w.add(new)
            assert r.count("quallenalarm") == 1 == w.count("quallenalarm")
            with w.transaction() as conn:  # a field changes: the copy follows it (section:)
                conn.execute("UPDATE articles SET section = 'Kueste' WHERE id = ?", (aid,))
            assert r.count("section:Kueste") == 1
            with w.transaction() as conn:
                conn.execute("DELETE FROM articles WHERE id = ?", (aid,))
            assert r.count("quallenalarm") == 0 == w.count("quallenalarm")
            assert _mark(tmp_path / "reader")["seq"] == _mark(tmp_path / "writer")["seq"]


def test_a_crash_before_the_watermark_reapplies_without_doubling(pg_url, tmp_path):
    folder = tmp_path / "copy"
    with _pg(pg_url, index_dir=folder) as ar:
        ar.ingest(make_articles(60, words=60))
        counts = {q: ar.count(q) for q in QUERIES}
        docs = ar.index.num_docs(ar.conn)
    mark = _mark(folder)
    (folder / "lagebild.json").write_text(json.dumps({**mark, "seq": 0}))  # tantivy committed, the mark did not
    with _pg(pg_url, readonly=True, index_dir=folder) as ar:
        assert {q: ar.count(q) for q in QUERIES} == counts and ar.index.num_docs(ar.conn) == docs == 60
        assert _mark(folder)["seq"] == mark["seq"]


def test_a_lost_or_foreign_or_half_built_copy_is_rebuilt(pg, pg_url, tmp_path):
    import shutil

    folder = tmp_path / "copy"
    with _pg(pg_url, index_dir=folder) as ar:
        ar.ingest(make_articles(50, words=60))
        expected = sorted(ar.ids("regierung"))
    shutil.rmtree(folder)  # lost
    with _pg(pg_url, readonly=True, index_dir=folder) as ar:
        assert sorted(ar.ids("regierung")) == expected
    other = pg.create_database("other")
    try:
        with _pg(other, index_dir=folder) as ar:  # the folder holds another archive's copy
            assert ar.count() == 0 and ar.index.num_docs(ar.conn) == 0
    finally:
        pg.drop_database("other")
    mark = _mark(folder)
    (folder / "lagebild.json").write_text(json.dumps({**mark, "rebuilt_to": 0}))  # a rebuild was interrupted
    with _pg(pg_url, readonly=True, index_dir=folder) as ar:
        assert sorted(ar.ids("regierung")) == expected and "rebuilt_to" not in _mark(folder)


def test_a_folder_written_by_another_process_is_read_not_fought_over(pg_url, tmp_path):
    """Two processes on one folder: while one holds tantivy's writer lock, the other does not apply
    the log (nor fail); it sees the copy as far as it is, and applies once the lock is free."""
    import tantivy

    from lagebild.archive.fulltext.tantivy_index import _schema

    folder = tmp_path / "copy"
    with _pg(pg_url, index_dir=folder) as ar:
        ar.ingest(make_articles(20, words=60))
        other = tantivy.Index(_schema(), path=str(folder), reuse=True).writer(heap_size=15_000_000, num_threads=1)
        try:
            ar.add(next(a for i, a in enumerate(make_articles(21, words=60, seed=4)) if i == 20))
            assert ar.count() == 20  # queued, not applied: the folder is someone else's to write now
        finally:
            other.rollback()
            del other
        import gc

        gc.collect()  # the writer's lock goes with the object
        assert ar.count() == 21


def test_reindex_switches_between_tsvector_and_tantivy(pg_url, tmp_path):
    with _pg(pg_url) as ar:
        ar.ingest(make_articles(40, words=60))
        expected = {q: sorted(ar.ids(q)) for q in QUERIES}
        assert ar.kept() == "postgresql" and ar.conn.execute("SELECT count(*) FROM article_terms").fetchone()[0] == 40
    with _pg(pg_url, index_dir=tmp_path / "copy") as ar:  # one process searching a copy; tsvectors still kept
        assert ar.kept() == "postgresql" and ar.index.name == "tantivy"
        assert {q: sorted(ar.ids(q)) for q in QUERIES} == expected
        ar.add(next(a for i, a in enumerate(make_articles(41, words=60, seed=5)) if i == 40))
        assert ar.conn.execute("SELECT count(*) FROM article_terms").fetchone()[0] == 41
        ar.reindex(index="tantivy")
        assert ar.kept() == "tantivy" and ar.conn.execute("SELECT count(*) FROM article_terms").fetchone()[0] == 0
        expected = {q: sorted(ar.ids(q)) for q in QUERIES}
        assert ar.reindex(index="postgresql") == 41
        assert ar.kept() == "postgresql" and ar.index.name == "postgresql"
        assert {q: sorted(ar.ids(q)) for q in QUERIES} == expected


def test_the_default_folder_is_under_the_users_data_home(pg_url, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    with _pg(pg_url, index="tantivy") as ar:
        ar.ingest(make_articles(5, words=40))
        folder = ar.index.folder
        assert folder.parent == (tmp_path / "data" / "lagebild" / "indexes").resolve() and folder.name.startswith("t")
    with _pg(pg_url, readonly=True) as ar:  # the archive keeps tantivy: the same default copy
        assert ar.index.folder == folder and ar.count() == 5


def test_the_cli_switches_to_tantivy_and_reads_the_folder_from_the_environment(pg_url, tmp_path):
    from typer.testing import CliRunner

    from lagebild.cli import app

    with _pg(pg_url) as ar:
        ar.ingest(make_articles(12, words=60))
        expected = ar.count("regierung OR minister")
    folder = tmp_path / "copy"
    result = CliRunner().invoke(app, ["reindex", "--db", pg_url, "--index", "tantivy", "--index-dir", str(folder)])
    assert result.exit_code == 0 and "tantivy" in result.output, result.output
    result = CliRunner().invoke(app, ["search", "regierung OR minister", "--db", pg_url, "--json", "--limit", "50"],
                                env={"LAGEBILD_INDEX_DIR": str(folder)})
    assert result.exit_code == 0, result.output
    assert result.output.count('"id"') == expected and _mark(folder)["seq"] > 0


def test_serve_sees_what_watch_applied_to_their_shared_folder(pg_url, tmp_path):
    """Two processes on one machine, one folder: the writer process (``watch``) applies the log after
    its commit and moves the watermark; the reader (``serve``, open all along) finds nothing past it
    and reloads the writer's commit."""
    import subprocess
    import sys
    from pathlib import Path

    folder = tmp_path / "copy"
    with _pg(pg_url, index_dir=folder) as ar:
        ar.ingest(make_articles(10, words=40))
    with _pg(pg_url, readonly=True, index_dir=folder) as serve:
        assert serve.count() == 10
        here = Path(__file__).resolve().parent
        code = ("import sys; sys.path.insert(0, %r)\n"
                "from archive_gen import make_articles\n"
                "from lagebild.archive.pg import PgArchive\n"
                "with PgArchive(%r, index_dir=%r) as w:\n"
                "    w.ingest(list(make_articles(15, words=40))[10:])\n") % (str(here), pg_url, str(folder))
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        top = serve.conn.execute("SELECT max(seq) FROM fulltext_outbox").fetchone()[0]
        assert _mark(folder)["seq"] == top  # applied by the writer process
        assert serve.count() == 15 and serve.count("regierung OR government") > 0
