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


def test_linking_aside_is_asked_for(tmp_path):
    """Off by default (its gain is small: docs/scale.md); LAGEBILD_MERGE_LINK_ASIDE=1 turns it on."""
    import os
    import subprocess
    import sys

    def default(value: str | None) -> str:
        env = {k: v for k, v in os.environ.items() if k != "LAGEBILD_MERGE_LINK_ASIDE"}
        env["PYTHONPATH"] = str(Path(linker.__file__).parents[2])
        if value is not None:
            env["LAGEBILD_MERGE_LINK_ASIDE"] = value
        return subprocess.run([sys.executable, "-c", "import importlib; print(importlib.import_module('lagebild.batch.merge').LINK_ASIDE)"],
                              env=env, capture_output=True, text=True, check=True).stdout.strip()

    assert [default(None), default("0"), default("1")] == ["False", "False", "True"]


def test_nothing_to_merge_starts_no_linking_process(pg_url, tmp_path, monkeypatch):
    def no_process(*args, **kwargs):
        raise AssertionError("a linking process for nothing")

    monkeypatch.setattr(linker, "Linker", no_process)
    (tmp_path / "out").mkdir()
    with PgArchive(pg_url) as archive:
        assert batch.merge(archive, tmp_path / "out", _settings(), link_aside=True).ingest.stored == 0


def _batches(n: int) -> list:
    from lagebild.model import Article

    return [([Article(title=f"Titel {k}", url=f"https://example.org/{k}", id=k)], [{}]) for k in range(n)]


def test_a_linking_process_that_cannot_connect_says_so_in_one_line_and_the_merge_links_here(capfd, caplog):
    """No traceback reaches the user; the batch that found it gone and every later one are linked here
    at once (none kept until the end)."""
    here = []
    with caplog.at_level("WARNING", logger="lagebild"):
        lk = linker.Linker("postgresql://nobody@127.0.0.1:1/none", _settings(), here.append, 1.0)
        batches = _batches(5)
        for n, (articles, parts) in enumerate(batches):
            lk.link(articles, parts)
            if lk._dead:
                assert not lk._sent and sum(len(h) for h in here) == n + 1  # linked here, not kept
        lk.close()
    assert [b for h in here for b in h] == batches
    said = [r.getMessage() for r in caplog.records if "linking process stopped" in r.getMessage()]
    assert len(said) == 1 and "cannot connect" in said[0] and "\n" not in said[0]
    assert "Traceback" not in capfd.readouterr().err


def test_ctrl_c_stops_the_linking_process_quietly(pg_url, capfd):
    import os
    import signal

    here = []
    # as in a terminal: a background job (nohup … &) ignores SIGINT, and a child it spawns ignores it too
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        lk = linker.Linker(pg_url, _settings(), here.append)
    finally:
        signal.signal(signal.SIGINT, previous)
    lk.link([], [])
    assert lk._confirm()  # it is linking
    os.kill(lk._proc.pid, signal.SIGINT)
    lk._proc.join(30)
    (articles, parts), = _batches(1)
    lk.link(articles, parts)
    lk.close()
    assert [b for h in here for b in h] == [(articles, parts)]
    assert "Traceback" not in capfd.readouterr().err


def test_a_script_without_a_main_guard_merges_once(pg_url, tmp_path):
    """spawn imports the main module again in the linking process: its merge stops there with one line,
    and the script's merge links here."""
    import os
    import subprocess
    import sys

    out = _shards(tmp_path / "out")
    script = tmp_path / "script.py"
    script.write_text(
        "import sys\nfrom lagebild import batch\nfrom lagebild.archive.pg import PgArchive\n"
        "from lagebild.settings import Settings\nsettings = Settings()\nsettings.stories.embedder = 'off'\n"
        "with PgArchive(sys.argv[1]) as archive:\n"
        "    print('stored', batch.merge(archive, sys.argv[2], settings, link_aside=True).ingest.stored)\n")
    src = str(Path(linker.__file__).parents[2])
    env = {**os.environ, "PYTHONPATH": src, "OMP_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, str(script), pg_url, str(out)], capture_output=True, text=True,
                          env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.count("stored") == 1 and "Traceback" not in done.stderr
    assert "__main__" in done.stderr  # the one line saying what the script lacks
    with PgArchive(pg_url, readonly=True) as archive:
        assert archive.conn.execute("SELECT count(*) FROM runs").fetchone()[0] == 1
        assert archive.conn.execute("SELECT count(*) FROM articles WHERE story_id IS NULL").fetchone()[0] == 0
