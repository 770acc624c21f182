"""WARC input: only HTML responses with status 200, origins, damage and bombs."""

from __future__ import annotations

import gzip
import zlib

from fastwarc.warc import WarcRecordType
from sourcekit import (
    GERMAN,
    failures,
    gzip_members,
    html_page,
    news_warc,
    pages,
    skipped,
    warc_record,
    write_gzip_bomb,
)


def test_plain_warc_yields_html_responses_with_origin(tmp_path, read_all):
    path = tmp_path / "crawl.warc"
    path.write_bytes(b"".join(news_warc(3)))
    results = read_all(path)
    assert failures(results) == []
    got = pages(results)
    assert [p.url for p in got] == [f"https://news.example.org/artikel-{i}.html" for i in range(3)]
    first = got[0]
    assert first.kind == "html" and isinstance(first.content, bytes)
    assert first.content.startswith(b"<!doctype html>") and "Artikel 0".encode() in first.content
    assert first.origin.path == str(path)
    assert first.origin.url == first.url
    assert first.origin.warc_record_id.startswith("<urn:uuid:")
    assert first.declared_encoding == "utf-8"
    assert first.fetched and first.fetched[:2] == "20"
    assert len({p.origin.warc_record_id for p in got}) == 3


def test_gzipped_warc_one_member_per_record(tmp_path, read_all):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(gzip_members(news_warc(4)))
    results = read_all(path)
    assert failures(results) == []
    assert len(pages(results)) == 4


def test_warc_found_by_content_whatever_the_name(tmp_path, read_all):
    (tmp_path / "download.bin").write_bytes(gzip.compress(b"".join(news_warc(2))))
    (tmp_path / "saved.html").write_bytes(b"".join(news_warc(2)))
    results = read_all(tmp_path)
    assert failures(results) == []
    assert len(pages(results)) == 4


def test_declared_encoding_comes_from_http_header(tmp_path, read_all):
    body = html_page().encode("cp1252")
    path = tmp_path / "a.warc"
    path.write_bytes(warc_record("https://x.example/a", body, content_type="text/html; charset=ISO-8859-1"))
    (page,) = read_all(path)
    assert page.content == body
    assert page.declared_encoding in ("iso8859-1", "latin-1", "iso-8859-1", "latin_1")


def test_xhtml_and_missing_content_type_with_markup_are_pages(tmp_path, read_all):
    path = tmp_path / "a.warc"
    path.write_bytes(
        warc_record("https://x.example/a", html_page().encode(), content_type="application/xhtml+xml")
        + warc_record("https://x.example/b", html_page().encode(), content_type=None)
        + warc_record("https://x.example/c", b"just some bytes", content_type=None)
        + warc_record("https://x.example/d", b"{}", content_type="application/json")
    )
    assert [p.url for p in pages(read_all(path))] == ["https://x.example/a", "https://x.example/b"]


def test_chunked_and_gzip_content_encoding_are_undone(tmp_path, read_all):
    html = html_page().encode()
    compressed = gzip.compress(html)
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in (compressed[:50], compressed[50:])) + b"0\r\n\r\n"
    path = tmp_path / "a.warc"
    path.write_bytes(
        warc_record(
            "https://x.example/a",
            chunked,
            extra_headers=(("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")),
        )
        + warc_record("https://x.example/b", zlib.compress(html), extra_headers=(("Content-Encoding", "deflate"),))
        + warc_record("https://x.example/c", html, extra_headers=(("Content-Encoding", "gzip"),))  # lies
    )
    results = read_all(path)
    assert failures(results) == []
    assert [p.content for p in pages(results)] == [html, html, html]


def test_record_over_max_bytes_fails_alone(tmp_path, read_all):
    big = html_page("x" * 5000).encode()
    path = tmp_path / "a.warc"
    path.write_bytes(
        warc_record("https://x.example/big", big) + warc_record("https://x.example/small", html_page("kurz").encode())
    )
    results = read_all(path, max_bytes=2000)
    (failure,) = failures(results)
    assert failure.input.startswith(f"{path}#<urn:uuid:")
    assert failure.reason.startswith("too large:")
    assert [p.url for p in pages(results)] == ["https://x.example/small"]


def test_truncated_plain_warc_keeps_records_before_the_damage(tmp_path, read_all):
    records = [warc_record(f"https://x.example/{i}", html_page(f"Nr. {i} {GERMAN}").encode()) for i in range(4)]
    whole = b"".join(records)
    cut_points = {
        "inside a payload": len(whole) - 100,
        "inside an HTTP header": len(b"".join(records[:3])) + 300,
        "inside a WARC header": len(b"".join(records[:3])) + 30,
        "after the version line": len(b"".join(records[:3])) + 4,
    }
    for where, cut in cut_points.items():
        path = tmp_path / "cut.warc"
        path.write_bytes(whole[:cut])
        results = read_all(path)
        assert len(pages(results)) == 3, where
        assert isinstance(results[-1], type(failures(results)[0])), where
        (failure,) = failures(results)
        assert failure.input == str(path)
        assert failure.reason.startswith("truncated WARC after 3 records"), (where, failure.reason)


def test_truncated_warc_gz_keeps_records_before_the_damage(tmp_path, read_all):
    records = [warc_record(f"https://x.example/{i}", html_page(f"Nr. {i} {GERMAN}" * 20).encode()) for i in range(4)]
    data = gzip_members(records)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: len(data) - 200])
    results = read_all(path)
    assert len(pages(results)) == 3
    (failure,) = failures(results)
    assert failure.input == str(path)
    assert failure.reason.startswith("truncated WARC after 3 records")
    assert results[-1] == failure


