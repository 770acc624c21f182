"""One rule for dates in the dashboard and the API (issue 19, item 7): since/until and every shown
date in one stated zone (UTC, ``Settings.display.tz`` or ``?tz=``); relative days accepted; a bad
date or zone is a one-line 400, never a 500; undated stays undated.

The corpus' gauge report ``a1`` was published 2026-09-16 05:10 +02:00 = 03:10 UTC = 2026-09-15
23:10 in New York: its day depends on the zone, so it tells whether filters and display agree."""

from __future__ import annotations

import dataclasses
import re

import pytest

NY = "America/New_York"


def _ids(client, **params) -> set[int]:
    return {h["id"] for h in client.get("/api/articles", params={"limit": 200, **params}).json()["items"]}


def test_api_since_until_are_days_in_the_zone(client, web_db):
    gauge = web_db[1]["a1"]
    assert gauge in _ids(client, since="2026-09-16", until="2026-09-16")  # UTC: the 16th
    assert gauge not in _ids(client, since="2026-09-16", tz=NY)  # New York: the 15th
    assert gauge in _ids(client, since="2026-09-15", until="2026-09-15", tz=NY)
    assert gauge not in _ids(client, until="2026-09-15")


def test_page_shows_dates_in_the_zone_it_filters_in(client, web_db):
    gauge = web_db[1]["a1"]
    utc = client.get(f"/articles/{gauge}").text
    assert "2026-09-16 03:10 UTC" in utc and "Zeiten in UTC" in utc
    ny = client.get(f"/articles/{gauge}", params={"tz": NY}).text
    assert f"2026-09-15 23:10 {NY}" in ny and f"Zeiten in {NY}" in ny
    listing = client.get("/", params={"q": "Pegel", "since": "2026-09-15", "until": "2026-09-15", "tz": NY}).text
    assert f'href="/articles/{gauge}"' in listing and "2026-09-15 23:10" in listing
    assert f'name="tz" value="{NY}"' in listing  # the filter form keeps the zone
    bad = client.get(f"/articles/{gauge}", params={"tz": "Atlantis/Capital"})
    assert bad.status_code == 400 and "unknown time zone" in bad.text


def test_settings_zone_is_the_default(web_db):
    from fastapi.testclient import TestClient

    from lagebild.settings import DisplaySettings, Settings
    from lagebild.web import create_app

    settings = dataclasses.replace(Settings(), display=DisplaySettings(tz=NY))
    with TestClient(create_app(web_db[0], settings=settings)) as ny:
        gauge = web_db[1]["a1"]
        assert gauge in _ids(ny, since="2026-09-15", until="2026-09-15")
        assert "2026-09-15 23:10" in ny.get(f"/articles/{gauge}").text
        trend = ny.get("/api/trends", params={"q": "Pegel", "unit": "day"}).json()
        assert trend["zone"] == NY and "2026-09-15" in trend["buckets"]
        assert gauge in _ids(ny, since="2026-09-16", tz="UTC")  # ?tz= overrides the setting


@pytest.mark.parametrize("path", ["/api/articles", "/api/stories", "/api/quotes", "/api/trends", "/api/network",
                                  "/api/export"])
def test_relative_dates_accepted_and_bad_ones_are_400(story_client, path):
    assert story_client.get(path, params={"since": "7d", "until": "today"}).status_code == 200
    assert story_client.get(path, params={"since": "yesterday"}).status_code == 200
    bad = story_client.get(path, params={"since": "last week"})
    assert bad.status_code == 400 and "'last week' is not a date" in bad.json()["error"]
    zone = story_client.get(path, params={"tz": "Mars/Olympus"})
    assert zone.status_code == 400 and "unknown time zone" in zone.json()["error"]


@pytest.mark.parametrize("path", ["/", "/stories", "/quotes", "/trends", "/network", "/entities"])
def test_pages_take_relative_dates_and_explain_bad_ones(story_client, path):
    assert story_client.get(path, params={"since": "2w"}).status_code == 200
    bad = story_client.get(path, params={"since": "morgen früh"})
    assert bad.status_code == 400 and "is not a date" in bad.text
    zone = story_client.get(path, params={"tz": "Nowhere/Else"})
    assert zone.status_code == 400 and "unknown time zone" in zone.text


def test_story_days_and_span_in_the_zone(story_client, story_db):
    ids = story_db[1]
    sid = story_client.get(f"/api/articles/{ids['a1']}", params={"related": 0}).json()["story_id"]
    utc = story_client.get(f"/api/stories/{sid}").json()
    ny = story_client.get(f"/api/stories/{sid}", params={"tz": NY}).json()
    assert utc["zone"] == "UTC" and ny["zone"] == NY
    assert sum(d["articles"] for d in utc["days"]) == sum(d["articles"] for d in ny["days"])
    assert "2026-09-15" in {d["day"] for d in ny["days"]}
    day = story_client.get(f"/api/stories/{sid}", params={"since": "2026-09-15", "until": "2026-09-15", "tz": NY})
    assert ids["a1"] in {g["article"]["id"] for g in day.json()["groups"]}
    page = story_client.get(f"/stories/{sid}", params={"tz": NY}).text
    assert f"Artikel pro Tag ({NY})" in page
    assert re.search(r'data-since="2026-09-15"', page)


def test_undated_article_stays_undated(fresh_db):
    from dataclasses import replace

    from fastapi.testclient import TestClient

    import webcorpus
    from lagebild.archive import Archive
    from lagebild.web import create_app

    path, _ = fresh_db
    with Archive(path) as archive:
        aid, _ = archive.add(replace(webcorpus.articles()[0], published=None, url="https://oderbote.de/ohne-datum",
                                     canonical_url=None, title="Ohne Datum Lagebericht", content_hash=""))
    with TestClient(create_app(path)) as c:
        html = c.get(f"/articles/{aid}", params={"tz": NY}).text
        assert "<time" not in html.split('class="story-title"')[0]
        hit = c.get("/api/articles", params={"q": "Ohne Datum Lagebericht", "tz": NY}).json()["items"][0]
        assert hit["published"] is None
        assert aid not in _ids(c, since="2000-01-01", tz=NY)


def test_query_help_names_the_prefix_star(client):
    spec = client.get("/api/openapi.json").json()
    for path in ("/api/articles", "/api/stories", "/api/quotes"):
        q = next(p for p in spec["paths"][path]["get"]["parameters"] if p["name"] == "q")
        assert "Tür*" in q["description"] and "prefix" in q["description"], path
    assert "Tür* (Wortanfang" in client.get("/").text  # the search box's title lists the syntax
