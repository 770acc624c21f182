"""State institutions named through their country (enrich/institutions.py), German and English."""

from __future__ import annotations

from lagebild.enrich import enrich, institutions, places
from lagebild.model import Article
from lagebild.settings import EnrichSettings
from lagebild.textnorm import fold


def _found(text: str, language: str) -> dict[str, str]:
    return {m.text: m.entity_id for m in institutions.scan(text, places.scan(text, [], language), language)
            if m.type == "ORG"}


def test_german_adjective_phrases_in_every_case():
    text = ("Ein Sprecher des polnischen Geheimdienstes widersprach. Die polnische Armee übt, "
            "der polnischen Regierung missfällt das, und im polnischen Parlament wird gestritten.")
    assert _found(text, "de") == {
        "polnischen Geheimdienstes": "ORG:PL:intelligence", "polnische Armee": "ORG:PL:army",
        "polnischen Regierung": "ORG:PL:government", "polnischen Parlament": "ORG:PL:parliament"}


def test_german_genitives_and_compounds():
    text = "Spaniens Regierung lehnte ab; die Regierung Norwegens und die Polizei der Ukraine auch. Die US-Regierung schwieg."
    assert _found(text, "de") == {
        "Spaniens Regierung": "ORG:ES:government", "Regierung Norwegens": "ORG:NO:government",
        "Polizei der Ukraine": "ORG:UA:police", "US-Regierung": "ORG:US:government"}


def test_officers_are_not_the_army():
    text = "Mehrere ungarische Militärs reisten ab, ein Sprecher des ungarischen Militärs bestätigte es."
    assert _found(text, "de") == {"ungarischen Militärs": "ORG:HU:army"}


def test_english_phrases():
    text = ("The Polish army moved north while Spain's foreign ministry protested and the Norwegian "
            "government's envoy left. Officials of the Polish Armed Forces declined to comment.")
    got = _found(text, "en")
    assert got == {"Polish army": "ORG:PL:army", "Spain's foreign ministry": "ORG:ES:foreign-ministry",
                   "Norwegian government": "ORG:NO:government", "Polish Armed Forces": "ORG:PL:army"}


def test_one_entity_per_country_and_institution_with_both_languages():
    text = ("Die polnische Armee meldete Verluste. Ein Offizier der polnischen Armee sagte, die Polish army "
            "habe sich zurückgezogen. Die polnische Regierung schwieg.")
    article = enrich(Article(text=text, language="de"), EnrichSettings(ner="off"))
    ents = {e.id: e for e in article.entities}
    army = ents["ORG:PL:army"]
    assert army.type == "ORG" and army.country == "PL" and army.name == "Polnische Armee"
    assert {fold(a) for a in ("Polnische Armee", "Polish Armed Forces", "Polish army")} <= {fold(a) for a in army.aliases}
    assert len([m for m in article.mentions if m.entity_id == "ORG:PL:army"]) == 3
    assert ents["ORG:PL:government"].name == "Polnische Regierung"
    assert ents["LOC:PL"].country == "PL"  # the country stays findable


def test_english_display_name():
    article = enrich(Article(text="The Polish army and the Polish government disagreed.", language="en"),
                     EnrichSettings(ner="off"))
    names = {e.id: e.name for e in article.entities}
    assert names["ORG:PL:army"] == "Polish Armed Forces" and names["ORG:PL:government"] == "Polish Government"


def test_no_institution_without_a_country():
    assert _found("Die neue Regierung und die Armee des Landes. The army of the state.", "de") == {}
    assert _found("Die Europäische Zentralbank und die Deutsche Bank.", "de") == {}


def test_entity_ids_for_a_query():
    from lagebild.enrich.names import entity_ids

    assert entity_ids("polnischen Armee") == ["ORG:PL:army"]
    assert entity_ids("Polish army") == ["ORG:PL:army"]
    assert entity_ids("Spaniens Regierung") == ["ORG:ES:government"]
