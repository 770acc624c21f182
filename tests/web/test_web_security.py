"""Untrusted article data stays inert on every page and in every API response; writes need the
token (when there is one), forms need their CSRF token, and headers lock the pages down."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import webcorpus
from lagebild.web import create_app
from lagebild.web.render import entity_href
from lagebild.web.security import LOOPBACK_NAMES, check_bind
from lagebild.errors import LagebildError

# the tags our templates write; anything else in a page came from article data
OUR_TAGS = {
    "html", "head", "meta", "title", "link", "script", "body", "header", "div", "a", "span", "nav", "form", "input",
    "button", "main", "footer", "aside", "details", "summary", "h1", "h2", "h3", "label", "section", "ul", "li",
    "article", "time", "p", "mark", "figure", "blockquote", "figcaption", "dl", "dt", "dd", "code", "strong",
    "svg", "rect", "line", "text", "table", "thead", "tbody", "tr", "th", "td", "select", "option", "pre",
    "ol", "circle", "polyline",
}
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "data"}
HOSTILE_BITS = ["alert(", "onerror", "<script", "javascript:", "onload", "onmouseover"]


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        if tag not in OUR_TAGS:
            self.problems.append(f"foreign tag <{tag}>")
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name.startswith("on") or name in ("style", "srcdoc"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in URL_ATTRS and value is not None:
                scheme = urlsplit(value.strip()).scheme.lower()
                if scheme not in ("", "http", "https"):
                    self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            if attrs.get("src") != "/static/app.js":
                self.problems.append(f"script {attrs}")
            self.in_script = True
        if tag == "svg" and not {"chart", "mbar"} & set((attrs.get("class") or "").split()):
            self.problems.append("foreign <svg>")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and data.strip():
            self.problems.append("inline script")


def assert_inert(html: str) -> None:
    audit = _Audit()
    audit.feed(html)
    assert audit.problems == []


def _pages(ids: dict[str, int]) -> list[str]:
    return [
        "/", "/?q=Titel", "/?q=Sektion", "/?q=%3Cscript%3E", f"/?section=Sektion{webcorpus.XSS}",
        "/?q=%3Cscript%3E%28", f"/?entity={webcorpus.XSS_ENTITY.id}", f"/articles/{ids['hostile']}",
        f"/articles/{ids['flood']}", "/entities", "/entities?type=PER", entity_href(webcorpus.XSS_ENTITY.id),
        "/entities/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/alerts?q=Titel", "/alerts?q=%3Cimg%20src%3Dx%3E(",
        "/alerts?test=%3Cscript%3E", "/login", f"/articles/{ids['hostile']}9999", "/api/docs",
    ]


def test_every_page_renders_hostile_data_inert(client, web_db):
    for url in _pages(web_db[1]):
        r = client.get(url)
        assert r.status_code in (200, 400, 404), url
        assert r.headers["content-type"].startswith("text/html")
        assert_inert(r.text)


def _analysis_pages(client, ids: dict[str, int]) -> list[str]:
    """The stories, trends, quotes and network pages with hostile data and hostile parameters."""
    story = client.get(f"/api/articles/{ids['hostile']}", params={"related": 0}).json()["story_id"]
    xss = webcorpus.XSS
    return [
        "/stories", "/stories?window=all&sort=size", f"/stories?q={xss}", "/stories?q=%3Cscript%3E(",
        f"/stories?window={xss}&sort={xss}", f"/stories/{story}", f"/stories/{story}?since={xss}",
        f"/trends?q={xss}&q=Titel", "/trends?q=%3Cimg%20src%3Dx%3E(", f"/trends?q=Titel&unit={xss}",
        "/quotes", "/quotes?text=Zitat", f"/quotes?speaker={xss}", f"/quotes?about={webcorpus.XSS_ENTITY.id}",
        f"/quotes?speaker={webcorpus.XSS_ENTITY.id}", "/quotes?q=%3Cscript%3E(", f"/network?q=Titel",
        f"/network?story={story}", f"/network?q={xss}", "/network?q=(%3Cb%3E", f"/?q=Titel&since={xss}",
        f"/articles/{ids['hostile']}", f"/articles/{ids['copy']}", f"/?tz={xss}", f"/stories/{story}?tz={xss}",
        f"/entities?since={xss}&tz=Europe/Berlin", f"/quotes?until={xss}", f"/articles/{ids['hostile']}?tz={xss}",
        f"/network?since=7d&tz={xss}",
    ]


def test_analysis_pages_render_hostile_data_inert(story_client, story_db):
    for url in _analysis_pages(story_client, story_db[1]):
        r = story_client.get(url)
        assert r.status_code in (200, 400, 404, 422), url
        assert r.headers["content-type"].startswith("text/html"), url
        assert_inert(r.text)
    network = story_client.get("/network", params={"q": "Titel"}).text  # the hostile entity is a node
    assert "&lt;script&gt;alert(&#34;name&#34;)" in network and "<b onmouseover" not in network


def test_analysis_api_returns_hostile_data_verbatim_as_json(story_client, story_db):
    xss = webcorpus.XSS
    for url in ["/api/stories?window=all", f"/api/stories?q={xss}", "/api/quotes?text=Zitat",
                f"/api/quotes?speaker={xss}", f"/api/trends?q={xss}", "/api/network?q=Titel",
                f"/api/export?q={xss}", f"/api/trends?tz={xss}", f"/api/stories?since={xss}"]:
        r = story_client.get(url)
        assert r.status_code in (200, 400), url
        assert r.headers["x-content-type-options"] == "nosniff", url
        assert "default-src 'self'" in r.headers["content-security-policy"], url
    quote = story_client.get("/api/quotes", params={"text": "Zitat"}).json()["items"][0]
    assert quote["text"] == f"Zitat {xss}" and quote["speaker"] == f"Sprecher {xss}"
    graph = story_client.get("/api/network", params={"q": "Titel"}).json()
    assert webcorpus.XSS_ENTITY.name in {n["name"] for n in graph["nodes"]}
    assert story_client.get("/api/trends", params={"q": xss}).json()["series"][0]["query"] == xss
    export = story_client.get("/api/export", params={"format": "csv", "q": "Titel"})
    assert export.headers["content-type"].startswith("text/csv") and "attachment" in export.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(export.text)))
    assert [r["title"] for r in rows] == [f"Titel {xss}"]  # data, as a download: never rendered as a page


def test_hostile_article_is_shown_escaped(client, web_db):
    html = client.get(f"/articles/{web_db[1]['hostile']}").text
    assert "Titel &lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;svg/onload=alert(6)&gt;" in html  # an author
    assert "Sprecher &lt;script&gt;" in html and "&lt;img src=y onerror=alert(10)&gt;" in html  # quotes
    assert "Anreißer &lt;script&gt;" in html  # a teaser
    assert 'href="https://example.org/ok?a=1&amp;b=&lt;2&gt;"' in html  # http(s) links survive, escaped
    for label in ("Data-Link", "Versteckt", "Tab"):  # other schemes are text, not links
        assert re.search(rf"<span class=\"t\">{label}</span>", html), label
    assert "Original öffnen" not in html  # the article's own javascript: URL is not a link
    # the hostile entity: its mention is a link to its (escaped) page, its name escaped text
    assert f'href="{entity_href(webcorpus.XSS_ENTITY.id)}"' in html
    assert "%22%3E%3Cscript%3E" in entity_href(webcorpus.XSS_ENTITY.id)


def test_search_snippet_marks_only_matched_words(client):
    hits = re.findall(r"<mark>(.*?)</mark>", client.get("/", params={"q": "Pegel"}).text)
    assert hits and all(h.lower().startswith("pegel") for h in hits)


def test_api_returns_hostile_data_verbatim_as_json(client, web_db):
    hostile = web_db[1]["hostile"]
    for url in [f"/api/articles/{hostile}", "/api/articles?q=Titel", "/api/entities?type=PER",
                f"/api{entity_href(webcorpus.XSS_ENTITY.id)}"]:
        r = client.get(url)
        assert r.status_code == 200, url
        assert r.headers["content-type"] == "application/json"
        assert r.headers["x-content-type-options"] == "nosniff"
        assert "default-src 'self'" in r.headers["content-security-policy"]
    article = client.get(f"/api/articles/{hostile}").json()
    assert article["title"] == f"Titel {webcorpus.XSS}"  # data, unchanged: clients escape where they show it
    assert article["related"][0]["url"] == webcorpus.XSS_URL
    entity = client.get(f"/api{entity_href(webcorpus.XSS_ENTITY.id)}").json()
    assert entity["entity"]["name"] == webcorpus.XSS_ENTITY.name
    error = client.get("/api/entities/%3Cscript%3E")
    assert error.status_code == 404 and error.headers["content-type"] == "application/json"


@pytest.mark.parametrize("url", ["/", "/articles/1", "/api/health", "/static/style.css", "/nowhere", "/api/nowhere"])
def test_security_headers_everywhere(client, url):
    h = client.get(url).headers
    csp = h["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert h["x-content-type-options"] == "nosniff"
    assert h["referrer-policy"] == "same-origin"


def test_no_inline_script_or_cdn_in_templates():
    from lagebild.web.app import HERE

    for path in (HERE / "templates").glob("*.html"):
        text = path.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=\"/static/)", text), path.name
        assert "|safe" not in text and not re.search(r"(src|href|action)=\"(https?:)?//", text), path.name  # no CDN
        assert not re.search(r"\sstyle=|\son\w+=", text), path.name


# ---------------------------------------------------------------- the write token

def test_non_loopback_needs_a_token():
    with pytest.raises(LagebildError, match="--token"):
        check_bind("0.0.0.0", None)
    with pytest.raises(LagebildError):
        check_bind("192.168.1.20", "")
    check_bind("0.0.0.0", "s3cret")
    for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2"):
        check_bind(host, None)


def test_serve_refuses_public_host_without_token(tmp_path):
    from lagebild.cli import app

    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "--token" in result.output
    assert not (tmp_path / "x.db").exists()


@pytest.fixture
def guarded(fresh_db):
    with TestClient(create_app(fresh_db[0], token="s3cret")) as c:
        yield c


def test_api_writes_need_the_bearer_token(guarded, tmp_path):
    alert = {"name": "a1", "query": "Oder", "channel": "atom", "target": "a"}
    r = guarded.post("/api/alerts", json=alert)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert guarded.post("/api/alerts", json=alert, headers={"Authorization": "Bearer nope"}).status_code == 401
    assert guarded.post("/api/ingest", json={"text": "x"}).status_code == 401
    assert guarded.post("/api/sources", json={"url": "https://a.example/feed"}).status_code == 401
    ok = {"Authorization": "Bearer s3cret"}
    assert guarded.post("/api/alerts", json=alert, headers=ok).status_code == 201
    assert guarded.get("/api/alerts").status_code == 200  # reads stay open
    assert guarded.delete("/api/alerts/a1").status_code == 401
    assert guarded.delete("/api/alerts/a1", headers=ok).status_code == 200


def test_api_write_from_another_origin_is_refused(fresh_db, tmp_path):
    with TestClient(create_app(fresh_db[0])) as c:
        alert = {"name": "a1", "query": "Oder", "channel": "atom", "target": "a"}
        r = c.post("/api/alerts", json=alert, headers={"Origin": "https://evil.example"})
        assert r.status_code == 403
        assert c.post("/api/alerts", json=alert, headers={"Origin": "http://testserver"}).status_code == 201


def test_loopback_server_answers_loopback_names_only(fresh_db):
    with TestClient(create_app(fresh_db[0], allowed_hosts=LOOPBACK_NAMES)) as c:
        assert c.get("/api/health", headers={"Host": "127.0.0.1:8000"}).status_code == 200
        assert c.get("/api/health", headers={"Host": "localhost"}).status_code == 200
        r = c.get("/api/health", headers={"Host": "rebound.evil.example"})
        assert r.status_code == 421 and "content-security-policy" in r.headers


# ---------------------------------------------------------------- dashboard forms

def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def test_alert_form_needs_csrf_and_same_origin(fresh_db, tmp_path):
    with TestClient(create_app(fresh_db[0])) as c:
        page = c.get("/alerts")
        token = _csrf(page.text)
        assert page.cookies.get("lb_csrf") == token
        form = {"name": "oder", "query": "Oder -Lagebericht", "channel": "atom", "target": "o"}
        assert c.post("/alerts", data=form).status_code == 403  # no token
        assert c.post("/alerts", data={**form, "csrf": "x" * 43}).status_code == 403
        r = c.post("/alerts", data={**form, "csrf": token}, headers={"Origin": "https://evil.example"})
        assert r.status_code == 403 and "<h1>Nicht erlaubt</h1>" in r.text
        r = c.post("/alerts", data={**form, "csrf": token}, headers={"Origin": "http://testserver"},
                   follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/alerts?test=oder"
        shown = c.get(r.headers["location"]).text
        assert "Treffer von „oder“" in shown and "Oder-Hochwasser" in shown
        bad = c.post("/alerts", data={**form, "name": "x y", "csrf": token})
        assert bad.status_code == 400 and "alert name" in bad.text
        assert c.post("/alerts/oder/delete", data={}).status_code == 403
        assert c.post("/alerts/oder/delete", data={"csrf": token}, follow_redirects=False).status_code == 303
        assert c.get("/api/alerts").json() == []


def test_dashboard_writes_need_a_session_when_the_server_has_a_token(guarded, tmp_path):
    page = guarded.get("/alerts").text
    assert 'href="/login"' in page and 'action="/alerts" method="post"' not in page
    token = _csrf(guarded.get("/login").text)
    form = {"name": "oder", "query": "Oder", "channel": "atom", "target": "o", "csrf": token}
    assert guarded.post("/alerts", data=form).status_code == 401
    assert guarded.post("/login", data={"token": "wrong", "csrf": token}).status_code == 401
    r = guarded.post("/login", data={"token": "s3cret", "csrf": token}, follow_redirects=False)
    assert r.status_code == 303 and "s3cret" not in r.headers["set-cookie"]
    assert "httponly" in r.headers["set-cookie"].lower() and "samesite=strict" in r.headers["set-cookie"].lower()
    assert guarded.post("/alerts", data=form, follow_redirects=False).status_code == 303
    assert guarded.post("/api/alerts", json={**form, "name": "two"}).status_code == 401  # the API wants the bearer


def test_alert_destinations_are_redacted_for_readers_without_the_token(guarded):
    ok = {"Authorization": "Bearer s3cret"}
    hook = {"name": "hook", "query": "Oder", "channel": "webhook", "target": "https://hooks.example/T0/B0/secretpart"}
    assert guarded.post("/api/alerts", json=hook, headers=ok).status_code == 201
    assert guarded.get("/api/alerts").json()[0]["target"] == "https://hooks.example/…"
    assert guarded.get("/api/alerts", headers=ok).json()[0]["target"] == hook["target"]
    assert guarded.get("/api/alerts/hook/test").json()["alert"]["target"] == "https://hooks.example/…"
    page = guarded.get("/alerts").text
    assert "secretpart" not in page and "https://hooks.example/…" in page


def test_oversized_request_body_is_refused(client):
    r = client.post("/api/ingest", content=b"{}", headers={"content-type": "application/json",
                                                           "content-length": str(64 * 2**20)})
    assert r.status_code == 413 and "MiB" in r.json()["error"]


def test_source_forms_on_the_alerts_page(fresh_db):
    with TestClient(create_app(fresh_db[0])) as c:
        token = _csrf(c.get("/alerts").text)
        form = {"url": "https://www.example.org/feed.xml", "every": "5m"}
        assert c.post("/sources", data=form).status_code == 403
        r = c.post("/sources", data={**form, "csrf": token}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/alerts#sources"
        page = c.get("/alerts").text
        assert 'href="https://www.example.org/feed.xml"' in page and "alle 300 s" in page
        bad = c.post("/sources", data={"url": "https://a.example/x", "every": "bald", "csrf": token})
        assert bad.status_code == 400 and "no interval" in bad.text
        source_id = c.get("/api/sources").json()[0]["id"]
        assert c.post(f"/sources/{source_id}/delete", data={"csrf": token}, follow_redirects=False).status_code == 303
        assert c.get("/api/sources").json() == []


def test_find_entity_by_any_spelling(client):
    r = client.get("/entities/find", params={"name": "Kowalska"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/entities/PER:anna-kowalska"
    missing = client.get("/entities/find", params={"name": "<script>alert(1)</script>"})
    assert missing.status_code == 404 and "Keine Entität „&lt;script&gt;" in missing.text
    assert_inert(missing.text)
