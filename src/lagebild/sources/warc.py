"""WARC files (plain or gzip) through FastWARC: one Page per HTML response with status 200.

Every other record (requests, metadata, revisits, redirects, 404s, images) is passed over as a
:class:`Skipped` naming the record and why ("request record", "http 404", "not html"), so an
ingest can count what a crawl held besides pages. FastWARC stops quietly
at a truncated record, so every record is checked against its ``Content-Length``; the first one
that falls short ends the file with ``Failure(path, "truncated WARC after N records")``.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import BinaryIO

from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from ..errors import InputError
from ..model import Failure, Origin, Page, Skipped
from ..settings import SourceSettings
from .httpbody import decode_body
from .sniff import head_text, looks_like_html
from .streams import Opened, human_size

HTML_TYPES = ("text/html", "application/xhtml+xml")


class _Truncated(Exception):
    """A record ends before its declared length."""


def read_warc(opened: Opened, settings: SourceSettings) -> Iterator[Page | Failure | Skipped]:
    """Pages (and records passed over) of the WARC in ``opened``, then one Failure if the file is damaged."""
    records = 0
    try:
        iterator = ArchiveIterator(
            _Counted(opened.stream), parse_http=False, auto_decode="none", stream_detect=False
        )
        for record in iterator:
            result = _record(record, opened.name, settings)
            records += 1
            yield result
    except _Truncated:
        yield Failure(opened.name, _truncated(records, opened.damage))
        return
    except InputError as exc:  # a gzip bomb, raised by the decompressing stream
        yield Failure(opened.name, f"{exc} (after {records} records)")
        return
    except OSError as exc:
        yield Failure(opened.name, _truncated(records, opened.damage or str(exc)))
        return
    if opened.damage:
        yield Failure(opened.name, _truncated(records, opened.damage))


class _Counted:
    """A stream that knows its position, as FastWARC asks for one (``tell``) before reading."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._position = 0

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self._position += len(data)
        return data

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = 0) -> int:
        raise io.UnsupportedOperation("seek")

    def close(self) -> None:
        pass


def _truncated(records: int, detail: str | None) -> str:
    return f"truncated WARC after {records} records" + (f" ({detail})" if detail else "")


def _record(record: WarcRecord, path: str, settings: SourceSettings) -> Page | Failure | Skipped:
    """The record's page, a Failure for an unusable HTML response, or a Skipped saying why it is no page."""
    declared = record.headers.get("Content-Length")
    if declared is None or not declared.strip().isdigit():
        raise _Truncated
    block = record.content_length
    label = Origin(path=path, warc_record_id=record.record_id).label()
    if record.record_type != WarcRecordType.response or not record.is_http:
        _skip(record, block)
        kind = str(record.record_type).rsplit(".", 1)[-1]  # "request", "revisit", "metadata", …
        return Skipped(label, f"{kind} record" if record.record_type != WarcRecordType.response else "not http")
    record.parse_http()
    if record.http_headers is None or record.http_headers.status_code != 200:
        _skip(record, record.content_length)
        status = record.http_headers.status_code if record.http_headers is not None else None
        return Skipped(label, f"http {status}" if status else "no http status")
    content_type = (record.http_content_type or "").lower()
    if content_type and content_type not in HTML_TYPES:
        _skip(record, record.content_length)
        return Skipped(label, "not html")
    if record.content_length > settings.max_bytes:
        _skip(record, record.content_length)
        size = human_size(record.content_length)
        return Failure(label, f"too large: {size} > limit {human_size(settings.max_bytes)}")
    return _page(record, path, label, settings)


def _page(record: WarcRecord, path: str, label: str, settings: SourceSettings) -> Page | Failure | Skipped:
    expected = record.content_length
    body = record.reader.read()
    if len(body) < expected:
        raise _Truncated
    headers = record.http_headers
    try:
        body = decode_body(
            body, headers.get("Transfer-Encoding"), headers.get("Content-Encoding"), settings
        )
    except InputError as exc:
        return Failure(label, str(exc))
    if not record.http_content_type and not looks_like_html(head_text(body[:4096])):
        return Skipped(label, "not html")
    if not body.strip():
        return Failure(label, "empty response body")
    url = record.headers.get("WARC-Target-URI")
    return Page(
        content=body,
        kind="html",
        origin=Origin(path=path, url=url, warc_record_id=record.record_id),
        url=url,
        declared_encoding=record.http_charset,
        fetched=record.headers.get("WARC-Date"),
    )


def _skip(record: WarcRecord, expected: int) -> None:
    """Read past the rest of a record, checking it is all there."""
    reader = record.reader
    start = reader.tell()
    reader.consume(-1)
    if reader.tell() - start < expected:
        raise _Truncated
