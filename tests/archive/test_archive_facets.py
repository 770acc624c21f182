"""Entities, one entity's record, quotes and stats."""

from __future__ import annotations

import pytest

from lagebild.archive.facets import speaker_label
from lagebild.errors import ArchiveError


def test_entities_by_articles_then_mentions(filled):
    rows = filled.entities()
    assert [(r.id, r.articles, r.mentions) for r in rows] == [("PER:mevlut-cavusoglu", 2, 2), ("LOC:TR", 2, 2)]
    assert rows[0].name == "Mevlüt Çavuşoğlu" and rows[0].type == "PER" and rows[0].country == "TR"
    assert [r.id for r in filled.entities(type="PER")] == ["PER:mevlut-cavusoglu"]
    assert [r.articles for r in filled.entities(since="2024-05-02")] == [1, 1]
    assert [r.id for r in filled.entities(limit=1)] == ["PER:mevlut-cavusoglu"]  # ties by name


@pytest.mark.parametrize("name", ["PER:mevlut-cavusoglu", "Çavuşoğlu", "cavusoglu", "Mevlut Cavusoglu"])
def test_entity_by_id_or_any_spelling(filled, name):
    info = filled.entity(name)
    assert info["entity"]["id"] == "PER:mevlut-cavusoglu"
    assert info["articles"] == 2 and info["mentions"] == 2 and info["quotes"] == 1
    assert info["timeline"] == [{"day": "2024-05-01", "articles": 1, "mentions": 1},
                                {"day": "2024-05-02", "articles": 1, "mentions": 1}]
    assert info["cooccurring"][0]["id"] == "LOC:TR" and info["cooccurring"][0]["articles"] == 2


def test_unknown_entity(filled):
    with pytest.raises(ArchiveError, match="no entity named 'Merkel'"):
        filled.entity("Merkel")


@pytest.mark.parametrize("speaker", [None, "Cavusoglu", "PER:mevlut-cavusoglu", "Mevlüt Çavuşoğlu"])
def test_quotes(filled, speaker):
    (quote,) = filled.quotes(speaker=speaker)
    assert quote.text == "man wolle weiter zusammenarbeiten" and quote.article_id == 1
    assert quote.title == "Berlin kooperiert mit Ankara" and quote.published.startswith("2024-05-01")
    assert filled.quotes(speaker="Merkel") == []
    assert quote.speaker_name == "Mevlüt Çavuşoğlu"


@pytest.mark.parametrize(("phrase", "name", "label"), [
    ("Er", "Mevlüt Çavuşoğlu", "Mevlüt Çavuşoğlu („Er“)"),  # a pronoun alone says nothing: name it
    ("der Außenminister", "Mevlüt Çavuşoğlu", "Mevlüt Çavuşoğlu („der Außenminister“)"),
    ("Der Außenminister Mevlüt Cavusoglu", "Mevlüt Çavuşoğlu", "Mevlüt Çavuşoğlu"),  # the phrase names them
    ("Cavusoglus Sprecher", None, "Cavusoglus Sprecher"),  # unresolved: the text's words
    (None, None, "?"),
])
def test_speaker_label(phrase, name, label):
    assert speaker_label(phrase, name) == label


def test_stats(filled):
    stats = filled.stats()
    assert stats["articles"] == 5 and stats["entities"] == 2 and stats["quotes"] == 1
    assert stats["mentions"] == 4 and stats["failures"] == 0 and stats["duplicates"] == 0
    assert stats["languages"] == {"de": 3, "en": 2} and stats["size_bytes"] > 0
    assert stats["first_published"] == "2024-05-01T22:30:00Z"


def test_overview_counts_each_source_once_on_every_backend(archive):
    """The home page's source count walks the source index (views.DISTINCT_SOURCES); it must agree with a
    plain DISTINCT, with articles of no source, repeated sources and the smallest and largest values."""
    import dataclasses

    from archive_gen import make_articles
    from lagebild.archive import views

    hosts = [None, "zeit.de", "a.example", "zeit.de", "xn--zit-bma.de", "zz.example", None, "0.example", "zeit.de"]
    archive.ingest([dataclasses.replace(art, url=f"https://{host}/a{i}" if host else None)
                    for i, (art, host) in enumerate(zip(make_articles(len(hosts), seed=11), hosts))])
    counts = views.overview(archive)
    plain = archive.conn.execute("SELECT count(DISTINCT source) FROM articles").fetchone()[0]
    assert counts["sources"] == plain >= 4 and counts["articles"] == len(hosts)


def test_entity_totals_follow_inserts_and_deletes(filled):
    def totals():
        return {r.id: (r.articles, r.mentions) for r in filled.entities()}

    def grouped():
        return {r.id: (r.articles, r.mentions) for r in filled.entities(since="1900-01-01")}

    assert totals() == {"PER:mevlut-cavusoglu": (2, 2), "LOC:TR": (2, 2)}
    with filled.transaction() as conn:
        conn.execute("DELETE FROM articles WHERE id = 2")
    assert totals() == {"PER:mevlut-cavusoglu": (1, 1), "LOC:TR": (1, 1)}
    assert grouped() == totals()


def test_quotes_are_newest_first_and_undated_last(archive):
    from archive_corpus import make
    from lagebild.model import Quote

    for title, published in (("Januar", "2024-01-05"), ("Ohne Datum", None), ("Februar", "2024-02-05")):
        text = f"{title}: Er sagte, es gehe weiter."
        archive.add(make(title, text, published=published,
                         quotes=[Quote("es gehe weiter", text.index("es"), len(text) - 1, "indirect", "Er")]))
    assert [q.title for q in archive.quotes()] == ["Februar", "Januar", "Ohne Datum"]


def test_facets_take_relative_dates_and_zones_as_search_does(filled):
    from lagebild.query import Filters

    relative = Filters(since="30000d", tz="Europe/Berlin")  # every stored date, said relative to today
    assert filled.facets("", relative) == filled.facets("", relative.resolved())
    assert sum(n for _, n in filled.facets("", relative)["language"]) == filled.count("", relative) > 0
    assert filled.facets("", Filters(since="1d"))["language"] == []  # the corpus is older than a day
