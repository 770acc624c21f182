"""Archive fixtures: a fresh archive per test, and one holding the hand-built corpus.

``archive`` runs each test once per full-text index installed (tantivy, fts5) and twice on a
PostgreSQL archive: with its tsvector (``postgresql``) and with a tantivy copy in a folder
(``postgresql+tantivy``, when tantivy is installed); one throw-away server per session
(:mod:`pg_server`), a fresh database per test, copied from a migrated template. Without PostgreSQL's binaries or psycopg the
PostgreSQL runs skip with one reason, unless ``LAGEBILD_REQUIRE_PG=1`` (CI), where they fail.
"""

from __future__ import annotations

import itertools

import pytest

import pg_server
from archive_corpus import corpus
from lagebild.archive import Archive
from lagebild.archive.fulltext import available

INDEXES = available()  # every test on a fresh archive runs once per full-text index installed
BACKENDS = [*INDEXES, "postgresql", *(["postgresql+tantivy"] if "tantivy" in INDEXES else [])]
_names = itertools.count(1)


@pytest.fixture(scope="session")
def pg():
    """The session's PostgreSQL server (skips, or fails under LAGEBILD_REQUIRE_PG=1, when it cannot run)."""
    server = pg_server.start_for_tests()
    from lagebild.archive.pg import PgArchive

    PgArchive(server.create_database("lb_template")).close()  # migrated once; each test copies it
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg, request):
    """A fresh migrated database on the session's server; dropped after the test."""
    import psycopg

    name = f"t{next(_names)}"
    with psycopg.connect(pg.url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE lb_template')
    yield pg.url(name)
    pg.drop_database(name)


@pytest.fixture(params=BACKENDS)
def archive(tmp_path, request):
    if request.param.startswith("postgresql"):
        from lagebild.archive.pg import PgArchive

        folder = tmp_path / "index" if request.param.endswith("+tantivy") else None
        with PgArchive(request.getfixturevalue("pg_url"), index_dir=folder) as ar:
            yield ar
        return
    with Archive(tmp_path / "test.db", index=request.param) as ar:
        yield ar


@pytest.fixture(params=["sqlite", "postgresql"])
def opener(request, tmp_path):
    """A function opening the same archive again and again (SQLite file or PostgreSQL database)."""
    if request.param == "postgresql":
        from lagebild.archive.pg import PgArchive

        url = request.getfixturevalue("pg_url")
        return lambda: PgArchive(url)
    return lambda: Archive(tmp_path / "a.db")


@pytest.fixture
def fts5_archive(tmp_path):
    with Archive(tmp_path / "test.db", index="fts5") as ar:
        yield ar


@pytest.fixture
def filled(archive):
    for art in corpus():
        archive.add(art)
    return archive


def sqlite_only(archive, why: str) -> None:
    """Skip the PostgreSQL run of a test about an SQLite-only detail (FTS5 tables, the file)."""
    if type(archive).__name__ == "PgArchive":
        pytest.skip(f"SQLite only: {why}")
