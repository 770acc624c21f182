"""The full-text indexes behind the archive: the same answers from tantivy as from FTS5, and an index
that follows the store through crashes (the outbox)."""

from __future__ import annotations

import shutil

import pytest

from lagebild.archive import Archive
from lagebild.archive.fulltext import available, outbox
from lagebild.model import Article
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
# phrases with common words, answered from the pair terms where every token lies in an indexed pair
PHRASES = [
    '"der Regierung"', '"die Regierungen"', '"Regierung der"', '"in der Regierung"', '"Regierung Deutschlands"',
    '"von der Regierung Deutschlands in"', '"nach der Wahl ist vor der Wahl"', '"the governments"',
    '"government the"', '"of the interior"', '"the minister of the"', '"die Regierung was"', '"der der"',
    '"Ost-West-Konflikt der"', "Ost-West", '"de la France"', "title:\"die Regierung\"",
    "title:\"the government of\"", '"die Regierung" -Polizei', '"the government" OR "der Minister"',
    '-"die Regierung" lang:de', '"und die" Regierung', '"the" government',
]
FILTERS = [
    None, Filters(section="Politik"), Filters(language="en"), Filters(source="example2.com"),
    Filters(entity="Scholz"), Filters(since="2024-03-01", until="2024-06-30"), Filters(until="2024-02-10"),
]


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pair")
    articles = list(make_articles(150, words=60)) + _phrase_articles()
    archives = {}
    for name in ("fts5", "tantivy"):
        ar = Archive(folder / f"{name}.db", index=name)
        ar.ingest(articles)
        archives[name] = ar
    yield archives
    for ar in archives.values():
        ar.close()


def _phrase_articles() -> list[Article]:
    """Common-word phrases inflected, across sentences and punctuation, in titles, in several languages."""
    texts = [
        ("de", "Die Regierung der Länder", "Die Regierung hat am Montag in der Hauptstadt getagt. Der Minister sprach"
         " von der Regierung Deutschlands in Berlin. Regierung! Der Streit geht weiter."),
        ("de", "Nach der Wahl", "Die Regierungen der Länder einigten sich. Nach der Wahl ist vor der Wahl, sagte"
         " die Ministerin. Der Ost-West-Konflikt der Staaten und die Regierung."),
        ("en", "The government of the day", "The government said on Monday that the minister of the interior will"
         " resign. In the end, the governments agreed; die Regierung was quoted in German."),
        ("en", "A government in exile", "A government in exile. The Minister of State spoke. Government. The talks"
         " ended with the minister of the interior."),
        ("fr", "Le gouvernement de la France", "Le gouvernement de la France et la Regierung allemande."),
        (None, "Regierung", "Die Regierung Deutschlands in der Regierung der der Welt."),
    ]
    return [Article(title=title, lead=text.split(". ")[0], text=text, language=lang, section="Politik",
                    url=f"https://phrases.example.org/{i}.html", published=f"2024-05-{10 + i:02d}T08:00:00+00:00",
                    content_hash=f"phrase-{i}")
            for i, (lang, title, text) in enumerate(texts)]


@pytest.mark.parametrize("query", QUERIES + PHRASES)
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


# ---------------------------------------------------------------- pair terms for phrases of common words

def _spy_phrases(monkeypatch, terms: list | None = None) -> list[str]:
    """Record the fields tantivy phrase queries are built on (positional walks vs pair terms), and in
    ``terms`` the fields of term queries."""
    from types import SimpleNamespace

    from lagebild.archive.fulltext import tantivy_query

    real, fields = tantivy_query.Query, []

    def phrase_query(schema, field, words, *rest):
        fields.append(field)
        return real.phrase_query(schema, field, words, *rest)

    def term_query(schema, field, value, *rest):
        if terms is not None:
            terms.append(field)
        return real.term_query(schema, field, value, *rest)

    spy = SimpleNamespace(**{n: getattr(real, n) for n in dir(real) if not n.startswith("_")})
    spy.phrase_query, spy.term_query = phrase_query, term_query
    monkeypatch.setattr(tantivy_query, "Query", spy)
    return fields


