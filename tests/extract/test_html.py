"""HTML extraction over hand-written pages: structured data, OpenGraph, bylines, cookie banners,
teasers, non-article pages, charsets, and arbitrary bytes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lagebild.errors import ExtractionError, InputError
from lagebild.extract import extract
from lagebild.extract.html import extract_html
from lagebild.model import Page
from lagebild.settings import ExtractSettings

DATA = Path(__file__).parent / "data"


def page(name: str, url: str | None = "https://news.example/a/b") -> Page:
    return Page(content=(DATA / name).read_bytes(), kind="html", url=url)


@pytest.fixture(scope="module")
def german():
    return extract(page("de_article_jsonld.html"))


@pytest.fixture(scope="module")
def english():
    return extract(page("en_article_byline.html"))


def test_jsonld_metadata(german):
    assert german.title == "Stadtrat beschließt neuen Radweg am Flussufer"
    assert german.published == "2024-03-05T08:30:00+01:00"
    assert german.modified == "2024-03-05T10:00:00+01:00"
    assert german.authors == ["Anna Beispiel", "Max Muster"]
    assert german.section == "Lokales"
    assert german.tags == ["Radweg", "Stadtrat", "Verkehr"]
    assert german.publisher == "Musterstädter Anzeiger"
    assert german.canonical_url == "https://anzeiger.example/lokales/radweg-flussufer-123"
    assert german.language == "de"
    assert german.page_type == "article"


def test_lead_and_body_without_boilerplate(german):
    assert german.lead.startswith("Nach monatelanger Debatte")
    assert german.body[0].startswith("Die Entscheidung fiel am Dienstagabend")
    assert german.body[-1].startswith("Die Kosten des Vorhabens")
    for noise in ("Cookies", "Alle akzeptieren", "Startseite", "Mehr zum Thema", "Bürgerversammlung zum Radweg",
                  "Alle Rechte vorbehalten", "Von Anna Beispiel"):
        assert noise not in german.text
    assert german.text == "\n\n".join([german.lead, *german.body])
    assert german.word_count > 100 and german.content_hash


def test_related_teasers(german):
    urls = [r.url for r in german.related]
    assert urls == ["https://news.example/lokales/buergerversammlung-april-456",
                    "https://anzeiger.example/lokales/parkplaetze-ufer-789"]
    first = german.related[0]
    assert first.title == "Bürgerversammlung zum Radweg im April geplant"
    assert first.section == "Verkehr"
    assert first.teaser.startswith("Die Stadt lädt alle Anlieger ein")


def test_opengraph_and_byline(english):
    assert english.title == "Harbour ferry service to resume after winter break"
    assert english.authors == ["Jane Doe", "John Roe"]
    assert english.published == "2023-11-02T14:05:00+00:00"
    assert english.section == "Local"
    assert english.tags == ["Transport", "Harbour"]
    assert english.publisher == "The Example Post"
    assert english.reading_time == 3
    assert english.language == "en"
    assert "By Jane Doe" not in english.text and "cookies" not in english.text
    assert english.lead.startswith("The small passenger ferry")
    assert [r.title for r in english.related] == ["Bus routes around the bay change from December",
                                                  "Island residents call for a reserve boat"]


def test_latin1_page_with_naive_date_and_labelled_author():
    article = extract(page("de_latin1_naive_date.html", url=None))
    assert article.title == "Bäckerei öffnet wieder am Marktplatz"
    assert "Brötchen" in article.text and "Ã" not in article.text
    assert article.published == "2024-07-01T09:15:00+02:00"  # naive, read in Europe/Berlin (summer time)
    assert article.authors == ["Jörg Müller"]


def test_section_front_is_other_without_body():
    article = extract(page("de_section_front.html"))
    assert article.page_type == "other"
    assert article.body == [] and article.text == ""
    assert article.title == "Politik"


@pytest.mark.parametrize("title, site, expected", [
    ("Ein Titel | Beispielzeitung", "Beispielzeitung", "Ein Titel"),
    ("Beispielzeitung - Ein Titel mit - Strich", "Beispielzeitung", "Ein Titel mit - Strich"),
    ("Headline here :: Example News", "Example News", "Headline here"),
])
def test_title_suffixes_removed(title, site, expected):
    html = (f"<html><head><title>{title}</title><meta property='og:site_name' content='{site}'></head><body>"
            "<p>" + "Ein Satz mit genug Wörtern für einen Absatz im Artikel. " * 12 + "</p></body></html>")
    assert extract(Page(content=html.encode(), kind="html")).title == expected


def test_title_suffix_by_host_name():
    html = ("<html><head><title>Wetter wird mild - Beispielblatt</title></head><body><p>"
            + "Ein Satz mit genug Wörtern für einen Absatz im Artikel. " * 12 + "</p></body></html>")
    article = extract(Page(content=html.encode(), kind="html", url="https://www.beispielblatt.de/x"))
    assert article.title == "Wetter wird mild"


def test_fields_hold_text_only():
    html = ("<html><head><title>&lt;b&gt;Fett&lt;/b&gt; &amp; mehr</title>"
            "<script>alert(1)</script></head><body><h1><script>evil()</script>Überschrift</h1><p>"
            + "Absatz mit <b>Auszeichnung</b> und <a href='javascript:x'>Link</a> im Satz. " * 10
            + "</p><p onclick='x()'>" + "Noch ein Absatz, der lang genug ist, um Text zu sein. " * 6
            + "</p></body></html>")
    article = extract(Page(content=html.encode(), kind="html"))
    assert "<a" not in article.text and "<b>" not in article.text and "alert" not in article.text
    assert "evil" not in article.title


@pytest.mark.parametrize("content", [b"", b"   ", b"\x00\x01\x02\xff" * 50, b"just some words, no markup",
                                     b"<html><body></body></html>", b"<html><head><script>x()</script></head></html>"])
def test_unusable_pages_raise_extraction_error(content):
    with pytest.raises(ExtractionError):
        extract(Page(content=content, kind="html"))


def test_size_cap_cuts_before_parsing():
    html = ("<html><body><p>" + "Ein Satz über das Wetter in der Stadt. " * 30 + "</p>"
            + "<p>" + "x" * 200_000 + "</p></body></html>").encode()
    article = extract_html(Page(content=html, kind="html"), ExtractSettings(max_html_chars=5_000))
    assert "Wetter" in article.text and len(article.text) < 5_000


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_never_raise_anything_else(data):
    try:
        extract(Page(content=data, kind="html"))
    except InputError:
        pass


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["<p>", "</p>", "<div class='x'>", "</div>", "<script type='application/ld+json'>",
                                 "</script>", '{"@type": "NewsArticle", "headline": ', '"T"}', "<h1>", "</h1>",
                                 "Wort ", "<meta property='og:title' content='", "'>", "<time datetime='2024-13-45'>",
                                 "&amp;", "<a href='/x'>", "</a>", "\x00", "ü"]), max_size=80))
def test_arbitrary_markup_never_raises_anything_else(parts):
    try:
        extract(Page(content="".join(parts).encode("utf-8", "replace"), kind="html"))
    except InputError:
        pass


def test_marked_standfirst_becomes_the_lead_after_a_repeated_headline():
    sentences = [
        "Der Gemeinderat hat am Montag über die neue Brücke beraten und einen Beschluss gefasst.",
        "Die Arbeiten sollen im Frühjahr beginnen und etwa zwei Jahre dauern, sagte die Bürgermeisterin.",
        "Anwohner hatten sich seit Jahren eine bessere Verbindung über den Fluss gewünscht.",
        "Die Kosten trägt zum größten Teil das Land, den Rest übernimmt die Gemeinde selbst.",
    ] * 3
    standfirst = "Nach langem Streit steht fest: Die neue Brücke kommt, und sie wird teurer als geplant."
    html = ("<html><head><title>Die Brücke kommt</title></head><body><article>"
            "<h1>Die Brücke kommt</h1>"
            f"<div class='article-intro'><span>{standfirst}</span></div>"
            + "".join(f"<p>{s}</p>" for s in sentences) + "</article></body></html>")
    article = extract_html(Page(content=html, kind="html", url="https://news.example/a/b"), ExtractSettings())
    assert article.lead == standfirst
    assert "Die Brücke kommt" not in article.text
