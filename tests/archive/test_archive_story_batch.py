"""Linking a batch at once (stories.link_many, what ingest and merge run) writes exactly what linking
the same articles one by one (stories.link) writes: same stories, near-duplicates, keys and counts."""

from __future__ import annotations

import dataclasses
import itertools

import pytest

import lagebild
from archive_gen import make_articles
from lagebild import stories
from lagebild.archive import Archive
from lagebild.settings import Settings

TABLES = {
    "story_articles": "SELECT * FROM story_articles ORDER BY article_id",
    "stories": "SELECT * FROM stories ORDER BY id",
    "story_keys": "SELECT key, story_id, last_seen FROM story_keys ORDER BY key, story_id",
    "story_df": "SELECT term, df FROM story_df ORDER BY term",
    "dup_bands": "SELECT key, article_id FROM dup_bands ORDER BY key, article_id",
    "story_meta": "SELECT key, value FROM story_meta ORDER BY key",
    "articles": "SELECT id, duplicate_of, story_id FROM articles ORDER BY id",
}
_names = itertools.count(1)


def corpus() -> list:
    """Generated articles with exact copies, edited copies (near-duplicates), rewrites that should
    join a story, and undated ones (the stream's clock), in a mixed order."""
    base = list(make_articles(70, seed=3, words=120))
    out = []
    for i, a in enumerate(base):
        out.append(a)
        if i % 7 == 0:  # the same text again under another URL
            out.append(dataclasses.replace(a, url=a.url + "?copy", content_hash=a.content_hash + "-copy"))
        if i % 5 == 0:  # an edited copy: a paragraph dropped
            text = "\n\n".join(a.text.split("\n\n")[1:])
            out.append(dataclasses.replace(a, url=a.url + "?edit", content_hash=a.content_hash + "-edit", text=text,
                                           title=a.title + " (update)"))
        if i % 6 == 0:  # a rewrite: another headline and the paragraphs in another order
            paras = a.text.split("\n\n")
            out.append(dataclasses.replace(a, url=a.url + "?rewrite", content_hash=a.content_hash + "-rw",
                                           title="Neu: " + a.title, text="\n\n".join(paras[::-1])))
        if i % 11 == 0:
            out.append(dataclasses.replace(a, url=a.url + "?undated", content_hash=a.content_hash + "-u",
                                           published=None, text=a.text + " Nachtrag."))
    return out


def dump(archive) -> dict:
    return {name: [tuple(r) for r in archive.conn.execute(sql).fetchall()] for name, sql in TABLES.items()}


@pytest.fixture(params=["sqlite", "postgresql"])
def two_archives(tmp_path, request):
    if request.param == "sqlite":
        with Archive(tmp_path / "a.db") as one, Archive(tmp_path / "b.db") as two:
            yield one, two
        return
    from lagebild.archive.pg import PgArchive

    pg = request.getfixturevalue("pg")
    import psycopg

    names = [f"sb{next(_names)}" for _ in range(2)]
    with psycopg.connect(pg.url(), autocommit=True) as conn:
        for name in names:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE lb_template')
    try:
        with PgArchive(pg.url(names[0])) as one, PgArchive(pg.url(names[1])) as two:
            yield one, two
    finally:
        for name in names:
            pg.drop_database(name)


def test_batch_linking_equals_one_by_one(two_archives):
    one, two = two_archives
    settings = Settings()
    settings.stories.embedder = "off"  # lexical linking: no model in the test
    for article in corpus():  # the reference: each stored and linked alone, in order
        aid, status = one.add(article)
        if status == "stored":
            stories.link(one.story_store, article, settings.stories)
    report = lagebild.ingest(two, corpus(), settings)  # batches of up to 50, linked at once
    assert report.stored == len(dump(one)["articles"]) and not report.link_failures
    first, second = dump(one), dump(two)
    assert len({r[1] for r in first["story_articles"]}) < len(first["story_articles"])  # stories formed
    assert any(r[2] is not None for r in first["story_articles"])  # and near-duplicates were found
    for name in TABLES:
        assert second[name] == first[name], name


def test_a_batch_that_fails_writes_nothing_and_is_linked_one_by_one(tmp_path, monkeypatch):
    settings = Settings()
    settings.stories.embedder = "off"
    with Archive(tmp_path / "a.db") as archive:
        store = archive.story_store

        def broken(self, changes):
            raise RuntimeError("disk full")

        monkeypatch.setattr(type(store), "write_batch", broken)
        report = lagebild.ingest(archive, corpus()[:20], settings)
        assert report.stored == 20 and not report.link_failures  # linked one by one instead
        assert archive.conn.execute("SELECT count(*) FROM story_articles").fetchone()[0] == 20
        assert not archive.unlinked()


def test_fresh_terms_are_exactly_those_the_store_lacked(two_archives, monkeypatch):
    """The terms a batch marks fresh (PostgreSQL copies them in without looking for a row) are the ones
    story_df held no row for: a term an earlier batch stored is counted up, never copied in again (a
    COPY of it fails, and the batch would be linked one by one: slower, so no table would show it)."""
    _, archive = two_archives
    settings = Settings()
    settings.stories.embedder = "off"
    kind = type(archive.story_store)
    write_batch = kind.write_batch
    seen, failed = [], []

    def recording(self, changes):
        held = {t for (t,) in self.conn.execute("SELECT term FROM story_df")}
        seen.append((set(changes.fresh), set(changes.counts), held))
        try:
            write_batch(self, changes)
        except Exception as exc:
            failed.append(exc)
            raise

    monkeypatch.setattr(kind, "write_batch", recording)
    from lagebild._ingest import Ingest

    with Ingest(archive, settings) as run:
        run.feed(corpus(), batch_size=40)  # several batches, whatever the clock says
    report = run.report
    assert report.stored > 80 and not report.link_failures and not failed
    assert len(seen) >= 2
    for fresh, counted, held in seen:
        assert fresh == counted - held
    assert all(fresh for fresh, _, _ in seen) and any(counted & held for _, counted, held in seen[1:])
