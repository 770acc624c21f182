"""Builders for sources tests: WARC records (FastWARC), gzip files, HTML pages.

All text here is written for these tests.
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from fastwarc.warc import WarcRecord, WarcRecordType

from lagebild.model import Failure, Page, Skipped

GERMAN = (
    "Die Bürgermeisterin äußerte sich am Dienstag über die Größe des Haushalts. "
    "Die Straßenbahn fährt künftig öfter über die Brücke, sagte sie. "
)


def html_page(body: str = GERMAN, head: str = "", title: str = "Testseite") -> str:
    return (
        f"<!doctype html><html><head>{head}<title>{title}</title></head>"
        f"<body><article><h1>{title}</h1><p>{body}</p></article></body></html>"
    )


def warc_record(
    uri: str,
    body: bytes,
    *,
    status: int = 200,
    content_type: str | None = "text/html; charset=utf-8",
    record_type: WarcRecordType = WarcRecordType.response,
    extra_headers: tuple[tuple[str, str], ...] = (),
) -> bytes:
    """One WARC record as bytes, built with FastWARC."""
    record = WarcRecord()
    record.init_headers(record_type)
    record.headers.append("WARC-Target-URI", uri)
    if record_type == WarcRecordType.response:
        lines = [f"HTTP/1.1 {status} {'OK' if status == 200 else 'Other'}"]
        if content_type:
            lines.append(f"Content-Type: {content_type}")
        lines += [f"{k}: {v}" for k, v in extra_headers]
        if not any(k.lower() == "transfer-encoding" for k, _ in extra_headers):
            lines.append(f"Content-Length: {len(body)}")
        block = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
        record.headers.append("Content-Type", "application/http; msgtype=response")
    else:
        block = body
        record.headers.append("Content-Type", "application/warc-fields")
    record.set_bytes_content(block)
    out = io.BytesIO()
    record.write(out)
    return out.getvalue()


def request_record(uri: str) -> bytes:
    record = WarcRecord()
    record.init_headers(WarcRecordType.request)
    record.headers.append("WARC-Target-URI", uri)
    record.headers.append("Content-Type", "application/http; msgtype=request")
    record.set_bytes_content(f"GET {uri} HTTP/1.1\r\nHost: example.org\r\n\r\n".encode())
    out = io.BytesIO()
    record.write(out)
    return out.getvalue()


def news_warc(n: int = 3) -> list[bytes]:
    """n HTML responses with a request before each, plus a 404, an image and a metadata record."""
    records = []
    for i in range(n):
        uri = f"https://news.example.org/artikel-{i}.html"
        records.append(request_record(uri))
        records.append(warc_record(uri, html_page(f"Artikel {i}. {GERMAN}").encode()))
    records.append(warc_record("https://news.example.org/fehlt", b"<html>404</html>", status=404))
    records.append(warc_record("https://news.example.org/bild.png", b"\x89PNG\r\n\x1a\n\0\0", content_type="image/png"))
    records.append(warc_record("metadata:x", b"via: test\r\n", record_type=WarcRecordType.metadata))
    return records


def gzip_members(records: list[bytes]) -> bytes:
    """A .warc.gz as crawlers write it: one gzip member per record."""
    return b"".join(gzip.compress(r) for r in records)


def write_gzip_bomb(path: Path, size: int, prefix: bytes = b"", fill: bytes = b"\0") -> None:
    """A gzip file of ``prefix`` + ``size`` bytes of ``fill``, written as a stream, never in memory.

    One gzip member per MB, each the same ~1 KB: valid gzip, cheap to make, ~1000x expansion.
    """
    member = gzip.compress(fill * (1024 * 1024 // len(fill)), compresslevel=9)
    with open(path, "wb") as out:
        out.write(gzip.compress(prefix))
        for _ in range(size // (1024 * 1024)):
            out.write(member)


def pages(results: list[Page | Failure]) -> list[Page]:
    return [r for r in results if isinstance(r, Page)]


def failures(results: list[Page | Failure]) -> list[Failure]:
    return [r for r in results if isinstance(r, Failure)]


def skipped(results: list) -> list[tuple[str, str]]:
    """(input, reason) of the records passed over (:class:`Skipped`)."""
    return [(r.input, r.reason) for r in results if isinstance(r, Skipped)]
