"""The REST API: search with the shared query language, details, entities, alerts, sources, ingest."""

from __future__ import annotations

import http.server
import threading
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient

from lagebild.settings import EnrichSettings, Settings
from lagebild.web import create_app


@pytest.fixture
def writer(fresh_db):
    path, ids = fresh_db
    settings = Settings(enrich=EnrichSettings(ner="off"))
    with TestClient(create_app(path, settings=settings)) as c:
        c.ids = ids
        yield c


def test_health_and_openapi(client):
    assert client.get("/api/health").json() == {"status": "ok", "articles": 26, "archive": "web.db"}
    spec = client.get("/api/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/articles", "/api/articles/{article_id}", "/api/entities", "/api/entities/{entity_id}",
            "/api/alerts", "/api/alerts/{name}", "/api/alerts/{name}/test", "/api/sources",
            "/api/sources/{source_id}", "/api/ingest", "/api/health"} <= paths
    assert not any(p.startswith("/articles") or p == "/" for p in paths)  # the dashboard is not API
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and docs.text.count('class="panel endpoint"') == sum(map(len, spec["paths"].values()))
    assert "<code>/api/articles/{article_id}</code>" in docs.text and "Token</span>" in docs.text


def test_articles_newest_first_with_total_and_pages(client):
    first = client.get("/api/articles", params={"limit": 10}).json()
    assert first["total"] == 26 and first["limit"] == 10 and len(first["items"]) == 10
    published = [h["published"] for h in first["items"]]
    assert published[0].startswith("2026-10-03")  # the newest
    rest = client.get("/api/articles", params={"limit": 10, "offset": 20}).json()
    assert len(rest["items"]) == 6
    seen = {h["id"] for h in first["items"]} | {h["id"] for h in rest["items"]}
    assert len(seen) == 16


def test_articles_query_language_and_filters(client):
    hits = client.get("/api/articles", params={"q": "Zinsen OR rates"}).json()
    assert {h["title"] for h in hits["items"]} == {"EZB hält die Zinsen stabil", "ECB holds rates as inflation cools"}
    assert "[" in hits["items"][0]["snippet"]  # matched words marked
    de = client.get("/api/articles", params={"q": "Zinsen OR rates", "lang": "en"}).json()
    assert [h["language"] for h in de["items"]] == ["en"] and de["total"] == 1
    flood = client.get("/api/articles", params={"q": "Hochwasser -Lagebericht", "section": "Politik"}).json()
    assert [h["title"] for h in flood["items"]] == ["Oder-Hochwasser: Deutsch-polnisches Lagezentrum geplant"]
    by_entity = client.get("/api/articles", params={"entity": "Christine Lagarde"}).json()
    assert by_entity["total"] == 2
    in_query = client.get("/api/articles", params={"q": 'entity:"PER:christine-lagarde" lang:de'}).json()
    assert in_query["total"] == 1
    window = client.get("/api/articles",
                        params={"since": "2026-10-01", "until": "2026-10-02", "source": "finanzblick.de"})
    assert window.json()["total"] == 1


def test_articles_facets(client):
    body = client.get("/api/articles", params={"q": "Oder", "facets": "true", "section": "Politik"}).json()
    facets = body["facets"]
    sections = {f["value"]: f["count"] for f in facets["section"]}
    assert sections["Politik"] == body["total"] and sections["Panorama"] > 0  # own filter left out
    assert {f["value"] for f in facets["language"]} == {"de"}
    assert sum(f["count"] for f in facets["month"]) == body["total"]


def test_bad_query_is_one_line_400(client):
    r = client.get("/api/articles", params={"q": 'Oder AND ("Polen'})
    assert r.status_code == 400 and r.json() == {"error": "position 10: unclosed quote"}
    r = client.get("/api/articles", params={"since": "gestern"})
    assert r.status_code == 400 and "gestern" in r.json()["error"] and "\n" not in r.json()["error"]
    r = client.get("/api/articles", params={"limit": 0})
    assert r.status_code == 422 and r.json()["error"].startswith("limit:")


