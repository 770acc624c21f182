"""Storing articles: idempotency, reading back whole, ingest counts and failures."""

from __future__ import annotations

import dataclasses

import pytest

from lagebild.archive import Archive
from lagebild.errors import ArchiveError
from lagebild.model import Article, Failure, to_dict

from archive_corpus import corpus, make


def test_add_is_idempotent_by_canonical_url_and_by_content_hash(archive):
    a = make("Titel", "Ein Text.", canonical_url="https://example.com/a", content_hash="x1")
    assert archive.add(a) == (1, "stored")
    assert archive.add(dataclasses.replace(a, content_hash="other")) == (1, "duplicate")
    same_text = dataclasses.replace(a, canonical_url="https://example.com/b", url="https://example.com/b")
    assert archive.add(same_text) == (1, "duplicate")
    assert archive.add(make("Anders", "Anderer Text.", content_hash="x2")) == (2, "stored")
    assert archive.count() == 2


def test_add_without_content_hash_still_deduplicates(archive):
    a = make("T", "Gleicher Text.", url=None, content_hash="")
    assert archive.add(a)[1] == "stored"
    assert archive.add(make("T", "Gleicher Text.", url=None, content_hash="")) == (1, "duplicate")


def test_get_returns_the_article_whole(archive):
    original = corpus()[0]
    aid, _ = archive.add(dataclasses.replace(original))
    back = archive.get(aid)
    expected = to_dict(original) | {"id": aid}
    got = to_dict(back)
    assert got.pop("entities")[1]["aliases"] == ["Cavusoglu", "Mevlut Cavusoglu"]
    expected.pop("entities")
    assert got == expected


def test_body_that_differs_from_text_survives(archive):
    a = make("T", "Lead.\n\nEins.")
    a.body = ["Eins.", "Zusatz, nicht im Text."]
    aid, _ = archive.add(a)
    assert archive.get(aid).body == ["Eins.", "Zusatz, nicht im Text."]


def test_get_missing_raises(archive):
    with pytest.raises(ArchiveError, match="no article with id 99"):
        archive.get(99)


def test_entity_aliases_accumulate_across_articles(filled):
    entity = filled.entity("PER:mevlut-cavusoglu")["entity"]
    assert set(entity["aliases"]) == {"Cavusoglu", "Mevlut Cavusoglu", "Çavuşoğlu"}


def test_ingest_counts_and_records_failures(archive):
    arts = corpus()
    items = [arts[0], Failure("bad.html", "no article text"), arts[1], dataclasses.replace(arts[0])]
    seen = []
    report = archive.ingest(items, progress=seen.append)
    assert (report.stored, report.duplicate, report.failed) == (2, 1, 1)
    assert report.failures == [("bad.html", "no article text")]
    assert report.ids == [1, 2] and report.total == 4
    assert seen == items
    assert archive.stats()["failures"] == 1


def test_ingest_turns_an_unstorable_article_into_a_failure(archive):
    broken = make("Kaputt", "Text.")
    broken.mentions = [object()]  # not a Mention
    report = archive.ingest([broken, make("Gut", "Guter Text.")])
    assert report.stored == 1 and report.failed == 1
    assert report.failures[0][1].startswith("could not store")
    assert archive.count() == 1


def test_batches_commit_on_size(archive):
    commits = []
    archive.ingest((make(f"T{i}", f"Text {i}.") for i in range(7)), on_commit=lambda ids, _items: commits.append(ids), batch_size=3)
    assert commits == [[1, 2, 3], [4, 5, 6], [7]]


def test_readonly_archive_refuses_to_write(tmp_path):
    Archive(tmp_path / "a.db").close()
    with Archive(tmp_path / "a.db", readonly=True) as ro:
        with pytest.raises(ArchiveError, match="read-only"):
            ro.add(make("T", "Text."))
        assert ro.search("") == []


def test_reindex_repairs_stale_terms(fts5_archive):
    filled = fts5_archive
    for art in corpus():
        filled.add(art)
    filled.conn.execute("UPDATE article_terms SET text = 'veraltet' WHERE id = 3")
    assert filled.count("Keller") == 0 and filled.count("veraltet") == 1
    assert filled.reindex(batch_size=2) == 1
    assert filled.count("Keller") == 1 and filled.count("veraltet") == 0
    assert filled.reindex() == 0


