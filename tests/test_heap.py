"""The ingest processes' heap policy (lagebild.heap)."""

from __future__ import annotations

from lagebild import heap


def test_huge_pages_are_asked_for_unless_the_user_chose(monkeypatch):
    monkeypatch.delenv(heap.THP_ENV, raising=False)
    heap.use_huge_pages()
    assert heap.os.environ[heap.THP_ENV] == "1"
    monkeypatch.setenv(heap.THP_ENV, "0")  # the user's choice stands
    heap.use_huge_pages()
    assert heap.os.environ[heap.THP_ENV] == "0"


def test_warm_asks_for_huge_pages_before_loading(monkeypatch):
    """The workers' models are loaded by warm(): the setting must be in place before (torch reads it once)."""
    from lagebild import _pool
    from lagebild.settings import Settings

    seen = []
    monkeypatch.delenv(heap.THP_ENV, raising=False)
    monkeypatch.setattr(_pool, "process_chunk", lambda *a, **k: seen.append(heap.os.environ.get(heap.THP_ENV)))
    monkeypatch.setattr("lagebild.extract.metadata.load_date_parser", lambda: None)
    _pool.warm(Settings())
    assert seen == ["1"]
