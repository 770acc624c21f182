"""The full-text indexes behind the archive: the same answers from tantivy as from FTS5, and an index
that follows the store through crashes (the outbox)."""

from __future__ import annotations

import shutil

import pytest

from lagebild.archive import Archive
from lagebild.archive.fulltext import available, outbox
from lagebild.query import Filters

from archive_gen import make_articles

pytestmark = pytest.mark.skipif("tantivy" not in available(), reason="tantivy is not installed")

QUERIES = [
    "Regierung", "regierungen", "Regierung Polizei", "Regierung OR Polizei", "Regierung -Polizei", "-Regierung",
    "NOT Regierung", '"die Regierung"', '"the government"', "government", "cooperated", "kooperiert",
    "title:Regierung", 'title:"Regierung Minister"', "section:Politik", "-section:Politik Regierung",
    "lang:en", "lang:de Polizei", "source:example3.com", "source:example3", "source:com", "author:autor 3",
    'author:"Autor 12"', "entity:Cavusoglu", "entity:Çavuşoğlu", "entity:EU", "entity:Turkey", "entity:ORG:eu",
    "(Regierung OR Streik) lang:de", "Regierung (section:Politik OR lang:en)", "Minister -entity:Scholz",
    "Regierung OR section:Wirtschaft", "Zinsen Streik Inflation", "nichtda", "",
    # prefixes: a few expansions (scored each), many (one regex), the word's own shorter stem, negated, in an OR
    "Regierung*", "Polit*", "an*", "schaft*", "Tür*", "Minist* -Polizei", "-Regier*", "(Streik OR Infla*) lang:de",
    "nichtda*",
]
FILTERS = [
    None, Filters(section="Politik"), Filters(language="en"), Filters(source="example2.com"),
    Filters(entity="Scholz"), Filters(since="2024-03-01", until="2024-06-30"), Filters(until="2024-02-10"),
]


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pair")
    articles = list(make_articles(150, words=60))
    archives = {}
    for name in ("fts5", "tantivy"):
        ar = Archive(folder / f"{name}.db", index=name)
        ar.ingest(articles)
        archives[name] = ar
    yield archives
    for ar in archives.values():
        ar.close()


@pytest.mark.parametrize("query", QUERIES)
def test_tantivy_finds_what_fts5_finds(pair, query):
    fts5, tantivy = pair["fts5"], pair["tantivy"]
    for f in FILTERS:
        expected = fts5.ids(query, f)
        assert sorted(tantivy.ids(query, f)) == sorted(expected), (query, f)
        assert tantivy.count(query, f) == len(expected)
        # newest first is one order, not a ranking: it must be the same
        assert [h.id for h in tantivy.search(query, f, sort="date", limit=15)] == \
            [h.id for h in fts5.search(query, f, sort="date", limit=15)]
    assert tantivy.facets(query) == fts5.facets(query)
    assert tantivy.facets(query, Filters(section="Politik", since="2024-04-01"), limit=3) == \
        fts5.facets(query, Filters(section="Politik", since="2024-04-01"), limit=3)


def test_a_prefix_past_the_expansion_limit_finds_the_same(pair, monkeypatch):
    """Past MAX_EXPANSION terms, tantivy matches a prefix by one regex over the term dictionary."""
    from lagebild.archive.fulltext import tantivy_query

    for query in ("an*", "schaft* -Regierung", "Minist* OR Polizei"):
        expected = sorted(pair["tantivy"].ids(query))
        monkeypatch.setattr(tantivy_query, "MAX_EXPANSION", 1)
        assert sorted(pair["tantivy"].ids(query)) == expected == sorted(pair["fts5"].ids(query)), query
        assert pair["tantivy"].count(query, Filters(language="de")) == pair["fts5"].count(query, Filters(language="de"))
        monkeypatch.undo()


