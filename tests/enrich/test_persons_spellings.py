"""One person spelled two ways: a first name misspelt or written in another language's form within one
article (enrich.persons), and romanisations whose letters read differently (enrich.sounds)."""

from lagebild.enrich.names import canonicalise
from lagebild.enrich.sounds import likeness, one_name, sounds
from lagebild.model import Mention


def _ids(text: str, names: list[str], lang: str) -> dict[str, str]:
    """Every occurrence of each name as a PER mention (longest names claim their span first)."""
    mentions: list[Mention] = []
    for name in sorted(names, key=len, reverse=True):
        at = text.find(name)
        while at != -1:
            if all(at >= m.end or at + len(name) <= m.start for m in mentions):
                mentions.append(Mention(at, at + len(name), name, "PER"))
            at = text.find(name, at + 1)
    out, _entities = canonicalise(text, mentions, lang)
    return {m.text: m.entity_id for m in out}


def test_a_first_name_misspelt_once_is_one_person_and_the_lone_surname_joins_him():
    text = ("Bartholomew Okonkwo opened the bridge on Monday. Bartolomew Okonkwo thanked the builders. "
            "Later Okonkwo left by boat.")
    ids = _ids(text, ["Bartholomew Okonkwo", "Bartolomew Okonkwo", "Okonkwo"], "en")
    assert ids["Bartolomew Okonkwo"] == ids["Bartholomew Okonkwo"] == ids["Okonkwo"] == "PER:bartholomew-okonkwo"


def test_two_forms_of_a_first_name_in_cyrillic_are_one_person():
    text = "Томаш Новак забил гол. Фото Томаша Новака. Томас Новак уехал. Новак молчит."
    ids = _ids(text, ["Томаш Новак", "Томаша Новака", "Томас Новак", "Новак"], "ru")
    assert ids["Томас Новак"] == ids["Томаш Новак"] == ids["Томаша Новака"] == ids["Новак"]


def test_names_of_two_people_with_one_surname_stay_apart():
    text = "Daniel Brandt and Daniela Brandt ran the shop. George W. Bush met George H.W. Bush. Brandt smiled."
    ids = _ids(text, ["Daniel Brandt", "Daniela Brandt", "George W. Bush", "George H.W. Bush", "Brandt"], "en")
    assert ids["Daniel Brandt"] != ids["Daniela Brandt"]
    assert ids["Brandt"] not in (ids["Daniel Brandt"], ids["Daniela Brandt"])  # either of them: a guess
    assert ids["George W. Bush"] != ids["George H.W. Bush"]  # initials are no spellings of each other


def test_one_name_needs_the_same_sound_and_the_same_end():
    assert one_name("Volodymyr", "Voldomyr") and one_name("Лукаш", "Лукас") and one_name("Marko", "Marco")
    assert not one_name("Daniel", "Daniela") and not one_name("Mario", "Maria") and not one_name("Jan", "Jana")
    assert not one_name("W.", "H.W.") and not one_name("Joe", "Hunter")
    assert not one_name("Inna", "Нина") and not one_name("Elias", "Ilias") and not one_name("Karin", "Karen")


def test_german_ch_and_a_j_after_a_vowel_have_the_english_reading_too():
    # "Mychajlo" / "Mykhailo", "Chodorkowski" / "Khodorkovsky": the German "ch" is the English "kh",
    # and "aj" the diphthong "ai"; the English "ch" of "Chernihiv" stays the German "tsch"
    assert likeness("Mychajlo", "Mykhailo") >= 0.8
    assert set(sounds("Chodorkowski")) & set(sounds("Khodorkovsky"))
    assert set(sounds("Tschernihiw")) & set(sounds("Chernihiv"))
    assert likeness("Putin", "Biden") < 0.8 and not set(sounds("Charkiw")) & set(sounds("Sharif"))
