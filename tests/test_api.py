"""The Python API: one public surface, one store path (ingest and store link stories and record the run)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

import lagebild
from lagebild.errors import ArchiveError, InputError
from lagebild.model import Article, Failure, Origin

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
TEXT = "Politik\n\nEin Titel für den Test\n\n" + "Dies ist ein ganzer Satz über die Lage in der Stadt, der lang genug ist. " * 6


def test_the_public_surface_is_sorted_and_importable():
    assert lagebild.__all__ == sorted(lagebild.__all__)
    for name in lagebild.__all__:
        assert getattr(lagebild, name) is not None, name
    assert {"ingest", "store", "related", "process", "read", "extract_article", "Archive", "Settings"} <= set(
        lagebild.__all__)


def test_extract_is_the_stage_and_extract_article_the_function():
    import lagebild.extract as stage

    list(lagebild.process([]))
    assert stage is lagebild.extract and callable(stage.extract)
    assert callable(lagebild.extract_article)


def test_extract_article_accepts_text_and_bytes():
    article = lagebild.extract_article(TEXT)
    assert isinstance(article, Article) and article.text
    html = ("<html><body><article><h1>Harbour reopens</h1>" + "<p>The harbour authority said ships could enter "
            "again after engineers checked the quay walls and the lock gates.</p>" * 4 + "</article></body></html>").encode()
    assert lagebild.extract_article(html).title == "Harbour reopens"
    with pytest.raises(InputError, match="^<api>: "):
        lagebild.extract_article(lagebild.Page(content="", kind="text", origin=Origin(path="<api>")))


def test_ingest_reads_links_counts_and_records_the_run(tmp_path):
    settings = lagebild.Settings()
    settings.enrich.ner = "off"
    with lagebild.Archive(tmp_path / "a.db") as archive:
        report = lagebild.ingest(archive, [str(CORPUS), str(tmp_path / "missing.html")], settings)
        assert report.stored >= 8 and report.skipped == 1 and report.failed == 1
        assert report.component_failures == {} and report.link_failures == {}
        stories = lagebild.list_stories(archive)
        assert sum(len(s.article_ids) for s in stories) == report.stored  # every stored article is linked
        (run,) = archive.runs()
        assert run.command == "ingest" and run.finished and str(CORPUS) in run.inputs
        assert run.counts["stored"] == report.stored and lagebild.Settings.from_dict(run.settings) == settings
        again = lagebild.ingest(archive, lagebild.process([str(CORPUS)], settings), settings)
        assert again.stored == 0 and again.duplicate == report.stored and len(archive.runs()) == 2


def test_failures_are_counted_by_reason(tmp_path, monkeypatch, caplog):
    from lagebild import stories
    from lagebild.registry import registry

    comp = registry.components.get("topics")

    def broken(article, ctx):
        raise RuntimeError("bug")

    def unlinkable(store, article, settings=None):
        raise ValueError("no profile")

    monkeypatch.setitem(registry.components, "topics", type(comp)("topics", broken, comp.assigns, comp.requires))
    monkeypatch.setattr(stories, "link", unlinkable)
    # a committed batch is linked at once (link_many); when that fails, article by article (link)
    monkeypatch.setattr(stories, "link_many", lambda store, items, settings=None: unlinkable(store, None))
    settings = lagebild.Settings()
    settings.enrich.ner = "off"
    with lagebild.Archive(tmp_path / "a.db") as archive, caplog.at_level(logging.WARNING):
        report = lagebild.ingest(archive, [str(CORPUS / "oderbote-hochwasser.html"), TEXT], settings)
        assert report.component_failures == {"topics: RuntimeError": 1}
        assert report.link_failures == {"ValueError": 1}
        assert archive.runs()[0].counts["link_failures"] == {"ValueError": 1}
    assert "not linked to a story" in caplog.text


def test_store_is_one_article_in_one_transaction(tmp_path):
    article = lagebild.extract_article(TEXT)
    front = Article(title="Startseite", text="Teaser", page_type="other", content_hash="x")
    with lagebild.Archive(tmp_path / "a.db") as archive:
        aid, status = lagebild.store(archive, article)
        assert status == "stored" and archive.get(aid).story_id is not None
        assert lagebild.store(archive, lagebild.extract_article(TEXT)) == (aid, "duplicate")
        assert lagebild.store(archive, front) == (None, "skipped")
        broken = Article(title="kaputt", text="Ein anderer Text.", content_hash="y")
        broken.mentions = [object()]  # type: ignore[list-item]  (not a Mention)
        with pytest.raises(ArchiveError, match="could not store"):
            lagebild.store(archive, broken)
        assert archive.stats()["failures"] == 0 and archive.runs() == []  # rolled back; no run of its own


def test_failures_pass_through_ingest(tmp_path):
    with lagebild.Archive(tmp_path / "a.db") as archive:
        report = lagebild.ingest(archive, [Failure("x.html", "unreadable")])
    assert report.failures == [("x.html", "unreadable")]


def test_articles_read_from_another_archive_are_linked_in_this_one(tmp_path):
    settings = lagebild.Settings()
    settings.enrich.ner = "off"
    with lagebild.Archive(tmp_path / "a.db") as first:
        lagebild.ingest(first, [str(CORPUS)], settings)
        articles = [first.get(i) for i in sorted(first.ids(), reverse=True)]  # ids n..1
    ids = [a.id for a in articles]
    with lagebild.Archive(tmp_path / "b.db") as second:
        report = lagebild.ingest(second, articles, settings)
        assert report.stored == len(articles)
        assert second.conn.execute("SELECT count(*) FROM story_articles").fetchone()[0] == report.stored
    assert [a.id for a in articles] == ids  # the caller's articles keep the ids of their archive
