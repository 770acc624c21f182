"""Spans NER ran past a name: a possessive and the thing possessed, a country and the adverbial after
it, a tag line of names. The name inside takes its own id. Our own sentences."""

from lagebild.enrich.names import canonicalise
from lagebild.model import Mention
from test_declined_names import _ids  # hand-made mentions, every occurrence, canonicalised


def test_a_name_before_its_possessive_apostrophe_is_the_name():
    text = ("Senatorin Lena Reyes sprach lange. Reyes' Witze über den Haushalt kamen nicht an.\n"
            "Harbour News reports daily. By signing up you agree to Harbour News' Terms of Use and Privacy Policy.")
    ids = _ids(text, [("Lena Reyes", "PER"), ("Reyes' Witze", "PER"), ("Harbour News' Terms of Use", "ORG"),
                      ("Harbour News", "ORG")], "de")
    assert "Reyes' Witze" not in ids and ids["Reyes"] == ids["Lena Reyes"] == {"PER:lena-reyes"}
    assert "Harbour News' Terms of Use" not in ids and ids["Harbour News"] == {"ORG:harbour-news"}


def test_a_plural_s_apostrophe_inside_a_name_stays():
    text = "The Farmers' Alliance met in the hall. The Farmers' Alliance voted."
    ids = _ids(text, [("Farmers' Alliance", "ORG")], "en")
    assert "Farmers' Alliance" in ids  # "Farmers" is no name of the article


def test_a_country_is_not_qualified_by_the_adverbial_after_it():
    text = ("Nun ist auch der Iran an der Eskalation beteiligt. Der Iran droht.\n"
            "Syrien am Abgrund: Syrien braucht Hilfe.\n"
            "Sie zog nach Frankfurt an der Oder.")
    ids = _ids(text, [("Iran an der Eskalation", "LOC"), ("Iran", "LOC"), ("Syrien am Abgrund", "LOC"),
                      ("Syrien", "LOC"), ("Frankfurt an der Oder", "LOC")], "de")
    assert ids["Iran"] == {"LOC:IR"} and "Iran an der Eskalation" not in ids
    assert ids["Syrien"] == {"LOC:SY"} and "Syrien am Abgrund" not in ids
    assert ids["Frankfurt an der Oder"] != {"LOC:city:2925533"}  # a town's qualifier still names its own place


def test_the_names_between_the_countries_of_a_tag_line_are_mentions():
    text = ("Die WHO tagt in Genf.\nSchlagworte: Schweiz Genf Europa Polen Vereinte Nationen WHO Spionage Ukraine Alle Themen\n")
    tag = "Schweiz Genf Europa Polen Vereinte Nationen WHO Spionage Ukraine"
    ids = _ids(text, [(tag, "ORG"), ("WHO", "ORG"), ("Genf", "LOC")], "de")
    assert tag not in ids
    assert ids["Genf"] == {"LOC:city:2660646"} and ids["WHO"] == {"ORG:who"}
    assert ids["Vereinte Nationen"] == {"ORG:un"}
    assert "Spionage" not in ids  # a word, no name


def test_a_name_between_countries_is_cut_on_word_bounds_only():
    text = "Tags: Polen Prag Tschechien Bratislava-Reise Ukraine"
    out, _ = canonicalise(text, [Mention(6, len(text), text[6:], "LOC")], "de")
    assert {m.text for m in out} >= {"Polen", "Tschechien", "Ukraine", "Prag"}
    assert all(m.text != "Bratislava" for m in out)  # a part of a word is no name


def test_an_acronym_before_a_shouted_quote_is_a_name():
    from lagebild.enrich.casing import drop_words

    def kept(text, surface, type_):
        i = text.index(surface)
        return [m.text for m in drop_words(text, [Mention(i, i + len(surface), surface, type_)], "en")]

    assert kept('After the talks, the US President said: "WE WILL NOT PAY FOR THEIR WAR, NEVER AGAIN!"',
                "US", "LOC") == ["US"]
    assert kept('He wrote: "FOLLOW US ON SOCIAL MEDIA NOW". Then he left.', "US", "LOC") == []  # inside the quote
    assert kept("WHO IS THE FRONT-RUNNER? A look at the race.", "WHO", "ORG") == []
