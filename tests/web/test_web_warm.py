"""`serve --warm` loads the ingest models before the first request; `watch` loads them before its first
pass when it has sources (its --once runs from cron do not)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from lagebild import _pool
from lagebild.settings import EnrichSettings, Settings
from lagebild.web import create_app


def test_warm_app_loads_before_the_first_request(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(_pool, "warm", lambda settings: calls.append(settings.enrich.ner))
    with TestClient(create_app(tmp_path / "a.db", settings=Settings(enrich=EnrichSettings(ner="fast")),
                               warm=True)) as c:
        assert calls == ["fast"]  # during start-up, before any request
        assert c.get("/api/articles").status_code == 200
    assert calls == ["fast"]


def test_app_without_warm_loads_nothing(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(_pool, "warm", lambda settings: calls.append(1))
    with TestClient(create_app(tmp_path / "b.db")) as c:
        assert c.get("/api/articles").status_code == 200
    assert calls == []


def test_watch_loads_the_models_before_its_first_pass_only_when_it_will_fetch(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from lagebild import watch
    from lagebild.cli import app

    order = []
    monkeypatch.setattr(_pool, "warm", lambda settings: order.append("warm"))
    monkeypatch.setattr(watch.Watcher, "run", lambda self, once=False, **_: order.append("run") or watch.PassReport())
    db = str(tmp_path / "w.db")
    runner = CliRunner()
    assert runner.invoke(app, ["watch", "--db", db]).exit_code == 0
    assert order == ["run"]  # no sources: nothing to ingest, nothing loaded
    assert runner.invoke(app, ["sources", "add", "https://example.org/feed.xml", "--db", db]).exit_code == 0
    order.clear()
    assert runner.invoke(app, ["watch", "--once", "--db", db]).exit_code == 0
    assert order == ["run"]  # a cron run loads lazily: it may find nothing new
    order.clear()
    assert runner.invoke(app, ["watch", "--db", db]).exit_code == 0
    assert order == ["warm", "run"]
