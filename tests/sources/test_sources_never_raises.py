"""Property: ``read`` never raises, whatever bytes a file holds and whatever it is called."""

from __future__ import annotations

import gzip
import os
import tempfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sourcekit import gzip_members, news_warc

from lagebild.model import Failure, Page, Skipped
from lagebild.settings import SourceSettings
from lagebild.sources import read

NAMES = ["page.html", "notes.txt", "crawl.warc", "crawl.warc.gz", "lines.jsonl", "lines.jsonl.gz", "blob", "x.gz"]
PREFIXES = [b"", b"WARC/1.1\r\n", b'{"url": "u", "html": "', b"<!doctype html>", b"\x1f\x8b", b"\xff\xfe"]
VALID_WARC = b"".join(news_warc(2))


def _check(name: str, data: bytes, small: bool) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, name)
        with open(path, "wb") as out:
            out.write(data)
        limits = SourceSettings(max_bytes=300, decompressed_floor_bytes=1000) if small else SourceSettings()
        for result in read([path, directory], limits):
            assert isinstance(result, (Page, Failure, Skipped))
            if isinstance(result, (Failure, Skipped)):
                assert result.input and result.reason
                assert not result.reason.startswith("unexpected error"), result


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(NAMES),
    prefix=st.sampled_from(PREFIXES),
    body=st.binary(max_size=2000),
    compress=st.booleans(),
    small=st.booleans(),
)
def test_read_never_raises_on_arbitrary_bytes(name, prefix, body, compress, small):
    data = prefix + body
    _check(name, gzip.compress(data) if compress else data, small)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cut=st.integers(min_value=0, max_value=len(VALID_WARC)),
    flips=st.lists(st.tuples(st.integers(0, len(VALID_WARC) - 1), st.integers(0, 255)), max_size=4),
    compress=st.booleans(),
)
def test_read_never_raises_on_damaged_warc(cut, flips, compress):
    data = bytearray(VALID_WARC)
    for position, value in flips:
        data[position] = value
    data = bytes(data[:cut])
    _check("crawl.warc.gz" if compress else "crawl.warc", gzip_members([data]) if compress else data, False)


@settings(max_examples=200, deadline=None)
@given(
    data=st.binary(max_size=3000),
    declared=st.sampled_from([None, "utf-8", "latin1", "shift_jis", "utf-16", "x-bogus", "", "cp1251"]),
)
def test_decoding_never_raises(data, declared):
    from lagebild.sources import decode_html, decode_text

    text, encoding = decode_html(data, declared)
    assert isinstance(text, str) and isinstance(encoding, str)
    assert isinstance(decode_text(data), str)
