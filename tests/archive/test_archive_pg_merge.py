"""``lagebild merge`` into PostgreSQL takes the full-text index terms the batch workers wrote in the
shards (archive/pg/bulk.py ``given``), and stores exactly the tsvectors it would have computed:
with shards written before the terms were carried, with terms made by other term code, and with
an article whose texts changed on the way, it computes them itself."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("psycopg")
pytest.importorskip("pyarrow")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "batch"))

from batchkit import fast_settings, other_term_code, rewrite_shards, worker_shards, wrong_terms  # noqa: E402

from lagebild import batch  # noqa: E402
from lagebild.archive.pg import PgArchive, bulk  # noqa: E402
from lagebild.batch import files  # noqa: E402


def _tsvectors(url: str) -> dict[str, str]:
    with PgArchive(url, readonly=True) as archive:
        return {u: tsv for u, tsv in archive.conn.execute(
            "SELECT a.url, t.tsv::text FROM articles a JOIN article_terms t ON t.id = a.id")}


def _counting_terms(monkeypatch, module) -> list:
    """``module.term_columns`` counted: the titles of the articles whose terms it computes, in order."""
    computed = []
    real = module.term_columns

    def counting(*args):
        computed.append(args[0])
        return real(*args)

    monkeypatch.setattr(module, "term_columns", counting)
    return computed


def _merge_counting(url: str, out: Path, monkeypatch) -> tuple[int, list]:
    computed = _counting_terms(monkeypatch, bulk)
    with PgArchive(url) as archive:
        report = batch.merge(archive, out, fast_settings())
        assert not archive._given_terms  # all spent
    monkeypatch.undo()
    return report.ingest.stored, computed


def test_merge_takes_the_workers_terms_and_stores_the_tsvectors_it_would_compute(pg, tmp_path, monkeypatch):
    import shutil

    out = worker_shards(tmp_path)
    row = next(r for s in files.finished(out)[0] for r in files.rows(s))
    assert row["terms"] is not None and len(row["terms"]) == 3  # the worker wrote them
    given = pg.create_database("given")
    stored, computed = _merge_counting(given, out, monkeypatch)
    assert stored == 8 and computed == []  # nothing computed again

    other = tmp_path / "other"  # terms from other term code (another textnorm): computed again
    shutil.copytree(out, other)
    rewrite_shards(other, other_term_code)
    again = pg.create_database("other_code")
    stored, computed = _merge_counting(again, other, monkeypatch)
    assert stored == 8 and len(computed) == 8

    old = tmp_path / "old"  # shards written before the terms were carried: no such column
    shutil.copytree(out, old)
    rewrite_shards(old, lambda table, marker: marker.pop("terms") and table.drop_columns(["terms"]))
    assert "terms" not in next(files.rows(files.finished(old)[0][0]))
    before = pg.create_database("old_shards")
    stored, computed = _merge_counting(before, old, monkeypatch)
    assert stored == 8 and len(computed) == 8

    wrong = tmp_path / "wrong"  # terms that are not the article's: they would be stored as given
    shutil.copytree(out, wrong)
    rewrite_shards(wrong, wrong_terms)
    taken = pg.create_database("wrong_terms")
    _merge_counting(taken, wrong, monkeypatch)

    assert _tsvectors(given) == _tsvectors(again) == _tsvectors(before)
    assert len(_tsvectors(given)) == 8
    assert _tsvectors(taken) != _tsvectors(given)  # the check above can tell given terms from computed ones
    for name in ("given", "other_code", "old_shards", "wrong_terms"):
        pg.drop_database(name)


def test_given_terms_are_taken_only_for_the_texts_they_were_made_of(pg_url):
    import dataclasses

    from lagebild.archive.store import term_columns
    from lagebild.model import Article

    a = Article(url="https://zeitung.example/a.html", title="Der Stadtrat tagte", lead="Kurz gefasst.",
                text="Die Räte beschlossen den Haushalt.", language="de")
    changed = dataclasses.replace(a, url="https://zeitung.example/b.html", text="Die Räte verschoben den Haushalt.")
    with PgArchive(pg_url) as archive:
        archive.given_terms(a, ("titel", "lead", "gegeben"))
        archive.given_terms(changed, term_columns(a.title, a.lead, a.text, a.language))  # under its own texts ...
        changed.text = "Die Räte vertagten sich."  # ... which then change: not taken
        assert archive.ingest([a, changed], batch_size=100, batch_seconds=60).stored == 2
        rows = dict(archive.conn.execute("SELECT a.url, t.tsv::text FROM articles a JOIN article_terms t ON t.id = a.id"))
    assert rows[a.url] == "'gegeben':5 'lead':3B 'titel':1A"
    assert "vertag" in rows[changed.url] and "verschob" not in rows[changed.url]


def test_a_change_of_entities_alone_does_not_recompute_the_tsvector(pg_url, monkeypatch):
    """The tsvector's log reader recomputes an article whose words changed, not one whose entities or
    mentions a later transaction changed (an identity merge touches every article naming the entity)."""
    from lagebild.archive.pg import fulltext
    from lagebild.model import Article, Entity, Mention

    first = Article(url="https://zeitung.example/a.html", title="Der Stadtrat tagte", text="Anna Berg sprach.",
                    language="de", entities=[Entity("PER:anna-berg", "Anna Berg", "PER")],
                    mentions=[Mention(0, 9, "Anna Berg", "PER", "PER:anna-berg")])
    computed = _counting_terms(monkeypatch, fulltext)
    with PgArchive(pg_url) as archive:
        assert archive.ingest([first], batch_size=1, batch_seconds=60).stored == 1
        aid = archive.conn.execute("SELECT id FROM articles").fetchone()[0]
        computed.clear()
        with archive.transaction() as conn:  # what identities do to an earlier article: its rows move
            conn.execute("INSERT INTO entities(id, name, type) VALUES ('PER:berg', 'Berg', 'PER')")
            conn.execute("INSERT INTO article_entities(article_id, entity_id, mentions, position) VALUES (?, 'PER:berg', 1, 1)",
                         (aid,))
            conn.execute('INSERT INTO mentions(article_id, start, "end", text, text_folded, type, entity_id)'
                         " VALUES (?, 5, 9, 'Berg', 'berg', 'PER', 'PER:berg')", (aid,))
        assert computed == []
        with archive.transaction() as conn:  # its words change: computed again
            conn.execute("UPDATE articles SET title = 'Der Stadtrat vertagte sich' WHERE id = ?", (aid,))
        assert computed == ["Der Stadtrat vertagte sich"]
        tsv = archive.conn.execute("SELECT tsv::text FROM article_terms WHERE id = ?", (aid,)).fetchone()[0]
    assert "'vertag'" in tsv and "'tag'" not in tsv


def test_merge_takes_the_workers_tsvector_literals_made_by_the_same_code(pg, tmp_path, monkeypatch):
    """The workers write PostgreSQL's tsvector literal of each article's terms; merge stores it as given
    (building none) when the shard's marker names the same literal code, else builds it from the terms."""
    import shutil

    import pyarrow as pa

    out = worker_shards(tmp_path)
    row = next(r for s in files.finished(out)[0] for r in files.rows(s))
    assert row["tsvector"] == bulk.tsvector(*row["terms"])  # the worker wrote it
    built = []
    real = bulk.tsvector
    monkeypatch.setattr(bulk, "tsvector", lambda *terms: built.append(terms) or real(*terms))

    def merged(folder: Path, name: str) -> dict[str, str]:
        url = pg.create_database(name)
        built.clear()
        with PgArchive(url) as archive:
            assert batch.merge(archive, folder, fast_settings()).ingest.stored == 8
        return _tsvectors(url)

    given = merged(out, "literals")
    assert built == []
    other = tmp_path / "other"  # literals from other literal code: built from the terms
    shutil.copytree(out, other)
    rewrite_shards(other, lambda table, marker: marker.update(tsvector="another") or table)
    assert merged(other, "other_literals") == given and len(built) == 8
    wrong = tmp_path / "wrong"  # a literal that is not the terms': stored as given (so the check can tell)
    shutil.copytree(out, wrong)
    rewrite_shards(wrong, lambda table, marker: table.set_column(
        table.schema.get_field_index("tsvector"), "tsvector",
        pa.array(["'anders':1" if t else None for t in table.column("tsvector").to_pylist()], pa.string())))
    assert merged(wrong, "wrong_literals") != given and built == []
    for name in ("literals", "other_literals", "wrong_literals"):
        pg.drop_database(name)


