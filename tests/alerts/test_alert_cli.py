"""The command line: sources, alerts, watch --once, and a clean stop on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

from lagebild.cli import app

runner = CliRunner()


def lb(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_sources_add_list_remove(tmp_path, site):
    db = str(tmp_path / "news.db")
    r = lb("sources", "add", site.url("/feed.rss"), "--every", "5m", "--db", db)
    assert r.exit_code == 0 and "kind sniffed on first poll" in r.output and "every 300 s" in r.output
    r = lb("sources", "add", site.url("/news-sitemap.xml"), "--kind", "sitemap", "--db", db)
    assert r.exit_code == 0 and "(sitemap," in r.output
    r = lb("sources", "add", site.url("/feed.rss"), "--db", db)
    assert r.exit_code == 2 and "already a source" in r.output
    r = lb("sources", "add", site.url("/x"), "--every", "soon", "--db", db)
    assert r.exit_code == 2 and "no interval" in r.output
    r = lb("sources", "add", "ftp://example.org/feed", "--db", db)
    assert r.exit_code == 2 and "not an http(s) URL" in r.output
    r = lb("sources", "list", "--json", "--db", db)
    assert r.exit_code == 0 and r.output.count('"url"') == 2
    assert lb("sources", "remove", "1", "--db", db).exit_code == 0
    assert lb("sources", "remove", site.url("/news-sitemap.xml"), "--db", db).exit_code == 0
    r = lb("sources", "remove", "7", "--db", db)
    assert r.exit_code == 2 and "no source" in r.output
    assert "no sources" in lb("sources", "list", "--db", db).output


def test_alerts_add_list_test_remove_and_watch_once(tmp_path, site, monkeypatch):
    monkeypatch.setenv("LAGEBILD_ATOM_DIR", str(tmp_path))  # Atom feeds are files in this folder
    db = str(tmp_path / "news.db")
    r = lb("alerts", "add", "sturm", "storm OR Sturm", "--webhook", "http://127.0.0.1:9/hook", "--db", db)
    assert r.exit_code == 0 and "webhook secret" in r.output
    r = lb("alerts", "add", "kaputt", "(storm", "--atom", "a", "--db", db)
    assert r.exit_code == 2 and "position 0" in r.output
    r = lb("alerts", "add", "zwei", "storm", "--atom", "a.xml", "--email", "a@b.de", "--db", db)
    assert r.exit_code == 2 and "exactly one destination" in r.output
    r = lb("alerts", "add", "feed", "storm", "--atom", "storm", "--db", db)
    assert r.exit_code == 0
    r = lb("alerts", "list", "--json", "--db", db)
    assert '"sturm"' in r.output and "secret" not in r.output

    assert lb("sources", "add", site.url("/feed.json"), "--db", db).exit_code == 0
    r = lb("watch", "--once", "--allow-private", "--no-enrich", "--db", db)
    assert r.exit_code == 0, r.output
    assert "stored 1" in r.output and "matched 2" in r.output
    assert "127.0.0.1:9/hook" in r.output  # the unreachable webhook: one line, kept pending
    assert "pending 1" in r.output
    assert (tmp_path / "storm.xml").read_text().count("<entry>") == 1

    r = lb("alerts", "test", "sturm", "--db", db)
    assert r.exit_code == 0 and "Storm batters the northern coast" in r.output
    assert lb("alerts", "remove", "sturm", "--db", db).exit_code == 0
    r = lb("alerts", "remove", "sturm", "--db", db)
    assert r.exit_code == 2 and "no alert named" in r.output


def test_watch_refuses_private_addresses_without_flag(tmp_path, site):
    db = str(tmp_path / "news.db")
    lb("sources", "add", site.url("/feed.json"), "--db", db)
    r = lb("watch", "--once", "--no-enrich", "--db", db)
    assert r.exit_code == 1 and "non-public address 127.0.0.1" in r.output and "stored 0" in r.output  # refused = failed


def test_sigterm_stops_watch_cleanly(tmp_path):
    db = tmp_path / "news.db"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-c", "from lagebild.cli import main; main()", "watch", "--db", str(db)],
                            stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    try:
        deadline = time.monotonic() + 45
        line = ""
        while "watching" not in line and time.monotonic() < deadline:
            line = proc.stderr.readline()
            if not line and proc.poll() is not None:
                break
        assert "watching 0 sources" in line
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    assert Path(db).exists()


def test_docs_cover_every_monitoring_option():
    import re

    docs = (Path(__file__).resolve().parents[2] / "docs" / "monitoring.md").read_text()
    for command in (["sources", "add"], ["sources", "list"], ["sources", "remove"], ["alerts", "add"],
                    ["alerts", "list"], ["alerts", "remove"], ["alerts", "test"], ["watch"]):
        assert " ".join(command) in docs
        help_text = lb(*command, "--help").output
        for option in set(re.findall(r"--[a-z][a-z-]+", help_text)) - {"--help", "--db"}:
            assert option in docs, f"{' '.join(command)} {option} is not documented"
