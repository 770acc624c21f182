"""Opening: WAL, migrations recorded once, extra migrations, and errors that name the file and the reason."""

from __future__ import annotations

import os
import sqlite3

import pytest

from lagebild.archive import Archive, Migration, register_migrations, schema
from lagebild.registry import registry
from lagebild.errors import ArchiveError

from archive_corpus import make


def test_new_archive_is_wal_with_recorded_migrations(tmp_path):
    path = tmp_path / "a.db"
    with Archive(path) as ar:
        assert ar.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        names = [r[0] for r in ar.conn.execute("SELECT name FROM migrations ORDER BY rowid")]
    assert names[: len(schema.CORE)] == [m.name for m in schema.CORE]
    assert names == [m.name for m in schema.all_migrations()]  # core, then monitor/stories if present
    with Archive(path) as ar:  # reopening applies nothing twice
        assert ar.conn.execute("SELECT count(*) FROM migrations").fetchone()[0] == len(names)


@pytest.fixture
def scratch_migrations():
    with registry.migrations.temporary():
        yield


def test_registered_migrations_run_after_core(tmp_path, scratch_migrations):
    register_migrations("testfeature", [
        Migration("testfeature-0001-table", "CREATE TABLE tf (x INTEGER);\nCREATE INDEX tf_x ON tf(x);"),
        Migration("testfeature-0002-row", lambda conn: conn.execute("INSERT INTO tf VALUES (1)")),
    ])
    with pytest.raises(ValueError):
        register_migrations("other", [Migration("wrongprefix-1", "")])
    with Archive(tmp_path / "a.db") as ar:
        assert ar.conn.execute("SELECT x FROM tf").fetchall() == [(1,)]
        last = ar.conn.execute("SELECT name FROM migrations ORDER BY rowid DESC LIMIT 1").fetchone()[0]
    assert last == "testfeature-0002-row"
    with Archive(tmp_path / "a.db") as ar:
        assert ar.conn.execute("SELECT x FROM tf").fetchall() == [(1,)]


def test_a_failing_migration_leaves_nothing_half_done(tmp_path, scratch_migrations):
    register_migrations("bad", [Migration("bad-0001", "CREATE TABLE half (x);\nSELECT * FROM nowhere;")])
    with pytest.raises(ArchiveError, match="no such table: nowhere"):
        Archive(tmp_path / "a.db")
    conn = sqlite3.connect(tmp_path / "a.db")
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half'").fetchone()[0] == 0
    assert "bad-0001" not in {r[0] for r in conn.execute("SELECT name FROM migrations")}


def test_statements_keep_trigger_bodies_whole():
    sql = "CREATE TABLE t(x);\nCREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  SELECT 1;\n  SELECT 2;\nEND;\n"
    assert len(list(schema.statements(sql))) == 2


@pytest.mark.parametrize("content", [b"hello, not a database at all" * 100, b"SQLite format 3\x00" + b"\xff" * 200])
def test_a_file_that_is_not_an_archive(tmp_path, content):
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    for readonly in (False, True):
        with pytest.raises(ArchiveError) as info:
            Archive(path, readonly=readonly)
        assert str(path) in str(info.value) and "not" in str(info.value)


def test_a_foreign_sqlite_database_is_left_alone(tmp_path):
    path = tmp_path / "other.db"
    sqlite3.connect(path).execute("CREATE TABLE customers (id)").connection.commit()
    with pytest.raises(ArchiveError, match="not a lagebild archive"):
        Archive(path)
    tables = {r[0] for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master")}
    assert tables == {"customers"}


def test_missing_file_read_only_and_missing_folder(tmp_path):
    with pytest.raises(ArchiveError, match="no archive here"):
        Archive(tmp_path / "none.db", readonly=True)
    with pytest.raises(ArchiveError, match="does not exist"):
        Archive(tmp_path / "no" / "such" / "a.db")


def test_read_only_location(tmp_path):
    if os.geteuid() == 0:  # root ignores file modes; /proc/self cannot hold files
        path = "/proc/self/lagebild.db"
    else:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o500)
        path = folder / "a.db"
    with pytest.raises(ArchiveError) as info:
        Archive(path)
    assert str(path) in str(info.value) and "read-only location" in str(info.value)


def test_locked_past_the_timeout(tmp_path):
    path = tmp_path / "a.db"
    Archive(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with Archive(path, timeout=0.1, lock_wait=0.2) as ar:  # by default a writer waits as long as it takes
            with pytest.raises(ArchiveError, match=r"locked by another process \(waited [\d.]+ s\)") as info:
                ar.add(make("T", "Text."))
            assert str(path) in str(info.value)
        with Archive(path, readonly=True, timeout=0.2) as ro:  # readers are not blocked by the writer
            assert ro.count() == 0
    finally:
        other.execute("ROLLBACK")


def test_reader_sees_writer_commits(tmp_path):
    path = tmp_path / "a.db"
    with Archive(path) as writer, Archive(path, readonly=True) as reader:
        writer.add(make("Erster", "Erster Text."))
        assert reader.count() == 1
        writer.add(make("Zweiter", "Zweiter Text."))
        assert [h.title for h in reader.search()] == ["Zweiter", "Erster"] or reader.count() == 2


def test_closed_archive(tmp_path):
    ar = Archive(tmp_path / "a.db")
    ar.close()
    with pytest.raises(ArchiveError, match="closed"):
        ar.count()


def test_in_memory_archive_for_tests():
    with Archive(":memory:") as ar:
        ar.add(make("Hochwasser", "Die Oder steigt."))
        assert ar.count("Oder") == 1
    with pytest.raises(ArchiveError, match="read-only"):
        Archive(":memory:", readonly=True)


def test_two_writers_store_each_article_once(tmp_path):
    import threading

    path = tmp_path / "a.db"
    Archive(path).close()
    articles = [make(f"Titel {i}", f"Text Nummer {i}.") for i in range(30)]
    results: list[str] = []

    def writer() -> None:
        with Archive(path) as ar:
            results.extend(ar.add(a)[1] for a in articles)

    threads = [threading.Thread(target=writer) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["duplicate"] * 30 + ["stored"] * 30
    with Archive(path, readonly=True) as ro:
        assert ro.count() == 30
