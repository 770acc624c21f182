"""The worker pool gives what the one-process pipeline gives, in input order, and loses no page."""

import numpy as np

from lagebild import _pool
from lagebild.model import Article, Failure, Origin, Page
from lagebild.pipeline import run as run_here
from lagebild.settings import Settings
from lagebild.stories.embed import Remembering


def _page(i: int) -> Page:
    body = "".join(
        f"<p>Report {i}, part {j}: the council of town number {i} voted on the new bridge, the budget and the "
        f"school roof after a long debate on Tuesday evening.</p>" for j in range(4))
    html = f"<html lang='en'><head><title>Town {i} votes</title></head><body><article><h1>Town {i} votes</h1>{body}"
    return Page(content=(html + "</article></body></html>").encode(), kind="html", origin=Origin(path=f"town{i}.html"))


def _mixed() -> list:
    items = [_page(i) for i in range(9)]
    items.insert(3, Page(content=b"\x00\x01\xff" * 50, kind="html", origin=Origin(path="binary.html")))
    items.insert(6, Failure("missing.html", "no such file"))
    return items


def _plain(workers: int, pool_after: int) -> Settings:
    settings = Settings()
    settings.enrich.pipeline = ()  # extraction only: the workers start in a second, not after loading e5
    settings.stories.embedder = "off"
    settings.ingest.workers, settings.ingest.pool_after, settings.ingest.chunk = workers, pool_after, 2
    return settings


def _summary(items) -> list:
    return [(type(x).__name__, x.input if isinstance(x, Failure) else x.title) for x in items]


def test_workers_give_the_same_items_in_the_same_order():
    items = _mixed()
    alone = list(run_here(items, _plain(1, 1), enrich=False))
    pooled = list(_pool.run(items, _plain(2, 1)))
    assert _summary(pooled) == _summary(alone)
    assert [x.text for x in pooled if isinstance(x, Article)] == [x.text for x in alone if isinstance(x, Article)]


def test_a_short_stream_stays_in_this_process(monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("started workers for a short stream")

    monkeypatch.setattr(_pool, "_in_workers", no_pool)
    out = list(_pool.run(_mixed(), _plain(2, 100)))
    assert _summary(out)[3] == ("Failure", "binary.html") and len(out) == 11


def test_a_chunk_that_fails_fails_its_pages_by_name():
    class Broken:
        def result(self):
            raise RuntimeError("boom")

    chunk = [_page(1), Failure("x.html", "gone")]
    done = list(_pool._collect(chunk, Broken(), None))
    assert isinstance(done[0][0], Failure) and done[0][0].input == "town1.html" and "boom" in done[0][0].reason
    assert done[1][0] is chunk[1]


def test_remembered_vectors_are_used_once_and_the_model_loads_only_for_the_rest():
    loaded = []

    def factory():
        loaded.append(1)
        return lambda texts: np.ones((len(texts), 3), np.float32)

    embedder = Remembering(factory)
    embedder.remember("a", np.array([1.0, 0.0, 0.0], np.float32))
    assert embedder(["a"]).tolist() == [[1.0, 0.0, 0.0]] and not loaded
    assert embedder(["a", "b"]).tolist() == [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]] and loaded == [1]



def test_each_way_of_starting_workers_gives_the_same_items(monkeypatch):
    """fork (when this process runs one thread), fork server (with another thread running, as in
    the ingest writer, whose archive runs tantivy's) and spawn: the same items in the same order."""
    import sys
    import threading

    import pytest

    if not sys.platform.startswith("linux"):
        pytest.skip("workers are forked on Linux only")
    items = _mixed()
    alone = _summary(run_here(items, _plain(1, 1), enrich=False))
    used: list[str] = []
    real = _pool.worker_context

    def spy(settings):
        context = real(settings)
        used.append(context.get_start_method())
        return context

    monkeypatch.setattr(_pool, "worker_context", spy)
    plain = "fork" if _pool.threads_running() == 1 else "forkserver"  # the suite may have a library's threads
    stop = threading.Event()
    for start, extra_thread in (("auto", False), ("auto", True), ("spawn", False)):
        settings = _plain(2, 1)
        settings.ingest.start = start
        helper = threading.Thread(target=stop.wait)
        if extra_thread:
            helper.start()
        try:
            assert _summary(_pool.run(items, settings)) == alone
        finally:
            stop.set()
            if extra_thread:
                helper.join()
            stop.clear()
    assert used == [plain, "forkserver", "spawn"]