@pytest.mark.parametrize("literal", ["'" + "a" * 3000 + "':1", "'unclosed", "'ok':99999999",
                                     "'x':1 ' DROP TABLE articles; --"])
def test_a_literal_the_server_would_refuse_is_made_again_of_the_terms(pg, tmp_path, caplog, literal):
    """A shard is input: a literal PostgreSQL refuses (a lexeme over 2 KB fails the whole COPY with an
    error psycopg counts operational) or that is not of the form the workers write is not trusted; the
    article's tsvector is made of its terms, the merge goes on, one line names each such article."""
    import shutil

    import pyarrow as pa

    out = worker_shards(tmp_path)
    good = pg.create_database("good_literals")
    with PgArchive(good) as archive:
        batch.merge(archive, out, fast_settings())
    bad = tmp_path / "bad"
    shutil.copytree(out, bad)
    rewrite_shards(bad, lambda table, marker: table.set_column(
        table.schema.get_field_index("tsvector"), "tsvector",
        pa.array([literal if t else None for t in table.column("tsvector").to_pylist()], pa.string())))
    url = pg.create_database("bad_literals")
    with PgArchive(url) as archive, caplog.at_level("WARNING", logger="lagebild"):
        assert batch.merge(archive, bad, fast_settings()).ingest.stored == 8
    assert _tsvectors(url) == _tsvectors(good)
    named = [r.getMessage() for r in caplog.records if "tsvector literal is malformed" in r.getMessage()]
    assert len(named) == 8 and all("\n" not in m for m in named)
    for name in ("good_literals", "bad_literals"):
        pg.drop_database(name)


def test_a_row_over_a_server_limit_is_the_items_fault_not_the_servers(pg_url, monkeypatch):
    """SQLSTATE class 54 (a word, a row too long) is psycopg's OperationalError but the batch's rows' fault:
    store_batch returns None (item by item, where the article fails alone) instead of stopping the run."""
    from lagebild.archive.fulltext.given import terms_key
    from lagebild.model import Article

    article = Article(title="Ein Titel", url="https://example.org/limit", text="Ein Text.")
    given = {terms_key(article): ("ein titel", "", "ein text", "'" + "a" * 3000 + "':1")}
    monkeypatch.setattr(bulk, "well_formed", lambda literal: True)  # as before the check: the server sees it
    with PgArchive(pg_url) as archive:
        conn = archive.conn
        conn.execute("BEGIN")
        assert bulk.store_batch(conn, [article], "2026-12-07T00:00:00Z", True, given) is None
        conn.execute("ROLLBACK")
