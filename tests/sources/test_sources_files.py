"""Single files, directories, globs and stdin; bad inputs become Failures and reading goes on."""

from __future__ import annotations

import gzip
import io
import os
import sys

import pytest
from sourcekit import GERMAN, failures, gzip_members, html_page, news_warc, pages, write_gzip_bomb

from lagebild.model import Failure, Page
from lagebild.sources import read


def test_html_file_is_kept_as_bytes(tmp_path, read_all):
    path = tmp_path / "a.html"
    path.write_bytes(html_page().encode("cp1252"))
    (page,) = read_all(path)
    assert page == Page(content=path.read_bytes(), kind="html", origin=page.origin)
    assert page.origin.path == str(path) and page.origin.url is None


def test_text_file_is_decoded(tmp_path, read_all):
    path = tmp_path / "a.txt"
    path.write_bytes(GERMAN.encode("cp1252"))
    (page,) = read_all(path)
    assert page.kind == "text" and page.content == GERMAN


@pytest.mark.parametrize(
    "start",
    [
        "<!DOCTYPE html>",
        "\ufeff<!doctype html>",
        "\n\n   <html lang=de>",
        "<head><title>x</title>",
        "<body>",
        "<div class=a>",
        "<!-- saved from url=(0014)about:internet -->\n<html>",
        '<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">',
    ],
)
def test_markup_without_html_extension_is_html(tmp_path, read_all, start):
    path = tmp_path / "page"
    path.write_text(start + "<p>Text</p></body></html>", encoding="utf-8")
    (page,) = read_all(path)
    assert page.kind == "html"


def test_saved_page_named_txt_is_html_but_text_mentioning_tags_is_text(tmp_path, read_all):
    (tmp_path / "a.txt").write_text("<!doctype html><html><body><p>x</p></body></html>")
    (tmp_path / "b.txt").write_text("<Anzeige>\nDer Text beginnt hier.\n")
    (tmp_path / "c").write_text("Ein Satz über <b>fett</b> gedruckte Wörter.\n")
    kinds = [p.kind for p in read_all(tmp_path)]
    assert kinds == ["html", "text", "text"]


def test_utf16_files_with_and_without_bom(tmp_path, read_all):
    (tmp_path / "a.txt").write_bytes(GERMAN.encode("utf-16"))
    (tmp_path / "b.txt").write_bytes(GERMAN.encode("utf-16-le"))
    (tmp_path / "c.html").write_bytes(html_page().encode("utf-16-be"))
    a, b, c = read_all(tmp_path)
    assert a.content == GERMAN and b.content == GERMAN
    assert c.kind == "html" and c.declared_encoding == "utf-16-be"


def test_directory_is_walked_sorted_recursively_without_hidden(tmp_path, read_all):
    (tmp_path / "b.html").write_text(html_page())
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "z.txt").write_text("Text")
    (tmp_path / "a" / "y.html").write_text(html_page())
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config.html").write_text(html_page())
    (tmp_path / ".hidden.html").write_text(html_page())
    results = read_all(tmp_path)
    names = [os.path.relpath(p.origin.path, tmp_path) for p in results]
    assert names == ["a/y.html", "a/z.txt", "b.html"]


def test_directory_with_bad_files_yields_failures_and_pages(tmp_path, read_all):
    (tmp_path / "1.html").write_text(html_page())
    (tmp_path / "2.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    (tmp_path / "3.html").write_bytes(b"")
    (tmp_path / "4").write_bytes(b"\x7fELF\x02\x01\x01\0" + bytes(100))
    (tmp_path / "5.txt").write_bytes(b"\x00\x01\x02\x03binary\x00stuff" * 10)
    (tmp_path / "6.txt").write_text("   \n\t\n")
    (tmp_path / "7.txt").write_text("Ein Text.")
    results = read_all(tmp_path)
    assert [r.origin.path.rsplit("/", 1)[1] for r in pages(results)] == ["1.html", "7.txt"]
    reasons = {f.input.rsplit("/", 1)[1]: f.reason for f in failures(results)}
    assert reasons == {
        "2.png": "binary file (PNG image), not a page",
        "3.html": "empty file",
        "4": "binary file (ELF executable), not a page",
        "5.txt": "binary file (contains NUL bytes), not a page",
        "6.txt": "empty file (only whitespace)",
    }


def test_missing_paths_fail_and_reading_goes_on(tmp_path, read_all):
    (tmp_path / "ok.html").write_text(html_page())
    os.symlink(tmp_path / "gone.html", tmp_path / "dangling.html")
    results = read_all(tmp_path / "nope.html", tmp_path / "ok.html", tmp_path / "dangling.html")
    assert results[0] == Failure(str(tmp_path / "nope.html"), "no such file or directory")
    assert isinstance(results[1], Page)
    assert results[2] == Failure(str(tmp_path / "dangling.html"), "broken symbolic link")


def test_unreadable_file_and_directory_fail(tmp_path, read_all, monkeypatch):
    secret = tmp_path / "secret.html"
    secret.write_text(html_page())
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "x.html").write_text(html_page())
    if os.geteuid() == 0:  # root reads anything: make the OS calls say no instead
        denied = {str(secret), str(locked)}

        def refuse(real):
            def fake(path, *args, **kwargs):
                if str(path) in denied:
                    raise PermissionError(13, "Permission denied", str(path))
                return real(path, *args, **kwargs)

            return fake

        monkeypatch.setattr("builtins.open", refuse(open))
        monkeypatch.setattr(os, "scandir", refuse(os.scandir))
    else:
        secret.chmod(0)
        locked.chmod(0)
    try:
        results = read_all(secret, locked)
    finally:
        secret.chmod(0o644)
        locked.chmod(0o755)
    assert results[0] == Failure(str(secret), "permission denied")
    assert results[1] == Failure(str(locked), "permission denied")


