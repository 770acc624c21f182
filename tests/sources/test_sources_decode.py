"""decode_html / decode_text: BOM, then a verified declaration, then detection; never raises."""

from __future__ import annotations

import pytest
from sourcekit import GERMAN, html_page

from lagebild.sources import decode_html, decode_text
from lagebild.sources.decode import meta_charset, normalize

RUSSIAN = "Правительство объявило в среду о новых мерах поддержки малого бизнеса в регионах. " * 2
JAPANESE = "東京都は月曜日、新しい交通計画を発表しました。市民の意見を聞きながら、来年から段階的に実施する予定です。" * 2
QUOTED = GERMAN + "„Wir handeln jetzt“, sagte sie – und ging."


def test_utf8_with_and_without_bom():
    page = html_page(QUOTED)
    assert decode_html(page.encode()) == (page, "utf-8")
    assert decode_html(b"\xef\xbb\xbf" + page.encode()) == (page, "utf-8")


def test_bom_beats_declarations():
    page = html_page(QUOTED, head='<meta charset="iso-8859-1">')
    assert decode_html(b"\xef\xbb\xbf" + page.encode(), "windows-1252") == (page, "utf-8")


@pytest.mark.parametrize("codec", ["utf-16", "utf-32"])
def test_utf16_and_utf32_with_bom(codec):
    page = html_page(QUOTED)
    text, encoding = decode_html(page.encode(codec))
    assert text == page and encoding.startswith(codec)


def test_windows_1252_undeclared_is_detected():
    page = html_page(QUOTED)
    text, encoding = decode_html(page.encode("cp1252"))
    assert text == page and encoding == "cp1252"


def test_windows_1252_declared_in_meta():
    page = html_page(QUOTED, head='<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">')
    assert decode_html(page.encode("cp1252")) == (page, "cp1252")


def test_latin1_with_meta_wrongly_declaring_utf8_loses_to_detection():
    page = html_page(GERMAN, head='<meta charset="utf-8">')
    text, encoding = decode_html(page.encode("iso-8859-1"))
    assert text == page and encoding == "cp1252"


def test_latin1_with_http_header_wrongly_declaring_utf8():
    page = html_page(GERMAN)
    text, _ = decode_html(page.encode("iso-8859-1"), declared="utf-8")
    assert text == page


def test_utf8_declared_as_latin1_is_mojibake_and_loses():
    page = html_page(QUOTED, head='<meta charset="iso-8859-1">')
    assert decode_html(page.encode("utf-8")) == (page, "utf-8")
    assert decode_html(page.encode("utf-8"), declared="ISO-8859-1") == (page, "utf-8")


def test_utf8_page_with_one_stray_byte_stays_utf8():
    data = html_page(QUOTED * 3, head='<meta charset="utf-8">').encode().replace(b"Dienstag", b"Dienst\xe4g", 1)
    text, encoding = decode_html(data)
    assert encoding == "utf-8" and "Bürgermeisterin" in text and "\ufffd" in text


def test_shift_jis_detected_and_declared():
    page = html_page(JAPANESE, title="ニュース")
    assert decode_html(page.encode("shift_jis"))[0] == page
    declared = html_page(JAPANESE, head='<meta charset="Shift_JIS">')
    assert decode_html(declared.encode("shift_jis")) == (declared, "cp932")


def test_cp1251_detected_declared_and_wrongly_declared():
    page = html_page(RUSSIAN, title="Новости")
    assert decode_html(page.encode("cp1251")) == (page, "cp1251")
    meta = html_page(RUSSIAN, head="<meta charset=windows-1251>")
    assert decode_html(meta.encode("cp1251")) == (meta, "cp1251")
    assert decode_html(page.encode("cp1251"), declared="windows-1252") == (page, "cp1251")


def test_unknown_or_impossible_declarations_are_ignored():
    page = html_page(QUOTED)
    assert decode_html(page.encode(), declared="x-no-such-charset") == (page, "utf-8")
    meta = html_page(QUOTED, head='<meta charset="utf-16">')  # read as ASCII, so it cannot be UTF-16
    assert decode_html(meta.encode()) == (meta, "utf-8")


def test_ascii_page_keeps_declared_encoding():
    assert decode_html(b"<html><p>plain</p></html>", "windows-1252") == ("<html><p>plain</p></html>", "cp1252")


@pytest.mark.parametrize("data", [b"", b"\x00\x01\x02\xff\xfe", bytes(range(256)) * 3, b"\xef\xbb\xbf", b"\xff\xfe\x00"])
def test_never_raises(data):
    text, encoding = decode_html(data, declared="utf-8")
    assert isinstance(text, str) and encoding
    assert isinstance(decode_text(data), str)


def test_decode_text():
    assert decode_text(GERMAN.encode("cp1252")) == GERMAN
    assert decode_text(RUSSIAN.encode("cp1251")) == RUSSIAN
    assert decode_text(GERMAN.encode("utf-16")) == GERMAN
    assert decode_text(b"\xef\xbb\xbf" + GERMAN.encode()) == GERMAN


def test_meta_charset_and_normalize():
    assert meta_charset(b'<meta charset="UTF-8">') == "UTF-8"
    assert meta_charset(b"<META HTTP-EQUIV='content-type' CONTENT='text/html; charset=koi8-r'>") == "koi8-r"
    assert meta_charset(b'<?xml version="1.0" encoding="ISO-8859-15"?>') == "ISO-8859-15"
    assert meta_charset(b"<p>no declaration</p>") is None
    assert normalize("latin1") == "cp1252" and normalize("SJIS") == "cp932" and normalize("nope") is None


def test_undeclared_utf8_with_a_stray_byte_is_utf8():
    data = html_page(QUOTED * 3).encode().replace(b"Dienstag", b"Dienst\xe4g", 1)
    text, encoding = decode_html(data)
    assert encoding == "utf-8" and "Bürgermeisterin" in text
