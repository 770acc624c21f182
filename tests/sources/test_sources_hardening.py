"""Issue 13, inputs: a FIFO named on the command line, a ``**`` glob over a symlink loop and a
JSON number too long to convert each cost one Failure line and reading goes on; an IPv6 address
that carries a private IPv4 one is not public."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from sourcekit import html_page

from lagebild.model import Failure, Page
from lagebild.sources.fetch import is_public
from lagebild.sources.paths import expand

READ_ALL = """
import sys
from lagebild.sources import read
for result in read(sys.argv[1:]):
    print(type(result).__name__, getattr(result, "reason", ""), flush=True)
"""


def test_a_named_fifo_is_refused_and_the_next_input_is_read(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "a.html").write_text(html_page())
    # a subprocess, so that the old behaviour (blocking for ever on open) fails by timeout, not hangs the suite
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-c", READ_ALL, str(tmp_path / "pipe"), str(tmp_path / "a.html")],
                          capture_output=True, text=True, timeout=60, env=env)
    lines = done.stdout.splitlines()
    assert lines == ["Failure not a regular file (fifo), skipped", "Page "], done.stderr[-500:]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_double_star_glob_does_not_follow_symlink_loops(tmp_path):
    root = tmp_path / "pages"
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "one.html").write_text(html_page())
    (root / "a" / "b" / "two.html").write_text(html_page())
    (root / "top.html").write_text(html_page())
    (root / "a" / "b" / "loop").symlink_to(root)  # pages/a/b/loop -> pages: a cycle
    (root / "a" / "up").symlink_to(root / "a")
    found = [r for r in expand([str(root / "**" / "*.html")])]
    names = sorted(os.path.relpath(p, root) for p, _ in found)
    assert names == ["a/b/two.html", "a/one.html", "top.html"]
    assert sorted(os.path.relpath(p, root) for p, _ in expand([str(root / "a" / "**" / "t*.html")])) == ["a/b/two.html"]
    assert [os.path.relpath(p, root) for p, _ in expand([str(root / "*" / "one.html")])] == ["a/one.html"]


def test_glob_semantics_match_the_standard_library_without_links(tmp_path):
    import glob

    for rel in ["x.html", "d/y.html", "d/e/z.htm", "d/e/f/w.html", "q1.txt", "q22.txt"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    for pattern in ["**/*.html", "**", "d/**/*.htm*", "**/e/*", "q?.txt", "[dq]*/**/*.html", "**/[!x]*.html"]:
        full = str(tmp_path / pattern)
        ours = sorted(p for p, _ in expand([full]) if not isinstance(p, Failure))
        theirs = sorted({p for match in glob.glob(full, recursive=True) for p, _ in expand([match])})
        assert ours == theirs, pattern


def test_a_huge_json_number_fails_its_line_only(tmp_path, read_all):
    path = tmp_path / "lines.jsonl"
    good = json.dumps({"url": "https://example.org/a", "html": html_page()})
    path.write_text(good + "\n" + '{"url": "u", "n": ' + "9" * 5000 + "}\n" + good + "\n")
    results = read_all(path)
    assert [type(r).__name__ for r in results] == ["Page", "Failure", "Page"]
    assert results[1].input == f"{path}:2" and results[1].reason.startswith("invalid JSON")


@pytest.mark.parametrize("address", ["::127.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::", "::ffff:0:7f00:1",
                                     "::ffff:10.0.0.1", "64:ff9b:1::c0a8:1", "2002:a9fe:a9fe::1",
                                     "2001:0:4136:e378:8000:63bf:80ff:fffe", "::", "not an address"])
def test_ipv6_transition_addresses_are_judged_by_their_ipv4(address):
    assert not is_public(address)


@pytest.mark.parametrize("address", ["2606:4700::1111", "8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"])
def test_public_addresses_stay_public(address):
    assert is_public(address)
