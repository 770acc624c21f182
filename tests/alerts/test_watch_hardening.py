"""Issue 13: one bad source must never stop monitoring. Whatever a feed does to its parser (a
feedparser KeyError, a RecursionError from deep JSON, …) is that source's failure: recorded in
``sources list``, counted, backed off, and every other source is still polled."""

from __future__ import annotations

import time

from lagebild.alerts.rules import add_source, list_sources
from lagebild.archive.monitor import Monitor
from lagebild.archive.sqlite import Archive
from lagebild.settings import Settings
from lagebild.watch import Watcher

# tag soup that made feedparser raise KeyError('links') in the red-team run, and deep JSON
BAD_FEEDS = {
    "/soup.rss": b"<channel<item<link</item</link>",
    "/deep.json": b'{"items":' + b"[" * 100_000,
    "/soup2.rss": b"<rss><channel<item><link<item<link></channel>",
}


def _settings(fetch_settings) -> Settings:
    s = Settings(fetch=fetch_settings)
    s.enrich.pipeline = ()
    return s


def _watch(db, settings, lines, **kw):
    with Archive(db) as archive:
        watcher = Watcher(archive, settings, log=lines.append, **kw)
        try:
            return watcher.run(once=True)
        finally:
            watcher.close()


def test_bad_feeds_are_failures_of_their_source_and_the_pass_goes_on(site, fetch_settings, tmp_path):
    for path, body in BAD_FEEDS.items():
        site.routes[path] = (200, {"Content-Type": "application/rss+xml"}, body)
    db = tmp_path / "news.db"
    with Archive(db) as archive:
        for path in BAD_FEEDS:
            add_source(archive, site.url(path), every="60s")
        add_source(archive, site.url("/feed.atom"), every="60s")  # a good one after the bad ones
    lines: list[str] = []
    report = _watch(db, _settings(fetch_settings), lines, allow_private=True)
    assert report.sources == 4 and report.stored == 1, lines
    assert report.failed == len(BAD_FEEDS)
    assert all("\n" not in line and "Traceback" not in line for line in lines)
    for path in BAD_FEEDS:
        assert any(line.startswith(site.url(path)) and "malformed" in line for line in lines), (path, lines)
    with Archive(db) as archive:
        by_url = {s.url: s for s in list_sources(archive)}
    for path in BAD_FEEDS:
        source = by_url[site.url(path)]
        assert source.last_error and source.failures == 1 and source.last_polled
    assert by_url[site.url("/feed.atom")].last_error is None


def test_a_failing_source_backs_off_and_recovers(tmp_path):
    with Archive(tmp_path / "a.db") as archive:
        add_source(archive, "http://example.invalid/feed", every="10s")
        monitor = Monitor.of(archive)
        now = time.time()
        waits = []
        for _ in range(9):
            (source,) = monitor.sources()
            monitor.polled(source, kind=None, error="malformed feed", now=now)
            waits.append(monitor.sources()[0].next_due - now)
        assert waits[:4] == [10, 20, 40, 80] and waits[-1] == 640  # doubles, capped at 64x
        (source,) = monitor.sources()
        monitor.polled(source, kind="feed", error=None, now=now)
        (source,) = monitor.sources()
        assert (source.failures, source.last_error, source.next_due - now) == (0, None, 10)


def test_a_refused_private_source_counts_as_failed(site, fetch_settings, tmp_path):
    db = tmp_path / "news.db"
    with Archive(db) as archive:
        add_source(archive, site.url("/feed.atom"), every="60s")
    settings = _settings(fetch_settings)
    settings.fetch.allow_private = False
    lines: list[str] = []
    report = _watch(db, settings, lines)
    assert report.failed == 1 and "non-public" in lines[0], lines


def test_slow_headers_are_cut_off_by_one_overall_deadline(site, fetch_settings):
    """A server that sends its status line and then one header byte every 50 ms never trips a
    per-read timeout; the request's overall deadline ends it. (It completes after ~6 s, so without
    the deadline the fetch succeeds and the test fails rather than hangs.)"""
    import dataclasses

    import pytest

    from lagebild.errors import TransientFetchError
    from lagebild.sources.fetch import Fetcher

    def dribble(h):
        h.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Slow: ")
        try:
            for _ in range(120):
                h.wfile.write(b"a")
                h.wfile.flush()
                time.sleep(0.05)
            h.wfile.write(b"\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
        except (BrokenPipeError, ConnectionResetError):
            pass
        h.close_connection = True
        return 200, {}, None

    site.routes["/dribble"] = dribble
    settings = dataclasses.replace(fetch_settings, timeout=0.5, deadline=1.0, retries=0)
    with Fetcher(settings) as fetcher:
        with pytest.raises(TransientFetchError, match="no complete response within 1 s"):
            fetcher.fetch(site.url("/dribble"))
        assert fetcher.fetch(site.url("/feed.atom")).status == 200  # the next request has its own deadline
