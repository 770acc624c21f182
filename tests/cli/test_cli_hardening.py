"""Issue 13, the command line: bytes that are not UTF-8 in an argument, and a bad input among good
ones, each cost one clean error line — never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from lagebild.archive import Archive

MAIN = "import sys; from lagebild.cli import main; sys.argv[0] = 'lagebild'; main()"


def _lagebild(*args: bytes | str, cwd=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "COLUMNS": "200", "LC_ALL": "C.UTF-8"}
    argv = [sys.executable.encode(), b"-c", MAIN.encode(), *(a if isinstance(a, bytes) else a.encode() for a in args)]
    return subprocess.run(argv, capture_output=True, timeout=120, env=env, cwd=cwd)


@pytest.mark.parametrize("args", [
    [b"search", b"entity:\xff"],
    [b"alerts", b"add", b"odd", b"entity:\xff", b"--webhook", b"https://example.org/h"],
])
def test_undecodable_arguments_are_one_error_line(tmp_path, args):
    db = tmp_path / "a.db"
    Archive(db).close()
    done = _lagebild(*args, b"--db", str(db).encode())
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2, err
    assert "Traceback" not in err and err.count("\n") == 1 and "surrogate" in err, err


def test_undecodable_bytes_in_search_words_are_no_crash(tmp_path):
    db = tmp_path / "a.db"
    Archive(db).close()
    done = _lagebild(b"search", b"Hafen \xed\xa0\x80", b"--db", str(db).encode())
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr[-300:]


def test_watch_once_with_a_refused_source_says_failed_and_exits_1(tmp_path):
    from typer.testing import CliRunner

    from lagebild.cli import app

    db = str(tmp_path / "a.db")
    runner = CliRunner()
    assert runner.invoke(app, ["sources", "add", "http://127.0.0.1:9/feed.xml", "--db", db]).exit_code == 0
    result = runner.invoke(app, ["watch", "--once", "--no-enrich", "--db", db])
    assert result.exit_code == 1, result.output
    assert "non-public address" in result.output and "failed 1" in result.output
