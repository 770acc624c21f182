"""False friends: a name that means one thing in one language and something else in the text's.

Every sentence here is our own. Each kind of error is tested by its rule, with a name of another
country or organisation where one exists, so no test holds for one name only.
"""

import pytest

from lagebild.enrich import places
from lagebild.enrich.alias_trust import own_names, trusted
from lagebild.enrich.names import canonicalise
from lagebild.enrich.orgs import scan_orgs
from lagebild.model import Mention
from lagebild.textnorm import fold


def _ids(text, spec, language):
    """Canonicalise hand-made mentions ``[(surface, type, nth occurrence)]``; text -> id."""
    ms = []
    for surface, type_, nth in spec:
        start = -1
        for _ in range(nth + 1):
            start = text.index(surface, start + 1)
        ms.append(Mention(start, start + len(surface), surface, type_))
    out, _ = canonicalise(text, sorted(ms, key=lambda m: m.start), language)
    return [(m.text, m.entity_id) for m in out]


def _codes(text, language):
    return [p.id for p in places.readings(text, language)]


def test_a_country_name_that_is_a_common_word_of_the_text_s_language_names_no_country():
    # German (and Nordic) "Island" is Iceland; in English it is the word island
    assert "LOC:IS" not in _codes("Islands", "en") and "LOC:IS" not in _codes("Island", "en")
    assert _codes("Island", "de")[:1] == ["LOC:IS"] and _codes("Islands", "de")[:1] == ["LOC:IS"]  # genitive
    assert _codes("Island", "sv")[:1] == ["LOC:IS"]
    # the running-text scan reads German names in every text: not where they are a word of its language
    found = places.scan("Ferries reach the Virgin Islands and Shelter Island daily.", [], "en")
    assert "LOC:IS" not in {m.entity_id for m in found}
    found = places.scan("Der Vulkan auf Island ist aktiv.", [], "de")
    assert [m.entity_id for m in found] == ["LOC:IS"]
    # capitals are an acronym, never the word: Spanish "usa" (uses) is no reason to drop "USA"
    assert _codes("USA", "es")[:1] == ["LOC:US"]


def test_a_name_written_with_marks_is_not_met_without_them_in_another_language():
    # Portuguese "Suíça" (Switzerland) folds to "suica"; "SUICA" is a transit card in an English text
    assert "LOC:CH" not in _codes("SUICA", "en") and "LOC:CH" not in _codes("Suica", "de")
    assert _codes("Suíça", "en")[:1] == ["LOC:CH"] and _codes("SUÍÇA", "pt")[:1] == ["LOC:CH"]
    # a name also written without marks keeps matching loosely ("Peru", "Perú")
    assert _codes("Peru", "de")[:1] == ["LOC:PE"]


def test_a_minor_language_s_name_that_is_a_word_of_the_text_s_language_names_its_own_referent():
    # Walser gives the United Kingdom the name "England"; in English and German it is England
    assert "LOC:GB" not in _codes("England", "en") and "LOC:GB" not in _codes("England", "de")
    assert "LOC:GB" not in _codes("England", "no")  # a language without a word list: not trusted either
    assert _codes("United Kingdom", "en")[:1] == ["LOC:GB"] and _codes("Vereinigtes Königreich", "de")[:1] == ["LOC:GB"]
    ids = dict(_ids("England beat Wales. The UK government was pleased.", [("England", "LOC", 0), ("UK", "LOC", 0)], "en"))
    assert ids["England"] != ids["UK"]
    # a place named alone is not the organisation named after it
    text = "The Police Federation of England met. England lost the match."
    ids = dict(_ids(text, [("Police Federation of England", "ORG", 0), ("England", "LOC", 1)], "en"))
    assert ids["England"] != ids["Police Federation of England"]


def test_a_demonym_names_the_country_it_is_the_demonym_of_and_a_language_is_no_country():
    # English, Scottish, Welsh: demonyms of England, Scotland, Wales (no countries of the gazetteer)
    for word in ("English", "Scottish", "Welsh", "englischen", "schottische", "walisischer"):
        assert places.adjective(word) is None, word
    assert places.adjective("British") == "GB" and places.adjective("britischen") == "GB"
    # German writes a language's name capitalised, the country's adjective lower-case
    assert places.adjective("Deutsch", "de") is None and places.adjective("Türkisch", "de") is None
    assert places.adjective("deutschen", "de") == "DE" and places.adjective("türkische", "de") == "TR"
    text = "Den Kurs gibt es auf Deutsch und Türkisch, sagte die deutsche Ministerin."
    ids = dict(_ids(text, [("Deutsch", "MISC", 0), ("Türkisch", "MISC", 0), ("deutsche", "MISC", 0)], "de"))
    assert ids["deutsche"] == "LOC:DE" and ids["Deutsch"] != "LOC:DE" and ids["Türkisch"] != "LOC:TR"
    # the language is no word ending a longer name either
    text = "Der Verlag Neue Deutsche druckt es. Das Buch ist auf Deutsch erschienen."
    ids = dict(_ids(text, [("Verlag Neue Deutsche", "ORG", 0), ("Deutsch", "MISC", 1)], "de"))
    assert ids["Deutsch"] != ids["Verlag Neue Deutsche"]


