"""The analyst's views: stories, one story, trends, quotes, the network and the export, as pages and
as JSON, over the web corpus linked into stories by the story stage (``story_db``)."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

import webcorpus
from lagebild.web.render import entity_href


def _story_of(client, article_id: int) -> int:
    return client.get(f"/api/articles/{article_id}", params={"related": 0}).json()["story_id"]


# ---------------------------------------------------------------- stories

def test_api_stories_ranked_by_activity_with_names(story_client):
    found = story_client.get("/api/stories", params={"window": "all", "sort": "size"}).json()
    assert found["total"] == len(found["items"]) >= 4
    sizes = [s["size"] for s in found["items"]]
    assert sizes == sorted(sizes, reverse=True)
    biggest = found["items"][0]
    assert biggest["label"].startswith("Hochwasser-Lagebericht") and biggest["size"] >= 10
    assert {s["source"] for s in biggest["sources"]} == {"oderbote.de", "rheinkurier.de"}
    assert biggest["entities"][0]["name"] in {"Oder", "Technisches Hilfswerk", "Polen"}  # names, not ids
    assert all(":" not in e["name"] for e in biggest["entities"])


def test_api_stories_window_counts_recent_and_growth(story_client):
    week = story_client.get("/api/stories", params={"window": "7d"}).json()
    everything = story_client.get("/api/stories", params={"window": "all"}).json()
    assert week["window"]["days"] == 7 and week["window"]["end"].startswith("2026-10-03")  # the newest article
    assert 0 < week["total"] < everything["total"]  # September's flood stories are outside the last week
    for s in week["items"]:
        assert s["recent"] >= 1 and s["growth"] == s["recent"] - s["before"]
    assert [s["recent"] for s in week["items"]] == sorted((s["recent"] for s in week["items"]), reverse=True)


def test_api_stories_take_the_query_language_and_filters(story_client):
    found = story_client.get("/api/stories", params={"q": "Lagezentrum", "window": "all"}).json()
    assert [s["label"] for s in found["items"]] == ["Oder-Hochwasser: Deutsch-polnisches Lagezentrum geplant"]
    english = story_client.get("/api/stories", params={"window": "all", "lang": "en"}).json()
    assert english["items"] and all("en" in {x["language"] for x in s["languages"]} for s in english["items"])
    paged = story_client.get("/api/stories", params={"window": "all", "limit": 2, "offset": 2}).json()
    assert len(paged["items"]) == 2 and paged["offset"] == 2
    assert story_client.get("/api/stories", params={"q": "("}).status_code == 400
    assert story_client.get("/api/stories", params={"sort": "loudest"}).status_code == 422


def test_api_story_folds_the_second_outlets_copy(story_client, story_db):
    ids = story_db[1]
    sid = _story_of(story_client, ids["flood"])
    record = story_client.get(f"/api/stories/{sid}").json()
    assert record["size"] == 2 and record["total"] == 2
    assert len(record["groups"]) == 1
    group = record["groups"][0]
    assert group["article"]["id"] == ids["flood"] and [c["id"] for c in group["copies"]] == [ids["copy"]]
    assert group["outlets"] == 1  # grenzblatt.pl besides oderbote.de
    assert {s["source"] for s in record["sources"]} == {"oderbote.de", "grenzblatt.pl"}
    assert record["quotes"][0]["speaker_entity_id"] == "PER:dietmar-wendland"
    assert {e["name"] for e in record["entities"]} >= {"Oder", "Dietmar Wendland"}
    assert record["days"] == [{"day": "2026-09-14", "articles": 2}]
    assert story_client.get("/api/stories/999999").status_code == 404


def test_story_page_and_article_links(story_client, story_db):
    ids = story_db[1]
    sid = _story_of(story_client, ids["flood"])
    html = story_client.get(f"/stories/{sid}").text
    assert "auch veröffentlicht von 1 Medium" in html
    assert f'href="/articles/{ids["copy"]}"' in html and 'class="chart trend"' in html
    assert f'href="/network?story={sid}"' in html and entity_href("PER:dietmar-wendland") in html
    article = story_client.get(f"/articles/{ids['copy']}").text
    assert f'href="/stories/{sid}"' in article and "Auch veröffentlicht von 1 Medium" in article
    assert f'href="/articles/{ids["flood"]}"' in article and "Erstfassung" in article
    listing = story_client.get("/stories", params={"window": "all", "sort": "size"}).text
    assert "Hochwasser-Lagebericht Nummer 1" in listing and "LOC:oder" not in re.sub(r'href="[^"]*"', "", listing)


# ---------------------------------------------------------------- trends

def test_api_trends_compare_queries_per_day(story_client):
    data = story_client.get("/api/trends", params=[("q", "Oder"), ("q", "EZB OR ECB"), ("unit", "day")]).json()
    assert data["zone"] == "UTC" and data["unit"] == "day"
    assert len(data["series"]) == 2 and all(len(s["counts"]) == len(data["buckets"]) for s in data["series"])
    oder, rates = data["series"]
    assert rates["total"] == 2 and rates["counts"][data["buckets"].index("2026-10-02")] == 2
    total = story_client.get("/api/articles", params={"q": "Oder"}).json()["total"]
    assert oder["total"] == total  # a bar counts what the search finds
    weeks = story_client.get("/api/trends", params={"q": "Oder", "unit": "week"}).json()
    assert all(b >= "2026-09-07" for b in weeks["buckets"]) and sum(weeks["series"][0]["counts"]) == total
    full = story_client.get("/api/trends", params={"q": "Oder", "unit": "day"}).json()
    page = story_client.get("/api/trends", params={"q": "Oder", "unit": "day", "limit": 3, "offset": 1}).json()
    assert page["buckets"] == full["buckets"][-4:-1] and page["total"] == len(full["buckets"])
    assert page["series"][0]["counts"] == full["series"][0]["counts"][-4:-1]


def test_trends_page_and_search_chart_set_the_range(story_client):
    html = story_client.get("/trends", params=[("q", "Oder"), ("q", "Zinsen")]).text
    assert html.count('class="line s') == 2 and "Zeitzone UTC" in html
    search = story_client.get("/", params={"q": "Oder"}).text
    assert "<h3>Monat</h3>" not in search  # the month facet gave way to the chart
    links = re.findall(r'<a href="(/\?[^"]*since=2026-09-14[^"]*)" data-since="2026-09-14"', search)
    assert links and "until=2026-09-14" in links[0] and "q=Oder" in links[0]
    narrowed = story_client.get(links[0].replace("&amp;", "&")).text
    assert 'class="slot sel"' in narrowed and "Oder-Hochwasser" in narrowed


# ---------------------------------------------------------------- quotes and network

def test_api_quotes_by_speaker_entity_and_text(story_client):
    by_speaker = story_client.get("/api/quotes", params={"speaker": "Lagarde"}).json()
    assert by_speaker["total"] == 1 and by_speaker["items"][0]["text"] == "Wir bleiben wachsam."
    assert story_client.get("/api/quotes", params={"text": "wachsam"}).json()["total"] == 1
    assert story_client.get("/api/quotes", params={"text": "wachsam niemanden"}).json()["total"] == 0
    about = story_client.get("/api/quotes", params={"about": "Oder"}).json()
    assert {q["speaker_entity_id"] for q in about["items"]} == {"PER:dietmar-wendland"}
    assert story_client.get("/api/quotes", params={"q": "Zinsen", "lang": "de"}).json()["total"] == 1
    assert story_client.get("/api/quotes", params={"text": "100%_"}).json()["total"] == 0  # LIKE wildcards are literal


def test_quotes_page_links_the_speaker(story_client):
    html = story_client.get("/quotes", params={"speaker": "Wendland"}).text
    assert f'<a class="speaker" href="{entity_href("PER:dietmar-wendland")}">Dietmar Wendland</a>' in html
    assert "2 Zitate" in html  # the report and its copy by a second outlet


def test_network_of_a_query_and_of_a_story(story_client, story_db):
    graph = story_client.get("/api/network", params={"q": "Hochwasser"}).json()
    names = {n["id"]: n["name"] for n in graph["nodes"]}
    assert {"LOC:oder", "ORG:thw"} <= set(names)
    edge = next(e for e in graph["edges"] if {e["source"], e["target"]} == {"LOC:oder", "ORG:thw"})
    assert edge["weight"] >= 20
    sid = _story_of(story_client, story_db[1]["flood"])
    small = story_client.get("/api/network", params={"story": sid}).json()
    assert small["articles"] == 2 and "PER:dietmar-wendland" in {n["id"] for n in small["nodes"]}
    html = story_client.get("/network", params={"q": "Hochwasser"}).text
    assert 'class="chart network"' in html and f'href="{entity_href("LOC:oder")}"' in html
    assert story_client.get("/network", params={"story": 999999}).status_code == 404


def test_network_layout_is_deterministic():
    from lagebild.web.charts import layout

    nodes, edges = ["a", "b", "c", "d"], [("a", "b", 3), ("b", "c", 1), ("c", "d", 2)]
    first, again = layout(nodes, edges), layout(nodes, edges)
    assert first == again and all(0 <= x <= 1 and 0 <= y <= 1 for x, y in first.values())
    far = lambda p, q: (first[p][0] - first[q][0]) ** 2 + (first[p][1] - first[q][1]) ** 2  # noqa: E731
    assert far("a", "b") < far("a", "d")  # joined nodes sit closer than unjoined ones


# ---------------------------------------------------------------- export

def test_export_streams_jsonl_csv_and_parquet(story_client):
    r = story_client.get("/api/export", params={"q": "Oder", "format": "jsonl"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-ndjson")
    rows = [json.loads(line) for line in r.text.splitlines()]
    assert len(rows) == story_client.get("/api/articles", params={"q": "Oder"}).json()["total"]
    assert all("Oder" in (x["text"] + x["title"]) for x in rows)
    table = list(csv.DictReader(io.StringIO(story_client.get("/api/export", params={"format": "csv", "lang": "en"}).text)))
    assert {x["language"] for x in table} == {"en"} and len(table) == 2
    pq = pytest.importorskip("pyarrow.parquet")
    data = story_client.get("/api/export", params={"format": "parquet", "q": "Zinsen"}).content
    assert pq.read_table(io.BytesIO(data)).num_rows == 1
    assert story_client.get("/api/export", params={"q": "("}).status_code == 400
    assert story_client.get("/api/export", params={"format": "xml"}).status_code == 422


def test_openapi_lists_every_new_endpoint(story_client):
    paths = story_client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/stories", "/api/stories/{story_id}", "/api/quotes", "/api/trends", "/api/network", "/api/export"):
        assert path in paths, path
        names = {p["name"] for p in paths[path]["get"].get("parameters", [])}
        if path not in ("/api/stories/{story_id}",):
            assert {"since", "until", "lang", "source", "entity", "section"} <= names, path
    assert {"limit", "offset"} <= {p["name"] for p in paths["/api/stories"]["get"]["parameters"]}
    assert "/api/stories" in story_client.get("/api/docs").text


def test_hostile_story_label_quote_and_entity_stay_text(story_client, story_db):
    hostile = story_db[1]["hostile"]
    sid = _story_of(story_client, hostile)
    record = story_client.get(f"/api/stories/{sid}").json()
    assert record["label"] == f"Titel {webcorpus.XSS}"  # JSON carries the data unchanged
    html = story_client.get(f"/stories/{sid}").text
    assert "Titel &lt;script&gt;alert(&#34;xss&#34;)" in html and "<script>alert" not in html
    quotes = story_client.get("/quotes", params={"text": "Zitat"}).text
    assert "Zitat &lt;script&gt;" in quotes and "&lt;b onmouseover=alert(3)&gt;" in quotes


def test_kept_readers_see_every_commit(fresh_db):
    """Readers are kept between requests (a warm cache); each still sees what the writer committed since."""
    from fastapi.testclient import TestClient

    from lagebild.settings import EnrichSettings, Settings
    from lagebild.web import create_app

    text = ("Neue Fähre auf dem Rhein\n\nBingen, 3. Oktober 2026\n\n"
            "Die erste Wasserstoff-Fähre verkehrt seit Samstag zwischen Bingen und Rüdesheim auf dem Rhein. "
            "Das vierzig Meter lange Schiff wird von zwei Brennstoffzellen angetrieben.\n\n"
            "Die Betreiber rechnen mit einer halben Million Fahrgästen im ersten Jahr, sagte ein Sprecher am Samstag."
            "\n\nDer Fahrplan sieht im Sommer alle zwanzig Minuten eine Abfahrt vor, im Winter jede halbe Stunde. "
            "Fahrräder werden kostenlos mitgenommen, wie die Stadt Bingen am Samstag mitteilte.")
    with TestClient(create_app(fresh_db[0], settings=Settings(enrich=EnrichSettings(ner="off")))) as c:
        before = [c.get("/api/trends", params={"q": "Brennstoffzellen"}).json()["series"][0]["total"] for _ in range(3)]
        assert before == [0, 0, 0]
        assert c.get("/api/stories", params={"q": "Brennstoffzellen", "window": "all"}).json()["total"] == 0
        stored = c.post("/api/ingest", json={"text": text, "url": "https://example.org/faehre"}).json()
        assert stored["status"] == "stored", stored
        assert c.get("/api/trends", params={"q": "Brennstoffzellen"}).json()["series"][0]["total"] == 1
        assert c.get("/api/stories", params={"q": "Brennstoffzellen", "window": "all"}).json()["total"] == 1
        assert c.get("/api/export", params={"q": "Brennstoffzellen"}).text.count("\n") == 1


def test_story_views_without_filters_object(story_db):
    """The archive functions take a query alone (filters=None) as the web passes Filters()."""
    from lagebild.archive import Archive, storyviews

    with Archive(story_db[0], readonly=True) as archive:
        found = storyviews.stories(archive, "Lagezentrum", days=None)
        assert [s["label"] for s in found["items"]] == ["Oder-Hochwasser: Deutsch-polnisches Lagezentrum geplant"]
        week = storyviews.stories(archive, "Lagezentrum", days=7)  # September's story is outside October's week
        assert week["total"] == 0


def test_story_list_of_a_broad_search_counts_its_newest_matches(story_db, story_client, monkeypatch):
    """Over MAX_COUNTED matches a story list counts the newest ones (newest first from the index) and says so."""
    from lagebild.archive import Archive, storyviews

    with Archive(story_db[0], readonly=True) as archive:
        full = storyviews.stories(archive, "Oder", days=None, sort="size")
        assert full["read"] == full["matching"] > 3
        monkeypatch.setattr(storyviews, "MAX_COUNTED", 3)
        capped = storyviews.stories(archive, "Oder", days=None, sort="recent")
        assert capped["read"] == 3 and capped["matching"] == full["matching"]
        assert sum(s["recent"] for s in capped["items"]) == 3
        newest = max(s["last"] for s in full["items"])
        assert capped["items"][0]["last"] == newest  # the newest matches are the ones counted
    page = story_client.get("/stories", params={"q": "Oder", "window": "all"}).text
    assert f"gezählt über die neuesten 3 von {full['matching']} Treffern" in page
    api = story_client.get("/api/stories", params={"q": "Oder", "window": "all"}).json()
    assert api["read"] == 3 and api["matching"] == full["matching"]


def test_trends_count_days_in_a_named_zone(story_client):
    """An article at 2026-10-02 13:00 UTC and one at 14:30+02:00 (12:30 UTC) are both on 2 October in UTC;
    in Pacific/Kiritimati (UTC+14) they fall on 3 October."""
    utc = story_client.get("/api/trends", params={"q": "EZB OR ECB", "unit": "day"}).json()
    far = story_client.get("/api/trends", params={"q": "EZB OR ECB", "unit": "day", "tz": "Pacific/Kiritimati"}).json()
    assert utc["zone"] == "UTC" and utc["buckets"] == ["2026-10-02"]
    assert far["zone"] == "Pacific/Kiritimati" and far["buckets"] == ["2026-10-03"] and far["series"][0]["total"] == 2
    assert story_client.get("/api/trends", params={"tz": "Mars/Olympus"}).status_code == 400


def test_fts5_archive_gives_the_same_views(story_client, tmp_path, monkeypatch):
    """Volume, stories and quotes do not depend on which full-text index the archive uses."""
    from fastapi.testclient import TestClient

    from lagebild.web import create_app

    monkeypatch.setenv("LAGEBILD_INDEX", "fts5")
    path = tmp_path / "fts5.db"
    webcorpus.build(path, stories=True)
    asks = [("/api/trends", [("q", "Oder"), ("q", "EZB OR ECB"), ("unit", "day")]),
            ("/api/trends", [("q", "EZB OR ECB"), ("tz", "Pacific/Kiritimati")]),
            ("/api/stories", [("q", "Oder"), ("window", "all"), ("sort", "size")]),
            ("/api/quotes", [("q", "Lagezentrum")])]
    with TestClient(create_app(path)) as fts5:
        assert fts5.get("/api/health").status_code == 200
        for url, params in asks:
            mine, theirs = fts5.get(url, params=params).json(), story_client.get(url, params=params).json()
            if url == "/api/stories":
                mine = [(s["label"], s["size"]) for s in mine["items"]]
                theirs = [(s["label"], s["size"]) for s in theirs["items"]]
            assert mine == theirs, url


def test_export_pipe_chunks_and_stops_when_the_client_is_gone():
    import queue
    import threading

    from lagebild.errors import InputError
    from lagebild.web.api_views import _Pipe

    chunks, stop = queue.Queue(maxsize=1), threading.Event()
    pipe = _Pipe(chunks, stop)
    pipe.write(b"x" * 1000)
    assert chunks.empty() and pipe.tell() == 1000  # small writes are buffered
    pipe.write(b"y" * _Pipe.CHUNK)
    assert len(chunks.get_nowait()) == 1000 + _Pipe.CHUNK
    pipe.write(b"z" * _Pipe.CHUNK)  # fills the queue
    stop.set()  # the response is gone: the next chunk has nowhere to go
    with pytest.raises(InputError, match="client went away"):
        pipe.write(b"w" * _Pipe.CHUNK)