def test_common_word_phrases_are_answered_from_pair_terms(pair, monkeypatch):
    terms: list[str] = []
    fields = _spy_phrases(monkeypatch, terms)
    for query in ('"die Regierung"', '"the governments"', '"Regierung der"', 'title:"die Regierung"'):
        terms.clear()
        assert pair["tantivy"].ids(query) and fields == [], (query, fields)  # one pair term per variant and field
        assert terms and all(f.endswith("_pairs") for f in terms), (query, terms)
    for query in ('"von der Regierung Deutschlands in"', '"nach der Wahl ist vor der Wahl"'):
        fields.clear(), terms.clear()
        # positions decide, in the documents that hold the phrase's pair terms
        assert pair["tantivy"].ids(query) and fields and not any(f.endswith("_pairs") for f in fields), (query, fields)
        assert terms and all(f.endswith("_pairs") for f in terms), (query, terms)
    fields.clear(), terms.clear()
    assert pair["tantivy"].ids('"Regierung Deutschlands"') and "text" in fields  # no common word: positions
    assert not any(f.endswith("_pairs") for f in terms)


def test_pair_terms_of_a_field_and_a_phrase():
    from lagebild.archive.fulltext.bigrams import pair_text, pairs_in

    common = frozenset({"der", "in", "the"})
    assert pairs_in(["der", "regier"], common) == ["der_regier"]
    assert pairs_in(["von", "der", "regier", "deutschland", "in"], common) == ["von_der", "der_regier", "deutschland_in"]
    assert pairs_in(["der", "x", "der", "x"], common) == ["der_x", "x_der"]  # each once
    assert pairs_in(["regier", "deutschland"], common) == []
    assert pairs_in(["der"], common) == [] and pairs_in(["der", "x"], frozenset()) == []
    assert pair_text("a der b c in", common) == "a_der der_b c_in"  # b_c holds no common token: not indexed
    # whatever holds a sequence holds its pair terms: a phrase's pairs are among its text's
    text = "von der regier deutschland in der welt"
    assert set(pairs_in(text.split()[:5], common)) <= set(pair_text(text, common).split())


def test_an_index_built_without_pair_terms_answers_by_positions_until_reindexed(tmp_path, monkeypatch):
    from lagebild.archive.fulltext import bigrams
    from lagebild.archive.fulltext.tantivy_index import POSITIONAL_VERSION, SCHEMA_VERSION

    articles = list(make_articles(40, words=60)) + _phrase_articles()
    queries = [q for q in PHRASES if "Regierung" in q or "the" in q] + ['"die Regierung"']
    with Archive(tmp_path / "fts5.db", index="fts5") as ar:
        ar.ingest(articles)
        expected = {q: sorted(ar.ids(q)) for q in queries}

    def version(ar):
        return ar.conn.execute("SELECT value FROM archive_meta WHERE key = 'tantivy_schema'").fetchone()[0]

    path = tmp_path / "old.db"
    monkeypatch.setattr(bigrams, "common_tokens", lambda: None)  # the index as built before pair terms
    with Archive(path, index="tantivy") as ar:
        ar.ingest(articles[:30])
    monkeypatch.undo()
    with Archive(path) as ar:
        assert version(ar) == POSITIONAL_VERSION and ar.index.common is None
        ar.ingest(articles[30:])  # new documents follow the index's own schema
        assert {q: sorted(ar.ids(q)) for q in queries} == expected
    with Archive(path, readonly=True) as ro:
        assert ro.index.common is None and {q: sorted(ro.ids(q)) for q in queries} == expected
        fields = _spy_phrases(monkeypatch)
        ro.ids('"die Regierung"')
        assert fields and not any(f.endswith("_pairs") for f in fields)
        monkeypatch.undo()
    reader = Archive(path, readonly=True)  # open across the upgrade: follows it
    assert reader.count('"die Regierung"') == len(expected['"die Regierung"'])
    with Archive(path) as ar:
        assert ar.reindex() == len(articles)
        assert version(ar) == SCHEMA_VERSION and ar.index.common == bigrams.common_tokens()
    assert {q: sorted(reader.ids(q)) for q in queries} == expected and reader.index.common == bigrams.common_tokens()
    reader.close()
    with Archive(path, readonly=True) as ro:
        assert ro.index.common == bigrams.common_tokens()
        assert {q: sorted(ro.ids(q)) for q in queries} == expected
        fields = _spy_phrases(monkeypatch)
        assert ro.ids('"die Regierung"') and fields == []