def test_article_detail(client, web_db):
    ids = web_db[1]
    a = client.get(f"/api/articles/{ids['flood']}").json()
    assert a["title"].startswith("Oder-Hochwasser") and a["section"] == "Politik"
    assert {e["id"] for e in a["entities"]} >= {"LOC:oder", "PER:dietmar-wendland", "ORG:thw"}
    assert a["quotes"][0]["speaker"] == "Dietmar Wendland"
    assert [r["title"] for r in a["related"]][0] == "Pegelstände an der Oder im Überblick"  # the page's teasers
    assert a["related_articles"] and all(r["id"] != ids["flood"] for r in a["related_articles"])
    m = a["mentions"][0]
    assert a["text"][m["start"]:m["end"]] == m["text"]


@pytest.mark.parametrize("url", ["/api/articles/9999", "/api/entities/PER:nobody", "/api/alerts/none/test",
                                 "/api/nothing"])
def test_unknown_is_404(client, url):
    r = client.get(url)
    assert r.status_code == 404 and set(r.json()) == {"error"}


@pytest.mark.parametrize("url", ["/api/articles/99999999999999999999", "/api/articles/0", "/api/articles/x",
                                 "/api/articles?offset=99999999999999999999", "/articles/99999999999999999999"])
def test_out_of_range_ids_are_422_not_500(client, url):
    assert client.get(url).status_code == 422


def test_entities(client):
    top = client.get("/api/entities", params={"limit": 3}).json()
    assert {e["id"] for e in top} == {"LOC:PL", "LOC:oder", "ORG:thw"}  # 23 articles each
    assert top[0]["articles"] == 23 and top[0]["mentions"] == 46  # ties broken by mentions
    people = client.get("/api/entities", params={"type": "PER"}).json()
    assert people and {e["type"] for e in people} == {"PER"}
    early = client.get("/api/entities", params={"type": "ORG", "until": "2026-09-30"}).json()
    assert [e["id"] for e in early] == ["ORG:thw"]
    assert client.get("/api/entities", params={"type": "FOO"}).status_code == 422
    named = {e["id"]: e["name"] for e in client.get("/api/entities", params={"limit": 3, "lang": "de"}).json()}
    assert set(named) == {e["id"] for e in top}  # the reader's language changes names, never ids
    assert named["LOC:PL"] == "Polen"
    assert client.get("/api/entities/LOC:PL", params={"lang": "de"}).json()["entity"]["name"] == "Polen"


def test_entity_detail(client):
    e = client.get("/api/entities/LOC:oder").json()
    assert e["entity"]["name"] == "Oder" and e["articles"] == 23
    assert sum(d["mentions"] for d in e["timeline"]) == e["mentions"]
    assert e["timeline"] == sorted(e["timeline"], key=lambda d: d["day"])
    assert {"LOC:PL", "ORG:thw"} <= {o["id"] for o in e["cooccurring"]}
    by_name = client.get("/api/entities/Lagarde").json()
    assert by_name["entity"]["id"] == "PER:christine-lagarde"


def test_alerts_create_list_test_delete(writer, tmp_path):
    body = {"name": "zinsen", "query": "Zinsen OR rates", "channel": "atom", "target": "z"}
    r = writer.post("/api/alerts", json=body)
    assert r.status_code == 201 and r.json()["secret"]  # shown once
    listed = writer.get("/api/alerts").json()
    assert [a["name"] for a in listed] == ["zinsen"] and "secret" not in listed[0]
    tested = writer.get("/api/alerts/zinsen/test").json()
    assert tested["total"] == 2 and len(tested["items"]) == 2
    again = writer.post("/api/alerts", json=body)
    assert again.status_code == 400 and "exists" in again.json()["error"]
    bad = writer.post("/api/alerts", json={**body, "name": "x", "query": "(Zinsen"})
    assert bad.status_code == 400 and bad.json()["error"].startswith("position")
    assert writer.delete("/api/alerts/zinsen").json() == {"deleted": "zinsen"}
    assert writer.delete("/api/alerts/zinsen").status_code == 404
    assert writer.get("/api/alerts").json() == []


def test_sources_create_list_delete(writer):
    r = writer.post("/api/sources", json={"url": "https://www.example.org/feed.xml", "every": "15m"})
    assert r.status_code == 201
    source = r.json()
    assert source["every"] == 900 and source["url"].startswith("https://")
    assert [s["id"] for s in writer.get("/api/sources").json()] == [source["id"]]
    assert writer.post("/api/sources", json={"url": "https://www.example.org/feed.xml"}).status_code == 400
    assert writer.post("/api/sources", json={"url": "https://a.example/x", "every": "soon"}).status_code == 400
    assert writer.delete(f"/api/sources/{source['id']}").status_code == 200
    assert writer.delete(f"/api/sources/{source['id']}").status_code == 404


