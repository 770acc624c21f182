"""Acceptance: the founding example (a DWN page as a scraper saved it) through the scraped-text path."""

from __future__ import annotations

import pytest

from lagebild.extract.text import CorpusStats, extract_text
from lagebild.model import Page
from lagebild.settings import ExtractSettings

TITLE = "Geheimdienste aus Türkei und Russland kooperieren gegen ISIS"
SECTIONS = ["Weltwirtschaft", "Weltwirtschaft", "Deutschland", "Finanzen", "Politik", "Technologie", "Politik",
            "Weltwirtschaft"]


@pytest.fixture(params=["alone", "corpus"])
def article(request, founding_example):
    text = founding_example.read_text(encoding="utf-8")
    corpus = CorpusStats() if request.param == "corpus" else None
    return extract_text(Page(text, "text"), ExtractSettings(), corpus)


def test_head(article):
    assert article.section == "Politik"
    assert article.title == TITLE
    assert article.reading_time == 1
    assert article.published == "2016-08-12T00:06:00+02:00"
    assert article.language == "de"
    assert article.publisher in (None, "DWN")
    assert article.page_type == "article"


def test_lead_and_body(article):
    assert article.lead.startswith("Die Türkei und Russland planen offenbar")
    assert len(article.body) == 2
    assert article.body[0].startswith("Die Türkei und Russland wollen in Syrien")
    assert article.body[1].endswith("immer noch auf dem Tisch.“")
    assert article.text.count(TITLE) == 0
    for junk in ("Cookies", "Mehr zum Thema", "Benachrichtigung", "DWN", "Weltwirtschaft", "Verbrenner"):
        assert junk not in article.text


def test_related(article):
    assert [r.section for r in article.related] == SECTIONS
    first = article.related[0]
    assert first.title.startswith("Verbrenner-Verbot? Heftiger Streit")
    assert first.teaser.startswith("Über das von der EU-Kommission")
    for link in article.related:
        assert link.title and link.teaser
        assert not link.title.startswith(link.section + " ")
        assert link.title not in article.text
