"""An HTTP response body as stored in a WARC, undone: chunked transfer and content encodings.

WARC stores payloads as they came over the wire. Decompression is bounded like any other gzip
here: by ``max_bytes`` and by ``max_decompressed_ratio``.
"""

from __future__ import annotations

import zlib

from ..errors import InputError
from ..settings import SourceSettings
from .sniff import head_text, looks_like_html
from .streams import human_size

_STEP = 256 * 1024


def decode_body(body: bytes, transfer: str | None, encoding: str | None, settings: SourceSettings) -> bytes:
    """The entity body; raises InputError when it cannot be recovered."""
    if transfer and "chunked" in transfer.lower():
        body = dechunk(body)
    coding = (encoding or "identity").strip().lower()
    if coding in ("identity", "none", ""):
        return body
    try:
        return _decompress(body, coding, settings)
    except InputError:
        if looks_like_html(head_text(body[:4096])):
            return body  # the header says compressed, but the body was stored decoded
        raise


def dechunk(body: bytes) -> bytes:
    """Undo ``Transfer-Encoding: chunked``; a body cut short keeps what arrived."""
    parts: list[bytes] = []
    pos = 0
    while pos < len(body):
        eol = body.find(b"\n", pos)
        if eol < 0:
            break
        try:
            size = int(body[pos:eol].split(b";", 1)[0].strip(), 16)
        except ValueError:
            if not parts:
                return body  # not chunked after all
            raise InputError("bad chunked transfer encoding") from None
        if size == 0:
            break
        parts.append(body[eol + 1 : eol + 1 + size])
        pos = eol + 1 + size
        pos += 2 if body[pos : pos + 2] == b"\r\n" else 1 if body[pos : pos + 1] == b"\n" else 0
    return b"".join(parts)


def _decompress(body: bytes, coding: str, settings: SourceSettings) -> bytes:
    if coding in ("gzip", "x-gzip"):
        return _inflate(body, 47, coding, settings)
    if coding == "deflate":
        try:
            return _inflate(body, 15, coding, settings)
        except InputError:
            return _inflate(body, -15, coding, settings)  # raw deflate, as some servers send
    if coding == "br":
        return _unbrotli(body, settings)
    raise InputError(f"unsupported Content-Encoding {coding!r}")


def _inflate(body: bytes, wbits: int, coding: str, settings: SourceSettings) -> bytes:
    inflater = zlib.decompressobj(wbits)
    parts: list[bytes] = []
    total = 0
    source = body
    try:
        while source:
            out = inflater.decompress(source, _STEP)
            total += len(out)
            _check(total, len(body), settings)
            parts.append(out)
            source = inflater.unconsumed_tail
            if inflater.eof:  # another gzip member may follow
                source = inflater.unused_data if wbits > 15 else b""
                inflater = zlib.decompressobj(wbits)
                if not source.strip(b"\x00"):
                    break
    except zlib.error as exc:
        raise InputError(f"corrupt {coding} body ({exc})") from None
    return b"".join(parts)


def _unbrotli(body: bytes, settings: SourceSettings) -> bytes:
    try:
        import brotli
    except ImportError:
        raise InputError("Content-Encoding br needs the brotli package") from None
    decompressor = brotli.Decompressor()
    parts: list[bytes] = []
    total = 0
    data = body
    try:
        while True:
            out = decompressor.process(data, output_buffer_limit=_STEP)
            data = b""
            total += len(out)
            _check(total, len(body), settings)
            parts.append(out)
            if decompressor.is_finished() or (not out and decompressor.can_accept_more_data()):
                break
    except brotli.error as exc:
        raise InputError(f"corrupt br body ({exc})") from None
    return b"".join(parts)


def _check(total: int, compressed: int, settings: SourceSettings) -> None:
    if total > settings.max_bytes:
        raise InputError(f"too large: decompressed body over the {human_size(settings.max_bytes)} limit")
    if total > settings.decompressed_floor_bytes and total > settings.max_decompressed_ratio * compressed:
        raise InputError(f"gzip bomb: body decompresses to more than {settings.max_decompressed_ratio}x")
