"""``lagebild merge`` into SQLite takes the full-text index terms the batch workers wrote in the
shards (archive/fulltext/given.py), for FTS5 (its ``article_terms``) and for tantivy (the tokens
derived from them): nothing is computed again, and the index holds exactly what computing them
would have given — with terms of other term code the merge computes them itself, and terms that
are not the article's would show."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from batchkit import fast_settings, other_term_code, rewrite_shards, worker_shards, wrong_terms

from lagebild import batch
from lagebild.api import open_archive
from lagebild.archive import ahead
from lagebild.archive.fulltext import available, fts5, tantivy_index, terms
from lagebild.archive.fulltext.given import GivenTerms, tokens
from lagebild.archive.store import term_columns
from lagebild.model import Article

INDEXES = ["fts5", *(["tantivy"] if "tantivy" in available() else [])]
QUERIES = ("Stadtrat", "Haushalt", '"den Haushalt"', '"für das kommende Jahr"', "Brücke OR Radwegenetzes",
           "title:Landesregierung", "beschloss -Opposition", "ganz")


def _merge_counting(out: Path, db: Path, index: str, monkeypatch) -> tuple[int, list, list]:
    """Merge ``out`` into a new archive ``db``: stored, the texts whose terms were computed, the
    batches handed to the helper process."""
    computed, handed = [], []
    real_columns, real_tokens, real_submit = fts5.term_columns, tantivy_index.token_text, ahead.Ahead.submit

    def columns(*args):
        computed.append(args[2])
        return real_columns(*args)

    def token_text(text, lang):
        computed.append(text)
        return real_tokens(text, lang)

    def submit(self, batch, *args):
        handed.append(len(batch))
        return real_submit(self, batch, *args)

    monkeypatch.setattr(fts5, "term_columns", columns)
    monkeypatch.setattr(tantivy_index, "token_text", token_text)
    monkeypatch.setattr(ahead.Ahead, "submit", submit)
    monkeypatch.setattr(ahead, "MIN_BATCH", 2)  # the helper takes batches this small
    settings = fast_settings()
    settings.archive.index = index
    with open_archive(db, settings=settings) as archive:
        report = batch.merge(archive, out, settings)
        assert archive.index.name == index and not archive.index.given  # all spent
    monkeypatch.undo()
    return report.ingest.stored, computed, handed


def _index(db: Path) -> dict:
    """What the index answers: hits in order with their scores, per query, and FTS5's stored terms."""
    with open_archive(db, readonly=True) as archive:
        out = {q: [(h.id, round(h.score or 0.0, 6)) for h in archive.search(q, limit=50)] for q in QUERIES}
        if archive.index.name == "fts5":
            out["terms"] = archive.conn.execute("SELECT * FROM article_terms ORDER BY id").fetchall()
    return out


@pytest.mark.parametrize("index", INDEXES)
def test_merge_takes_the_workers_terms_and_indexes_what_it_would_compute(tmp_path, monkeypatch, index):
    out = worker_shards(tmp_path)
    stored, computed, handed = _merge_counting(out, tmp_path / "given.db", index, monkeypatch)
    assert stored == 8 and computed == []  # nothing computed again ...
    assert handed == ([] if index == "tantivy" else [8])  # ... nor handed to the helper for it (FTS5: packing only)

    other = tmp_path / "other"  # terms from other term code (another textnorm): computed again
    shutil.copytree(out, other)
    rewrite_shards(other, other_term_code)
    stored, computed, handed = _merge_counting(other, tmp_path / "other.db", index, monkeypatch)
    assert stored == 8 and handed == [8]
    assert index == "tantivy" or len(computed) == 8  # tantivy: the helper or the writer, whichever comes first

    wrong = tmp_path / "wrong"  # terms that are not the article's: they would be indexed as given
    shutil.copytree(out, wrong)
    rewrite_shards(wrong, wrong_terms)
    _merge_counting(wrong, tmp_path / "wrong.db", index, monkeypatch)

    given = _index(tmp_path / "given.db")
    assert given == _index(tmp_path / "other.db")
    assert all(given[q] for q in QUERIES[:6]) and not given["ganz"]
    assert _index(tmp_path / "wrong.db") != given  # the comparison can tell given terms from computed ones


def test_tokens_from_given_terms_are_the_index_tokens():
    texts = [("Die Ost-West-Verbindung", "U.S.-Präsident trifft Çavuşoğlu", "Rock'n'Roll, 2024; Straße_Nord "
              "l'État — kooperierten\tund\nevakuierten Häuser", "de"),
             ("", "", "", None), ("The studies were running", "x", "It's a well-known fact: a_b c__d", "en"),
             ("Κυβέρνηση και Μόσχα", "北京 会谈", "İstanbul’s mayor", "tr")]
    for title, lead, text, lang in texts:
        assert tokens(term_columns(title, lead, text, lang)) == tuple(terms.token_text(x, lang) for x in (title, lead, text))


def test_given_terms_are_taken_only_for_the_texts_they_were_made_of(tmp_path):
    import dataclasses

    a = Article(url="https://zeitung.example/a.html", title="Der Stadtrat tagte", lead="Kurz gefasst.",
                text="Die Räte beschlossen den Haushalt.", language="de")
    changed = dataclasses.replace(a, url="https://zeitung.example/b.html", text="Die Räte verschoben den Haushalt.")
    settings = fast_settings()
    settings.archive.index = "fts5"
    with open_archive(tmp_path / "a.db", settings=settings) as archive:
        archive.index.given_terms(a, ("titel", "lead", "gegeben"))
        archive.index.given_terms(changed, term_columns(a.title, a.lead, a.text, a.language))  # under its own texts ...
        changed.text = "Die Räte vertagten sich."  # ... which then change: not taken
        assert archive.ingest([a, changed], batch_size=100, batch_seconds=60).stored == 2
        assert list(archive.index.given) == [(a.title, a.lead, "Die Räte verschoben den Haushalt.", "de")]  # under
        # texts no item has now: left for the merge's end (drop_given_terms); the rest is spent
        rows = {r[0]: r[1:] for r in archive.conn.execute(
            "SELECT a.url, t.title, t.lead, t.text FROM articles a JOIN article_terms t ON t.id = a.id")}
    assert rows[a.url] == ("titel", "lead", "gegeben")
    assert rows[changed.url] == term_columns(changed.title, changed.lead, changed.text, "de")


def test_a_batch_spends_what_it_was_given_stored_or_not():
    given = GivenTerms()
    a = Article(url="https://zeitung.example/a.html", title="T", text="Text")
    given.give(a, ("t", "", "text"))
    given.spend([a])
    assert not given and given.take(("T", "", "Text", None)) is None