@pytest.mark.parametrize("language", ["en", "de", "fr", "es", "tr", "pl", "it"])
def test_the_text_language_s_own_country_names_are_always_trusted(language):
    from babel import Locale

    countries = places._data()["countries"]
    for code, name in Locale.parse(language).territories.items():
        if code in countries:
            assert trusted(fold(name), name, code, language, countries), (language, name)
    assert fold("Turkey") in own_names("en")  # English news writes geonames' short names


def test_two_letters_running_through_one_word_are_no_acronym_of_it_unless_written_beside_it():
    # "RR" after "Reuters": its letters run through the word but are no initials of anything in it
    ids = dict(_ids("Reuters said yields fell; the note US10YT=RR rose.", [("Reuters", "ORG", 0), ("RR", "MISC", 0)], "en"))
    assert ids["RR"] != ids["Reuters"]
    ids = dict(_ids("Schroders kept its view. SS shares were flat.", [("Schroders", "ORG", 0), ("SS", "ORG", 0)], "en"))
    assert ids["SS"] != ids["Schroders"]
    # even where the letters open the parts of a compound ("Micro|soft"): "MS" is too many things
    text = "Microsoft opened a lab. Living well with MS is the course's topic."
    ids = dict(_ids(text, [("Microsoft", "ORG", 0), ("MS", "MISC", 0)], "en"))
    assert ids["MS"] != ids["Microsoft"]
    ids = dict(_ids("Volkswagen baut ab.\n\nVW\n\nVolkswagen spart.", [("Volkswagen", "ORG", 0), ("VW", "ORG", 0),
                                                                   ("Volkswagen", "ORG", 1)], "de"))
    assert ids["VW"] == ids["Volkswagen"]  # a kicker over the name
    ids = dict(_ids("Reuters (RR) said so.", [("Reuters", "ORG", 0), ("RR", "ORG", 0)], "en"))
    assert ids["RR"] == ids["Reuters"]  # side by side, the text introduces it


def test_a_table_spelling_that_is_a_common_word_is_the_organisation_only_as_the_table_writes_it():
    text = ("Grüner Wasserstoff ist teuer. Die Wand ist in Grün gestrichen, die Grüne Variante kostet mehr. "
            "SPD und Grüne streiten, sagte Lisa Paus (Grüne). Die Grünen im Landtag schweigen.")
    found = sorted((m.start, m.text) for m in scan_orgs(text, [], "de") if "Grün" in m.text)
    assert found == [(text.index("Grüne streiten"), "Grüne"), (text.index("Grüne)"), "Grüne"),
                     (text.index("Die Grünen"), "Die Grünen")]
    # NER's tag alone does not make the adjective the party either
    # ("Grüne" 1 is "Grüne Variante", 2 "SPD und Grüne"; "Grün" 1 is "in Grün")
    ids = _ids(text, [("Grüner", "ORG", 0), ("Grün", "ORG", 1), ("Grüne", "ORG", 1), ("Grüne", "ORG", 2),
                      ("Grünen", "ORG", 0)], "de")
    assert [i == "ORG:gruene" for _, i in ids] == [False, False, False, True, True]
    # the table lists a one-word name's inflections: another form is another word, whatever language
    # the text was taken for; lower-case where the table capitalises is the word too
    text = "Montauk bietet viel Grün. Der grüne Bezirksvorsteher schwieg. Die Hamas und die Taliban, Hamas' Chef."
    assert [m.text for m in scan_orgs(text, [], "en")] == ["Die Hamas", "Taliban", "Hamas"]
    ids = dict(_ids(text, [("grüne", "ORG", 0), ("Grün", "ORG", 0)], "de"))
    assert "ORG:gruene" not in ids.values()
    # an acronym of the table in capitals is no word ("IS" in English, "UN" in French)
    assert {m.text for m in scan_orgs("Die IS-Miliz griff an; die UN verurteilten das.", [], "de")} >= {"UN"}
