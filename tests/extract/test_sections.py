"""Sections: one clean label per article, never a navigation word; the raw value kept."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lagebild.extract import extract
from lagebild.extract.sections import normalise, pick_section, url_sections
from lagebild.model import Page


@pytest.mark.parametrize(("candidates", "section"), [
    (["Startseite"], None),
    (["Home"], None),
    (["All"], None),
    (["E"], None),
    (["Erweiterte Suche"], None),
    (["Skip to main content"], None),
    (["Der Präsident hat heute in Berlin eine Rede gehalten."], None),
    ([["Home", "Politik", "Ein Minister tritt zurück"]], "Politik"),
    ([["Startseite", "Nachrichten", "Wirtschaft"]], "Wirtschaft"),  # the generic "Nachrichten" gives way
    (["NEWS"], "News"),
    (["news"], "News"),
    (["News"], "News"),
    (["wirtschaft und finanzen"], "Wirtschaft und Finanzen"),
    (["UK"], "UK"),
    (["beispiel.de"], None),
    (["Sport, Fußball"], "Sport"),
    (["", "Kultur"], "Kultur"),
])
def test_a_section_is_a_clean_label(candidates, section):
    assert pick_section(candidates)[0] == section


def test_the_raw_value_is_kept_beside_the_section():
    assert pick_section([["Startseite", "Politik"]]) == ("Politik", "Startseite > Politik")
    assert pick_section(["Startseite"]) == (None, "Startseite")


def test_the_site_name_and_the_headline_are_not_sections():
    assert pick_section(["Beispiel Zeitung"], ["Beispiel Zeitung"])[0] is None
    assert pick_section([["Home", "Neue Brücke eröffnet"]], ["Neue Brücke eröffnet"])[0] is None


def test_url_paths_offer_their_sections_but_not_ids_or_the_slug():
    assert url_sections("https://example.org/politik/ausland/minister-tritt-zurueck-123.html") == ["politik", "ausland"]
    assert url_sections("https://example.org/2024/05/03/some-story/") == []
    assert pick_section([url_sections("https://example.org/article/123/some-story")])[0] is None


def test_case_is_made_consistent_only_where_the_page_has_none():
    assert normalise("Sci-Tech") == "Sci-Tech"
    assert normalise("  LOCAL NEWS ") == "Local News"
    assert normalise("World news") == normalise("World News") == "World News"
    assert normalise("iPhone") == "iPhone"
    assert normalise("How To") == normalise("How to") == "How to"
    assert normalise("Wirtschaft IT") == "Wirtschaft IT"


def test_html_pages_carry_section_and_raw_value():
    html = ("<html><head><title>Neue Brücke eröffnet</title><script type='application/ld+json'>"
            '{"@type": "BreadcrumbList", "itemListElement": [{"position": 1, "name": "Startseite"},'
            ' {"position": 2, "name": "Lokales"}, {"position": 3, "name": "Neue Brücke eröffnet"}]}'
            "</script></head><body><h1>Neue Brücke eröffnet</h1>"
            + "<p>Die neue Brücke über den Fluss wurde am Morgen für den Verkehr freigegeben, sagte die Stadt.</p>" * 6
            + "</body></html>")
    article = extract(Page(content=html.encode(), kind="html", url="https://example.org/lokales/neue-bruecke"))
    assert article.section == "Lokales"
    assert article.section_raw == "Startseite > Lokales > Neue Brücke eröffnet"


# An independent list: what readers saw as sections in the issue, and more navigation words.
_NAVIGATION = {"startseite", "home", "homepage", "all", "alle", "menu", "menü", "suche", "search", "erweiterte suche",
               "start", "index", "skip to content", "skip to main content", "zur startseite", "uncategorized",
               "article", "artikel", "post", "posts", "page", "seite"}


@pytest.mark.slow
def test_the_section_facet_of_all_shared_pages_has_no_navigation_words(shared: Path):
    """Every page of the four extraction sets (and the non-article pages) through the HTML path's metadata
    reader, which gives Article.section (~1 min on a quiet machine)."""
    from lagebild.extract.html import parse
    from lagebild.extract.metadata import read_metadata
    from lagebild.settings import ExtractSettings

    root = shared / "benchmarks" / "extraction"
    urls: dict[Path, str | None] = {}
    for name in ("scrapinghub", "trafilatura-eval", "fundus", "wcxb-articles"):
        for listing, key in (("pages.jsonl", "html_file"), ("evaldata.jsonl", "file")):
            if (root / name / listing).exists():
                for line in (root / name / listing).open(encoding="utf-8"):
                    item = json.loads(line)
                    urls[root / name / item[key]] = item.get("url")
    pages = sorted(urls) + sorted((root / "wcxb-articles" / "other").glob("*.html"))
    if not pages:
        pytest.skip("no extraction sets in ../shared")
    sections = set()
    for path in pages:
        url = urls.get(path)
        url = url if url and url.startswith("http") else None
        try:
            tree = parse(Page(content=path.read_bytes(), kind="html", url=url), ExtractSettings())
        except Exception:  # noqa: BLE001 - an unreadable page has no section
            continue
        section = read_metadata(tree, url).section
        if section:
            sections.add(section)
    assert len(sections) > 100
    folded = {}
    for section in sections:
        key = section.casefold()
        assert key not in _NAVIGATION, section
        assert len(re.sub(r"\W", "", section)) >= 2, section
        assert len(section.split()) <= 4 and not section.endswith((".", "!", "?")), section
        assert key not in folded, (section, folded.get(key))  # one spelling per section
        folded[key] = section