def test_opening_for_writing_reindexes_when_textnorm_changed(tmp_path, monkeypatch):
    from lagebild.archive import store

    path = tmp_path / "a.db"
    with Archive(path, index="fts5") as ar:
        ar.add(make("Hochwasser", "Keller wurden evakuiert."))
        ar.conn.execute("UPDATE article_terms SET lead = 'alt', text = 'alt'")
        ar.conn.execute("UPDATE archive_meta SET value = 'older' WHERE key != 'fulltext'")
    with Archive(path, readonly=True) as ro:  # readers never write
        assert ro.count("Keller") == 0
    with Archive(path) as ar:
        assert ar.count("Keller") == 1
        meta = dict(ar.conn.execute("SELECT key, value FROM archive_meta WHERE key != 'fulltext'"))
        assert meta == {"terms_signature": store.terms_signature(), "textnorm_fingerprint": store.textnorm_fingerprint()}


def test_reindex_right_after_the_upgrade_open_does_not_rebuild_twice(tmp_path, monkeypatch):
    """`lagebild reindex` after an upgrade: the open already rebuilt (textnorm changed), the command
    reports that and does not pay for a second pass; a later reindex rebuilds again."""
    path = tmp_path / "a.db"
    with Archive(path) as ar:
        ar.add(make("Hochwasser", "Keller wurden evakuiert."))
        ar.conn.execute("UPDATE archive_meta SET value = 'older' WHERE key IN ('terms_signature', 'textnorm_fingerprint')")
    rebuilds = []
    real = type(Archive(":memory:").index).rebuild
    monkeypatch.setattr(type(Archive(":memory:").index), "rebuild",
                        lambda self, archive, **kw: rebuilds.append(1) or real(self, archive, **kw))
    with Archive(path) as ar:
        assert len(rebuilds) == 1
        assert ar.reindex() == 1 and len(rebuilds) == 1  # the open's pass, reported
        assert ar.reindex() == 1 and len(rebuilds) == 2  # asked again: rebuilt
        assert ar.count("Keller") == 1


def test_a_textnorm_edit_that_changes_no_term_costs_no_reindex(tmp_path, monkeypatch):
    from lagebild.archive import store

    path = tmp_path / "a.db"
    with Archive(path) as ar:
        ar.add(make("Hochwasser", "Keller wurden evakuiert."))
        ar.conn.execute("UPDATE archive_meta SET value = 'older' WHERE key = 'textnorm_fingerprint'")
    monkeypatch.setattr(Archive, "reindex", lambda self: pytest.fail("reindexed"))
    with Archive(path) as ar:
        assert ar.conn.execute("SELECT value FROM archive_meta WHERE key = 'textnorm_fingerprint'").fetchone()[0] \
            == store.textnorm_fingerprint()


def test_ingest_keeps_what_came_before_a_producer_error(archive):
    def items():
        yield make("Eins", "Erster Text.")
        yield make("Zwei", "Zweiter Text.")
        raise RuntimeError("model missing")

    with pytest.raises(RuntimeError, match="model missing"):
        archive.ingest(items())
    assert archive.count() == 2


def test_triggers_keep_the_index_in_sync_when_an_article_is_deleted(filled):
    assert filled.count("Hochwasser") == 1
    with filled.transaction() as conn:
        conn.execute("DELETE FROM articles WHERE id = 3")
    assert filled.count("Hochwasser") == 0 and filled.count() == 4
    if type(filled).__name__ != "PgArchive":  # FTS5's own consistency check (the table is there with tantivy too)
        filled.conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
        assert filled.count("Hochwasser") == 0
    assert filled.conn.execute("SELECT count(*) FROM mentions WHERE article_id = 3").fetchone()[0] == 0


def test_ingest_turns_something_that_is_no_article_into_a_failure(archive):
    report = archive.ingest(["not an article", make("Gut", "Guter Text.")])
    assert report.stored == 1 and report.failed == 1
    assert report.failures[0][0] == "<str>"


def test_ingest_skips_pages_that_are_not_articles(archive):
    from lagebild.model import Origin

    front = Article(title="Startseite", page_type="other", origin=Origin(path="front.html"))
    report = archive.ingest([front, make("Gut", "Guter Text.")])
    assert (report.stored, report.skipped, report.failed) == (1, 1, 0)
    assert report.skipped_pages == ["front.html"]
    assert archive.count() == 1
