"""``merge`` into PostgreSQL links each committed batch in a second process while it stores the next
(batch/linker.py): the stories, near-duplicates and the articles' links are those of linking every
batch in the merging process, in turn; a linking process that dies leaves its batches to the merging
process; and the two writers of a merge do not wait for each other, while any other writer waits for
both."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

pytest.importorskip("psycopg")
pytest.importorskip("pyarrow")

from test_archive_story_batch import TABLES, corpus, dump  # noqa: E402

from lagebild import batch  # noqa: E402
from lagebild.archive.pg import PgArchive  # noqa: E402
from lagebild.batch import files, linker  # noqa: E402
import importlib  # noqa: E402

merge_module = importlib.import_module("lagebild.batch.merge")
from lagebild.errors import ArchiveError  # noqa: E402
from lagebild.settings import Settings  # noqa: E402

_names = itertools.count(1)


def _settings() -> Settings:
    settings = Settings()
    settings.stories.embedder = "off"  # lexical linking: no model in the test
    return settings


def _shards(out: Path, articles: list | None = None) -> Path:
    """The generated corpus (copies, edited copies, rewrites, undated articles) in three shards."""
    from lagebild.archive.store import term_columns, textnorm_fingerprint
    from lagebild.stories import prepare
    from lagebild.stories.features import parse_time

    settings = _settings()
    articles = corpus() if articles is None else articles
    files.shard_dir(out).mkdir(parents=True)
    for n in range(3):
        rows = [files.article_row(a, parse_time(a.published) or parse_time(a.modified), None, None,
                                  prepare(a, settings.stories), term_columns(a.title, a.lead, a.text, a.language))
                for a in articles[n::3]]
        files.write(out, f"part-{n}", rows, {"articles": len(rows), "failures": 0, "embedder": "off",
                                            "embed_chars": settings.stories.embed_chars,
                                            "dedup": settings.to_dict()["stories"]["dedup"],
                                            "terms": textnorm_fingerprint()})
    return out


@pytest.fixture
def databases(pg):
    import psycopg

    names = [f"lk{next(_names)}" for _ in range(2)]
    with psycopg.connect(pg.url(), autocommit=True) as conn:
        for name in names:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE lb_template')
    yield [pg.url(name) for name in names]
    for name in names:
        pg.drop_database(name)


def _merge(url: str, out: Path, aside: bool):
    with PgArchive(url) as archive:
        report = batch.merge(archive, out, _settings(), link_aside=aside)
        return report, dump(archive)


def test_linking_aside_gives_the_links_of_linking_in_turn(databases, tmp_path, monkeypatch):
    out = _shards(tmp_path / "out")
    monkeypatch.setattr(merge_module, "BATCH", 12)  # many batches: more than DEPTH in flight at times
    handed = []
    real = linker.Linker.link
    monkeypatch.setattr(linker.Linker, "link", lambda self, a, p: (handed.append(len(a)), real(self, a, p))[1])
    in_turn, reference = _merge(databases[0], out, aside=False)
    assert not handed
    import lagebild.stories as stories_module

    def not_here(*args, **kwargs):
        raise AssertionError("linked in the merging process")

    monkeypatch.setattr(stories_module, "link_many", not_here)  # the linking process imports its own
    aside, tables = _merge(databases[1], out, aside=True)
    assert len(handed) > linker.DEPTH + 1 and sum(handed) == aside.ingest.stored == in_turn.ingest.stored
    assert not aside.ingest.link_failures and not in_turn.ingest.link_failures
    assert len({r[1] for r in reference["story_articles"]}) < len(reference["story_articles"])  # stories formed
    assert any(r[2] is not None for r in reference["story_articles"])  # and near-duplicates were found
    assert all(r[2] is not None for r in reference["articles"])  # every stored article linked
    for name in TABLES:
        assert tables[name] == reference[name], name


def test_the_merging_process_forgets_the_stories_its_linking_process_changed(databases, tmp_path, monkeypatch):
    """After linking aside, this process's story index (warm from what it linked before) must not link
    the next articles against the stories as they were before the merge. The reference merges with a
    cold index, as the linking process does (a warm and a cold index can link differently: see
    docs/benchmarks.md, issue 18, m18f)."""
    import lagebild

    articles = corpus()
    out = _shards(tmp_path / "out", articles[40:80])
    monkeypatch.setattr(merge_module, "BATCH", 12)
    tables = []
    for url, aside in zip(databases, (False, True)):
        with PgArchive(url) as archive:
            lagebild.ingest(archive, articles[:40], _settings())  # this process's story index caches stories
            if not aside:
                linker._forget_stories(archive)  # the reference: linked in turn from a cold index ...
            batch.merge(archive, out, _settings(), link_aside=aside)
            if not aside:
                linker._forget_stories(archive)  # ... and the next articles read the stories afresh
            lagebild.ingest(archive, articles[80:], _settings())
            tables.append(dump(archive))
    for name in TABLES:
        assert tables[1][name] == tables[0][name], name


def test_a_linking_process_that_dies_leaves_its_batches_to_the_merge(databases, tmp_path, monkeypatch):
    out = _shards(tmp_path / "out")
    monkeypatch.setattr(merge_module, "BATCH", 12)
    real = linker.Linker.link

    def link_then_die(self, articles, parts):
        real(self, articles, parts)
        if not getattr(self, "killed", False):
            self.killed = True
            self._proc.kill()  # its last batch may or may not have been written: linking is idempotent

    _report, reference = _merge(databases[0], out, aside=False)
    monkeypatch.setattr(linker.Linker, "link", link_then_die)
    report, tables = _merge(databases[1], out, aside=True)
    assert not report.ingest.link_failures
    for name in TABLES:
        assert tables[name] == reference[name], name


def test_the_merges_two_writers_run_side_by_side_and_other_writers_wait_for_both(pg_url):
    from lagebild.archive.pg.archive import story_writer

    def blocked(other) -> bool:
        try:
            with other.transaction():
                return False
        except ArchiveError as exc:
            assert "locked" in str(exc)
            return True

    store = story_writer(pg_url)
    with PgArchive(pg_url, lock_wait=0.3) as other, PgArchive(pg_url, lock_wait=0.3) as merging:
        try:
            assert not blocked(other)
            merging.stories_elsewhere = True
            with store.transaction():  # the linking process inside a write
                assert blocked(other)  # an ingest beside the merge waits for it
                with merging.transaction():  # the merge's storing does not
                    assert blocked(other)
            with merging.transaction():
                assert blocked(other)
            assert not blocked(other)
        finally:
            store.conn.close()