def test_truncated_single_member_gzip_warc(tmp_path, read_all):
    records = [warc_record(f"https://x.example/{i}", html_page(f"{i} {GERMAN}").encode()) for i in range(5)]
    data = gzip.compress(b"".join(records))
    cut = data[: len(data) * 3 // 4]
    readable = len(zlib.decompressobj(31).decompress(cut))
    whole_records = sum(1 for i in range(1, 6) if len(b"".join(records[:i])) <= readable)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(cut)
    results = read_all(path)
    assert len(pages(results)) == whole_records
    (failure,) = failures(results)
    assert failure.reason == f"truncated WARC after {whole_records} records (gzip stream ends early)"


def test_non_warc_named_warc_fails(tmp_path, read_all):
    path = tmp_path / "x.warc"
    path.write_text("hello")
    (failure,) = read_all(path)
    assert "not a WARC file" in failure.reason


def test_warc_gzip_bomb_is_stopped(tmp_path, read_all):
    header = (
        b"WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:bomb>\r\n"
        b"Content-Type: application/http; msgtype=response\r\nContent-Length: 209715200\r\n\r\n"
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body>"
    )
    path = tmp_path / "bomb.warc.gz"
    write_gzip_bomb(path, 200 * 1024 * 1024, prefix=header)
    assert path.stat().st_size < 1024 * 1024
    (failure,) = read_all(path)
    assert failure.input == str(path)
    assert failure.reason.startswith("gzip bomb")


def test_metadata_only_warc_yields_no_page_and_says_why(tmp_path, read_all):
    path = tmp_path / "meta.warc"
    path.write_bytes(warc_record("metadata:x", b"a: b\r\n", record_type=WarcRecordType.metadata))
    results = read_all(path)
    assert pages(results) == [] and failures(results) == []
    assert [reason for _, reason in skipped(results)] == ["metadata record"]


def test_records_that_are_no_pages_are_skipped_by_reason_not_failed(tmp_path, read_all):
    path = tmp_path / "crawl.warc"
    revisit = warc_record("https://news.example.org/artikel-0.html", b"", record_type=WarcRecordType.revisit)
    redirect = warc_record("https://news.example.org/alt", b"", status=301)
    unlabelled = warc_record("https://news.example.org/x.bin", b"\x00\x01binary\xff" * 20, content_type=None)
    path.write_bytes(b"".join(news_warc(2)) + revisit + redirect + unlabelled)
    results = read_all(path)
    assert failures(results) == [] and len(pages(results)) == 2
    passed = skipped(results)
    assert sorted(reason for _, reason in passed) == sorted(
        ["request record", "request record", "http 404", "not html", "metadata record", "revisit record",
         "http 301", "not html"])
    assert all(name.startswith(f"{path}#<urn:uuid:") for name, _ in passed)  # each names its record


def test_compressed_http_body_bomb_fails_alone(tmp_path, read_all):
    bomb_path = tmp_path / "body.gz"
    write_gzip_bomb(bomb_path, 40 * 1024 * 1024, prefix=b"<html><body>", fill=b" ")
    path = tmp_path / "a.warc"
    path.write_bytes(
        warc_record("https://x.example/bomb", bomb_path.read_bytes(), extra_headers=(("Content-Encoding", "gzip"),))
        + warc_record("https://x.example/ok", html_page().encode())
    )
    results = read_all(path)
    (failure,) = failures(results)
    assert failure.input.startswith(f"{path}#") and failure.reason.startswith("gzip bomb")
    assert [p.url for p in pages(results)] == ["https://x.example/ok"]


def test_skipped_records_are_counted_through_ingest_the_cli_and_runs(tmp_path):
    """Issue 13: records passed over reach the ingest report counted by reason, the CLI summary (one
    line) and the recorded run — and are no failure (exit code 0)."""
    from typer.testing import CliRunner

    import lagebild
    from lagebild._pool import process_chunk
    from lagebild.cli import app
    from lagebild.model import Skipped
    from lagebild.settings import Settings

    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(gzip_members(news_warc(2)))
    settings = Settings()
    settings.enrich.pipeline = ()
    settings.stories.embedder = "off"

    item = Skipped("x.warc#<urn:uuid:1>", "http 404")  # the worker side passes it on untouched
    (done,), counts = process_chunk([item], settings)
    assert done[0] is item and not counts

    with lagebild.Archive(tmp_path / "a.db") as archive:
        report = lagebild.ingest(archive, [path], settings)
        assert (report.stored, report.failed, report.skipped) == (2, 0, 0)
        assert report.skipped_records == {"request record": 2, "http 404": 1, "not html": 1, "metadata record": 1}
        assert archive.runs(1)[0].counts["skipped_records"] == report.skipped_records
        assert archive.count() == 2

    result = CliRunner().invoke(app, ["ingest", str(path), "--no-enrich", "--db", str(tmp_path / "b.db")])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("skipped")]
    assert lines == ["skipped 5 records (no pages): 2 request record, 1 http 404, 1 metadata record, 1 not html"]
    assert "failed 0" in result.output and "Traceback" not in result.output
    runs = CliRunner().invoke(app, ["runs", "--db", str(tmp_path / "b.db")])
    assert "passed over 5" in runs.output, runs.output  # the table wraps "records passed over 5"

    extracted = CliRunner().invoke(app, ["extract", str(path), "--jsonl"])
    assert extracted.exit_code == 0
    assert len([line for line in extracted.stdout.splitlines() if line.startswith("{")]) == 2
