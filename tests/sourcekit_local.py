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


PARA = "<p>" + "Die Regierung sagte am Montag in Berlin, der Hafen werde ausgebaut. " * 6 + "</p>\n"
LINE = "Der Stadtrat hat am Dienstag die Sanierung der Brücke beschlossen, sagte ein Sprecher.\n"


def hostile_inputs(folder, prefix: str, *, paragraphs: int, lines: int, longline: int, records: int, warc: int,
                   longline_html: int = 0) -> None:
    """The memory tests' inputs in ``folder``: two small warm-up pages (``warm.html``, ``warm.txt``) and,
    named ``prefix`` + huge.html, huge.txt, deep.html (100k nested divs), longline.txt (and
    longline.html when asked), many.jsonl (``records`` tiny records), many.warc (``warc`` 404s),
    inputs many times the caps, their sizes the caller's."""
    import json

    (folder / "warm.html").write_text(f"<html><body><article><h1>T</h1>{PARA * 5}</article></body></html>")
    (folder / "warm.txt").write_text("Meldung\n\n" + LINE * 8)
    (folder / f"{prefix}huge.html").write_text(f"<html><body><article><h1>T</h1>{PARA * paragraphs}</article></body></html>")
    (folder / f"{prefix}huge.txt").write_text(LINE * lines)
    (folder / f"{prefix}deep.html").write_text("<html><body>" + "<div>" * 100_000 + "Text " * 50 + "</div>" * 100_000)
    (folder / f"{prefix}longline.txt").write_text("Regierung" * longline)  # no line break, no space
    if longline_html:
        (folder / f"{prefix}longline.html").write_text("<html><body><p>" + "Hafen" * longline_html + "</p></body></html>")
    with open(folder / f"{prefix}many.jsonl", "w") as f:  # many records, each small and quickly refused or read
        for i in range(records):
            f.write(json.dumps({"url": f"https://x.example/{i}", "text": "kurz"}) + "\n")
    (folder / f"{prefix}many.warc").write_bytes(warc_404s(warc))
