"""Ingest progress: total, rate, ETA and the current file; plain lines off a terminal; each failure once."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from lagebild.cli import app
from lagebild.cli.progress import IngestProgress, Inputs, read_offset
from lagebild.model import Article, Failure, Origin

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _files(tmp_path, sizes):
    for i, size in enumerate(sizes):
        (tmp_path / f"p{i}.html").write_bytes(b"x" * size)
    return Inputs.count([str(tmp_path)])


def test_inputs_are_counted_by_walking_and_stat(tmp_path):
    inputs = _files(tmp_path, [100, 300, 600])
    assert [Path(p).name for p in inputs.paths] == ["p0.html", "p1.html", "p2.html"]
    assert inputs.total_bytes == 1000
    assert Inputs.count(["-"]).total_bytes is None  # stdin: no size, no ETA


def test_plain_lines_every_interval_with_total_rate_eta_and_file(tmp_path):
    inputs = _files(tmp_path, [100, 300, 600])
    out, clock = io.StringIO(), Clock()
    console = Console(file=out, width=300)
    with IngestProgress(console, inputs, live=False, every=10.0, clock=clock, offset=lambda p: None) as progress:
        progress.tick(Article(origin=Origin(path=inputs.paths[0])))
        clock.now += 4
        progress.tick(Article(origin=Origin(path=inputs.paths[1])))
        assert out.getvalue() == ""  # not yet 10 s
        clock.now += 6
        progress.tick(Article(origin=Origin(path=inputs.paths[2])))
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    assert lines[0] == "ingest: 3 pages · 0.3/s · file 3/3 p2.html · 40% of 1000 B read · ETA 15 s · elapsed 10 s"


def test_inside_a_large_file_progress_is_the_read_offset(tmp_path):
    inputs = _files(tmp_path, [1000, 3000])
    clock = Clock()
    progress = IngestProgress(Console(file=io.StringIO()), inputs, live=False, every=0, clock=clock,
                              offset=lambda p: 1500 if p == inputs.paths[1] else None)
    progress.tick(Failure(inputs.paths[1] + "#<urn:uuid:1>", "not HTML"))
    clock.now += 25
    assert "file 2/2 p1.html · 62% of 3.9 KB read · ETA 15 s" in progress.status()


def test_when_all_is_read_it_says_so_instead_of_an_eta(tmp_path):
    inputs = _files(tmp_path, [1000])
    clock = Clock()
    progress = IngestProgress(Console(file=io.StringIO()), inputs, live=False, every=0, clock=clock,
                              offset=lambda p: 1000)
    clock.now += 30
    assert progress.status().endswith("all 1000 B read, finishing · elapsed 30 s")


def test_a_large_file_closed_after_it_was_seen_open_counts_as_read(tmp_path):
    inputs = _files(tmp_path, [1000])
    offsets = iter([400, None])
    progress = IngestProgress(Console(file=io.StringIO()), inputs, live=False, every=0, offset=lambda p: next(offsets))
    assert progress.bytes_done() == 400
    assert progress.bytes_done() == 1000


def test_read_offset_finds_how_far_a_file_was_read(tmp_path):
    if not Path("/proc/self/fdinfo").is_dir():
        pytest.skip("no /proc")
    path = tmp_path / "big.warc"
    path.write_bytes(b"y" * 5000)
    fd = os.open(path, os.O_RDONLY)
    try:
        os.read(fd, 1234)
        assert read_offset(str(path)) == 1234
    finally:
        os.close(fd)
    assert read_offset(str(path)) is None


def test_a_failure_reported_twice_is_printed_once():
    out = io.StringIO()
    progress = IngestProgress(Console(file=out, width=300), Inputs(), live=False, every=0)
    progress.tick(Failure("a.html", "empty file"))
    assert progress.unprinted([("a.html", "empty file"), ("b.html", "could not store: x")]) == \
        [("b.html", "could not store: x")]
    assert out.getvalue().count("a.html") == 1


def test_ingest_prints_each_failure_once_off_a_terminal(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "empty.html").write_bytes(b"")
    (pages / "binary.html").write_bytes(b"\x00\x01" * 100)
    (pages / "good.txt").write_text((CORPUS / "rheinkurier-oder-pegel.txt").read_text("utf-8"), "utf-8")
    result = CliRunner().invoke(app, ["ingest", str(pages), "--db", str(tmp_path / "x.db"), "--no-enrich",
                                      "--workers", "1"])
    assert result.exit_code == 1
    assert result.output.count("empty.html") == 1 and result.output.count("binary.html") == 1
    assert "stored 1 " in result.output and "failed 2" in result.output
