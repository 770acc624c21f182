"""JSON Lines input: html and text lines, origins with line numbers, bad lines fail alone."""

from __future__ import annotations

import gzip
import json

from sourcekit import GERMAN, failures, html_page, pages

from lagebild.model import Failure


def _jsonl(*lines: object) -> bytes:
    return b"".join((x if isinstance(x, bytes) else json.dumps(x).encode()) + b"\n" for x in lines)


def test_html_and_text_lines(tmp_path, read_all):
    path = tmp_path / "pages.jsonl"
    path.write_bytes(
        _jsonl(
            {"url": "https://x.example/a", "html": html_page()},
            {"url": "https://x.example/b", "text": GERMAN, "fetched": "2024-05-01T10:00:00+00:00"},
        )
    )
    a, b = read_all(path)
    assert a.kind == "html" and a.content == html_page().encode() and a.declared_encoding == "utf-8"
    assert a.url == "https://x.example/a"
    assert (a.origin.path, a.origin.line, a.origin.url) == (str(path), 1, "https://x.example/a")
    assert a.origin.label() == f"{path}:1"
    assert b.kind == "text" and b.content == GERMAN and b.origin.line == 2
    assert b.fetched == "2024-05-01T10:00:00+00:00"


def test_bad_lines_fail_with_path_line_and_reason(tmp_path, read_all):
    path = tmp_path / "pages.jsonl"
    path.write_bytes(
        _jsonl(
            {"url": "https://x.example/1", "html": html_page()},
            b"{not json",
            [1, 2],
            {"url": "https://x.example/4"},
            {"url": 5, "text": "x"},
            {"html": ""},
            {"text": ["a"]},
            b"\xff\xfe\xfa",
            b"",
            {"text": "still read"},
        )
    )
    results = read_all(path)
    assert [p.origin.line for p in pages(results)] == [1, 10]
    reasons = {f.input: f.reason for f in failures(results)}
    assert reasons == {
        f"{path}:2": "invalid JSON: Expecting property name enclosed in double quotes at column 2",
        f"{path}:3": "not a JSON object but an array",
        f"{path}:4": 'no "html" or "text" field',
        f"{path}:5": '"url" is a number, not a string',
        f"{path}:6": 'empty "html"',
        f"{path}:7": '"text" is an array, not a string',
        f"{path}:8": "not UTF-8 text",
    }


def test_line_over_max_bytes_fails_alone(tmp_path, read_all):
    path = tmp_path / "pages.jsonl"
    path.write_bytes(_jsonl({"text": "kurz"}, {"text": "lang " * 1000}, {"text": "auch kurz"}))
    results = read_all(path, max_bytes=1000)
    assert [p.content for p in pages(results)] == ["kurz", "auch kurz"]
    assert failures(results) == [Failure(f"{path}:2", "line too long: over the 1000 bytes limit")]


def test_gzipped_jsonl_and_truncation(tmp_path, read_all):
    data = gzip.compress(_jsonl(*({"url": f"https://x.example/{i}", "text": GERMAN * 30} for i in range(20))))
    path = tmp_path / "pages.jsonl.gz"
    path.write_bytes(data)
    assert len(pages(read_all(path))) == 20
    path.write_bytes(data[: len(data) // 2])
    results = read_all(path)
    assert 0 < len(pages(results)) < 20
    assert results[-1].input == str(path)
    assert results[-1].reason.startswith("truncated gzip after line ")


def test_jsonl_found_by_content(tmp_path, read_all):
    path = tmp_path / "export"
    path.write_bytes(_jsonl({"url": "https://x.example/a", "html": html_page()}))
    (page,) = read_all(path)
    assert page.origin.line == 1


def test_lone_surrogates_do_not_escape(tmp_path, read_all):
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"text": "a\\ud800b"}\n{"html": "<p>\\udfff</p>"}\n')
    text, html = read_all(path)
    assert text.content == "a?b" and html.content == b"<p>?</p>"


def test_gzipped_jsonl_bomb_is_stopped_after_good_lines(tmp_path, read_all):
    from sourcekit import write_gzip_bomb

    path = tmp_path / "bomb.jsonl.gz"
    write_gzip_bomb(path, 100 * 1024 * 1024, prefix=_jsonl({"text": "vorher"}), fill=b" ")
    results = read_all(path)
    assert [p.content for p in pages(results)] == ["vorher"]
    assert results[-1].input == str(path) and results[-1].reason.startswith("gzip bomb")


def test_jsonl_with_utf8_bom(tmp_path, read_all):
    path = tmp_path / "export"
    path.write_bytes(b"\xef\xbb\xbf" + _jsonl({"text": "mit BOM"}))
    (page,) = read_all(path)
    assert page.content == "mit BOM"


def test_a_nul_byte_in_one_line_fails_that_line_not_the_file(tmp_path, read_all):
    # A .jsonl file is judged line by line: a raw NUL (never valid inside JSON) or a run of control bytes
    # in one line must not make the whole file "binary" and drop the good lines with it.
    path = tmp_path / "pages.jsonl"
    path.write_bytes(_jsonl(b"TB\x00\x1a\x05 broken", b"\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0e\x0f\x10",
                            {"url": "https://x.example/ok", "html": html_page()}))
    items = read_all(path)
    good = [i for i in items if not isinstance(i, Failure)]
    bad = [i for i in items if isinstance(i, Failure)]
    assert [p.url for p in good] == ["https://x.example/ok"]
    assert [f.input for f in bad] == [f"{path}:1", f"{path}:2"]
    assert all("binary" not in f.reason for f in bad)