PAGE = """<!doctype html><html lang="de"><head><title>Neue Deiche an der Oder | Oderbote</title>
<meta property="og:title" content="Neue Deiche an der Oder"><meta name="author" content="Jana Richter">
<meta property="article:published_time" content="2026-10-05T09:00:00+02:00"></head><body><article>
<h1>Neue Deiche an der Oder</h1>
<p>Brandenburg will die Deiche an der Oder bis zum Frühjahr erhöhen. Das Land stellt dafür vierzig Millionen Euro bereit.</p>
<p>Die Arbeiten sollen im November beginnen, sagte ein Sprecher des Umweltministeriums in Potsdam am Montag.</p>
<p>Anwohner in Frankfurt hatten nach dem Hochwasser im September schnellere Hilfe gefordert und begrüßen den Plan.</p>
</article></body></html>"""


def test_ingest_html_then_duplicate(writer):
    r = writer.post("/api/ingest", json={"html": PAGE, "url": "https://www.oderbote.de/deiche.html"})
    assert r.status_code == 201, r.text
    stored = r.json()
    assert stored["status"] == "stored" and "Deiche" in stored["title"]
    assert writer.get(f"/api/articles/{stored['id']}").json()["url"] == "https://www.oderbote.de/deiche.html"
    assert writer.get("/api/articles", params={"q": "Umweltministerium"}).json()["total"] == 1
    again = writer.post("/api/ingest", json={"html": PAGE, "url": "https://www.oderbote.de/deiche.html"}).json()
    assert again == {**stored, "status": "duplicate"}


def test_ingest_scraped_text(writer):
    text = ("Neue Fähre auf dem Rhein\n\nBingen, 3. Oktober 2026\n\n"
            "Die erste Wasserstoff-Fähre verkehrt seit Samstag zwischen Bingen und Rüdesheim auf dem Rhein. "
            "Das vierzig Meter lange Schiff wird von zwei Brennstoffzellen angetrieben.\n\n"
            "Die Betreiber rechnen mit einer halben Million Fahrgästen im ersten Jahr, sagte ein Sprecher am Samstag.")
    r = writer.post("/api/ingest", json={"text": text})  # under 50 words: no article, not stored (as `ingest`)
    assert r.status_code == 201 and r.json()["status"] == "skipped" and r.json()["id"] is None, r.text
    text += ("\n\nDer Fahrplan sieht im Sommer alle zwanzig Minuten eine Abfahrt vor, im Winter jede halbe Stunde. "
             "Fahrräder werden kostenlos mitgenommen, wie die Stadt Bingen am Samstag mitteilte.")
    r = writer.post("/api/ingest", json={"text": text})
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "stored" and r.json()["url"] is None
    assert "Brennstoffzellen" in writer.get(f"/api/articles/{r.json()['id']}").json()["text"]


def test_ingest_refuses_nothing_both_and_private(writer):
    assert writer.post("/api/ingest", json={}).json() == {"error": "give html, text or a url to fetch"}
    assert writer.post("/api/ingest", json={"html": "<p>x</p>", "text": "x"}).status_code == 400
    r = writer.post("/api/ingest", json={"url": "http://127.0.0.1:9/page.html"})
    assert r.status_code == 422 and "non-public address" in r.json()["error"]
    r = writer.post("/api/ingest", json={"url": "file:///etc/passwd"})
    assert r.status_code == 422 and "http(s)" in r.json()["error"]
    r = writer.post("/api/ingest", content=b'{"html": "<p>x</p>"}', headers={"content-type": "text/plain"})
    assert r.status_code == 422  # JSON only when it says so (no form-post CSRF on the API)


@contextmanager
def _page_server(body: bytes):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            if self.path == "/robots.txt":
                self.send_response(404)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_ingest_url_fetches_when_private_allowed(fresh_db):
    settings = Settings(enrich=EnrichSettings(ner="off"))
    with _page_server(PAGE.encode()) as base, \
            TestClient(create_app(fresh_db[0], allow_private=True, settings=settings)) as c:
        r = c.post("/api/ingest", json={"url": f"{base}/deiche.html"})
        assert r.status_code == 201, r.text
        assert r.json()["url"] == f"{base}/deiche.html" and r.json()["status"] == "stored"
