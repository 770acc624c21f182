"""The merge's shard reader runs a thread ahead of the writer: same items in the same order, the
reader's error raised in the writer, and a writer that stops early stops the thread and closes the source."""

from __future__ import annotations

import threading
import time

import pytest

from lagebild.batch.merge import read_ahead


def test_same_items_in_the_same_order_whatever_the_depth():
    for depth in (1, 3, 500):
        assert list(read_ahead(iter(range(1000)), depth)) == list(range(1000))
    assert list(read_ahead(iter([]), 4)) == []


def test_an_error_while_reading_is_raised_in_the_writer_after_what_came_before():
    def rows():
        yield 1
        yield 2
        raise ValueError("shard x: bad row 3")

    got = []
    with pytest.raises(ValueError, match="bad row 3"):
        for item in read_ahead(rows(), 8):
            got.append(item)
    assert got == [1, 2]


def test_a_writer_that_stops_early_stops_the_reader_and_closes_the_source():
    closed = threading.Event()

    def rows():
        try:
            for i in range(10**9):
                yield i
        finally:
            closed.set()

    reader = read_ahead(rows(), 4)
    assert [next(reader) for _ in range(3)] == [0, 1, 2]
    before = {t.name for t in threading.enumerate()}
    assert "lagebild-merge-read" in before
    reader.close()  # the writer failed: its generator is closed
    assert closed.wait(5)
    deadline = time.monotonic() + 5
    while any(t.name == "lagebild-merge-read" for t in threading.enumerate()) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not any(t.name == "lagebild-merge-read" for t in threading.enumerate())