def test_too_large_file_is_refused_without_reading(tmp_path, read_all, monkeypatch):
    path = tmp_path / "big.html"
    with open(path, "wb") as out:
        out.write(b"<html><body>")
        out.truncate(3 * 1024 * 1024)  # sparse: 3 MB on paper
    results = read_all(path, max_bytes=1024 * 1024)
    assert results == [Failure(str(path), "too large: 3 MB > limit 1 MB")]


def test_too_large_stdin_is_refused(read_all, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"<html>" + b"x" * 5000)))
    (failure,) = read_all("-", max_bytes=1000)
    assert failure.input == "-" and failure.reason.startswith("too large")


def test_stdin_html_text_and_warc(monkeypatch, read_all):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(html_page().encode())))
    (page,) = read_all("-")
    assert page.kind == "html" and page.origin.path == "-"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(GERMAN.encode())))
    (page,) = read_all("-")
    assert page.kind == "text" and page.content == GERMAN
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(gzip_members(news_warc(2)))))
    results = pages(read_all("-"))
    assert [p.origin.path for p in results] == ["-", "-"] and all(p.origin.warc_record_id for p in results)


def test_stdin_as_gzipped_jsonl(monkeypatch, read_all):
    data = gzip.compress(b'{"url": "https://x.example/", "text": "Hallo"}\n')
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    (page,) = read_all("-")
    assert page.content == "Hallo" and page.origin.line == 1


def test_globs_expand_sorted_and_report_no_match(tmp_path, read_all):
    (tmp_path / "pages" / "2024").mkdir(parents=True)
    (tmp_path / "pages" / "b.html").write_text(html_page())
    (tmp_path / "pages" / "2024" / "a.html").write_text(html_page())
    (tmp_path / "pages" / "2024" / "notes.txt").write_text("x")
    results = read_all(tmp_path / "pages" / "**" / "*.html", tmp_path / "nothing-*.html")
    assert [os.path.relpath(r.origin.path, tmp_path) for r in pages(results)] == [
        "pages/2024/a.html",
        "pages/b.html",
    ]
    assert failures(results) == [Failure(str(tmp_path / "nothing-*.html"), "no files match this pattern")]


def test_glob_matching_directories_reads_each_file_once(tmp_path, read_all):
    (tmp_path / "d" / "e").mkdir(parents=True)
    (tmp_path / "d" / "e" / "a.html").write_text(html_page())
    results = read_all(tmp_path / "d" / "**")
    assert len(results) == 1


def test_empty_directory_fails(tmp_path, read_all):
    (tmp_path / "empty").mkdir()
    assert read_all(tmp_path / "empty") == [Failure(str(tmp_path / "empty"), "no files in directory")]


def test_gzipped_html_document(tmp_path, read_all):
    path = tmp_path / "a.html.gz"
    path.write_bytes(gzip.compress(html_page().encode()))
    (page,) = read_all(path)
    assert page.kind == "html" and page.content == html_page().encode()


def test_truncated_gzipped_document_fails(tmp_path, read_all):
    data = gzip.compress(html_page(GERMAN * 50).encode())
    path = tmp_path / "a.html.gz"
    path.write_bytes(data[:-40])
    (failure,) = read_all(path)
    assert failure.reason == "truncated gzip: gzip stream ends early"


def test_gzip_bomb_document_is_stopped(tmp_path, read_all):
    path = tmp_path / "bomb.html.gz"
    write_gzip_bomb(path, 200 * 1024 * 1024, prefix=b"<html><body>", fill=b" ")
    (failure,) = read_all(path)
    assert failure.input == str(path) and failure.reason.startswith("gzip bomb")
    zeros = tmp_path / "zeros.html.gz"
    write_gzip_bomb(zeros, 200 * 1024 * 1024)
    (failure,) = read_all(zeros)
    assert "not a page" in failure.reason


def test_decompressed_document_over_max_bytes(tmp_path, read_all):
    path = tmp_path / "a.html.gz"
    path.write_bytes(gzip.compress(html_page("Wort " * 2000).encode()))
    (failure,) = read_all(path, max_bytes=4096)
    assert failure.reason == "too large: decompressed content over the 4 KB limit"


def test_read_is_lazy_and_takes_any_iterable(tmp_path):
    (tmp_path / "a.html").write_text(html_page())
    results = read(iter([str(tmp_path / "a.html")]))
    assert isinstance(next(results), Page)


def test_fifo_in_directory_is_skipped_with_reason(tmp_path, read_all):
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "x.html").write_text(html_page())
    results = read_all(tmp_path)
    assert results[0] == Failure(str(tmp_path / "pipe"), "not a regular file (fifo), skipped")
    assert isinstance(results[1], Page)


def test_odd_inputs_fail_instead_of_raising(tmp_path):
    (tmp_path / "a.html").write_text(html_page())
    results = list(read(["bad\x00path", 42, tmp_path / "a.html", os.fsencode(tmp_path / "a.html")]))
    assert results[0] == Failure("bad\x00path", "invalid path: embedded null byte")
    assert results[1] == Failure("42", "not a path")
    assert [type(r) for r in results[2:]] == [Page, Page]


def test_gzip_cut_before_any_content(tmp_path, read_all):
    path = tmp_path / "a.html.gz"
    path.write_bytes(gzip.compress(html_page().encode())[:12])
    assert read_all(path) == [Failure(str(path), "truncated gzip: gzip stream ends early")]