def _background_ingest(ar, articles, monkeypatch):
    """An ingest whose syncs commit tantivy on a thread (fulltext/committing.py) after every batch of 20."""
    from lagebild.archive import batch
    from lagebild.archive.fulltext import tantivy_index

    monkeypatch.setattr(tantivy_index, "_SYNC_EVERY", 10)
    monkeypatch.setattr(tantivy_index, "BULK_ROWS", 10)  # batches of 20 commit on the thread
    ar.index._deferred += 1  # as inside Archive.ingest, without its final sync
    try:
        return batch.ingest(ar, articles, batch_size=20, batch_seconds=60)
    finally:
        ar.index._deferred -= 1


class _Writer:
    """tantivy's writer, whose commit number ``n`` fails (or never happens: the process died first)."""

    def __init__(self, writer, n: int, fail: bool):
        self.writer, self.n, self.fail, self.commits = writer, n, fail, 0

    def __getattr__(self, name):
        return getattr(self.writer, name)

    def commit(self):
        self.commits += 1
        if self.commits == self.n:
            if self.fail:
                raise OSError("disk full")
            return 0
        return self.writer.commit()


def _with_writer(monkeypatch, n: int, fail: bool) -> list:
    from lagebild.archive.fulltext.tantivy_index import TantivyIndex

    made, new_writer = [], TantivyIndex._new_writer
    monkeypatch.setattr(TantivyIndex, "_new_writer", lambda self: made.append(_Writer(new_writer(self), n, fail))
                        or made[-1])
    return made


def test_a_crash_with_a_commit_in_flight_loses_and_doubles_nothing(tmp_path, monkeypatch):
    path = tmp_path / "a.db"
    ar = Archive(path, index="tantivy")
    made = _with_writer(monkeypatch, 5, fail=False)  # the 5th and last commit never happens
    report = _background_ingest(ar, list(make_articles(95, words=30)), monkeypatch)
    assert ar.index._committing.active and made[0].commits == 5  # the last sync's commit is in flight ...
    ar.conn.close()  # ... when the process dies: its outbox rows are still queued
    ar.index._release()  # (what dying does to tantivy's lock)
    monkeypatch.undo()
    with Archive(path) as ar:
        assert outbox.pending(ar.conn) == 0
        assert ar.count() == report.stored == ar.index.num_docs(ar.conn) == 95
        assert ar.count("entity:Cavusoglu") == len(ar.ids("entity:Cavusoglu")) > 0


def test_a_commit_that_fails_on_its_thread_keeps_its_rows(tmp_path, monkeypatch):
    path = tmp_path / "a.db"
    ar = Archive(path, index="tantivy")
    _with_writer(monkeypatch, 2, fail=True)
    with pytest.raises(OSError, match="disk full"):  # raised where the writer waits for it
        _background_ingest(ar, list(make_articles(95, words=30)), monkeypatch)
    stored = ar.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert outbox.pending(ar.conn) > 0
    ar.close()
    monkeypatch.undo()
    with Archive(path) as ar:
        assert outbox.pending(ar.conn) == 0
        assert ar.count() == stored == ar.index.num_docs(ar.conn) >= 40
