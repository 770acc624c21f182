"""Every dashboard page and /api view on both archive backends: the story corpus in an SQLite file and
in a PostgreSQL database (a throw-away server, tests/archive/pg_server.py) answers alike.

The PostgreSQL half skips with one reason without PostgreSQL's binaries or psycopg, and fails under
``LAGEBILD_REQUIRE_PG=1`` (CI), as the archive's PostgreSQL tests do."""

from __future__ import annotations

import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

import webcorpus

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "archive"))

import pg_server  # noqa: E402

# (path, params) of every page and read-only API view; {story} and {flood} are filled in per corpus
PAGES = [
    ("/", {}), ("/", {"q": "Oder"}), ("/", {"q": "Hochwass*"}), ("/", {"q": '"die Oder"', "lang": "de"}),
    ("/stories", {"window": "all"}), ("/stories", {"window": "all", "sort": "size"}), ("/stories/{story}", {}),
    ("/trends", [("q", "Oder"), ("q", "Zinsen")]), ("/trends", {"q": "EZB OR ECB", "tz": "Europe/Berlin"}),
    ("/quotes", {}), ("/quotes", {"speaker": "Wendland"}), ("/quotes", {"about": "Oder"}),
    ("/network", {"q": "Hochwasser"}), ("/network", {"story": "{story}"}),
    ("/entities", {}), ("/entities/LOC:oder", {}), ("/entities/find", {"name": "Kowalska"}),
    ("/articles/{flood}", {}),
]
APIS = [
    ("/api/articles", {"q": "Oder", "limit": 50}), ("/api/stories", {"window": "all", "sort": "size"}),
    ("/api/stories", {"q": "Lagezentrum", "window": "all"}), ("/api/stories/{story}", {}),
    ("/api/quotes", {}), ("/api/quotes", {"speaker": "Lagarde"}), ("/api/quotes", {"text": "wachsam"}),
    ("/api/quotes", {"q": "Zinsen", "lang": "de"}),
    ("/api/trends", [("q", "Oder"), ("q", "EZB OR ECB"), ("unit", "day")]),
    ("/api/trends", {"q": "EZB OR ECB", "unit": "day", "tz": "Pacific/Kiritimati"}),
    ("/api/trends", {"unit": "week"}),
    ("/api/network", {"q": "Hochwasser"}), ("/api/network", {"story": "{story}"}),
    ("/api/export", {"q": "Oder", "format": "jsonl"}), ("/api/export", {"format": "csv", "lang": "en"}),
    ("/api/entities/LOC:oder", {}),
]


@pytest.fixture(scope="module")
def pg_web():
    server = pg_server.start_for_tests()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def pg_corpus(pg_web):
    """The story corpus in a PostgreSQL database: (url, ids)."""
    url = pg_web.create_database("web")
    return url, webcorpus.build(url, stories=True)


@pytest.fixture(scope="module")
def pg_tantivy_corpus(pg_web, tmp_path_factory):
    """The story corpus in a PostgreSQL database that keeps a tantivy copy instead of tsvectors (the
    folder from $LAGEBILD_INDEX_DIR, as a server would be told): (url, ids)."""
    pytest.importorskip("tantivy")
    url = pg_web.create_database("web_tantivy")
    folder = tmp_path_factory.mktemp("pg-index")
    with _index_dir(folder):
        ids = webcorpus.build(url, stories=True)
    INDEX_DIRS[url] = str(folder)
    return url, ids


INDEX_DIRS: dict[str, str] = {}


def _app(target):
    """The app over ``target``; a PostgreSQL archive with a tantivy copy is told its folder."""
    from lagebild.settings import ArchiveSettings, Settings
    from lagebild.web import create_app

    return create_app(target, settings=Settings(archive=ArchiveSettings(index_dir=INDEX_DIRS.get(str(target), ""))))


@contextmanager
def _index_dir(folder):
    old = os.environ.get("LAGEBILD_INDEX_DIR")
    os.environ["LAGEBILD_INDEX_DIR"] = str(folder)
    try:
        yield
    finally:
        if old is None:
            del os.environ["LAGEBILD_INDEX_DIR"]
        else:
            os.environ["LAGEBILD_INDEX_DIR"] = old


CORPORA = {"postgresql": "pg_corpus", "postgresql+tantivy": "pg_tantivy_corpus"}


@pytest.fixture(scope="module", params=["sqlite", *CORPORA])
def site(request, story_db):
    """(TestClient, ids, story id) over the story corpus on each backend."""
    from fastapi.testclient import TestClient

    target, ids = request.getfixturevalue(CORPORA[request.param]) if request.param in CORPORA else story_db
    with TestClient(_app(target)) as client:
        found = client.get("/api/stories", params={"window": "all", "sort": "size"}).json()["items"]
        story = next(s["id"] for s in found if ids["flood"] in [m["id"] for m in s.get("articles", [])]) \
            if any("articles" in s for s in found) else found[0]["id"]
        yield client, ids, story


def _fill(params, ids: dict, story: int):
    pairs = params.items() if isinstance(params, dict) else params
    return [(k, str(v).format(story=story, **ids)) for k, v in pairs]


@pytest.mark.parametrize("path,params", PAGES, ids=[f"{p} {p2}" for p, p2 in PAGES])
def test_every_page_renders(site, path, params):
    client, ids, story = site
    r = client.get(path.format(story=story, **ids), params=_fill(params, ids, story))
    assert r.status_code == 200, (path, r.text[-500:])
    assert "Traceback" not in r.text and "Internal Server Error" not in r.text


@pytest.mark.parametrize("path,params", APIS, ids=[f"{p} {p2}" for p, p2 in APIS])
def test_every_api_view_answers(site, path, params):
    client, ids, story = site
    r = client.get(path.format(story=story, **ids), params=_fill(params, ids, story))
    assert r.status_code == 200, (path, r.text[-500:])
    assert r.content


def _comparable(path: str, r) -> object:
    """What must not depend on the backend: counts, ids, labels, buckets (not scores or timings)."""
    if path == "/api/export":
        return sorted(r.text.splitlines()) if "jsonl" in r.request.url.query.decode() else r.text
    data = r.json()
    if path == "/api/articles":
        return data["total"], sorted(h["id"] for h in data["items"])  # all of them: relevance order differs
    if path.startswith("/api/stories/"):
        return data["label"], sorted(a["id"] for a in data["articles"])
    if path == "/api/stories":
        return data["total"], sorted((s["label"], s["size"]) for s in data["items"])
    return json.loads(json.dumps(data, sort_keys=True))


@pytest.mark.parametrize("path,params", [a for a in APIS if "{story}" not in a[0] + str(a[1])],
                         ids=[f"{p} {p2}" for p, p2 in APIS if "{story}" not in p + str(p2)])
def test_both_backends_answer_alike(story_db, pg_corpus, pg_tantivy_corpus, path, params):
    from fastapi.testclient import TestClient

    answers = []
    for target, ids in (story_db, pg_corpus, pg_tantivy_corpus):
        with TestClient(_app(target)) as client:
            answers.append(_comparable(path, client.get(path.format(**ids), params=_fill(params, ids, 0))))
    assert answers[0] == answers[1] == answers[2]
