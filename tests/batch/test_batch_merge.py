"""lagebild merge: finished shards only, in time order, once, through the ingest path."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner
from batchkit import fast_settings, page_html, write_warc

from lagebild import batch
from lagebild.api import open_archive
from lagebild.batch.shards import plan
from lagebild.batch.work import process_shard
from lagebild.registry import registry


def _merge(out, db, settings=None):
    with open_archive(db) as archive:
        return batch.merge(archive, out, settings or fast_settings())


def _stored(db) -> list:
    with open_archive(db, readonly=True) as archive:
        return [archive.get(h.id) for h in archive.search("", limit=1000)]


def test_merge_twice_stores_every_article_once_in_time_order(tmp_path, inline):
    # two shards whose dates interleave: merge must not store shard by shard
    a = write_warc(tmp_path / "in" / "a.warc.gz", [page_html(n, topic=0) for n in (0, 2, 4, 6)])
    b = write_warc(tmp_path / "in" / "b.warc.gz", [page_html(n, topic=1) for n in (1, 3, 5, 7)])
    out, db = tmp_path / "out", tmp_path / "news.db"
    batch.run([a, b], out, fast_settings(engine=inline))
    first = _merge(out, db)
    assert (first.shards, first.ingest.stored, first.ingest.duplicate, first.refused) == (2, 8, 0, [])
    with open_archive(db, readonly=True) as archive:
        published = [archive.get(i).published for i in first.ingest.ids]
        assert all(archive.get(i).story_id for i in first.ingest.ids)  # linked, as ingest links
        runs = archive.runs(5)
    assert published == sorted(published)
    second = _merge(out, db)
    assert (second.ingest.stored, second.ingest.duplicate) == (0, 8)
    assert len(_stored(db)) == 8
    assert [r.command for r in runs] == ["merge"] and runs[0].counts["stored"] == 8


def test_a_shard_without_marker_or_changed_after_is_refused_not_half_loaded(warcs, tmp_path, inline):
    out, db = tmp_path / "out", tmp_path / "news.db"
    batch.run(warcs, out, fast_settings(engine=inline))
    parquet = sorted((out / "shards").glob("*.parquet"))
    parquet[0].with_suffix(".done").unlink()  # half-written: the marker never came
    with open(parquet[1], "ab") as f:
        f.write(b"\0" * 10)  # changed after it was finished
    report = _merge(out, db)
    assert report.shards == 2 and report.ingest.stored == 12
    reasons = dict(report.refused)
    assert set(reasons) == {str(parquet[0]), str(parquet[1])}
    assert "no completion marker" in reasons[str(parquet[0])] and "does not match" in reasons[str(parquet[1])]


def test_merge_uses_the_embeddings_the_workers_made(tmp_path):
    from lagebild.stories import embed

    calls: list[int] = []

    def counting(texts):
        calls.append(len(texts))
        rows = [np.random.default_rng(abs(hash(t)) % 2**32).normal(size=8) for t in texts]
        return np.asarray(rows, np.float32).reshape(len(texts), 8)

    path = write_warc(tmp_path / "in.warc", [page_html(n, topic=n % 2) for n in range(5)])
    settings = fast_settings()
    settings.stories.embedder = "batch-test"
    with registry.embedders.temporary():
        registry.embedders.register("batch-test", lambda: counting)
        embed.get.cache_clear()
        try:
            (shard,), _ = plan([str(path)], settings.batch, settings.sources)
            assert process_shard(shard, str(tmp_path / "out"), settings).status == "done"
            assert sum(calls) == 5  # the worker embedded its articles
            calls.clear()
            report = _merge(tmp_path / "out", tmp_path / "news.db", settings)
            assert report.ingest.stored == 5 and not report.ingest.link_failures
            assert calls == []  # the writer computed none of them again
        finally:
            embed.get.cache_clear()


def test_cli_batch_then_merge(warcs, tmp_path):
    from lagebild.cli import app

    out, db = tmp_path / "out", tmp_path / "news.db"
    runner = CliRunner()
    done = runner.invoke(app, ["batch", *map(str, warcs), "--out", str(out), "--workers", "1", "--no-enrich"])
    assert done.exit_code == 0, done.output
    assert "shards 4: done 4" in done.output and "articles 24" in done.output
    again = runner.invoke(app, ["batch", *map(str, warcs), "--out", str(out), "--no-enrich"])
    assert "already done 4" in again.output and again.exit_code == 0
    merged = runner.invoke(app, ["merge", str(out), "--db", str(db)])
    assert merged.exit_code == 0, merged.output
    assert "stored 24" in merged.output
    assert "duplicate 24" in runner.invoke(app, ["merge", str(out), "--db", str(db)]).output
    missing = runner.invoke(app, ["merge", str(tmp_path / "nothing"), "--db", str(db)])
    assert missing.exit_code == 2 and "no shards here" in missing.output


def test_merging_a_directory_without_shards_stores_nothing(tmp_path):
    report = _merge(tmp_path / "empty", tmp_path / "news.db")
    assert (report.shards, report.ingest.stored, report.refused) == (0, 0, [])


def _links(db) -> dict[str, tuple]:
    """url -> (url of its canonical copy, urls of its story): the links, free of archive ids."""
    with open_archive(db, readonly=True) as archive:
        articles = {h.id: archive.get(h.id) for h in archive.search("", limit=1000)}
    url = {i: a.url for i, a in articles.items()}
    story = {}
    for a in articles.values():
        story.setdefault(a.story_id, set()).add(a.url)
    return {a.url: (url.get(a.duplicate_of), frozenset(story[a.story_id])) for a in articles.values()}


def test_merge_links_as_ingest_would_without_reading_the_texts_again(tmp_path, inline, monkeypatch):
    import lagebild
    from lagebild.stories import index

    pages = [page_html(n, topic=n % 3) for n in range(9)]
    copy = ("https://andere-zeitung.example/kopie.html",  # another site's copy with a line of its own
            pages[4][1].replace(b"</article>", b"<p>Mit Material der Agenturen.</p></article>")
            .replace(b"2026-05-05T08:00", b"2026-05-05T11:00"))  # and three hours later
    a = write_warc(tmp_path / "in" / "a.warc", pages[:5])
    b = write_warc(tmp_path / "in" / "b.warc", [*pages[5:], copy])
    out = tmp_path / "out"
    batch.run([a, b], out, fast_settings(engine=inline))
    in_order = [a for a in lagebild.process([str(a), str(b)], fast_settings(), enrich=False)]
    in_order.sort(key=lambda x: x.published)  # merge's order: published time, then key
    with open_archive(tmp_path / "ingested.db") as archive:
        lagebild.ingest(archive, in_order, fast_settings())

    def no_text_please(*args, **kwargs):
        raise AssertionError("merge recomputed what the worker wrote")

    monkeypatch.setattr(index, "prepare", no_text_please)
    report = _merge(out, tmp_path / "merged.db")
    assert report.ingest.stored == 10 and not report.ingest.link_failures
    merged, ingested = _links(tmp_path / "merged.db"), _links(tmp_path / "ingested.db")
    assert merged[copy[0]][0] == pages[4][0]  # the copy points at the first-stored original
    assert merged == ingested


def test_merge_makes_full_collections_rare_while_it_feeds_and_restores_them(tmp_path, inline, monkeypatch):
    import gc

    from lagebild import _ingest
    from lagebild.batch.merge import FULL_PASSES_EVERY

    path = write_warc(tmp_path / "in.warc", [page_html(n, topic=0) for n in range(3)])
    batch.run([path], tmp_path / "out", fast_settings(engine=inline))
    seen = []
    real = _ingest.Ingest.feed

    def feed(self, *args, **kwargs):
        seen.append(gc.get_threshold())
        return real(self, *args, **kwargs)

    monkeypatch.setattr(_ingest.Ingest, "feed", feed)
    before = gc.get_threshold()
    assert _merge(tmp_path / "out", tmp_path / "news.db").ingest.stored == 3
    assert seen == [(before[0], before[1], max(before[2], FULL_PASSES_EVERY))] and gc.get_threshold() == before

    def failing(self, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(_ingest.Ingest, "feed", failing)
    with pytest.raises(RuntimeError):
        _merge(tmp_path / "out", tmp_path / "again.db")
    assert gc.get_threshold() == before