def test_ranking_agrees_on_the_best_hits(pair):
    for query in ("Regierung Polizei", "title:Regierung", '"die Regierung"'):
        best = {h.id for h in pair["fts5"].search(query, limit=5)}
        found = {h.id for h in pair["tantivy"].search(query, limit=10)}
        assert len(best & found) >= 3, query


def _add(ar, n, start=0):
    for a in list(make_articles(start + n, words=30))[start:]:
        ar.add(a)


def test_a_crash_before_the_index_commit_loses_nothing(tmp_path, monkeypatch):
    from lagebild.archive.fulltext.tantivy_index import TantivyIndex

    path = tmp_path / "a.db"
    with Archive(path, index="tantivy") as ar:
        _add(ar, 5)
    monkeypatch.setattr(TantivyIndex, "sync", lambda self, archive, batch=0: 0)  # the process dies first
    ar = Archive(path)
    _add(ar, 4, start=5)
    assert outbox.pending(ar.conn) == 4
    ar.conn.close()  # killed: no close(), no sync
    monkeypatch.undo()
    with Archive(path) as ar:
        assert outbox.pending(ar.conn) == 0
        assert ar.count() == 9 and ar.index.num_docs(ar.conn) == 9


def test_a_crash_after_the_index_commit_doubles_nothing(tmp_path, monkeypatch):
    path = tmp_path / "a.db"
    with Archive(path, index="tantivy") as ar:
        _add(ar, 3)

    def killed(conn, seq):
        raise KeyboardInterrupt  # after tantivy committed, before the outbox rows are deleted

    ar = Archive(path)
    monkeypatch.setattr(outbox, "done", killed)
    with pytest.raises(KeyboardInterrupt):
        _add(ar, 3, start=3)
    monkeypatch.undo()
    assert outbox.pending(ar.conn) >= 1  # rolled back with the SQLite transaction
    ar.conn.close()
    with Archive(path) as ar:
        stored = ar.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        assert stored == 4 and outbox.pending(ar.conn) == 0  # the 4th was committed to the store
        assert ar.count() == 4 and ar.index.num_docs(ar.conn) == 4
        assert ar.count("entity:Cavusoglu") == len(ar.ids("entity:Cavusoglu"))


def test_the_index_follows_updates_and_deletes(archive):
    _add(archive, 6)
    before = archive.count("entity:Merkel")
    with archive.transaction() as conn:
        conn.execute("INSERT INTO mentions(article_id, start, \"end\", text, text_folded, type)"
                     " VALUES (2, 0, 6, 'Merkel', 'merkel', 'PER')")
        conn.execute("UPDATE articles SET section = 'Sport', section_folded = 'sport' WHERE id = 3")
        conn.execute("DELETE FROM articles WHERE id = 4")
    assert archive.count("entity:Merkel") == before + 1
    assert archive.ids("section:Sport") == [3]
    assert 4 not in archive.ids("") and archive.count() == 5


def test_a_lost_index_folder_is_rebuilt_and_reindex_switches(tmp_path):
    path = tmp_path / "a.db"
    with Archive(path, index="fts5") as ar:
        _add(ar, 8)
        expected = sorted(ar.ids("Regierung OR government"))
        assert ar.reindex(index="tantivy") == 8
        assert ar.index.name == "tantivy" and sorted(ar.ids("Regierung OR government")) == expected
    with Archive(path, index="fts5") as ar:  # the archive keeps what it records
        assert ar.index.name == "tantivy"
    shutil.rmtree(f"{path}.tantivy")
    with Archive(path) as ar:
        assert sorted(ar.ids("Regierung OR government")) == expected
    with Archive(path, readonly=True) as ro:
        assert ro.count() == 8 and ro.stats()["index"] == "tantivy"


def test_unknown_index_names_the_known_ones(tmp_path):
    from lagebild.errors import ArchiveError

    with pytest.raises(ArchiveError, match="unknown full-text index 'lucene'.*fts5"):
        Archive(tmp_path / "a.db", index="lucene")
