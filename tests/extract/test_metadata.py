"""Metadata from hand-written HTML snippets: the date shown by the headline, bylines, titles."""

from __future__ import annotations

import lxml.html

from lagebild.extract import _html_jsonld as jsonld
from lagebild.extract.metadata import read_metadata


def metadata(body: str, head: str = "", url: str | None = "https://news.example/politik/a-1"):
    tree = lxml.html.document_fromstring(f"<html><head>{head}</head><body>{body}</body></html>")
    return read_metadata(tree, url, jsonld.blocks(tree))


def day(value) -> str:
    return value[:10] if isinstance(value, str) else value.date().isoformat()


def test_date_shown_by_the_headline_beats_an_older_meta_date():
    head = '<meta property="article:published_time" content="2021-01-10T09:00:00+01:00">'
    body = "<h1>Neue Brücke für den Ort</h1><p>Aktualisiert: 14.03.2021, 10:05 Uhr</p><p>Ein langer Text.</p>"
    assert day(metadata(body, head).published) == "2021-03-14"


def test_date_in_a_sentence_by_the_headline_is_not_the_page_date():
    head = '<meta property="article:published_time" content="2021-01-10T09:00:00+01:00">'
    body = "<h1>Neue Brücke</h1><p>Der Bau soll am 14. März 2021 beginnen, sagte die Bürgermeisterin.</p>"
    assert day(metadata(body, head).published) == "2021-01-10"


def test_ambiguous_shown_date_is_read_the_way_the_metadata_reads_it():
    head = '<meta property="og:locale" content="en_GB"><meta property="article:published_time" content="2020-04-12T08:00:00+00:00">'
    body = "<h1>Olive bread</h1><span>12/04/2020</span>"
    assert day(metadata(body, head).published) == "2020-04-12"


def test_shown_date_on_a_page_without_metadata():
    body = "<h1>Trail report</h1><div class='meta'>May 6, 2019</div><p>We walked.</p>"
    assert day(metadata(body).published) == "2019-05-06"
