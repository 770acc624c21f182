"""A bulk ingest's helper process (archive/ahead.py): the same archive with it as without it, and the
same when it fails or when a row changes before the index reads it."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from lagebild.archive import Archive, ahead, store
from lagebild.archive.fulltext import available
from lagebild.archive.fulltext.tantivy_index import documents
from lagebild.archive.fulltext.terms import token_text
from lagebild.query import parse

from archive_gen import make_articles

QUERIES = ["Regierung", '"die Regierung"', "government Minister", "entity:Cavusoglu", "Regier*", "lang:en Polizei",
           "title:Streik", "Zinsen -Inflation"]
TABLES = {"articles": "id, url, title, lead, body, text, language, published_utc, section, source, content_hash",
          "mentions": "article_id, start, text, text_folded, entity_id", "article_entities": "article_id, entity_id, mentions",
          "entity_aliases": "entity_id, alias", "entity_names": "entity_id, language, name"}


def _contents(ar: Archive) -> dict:
    found = {t: ar.conn.execute(f"SELECT {cols} FROM {t} ORDER BY {cols}").fetchall() for t, cols in TABLES.items()}
    for q in QUERIES:
        # every match with its score (the order of equal scores may follow how the index was committed)
        scores = {aid: round(score, 6) for aid, score in ar.index.search(ar.conn, parse(q), None, limit=None)}
        found[q] = (scores, ar.count(q), ar.facets(q))
    return found


def _build(path, articles, index: str) -> dict:
    with Archive(path, index=index) as ar:
        report = ar.ingest(articles, batch_size=100, batch_seconds=60)
        assert report.stored == len(articles)
        return _contents(ar)


@pytest.fixture
def articles():
    return list(make_articles(240, words=80))


@pytest.mark.parametrize("index", available())
def test_same_archive_with_the_helper(tmp_path, monkeypatch, articles, index):
    without = _build(tmp_path / "without.db", articles, index)
    used = []
    real = ahead.Prepared.get
    monkeypatch.setattr(ahead, "MIN_BATCH", 20)

    def waiting(self, i):  # as if the writer were slower than the helper (the helper takes ~1 s to start)
        if i in self._where:
            self._where[i][0].exception(timeout=60)
        used.append(r := real(self, i))
        return r

    monkeypatch.setattr(ahead.Prepared, "get", waiting)
    with_helper = _build(tmp_path / "with.db", articles, index)
    assert with_helper == without
    assert any(r is not None for r in used)  # the helper's results were taken, not only the writer's own
    if index == "tantivy":  # the pair texts of phrases of common words came from the helper too
        assert any(r is not None and len(r) == 7 for r in used)


def test_same_archive_when_the_helper_dies(tmp_path, monkeypatch, articles):
    without = _build(tmp_path / "without.db", articles, "fts5")
    popen, started = subprocess.Popen, []

    def dying(cmd, **kw):  # a helper that exits at once: nothing comes back
        started.append(cmd)
        return popen([sys.executable, "-c", "import sys; sys.exit(3)"], **kw)

    monkeypatch.setattr(ahead, "MIN_BATCH", 20)
    monkeypatch.setattr(ahead.subprocess, "Popen", dying)
    assert _build(tmp_path / "with.db", articles, "fts5") == without
    assert started  # the helper was started (and died), not skipped


def test_serve_answers_in_order_and_survives_bad_input():
    inp, out = io.BytesIO(), io.BytesIO()
    ahead._send(inp, (1, [("Die Regierung", "", "Die Regierung kooperierte.", "de")], True))
    ahead._send(inp, (2, [(None, None, None, None)], True))  # not text: no answer but None
    inp.seek(0)
    ahead.serve(inp, out)
    out.seek(0)
    first, second = ahead._receive(out), ahead._receive(out)
    assert first == (1, [(store.pack_text("Die Regierung kooperierte."), token_text("Die Regierung", "de"), "",
                          token_text("Die Regierung kooperierte.", "de"))])
    assert second == (2, None)
    assert ahead._receive(out) is None


def test_serve_computes_pair_texts_with_the_list_sent_once():
    from lagebild.archive.fulltext.bigrams import pair_text

    common = frozenset(token_text("die", "de").split())  # its index token(s)
    row = ("Die Regierung", "", "Die Regierung kooperierte.", "de")
    inp, out = io.BytesIO(), io.BytesIO()
    ahead._send(inp, (1, [row], True, common))
    ahead._send(inp, (2, [row], True, None))  # None: the list sent before
    inp.seek(0)
    ahead.serve(inp, out)
    out.seek(0)
    terms = [token_text(v, "de") for v in row[:3]]
    expected = [(store.pack_text(row[2]), *terms, *(pair_text(t, common) for t in terms))]
    assert ahead._receive(out) == (1, expected) and ahead._receive(out) == (2, expected)
    assert expected[0][4] != "." and "_" in expected[0][4]  # the title's one pair holds a common token


@pytest.mark.skipif("tantivy" not in available(), reason="tantivy is not installed")
def test_terms_computed_ahead_are_used_only_for_their_row(tmp_path, articles):
    with Archive(tmp_path / "a.db", index="tantivy") as ar:
        ar.ingest(articles[:2])
        rows = ar.conn.execute("SELECT id, title, lead, text, language FROM articles ORDER BY id").fetchall()
        plain = [d.to_dict() for d in documents(ar.conn, [1, 2])]
        ready = {1: (tuple(rows[0][1:]), ("wrong", "wrong", "wrong"), None),  # the row it was computed from: used
                 2: (("another title", *rows[1][2:]), ("wrong", "wrong", "wrong"), None)}  # another row: not used
        docs = [d.to_dict() for d in documents(ar.conn, [1, 2], ready=ready)]
        assert docs[0]["title"] == ["wrong"] and docs[0]["text"] == ["wrong"]
        assert docs[1] == plain[1]
        assert not ready  # taken out
        # pair texts computed ahead are used only for the list they were computed with
        six = ("t", "l", "x", "pt", "pl", "px")
        mine, other = ar.index.common, frozenset({"x"})
        ready = {1: (tuple(rows[0][1:]), six, mine), 2: (tuple(rows[1][1:]), six, other)}
        docs = [d.to_dict() for d in documents(ar.conn, [1, 2], mine, ready=ready)]
        assert docs[0]["title_pairs"] == ["pt"] and docs[0]["text_pairs"] == ["px"]
        assert docs[1]["title"] == ["t"] and docs[1]["title_pairs"] != ["pt"]


def test_large_batches_are_stored_a_batch_behind_in_order(tmp_path, monkeypatch, articles):
    """The helper works a batch ahead: a large batch is committed once the next one is handed over,
    in order, and the last one (and one before a producer error) is still stored."""
    monkeypatch.setattr(ahead, "MIN_BATCH", 20)
    handed: list[int] = []
    real_submit = ahead.Ahead.submit

    def submit(self, batch, *rest):
        handed.append(len(batch))
        return real_submit(self, batch, *rest)

    monkeypatch.setattr(ahead.Ahead, "submit", submit)
    commits: list[list[int]] = []

    def items():
        yield from articles[:130]
        raise RuntimeError("reader gone")

    with Archive(tmp_path / "a.db", index="fts5") as ar:
        with pytest.raises(RuntimeError, match="reader gone"):
            ar.ingest(items(), batch_size=50, batch_seconds=60, on_commit=lambda ids, _batch: commits.append(
                (ids, len(handed))))
        assert ar.count() == 130
    assert [ids for ids, _ in commits] == [list(range(1, 51)), list(range(51, 101)), list(range(101, 131))]
    # the first batch was committed only after the second had been handed to the helper
    assert commits[0][1] >= 2 and handed[:2] == [50, 50]


def test_pair_texts_computed_for_another_list_are_not_used(tmp_path, monkeypatch, articles):
    """Between hand-over and store the index's pair-term list may change (a reindex by another writer):
    the texts computed with the old list go to the index marked as such, and the index computes its own."""
    if "tantivy" not in available():
        pytest.skip("tantivy is not installed")
    phrases = ['"die Regierung"', '"the government"', '"der Minister"']
    with Archive(tmp_path / "without.db", index="tantivy") as ar:
        ar.ingest(articles[:60], batch_size=30, batch_seconds=60)
        expected = {q: ar.count(q) for q in phrases}
    monkeypatch.setattr(ahead, "MIN_BATCH", 20)
    real_submit, real_get, seen = ahead.Ahead.submit, ahead.Prepared.get, []
    stale = frozenset({"die", "the"})  # another list: its pair texts would miss "der Minister"

    def submit(self, batch, terms, common=None):  # as if the index's list had been another at hand-over
        return real_submit(self, batch, terms, stale)

    def get(self, i):  # wait for the helper, so that its texts are offered for every article
        if i in self._where:
            self._where[i][0].exception(timeout=60)
        seen.append(r := real_get(self, i))
        return r

    monkeypatch.setattr(ahead.Ahead, "submit", submit)
    monkeypatch.setattr(ahead.Prepared, "get", get)
    with Archive(tmp_path / "with.db", index="tantivy") as ar:
        ar.ingest(articles[:60], batch_size=30, batch_seconds=60)
        found = {q: ar.count(q) for q in phrases}
    assert any(r is not None and len(r) == 7 for r in seen)  # stale pair texts were offered
    assert found == expected and found['"der Minister"'] > 0
