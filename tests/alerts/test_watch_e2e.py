"""End to end: sources on the local site -> watch --once -> archive -> alerts delivered exactly once,
across a failing receiver and a restart."""

from __future__ import annotations

import hashlib
import hmac
import xml.etree.ElementTree as ET
from collections import Counter

import pytest

from lagebild.alerts.deliver import ATOM
from lagebild.alerts.rules import add_alert, add_source, list_sources, new_alert
from lagebild.watch import Watcher
from lagebild.archive.monitor import Monitor
from lagebild.archive.sqlite import Archive
from lagebild.settings import AlertSettings, Settings

SOURCES = ["/feed.rss", "/feed.atom", "/feed.json", "/sitemap_index.xml", "/urls.txt"]
PAGES = ["/de/regierung-klima.html", "/de/hafen-streik.html", "/en/central-bank-rates.html", "/en/storm-coast.html"]


@pytest.fixture
def settings(fetch_settings, smtp) -> Settings:
    s = Settings(fetch=fetch_settings)
    s.enrich.ner = "fast"
    s.alerts = AlertSettings(smtp_host="127.0.0.1", smtp_port=smtp.port, delivery_backoff=0.0, workers=2)
    return s


def _pass(db, settings, lines):
    with Archive(db) as archive:
        watcher = Watcher(archive, settings, allow_private=True, log=lines.append)
        try:
            return watcher.run(once=True)
        finally:
            watcher.close()


def test_watch_once_twice_delivers_each_alert_exactly_once(site, receiver, smtp, settings, tmp_path):
    db, atom_path = tmp_path / "news.db", tmp_path / "feeds" / "alles.xml"
    with Archive(db) as archive:
        for path in SOURCES:
            add_source(archive, site.url(path), every="1s")
        add_alert(archive, new_alert("klima", "Klimagesetz OR Klimapapier", "webhook", receiver.url("/hook"), secret="k"))
        add_alert(archive, new_alert("wirtschaft", '"interest rates" OR Streik', "webhook", receiver.url("/hook"), secret="w"))
        add_alert(archive, new_alert("sturm", "storm -Hafen", "email", "leser@example.org"))
        add_alert(archive, new_alert("alles", "Regierung OR bank OR storm OR Hafen", "atom", "alles"))
    settings.alerts.atom_dir = str(atom_path.parent)
    before = Counter(site.hits)

    receiver.failing = True
    lines: list[str] = []
    first = _pass(db, settings, lines)
    assert (first.sources, first.stored) == (5, 4), lines
    assert first.matched == 1 + 2 + 1 + 4
    assert first.deferred == 3 and first.delivered == 5  # webhooks down; mail and Atom went out
    assert any("/private/secret.html" in line and "robots.txt" in line for line in lines)
    assert any("/missing.html" in line and "HTTP 404" in line for line in lines)
    assert all("\n" not in line for line in lines)
    assert site.hits["/private/secret.html"] == before["/private/secret.html"]  # never requested
    for page in PAGES:  # each page fetched once, though listed by two sources
        assert site.hits[page] - before[page] == 1, page

    receiver.failing = False
    second = _pass(db, settings, lines)  # a restart: new Archive object on the same file
    assert second.delivered == 3 and second.stored == 0

    third = _pass(db, settings, lines)
    assert third.delivered == 0 and third.deferred == 0

    keys = Counter(h["Idempotency-Key"] for h, _ in receiver.accepted)
    assert sorted(k.split(":")[0] for k in keys) == ["klima", "wirtschaft", "wirtschaft"]
    assert set(keys.values()) == {1}
    for (headers, body), (path, raw) in zip(receiver.accepted, [r for r in receiver.requests if r[0] == "/hook"][-3:]):
        secret = {"klima": b"k", "wirtschaft": b"w"}[body["alert"]]
        assert headers["X-Lagebild-Signature"] == "sha256=" + hmac.new(secret, raw["_body"], hashlib.sha256).hexdigest()
        assert body["idempotency_key"] == headers["Idempotency-Key"]
    titles = {body["article"]["title"] for _, body in receiver.accepted}
    assert titles == {"Regierung beschließt neues Klimagesetz", "Central bank holds interest rates steady",
                      "Streik legt Hamburger Hafen lahm"}

    (mail,) = smtp.messages
    assert "Storm batters the northern coast" in mail["Subject"]

    root = ET.parse(atom_path).getroot()
    entries = root.findall(f"{{{ATOM}}}entry")
    assert len(entries) == 4 and root.tag == f"{{{ATOM}}}feed"

    with Archive(db) as archive:
        monitor = Monitor.of(archive)
        assert monitor.outbox_counts() == {"done": 8}
        assert all(s.kind for s in list_sources(archive))  # sniffed and remembered
        df, ndocs = monitor.term_frequencies()
        assert ndocs == 4 and df and max(df.values()) <= 4
        stored = {a.title: a for a in (archive.get(i) for i in archive.ids(""))}
    streik = stored["Streik legt Hamburger Hafen lahm"]
    assert streik.origin.feed.endswith("/news-sitemap.xml")


def test_conditional_get_and_seen_urls_on_repoll(site, receiver, settings, tmp_path):
    db = tmp_path / "news.db"
    with Archive(db) as archive:
        add_source(archive, site.url("/feed.rss"), every="1s")
    lines: list[str] = []
    _pass(db, settings, lines)
    page_hits = site.hits["/de/regierung-klima.html"]
    with Archive(db) as archive:  # make the source due again
        archive.conn.execute("UPDATE monitor_sources SET next_due = 0")
    n = len(site.requests)
    again = _pass(db, settings, lines)
    assert again.sources == 1 and again.fetched == 0
    feed_request = [h for p, h in site.requests[n:] if p == "/feed.rss"][-1]
    assert feed_request.get("If-None-Match") == '"rss-1"'
    assert site.hits["/de/regierung-klima.html"] == page_hits


def test_malformed_and_failing_sources_are_one_line_each(site, settings, tmp_path):
    db = tmp_path / "news.db"
    with Archive(db) as archive:
        add_source(archive, site.url("/malformed.rss"), kind="feed")
        add_source(archive, site.url("/500"))
        add_source(archive, site.url("/loop-a"))
    lines: list[str] = []
    report = _pass(db, settings, lines)
    assert report.sources == 3 and report.stored == 0
    text = "\n".join(lines)
    assert "/malformed.rss: malformed feed" in text
    assert "/500: HTTP 500" in text
    assert "redirect loop" in text
    with Archive(db) as archive:
        errors = {s.url.rsplit("/", 1)[1]: s.last_error for s in list_sources(archive)}
    assert all(errors.values())


def test_urls_left_for_later_are_not_hidden_by_a_304(site, settings, tmp_path):
    db = tmp_path / "news.db"
    settings.alerts.max_new_per_source = 1
    with Archive(db) as archive:
        add_source(archive, site.url("/feed.rss"))
    lines: list[str] = []
    first = _pass(db, settings, lines)
    assert first.stored == 1 and not any("robots.txt" in line for line in lines)
    with Archive(db) as archive:
        assert Monitor.of(archive).validators(site.url("/feed.rss")) == (None, None)  # one URL still open
        archive.conn.execute("UPDATE monitor_sources SET next_due = 0")
    _pass(db, settings, lines)
    assert any("/private/secret.html" in line and "robots.txt" in line for line in lines)
    with Archive(db) as archive:
        assert Monitor.of(archive).validators(site.url("/feed.rss"))[0] == '"rss-1"'
