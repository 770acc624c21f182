"""Issue 13: bad input through every front end — the CLI, the HTTP API and the watch loop — costs
one failure line per bad input; the run goes on; the exit code says so; no traceback reaches the
user. Hypothesis builds the inputs: HTML with broken structure, JSONL lines of every wrong shape,
feeds of every wrong shape, and queries."""

from __future__ import annotations

import json

import httpx
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from lagebild.archive import Archive
from lagebild.settings import Settings
from lagebild.sources.fetch import Response

# bounded time: a fixed number of examples and no shrinking (a failure prints its example as found)
FUZZ = settings(max_examples=20, deadline=None, phases=(Phase.explicit, Phase.reuse, Phase.generate),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
TAGS = ["p", "font", "span", "a", "div", "table", "td", "li", "script", "article", "h1", "br", "svg", "template"]
WORDS = st.sampled_from(["Hafen", "Streik", "Regierung", "sagte", "am", "Montag", "in", "Berlin", "„", "“", "&"])


@st.composite
def broken_html(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 30))):
        tag = draw(st.sampled_from(TAGS))
        parts.append(draw(st.sampled_from([f"<{tag}>", f"</{tag}>", f"<{tag} href='/x'>", " ".join(draw(st.lists(WORDS, max_size=8)))])))
    return "".join(parts)


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                           max_leaves=8)
BAD_LINES = st.one_of(
    # valid JSON of the wrong shape (an object with "html" or "text" could be a usable page)
    JSON_VALUES.filter(lambda v: not (isinstance(v, dict) and {"html", "text"} & set(v))).map(json.dumps),
    st.text(max_size=40).filter(lambda t: t.strip() and "\n" not in t),  # not JSON at all (blank lines are skipped)
    st.integers(4400, 6000).map(lambda n: '{"html": "<p>x</p>", "n": ' + "7" * n + "}"),  # past int() limits
    st.integers(2000, 50_000).map(lambda n: '{"html": ' + "[" * n),  # deep nesting
    st.sampled_from(['{"html": 5}', '{"text": ""}', '{"url": 3, "html": "<p>a</p>"}', '{"html": "\\ud800"}']),
)
BAD_FEEDS = st.one_of(
    broken_html().map(lambda s: ("<rss><channel>" + s).encode()),
    st.binary(max_size=200),
    st.integers(1000, 100_000).map(lambda n: b'{"items":' + b"[" * n),
    JSON_VALUES.map(lambda v: json.dumps({"items": v}).encode()),
    st.sampled_from([b"<channel<item<link</item</link>", b"<urlset><url><loc>", b"\x1f\x8b\x08\x00garbage"]),
)
QUERIES = st.one_of(st.text(max_size=30), st.lists(st.sampled_from(
    ['"', "(", ")", "AND", "OR", "NOT", "-", "entity:", "section:", "source:", "lang:", "Hafen", "*", "\ud800", ":"]),
    max_size=8).map(" ".join))

GOOD = json.dumps({"url": "https://example.org/hafen", "html": (
    "<html><head><title>Streik im Hafen</title></head><body><article><h1>Streik im Hafen</h1>"
    + "".join(f"<p>Die Gewerkschaft rief am Montag zum Streik im Hafen auf, Absatz {i}, und die Reedereien "
              f"warnten vor langen Verzögerungen bei der Abfertigung der Schiffe.</p>" for i in range(5))
    + "</article></body></html>")})


def _quiet() -> Settings:
    s = Settings()
    s.enrich.pipeline = ()
    s.stories.embedder = "off"
    return s


@pytest.fixture(scope="module")
def archive_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz") / "news.db"
    Archive(path).close()
    return path


@FUZZ
@given(bad=st.lists(BAD_LINES, min_size=1, max_size=3), html=broken_html())
def test_cli_ingest_one_failure_line_per_bad_input(tmp_path_factory, archive_path, bad, html):
    from lagebild.cli import app

    folder = tmp_path_factory.mktemp("in")
    (folder / "lines.jsonl").write_text("\n".join([*bad, GOOD]) + "\n", encoding="utf-8", errors="surrogatepass")
    (folder / "page.html").write_text(html, encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(folder / "lines.jsonl"), str(folder / "page.html"), "--no-enrich",
                                      "--db", str(archive_path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    out = result.output
    assert "Traceback" not in out
    failed = [line for line in out.splitlines() if line.startswith("failed ")]
    summary = next(line for line in out.splitlines() if line.startswith("stored "))
    assert f"failed {len(failed)}" in summary  # one line per failure, each counted once
    assert len(failed) >= len(bad)  # every bad line failed (the fuzzed page may fail too)
    assert result.exit_code == (1 if failed else 0)


@FUZZ
@given(query=QUERIES)
def test_cli_and_api_search_never_crash(archive_path, query):
    from lagebild.cli import app
    from lagebild.web import create_app

    # after "--": a query starting with "-" is a query, not an option (click's usage box is not ours)
    result = CliRunner().invoke(app, ["search", "--db", str(archive_path), "--", query])
    assert result.exit_code in (0, 2) and (result.exception is None or isinstance(result.exception, SystemExit))
    if result.exit_code == 2:
        assert result.output.count("\n") == 1 and "error:" in result.output
    with TestClient(create_app(archive_path)) as client:
        r = client.get("/api/articles", params={"q": query.encode("utf-8", "replace").decode("utf-8")})
        assert r.status_code in (200, 400) and "content-security-policy" in r.headers
        r = client.post("/api/alerts", content=json.dumps({"name": "f", "query": query, "channel": "webhook",
                                                           "target": "https://example.org/h"}),
                        headers={"content-type": "application/json"})
        assert r.status_code in (201, 400, 409, 422), r.text
        if r.status_code == 201:
            client.delete("/api/alerts/f")


@FUZZ
@given(html=broken_html())
def test_api_ingest_never_answers_500(archive_path, html):
    from lagebild.web import create_app

    app = create_app(archive_path, settings=_quiet())
    with TestClient(app) as client:
        r = client.post("/api/ingest", json={"html": html, "url": "https://example.org/x"})
        assert r.status_code in (201, 400, 422), r.text
        assert "content-security-policy" in r.headers and "\n" not in r.json().get("error", "")


class FakeFetcher:
    """Serves one fuzzed feed and nothing else (no network)."""

    def __init__(self, body: bytes) -> None:
        self.body = body

    def fetch(self, url, *, etag=None, last_modified=None, accept=None) -> Response:
        return Response(url=url, status=200, content=self.body, headers=httpx.Headers({"content-type": "application/xml"}))

    def close(self) -> None:
        pass


@FUZZ
@given(body=BAD_FEEDS)
def test_watch_survives_any_feed(tmp_path_factory, body):
    from lagebild.alerts.rules import add_source
    from lagebild.watch import Watcher

    db = tmp_path_factory.mktemp("watch") / "w.db"
    with Archive(db) as archive:
        add_source(archive, "https://feeds.example.org/bad", every="60s")
        add_source(archive, "https://feeds.example.org/other", every="60s")
        lines: list[str] = []
        watcher = Watcher(archive, _quiet(), log=lines.append, fetcher=FakeFetcher(body))
        report = watcher.run(once=True)
        assert report.sources == 2  # the second source was polled whatever the first did
        assert all("\n" not in line and "Traceback" not in line for line in lines)
        assert report.failed >= len([s for s in archive_sources(archive) if s.last_error])


def archive_sources(archive):
    from lagebild.alerts.rules import list_sources

    return list_sources(archive)
