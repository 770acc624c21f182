"""Issue 13, the server: request bodies cost nothing before the token is checked and are capped
as they stream (chunked uploads included); an unexpected error still answers with the security
headers."""

from __future__ import annotations

import asyncio

import pytest

from fastapi.testclient import TestClient

from lagebild.web import create_app
from lagebild.web.app import MAX_BODY

MiB = 2**20


def _call(app, method: str, path: str, headers: list[tuple[bytes, bytes]], chunks) -> tuple[int, int, dict]:
    """Drive the ASGI app with a body streamed chunk by chunk, no Content-Length (chunked upload):
    the response status, how many chunks the app pulled, and the response headers."""
    source = iter(chunks)
    pulled = 0

    async def receive():
        nonlocal pulled
        chunk = next(source, None)
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        pulled += 1
        return {"type": "http.request", "body": chunk, "more_body": True}

    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(b"host", b"testserver"), (b"content-type", b"application/json"), *headers],
             "client": ("127.0.0.1", 5000), "server": ("testserver", 80)}
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    return start["status"], pulled, {k.decode().lower(): v.decode() for k, v in start["headers"]}


def _endless(size: int = MiB):
    while True:
        yield b" " * size


def test_a_write_without_the_token_is_refused_before_its_body_is_read(fresh_db):
    app = create_app(fresh_db[0], token="s3cret")
    status, pulled, headers = _call(app, "POST", "/api/ingest", [], _endless())
    assert status == 401 and pulled == 0
    assert "content-security-policy" in headers and headers.get("www-authenticate") == "Bearer"
    wrong = [(b"authorization", b"Bearer guess")]
    assert _call(app, "POST", "/api/alerts", wrong, _endless())[:2] == (401, 0)


def test_a_chunked_body_is_cut_off_at_the_cap(fresh_db):
    for token, auth in ((None, []), ("s3cret", [(b"authorization", b"Bearer s3cret")])):
        app = create_app(fresh_db[0], token=token)
        status, pulled, headers = _call(app, "POST", "/api/ingest", auth, _endless())
        assert status == 413 and pulled <= MAX_BODY // MiB + 1, (status, pulled)
        assert "content-security-policy" in headers


def test_a_small_chunked_body_still_works(fresh_db):
    app = create_app(fresh_db[0])
    body = b'{"name": "chunky", "query": "Hafen", "channel": "webhook", "target": "https://example.org/h"}'
    status, _, _ = _call(app, "POST", "/api/alerts", [], [body[:20], body[20:]])
    assert status == 201


def test_an_unexpected_error_answers_500_with_the_security_headers(fresh_db):
    app = create_app(fresh_db[0])

    def boom():
        raise RuntimeError("a bug\nover two lines")

    app.add_api_route("/api/boom", boom)
    app.add_api_route("/boom", boom)
    with TestClient(app) as client:
        r = client.get("/api/boom")
        assert r.status_code == 500 and "content-security-policy" in r.headers
        assert r.json() == {"error": "internal error (RuntimeError); the server log has the details"}
        r = client.get("/boom")
        assert r.status_code == 500 and "content-security-policy" in r.headers and "x-frame-options" in r.headers


def test_a_server_on_another_loopback_address_answers_to_it(fresh_db, monkeypatch):
    import uvicorn
    from typer.testing import CliRunner

    from lagebild.cli import app as cli

    served = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.update(app=app, **kw))
    result = CliRunner().invoke(cli, ["serve", "--host", "127.0.0.2", "--allowed-host", "news.internal",
                                      "--db", str(fresh_db[0])])
    assert result.exit_code == 0, result.output
    with TestClient(served["app"]) as client:
        for host in ("127.0.0.2:8000", "localhost:8000", "news.internal", "[::1]:8000"):
            assert client.get("/api/health", headers={"host": host}).status_code == 200, host
        assert client.get("/api/health", headers={"host": "evil.example"}).status_code == 421


def test_allowed_hosts_follow_the_bound_address():
    from lagebild.web.security import allowed_hosts

    assert "127.0.0.2" in allowed_hosts("127.0.0.2") and "localhost" in allowed_hosts("127.0.0.2")
    assert "[::1]" in allowed_hosts("::1")
    assert allowed_hosts("0.0.0.0") is None
    assert allowed_hosts("192.168.1.20", ("news.lan",)) == ("192.168.1.20", "news.lan")


def test_an_unpaired_surrogate_is_a_400_not_a_500(fresh_db):
    app = create_app(fresh_db[0])
    with TestClient(app) as client:
        body = b'{"name": "odd", "query": "entity:\\ud800", "channel": "webhook", "target": "https://example.org/h"}'
        r = client.post("/api/alerts", content=body, headers={"content-type": "application/json"})
        assert r.status_code == 400 and "surrogate" in r.json()["error"], r.text
        assert "content-security-policy" in r.headers
        assert client.get("/api/articles", params={"q": "Hafen"}).status_code == 200


def test_atom_alerts_name_a_feed_in_one_folder_and_serve_it(fresh_db, tmp_path):
    import stat

    from lagebild.alerts.deliver import Delivery, get_channel
    from lagebild.errors import DeliveryError
    from lagebild.model import Alert, Article
    from lagebild.settings import Settings

    settings = Settings()
    settings.alerts.atom_dir = str(tmp_path / "feeds")
    app = create_app(fresh_db[0], settings=settings)
    with TestClient(app) as client:
        for target in ("/home/u/.bashrc", "../x", "a/b", "..", ".hidden", "feeds/../../x.xml", ""):
            r = client.post("/api/alerts", json={"name": "a1", "query": "Oder", "channel": "atom", "target": target})
            assert r.status_code in (400, 422), (target, r.text)
        r = client.post("/api/alerts", json={"name": "a1", "query": "Oder", "channel": "atom", "target": "oder"})
        assert r.status_code == 201 and r.json()["target"] == "oder.xml"
        channel = get_channel("atom", settings.alerts)
        channel.send(Delivery(Alert("a1", "Oder", "atom", "oder.xml"), Article(id=1, title="Hochwasser an der Oder"), "a1:1"))
        path = tmp_path / "feeds" / "oder.xml"
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
        r = client.get("/feeds/oder")
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/atom+xml")
        assert "Hochwasser an der Oder" in r.text and "content-security-policy" in r.headers
        assert client.get("/feeds/..%2Fweb.db").status_code == 404
        assert client.get("/feeds/missing").status_code == 404
    # an alert stored with a path (before feeds had names) is refused at delivery, not written there
    with pytest.raises(DeliveryError, match="feed name"):
        channel.send(Delivery(Alert("old", "Oder", "atom", str(tmp_path / "elsewhere.xml")), Article(id=1), "old:1"))
    assert not (tmp_path / "elsewhere.xml").exists()
