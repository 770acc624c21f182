"""Scraped-text headlines read against the page's <title> line (pages written for these tests)."""

from __future__ import annotations

from lagebild.extract.text import extract_text
from lagebild.model import Page
from lagebild.settings import ExtractSettings

ARTICLE = [
    "Der Gemeinderat hat am Dienstag nach langer Beratung beschlossen, die Pflasterung im kommenden Frühjahr "
    "zu erneuern und zwanzig junge Linden zu setzen, wie der Beispielstädter Bote erfuhr.",
    "Die Arbeiten sollen im März beginnen und bis zum Stadtfest im Juli abgeschlossen sein. Für diese Zeit wird "
    "der Wochenmarkt in die Schulstraße verlegt, teilte die Verwaltung dem Beispielstädter Boten mit.",
    "Mehrere Händler äußerten sich gegenüber dem Beispielstädter Boten erleichtert, dass der Markt nicht ganz "
    "ausfallen muss. Sie hoffen auf mehr Schatten und mehr Kundschaft im Sommer.",
]


def _page(title_line: str, headline: str, footer: list[str] = ()) -> str:
    lines = [title_line, "", "Startseite", "Lokales", "Sport", "", headline, "", "Von Jana Beispiel", ""]
    lines += [line for p in ARTICLE for line in (p, "")]
    return "\n".join(lines + ["Impressum", "Datenschutz", *footer])


def _title(text: str) -> str:
    return extract_text(Page(text, "text"), ExtractSettings()).title


def test_a_kicker_shown_without_its_separator_keeps_the_title_spelling():
    page = _page("Marktplatz: Neue Linden für die Innenstadt | Beispielstädter Bote",
                 "Marktplatz Neue Linden für die Innenstadt")
    assert _title(page) == "Marktplatz: Neue Linden für die Innenstadt"


def test_the_site_name_the_text_mentions_is_not_the_headline():
    # the page's headline words it a little differently from its <title>
    page = _page("Neue Linden für die Innenstadt | Beispielstädter Bote", "Neue Linden für die ganze Innenstadt",
                 ["Beispielstädter Bote"])
    assert _title(page) == "Neue Linden für die ganze Innenstadt"


def test_a_web_address_ending_the_title_is_not_the_headline():
    page = _page("Neue Linden für die Innenstadt | Lokales | Beispielbote.co.uk",
                 "Neue Linden für die ganze Innenstadt", ["BEISPIELBOTE.CO.UK"])
    assert _title(page) == "Neue Linden für die ganze Innenstadt"
