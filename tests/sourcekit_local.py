"""WARC bytes for tests outside tests/sources (its sourcekit is not importable from here)."""

from __future__ import annotations

import io

from fastwarc.warc import WarcRecord, WarcRecordType


def warc_404s(n: int) -> bytes:
    """``n`` HTTP 404 responses (records passed over as Skipped), then one small HTML page."""
    out = io.BytesIO()
    for i in range(n + 1):
        record = WarcRecord()
        record.init_headers(WarcRecordType.response)
        record.headers.append("WARC-Target-URI", f"https://x.example/{i}")
        record.headers.append("Content-Type", "application/http; msgtype=response")
        status, body = ("404 Not Found", b"<html>fehlt</html>") if i < n else ("200 OK", b"<html><p>Seite</p></html>")
        head = f"HTTP/1.1 {status}\r\nContent-Type: text/html\r\nContent-Length: {len(body)}\r\n\r\n".encode()
        record.set_bytes_content(head + body)
        record.write(out)
    return out.getvalue()
