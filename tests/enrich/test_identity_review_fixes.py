"""Review fixes of the identity changes (place kinds, languages, lone letters, repeated names): a
language name that is also a territory name stays the place, a one-letter organisation stays, a
"<place>, <state>" pair qualifies only where the place can lie in that state, and a word two names
share does not split them. Every sentence here is our own."""

import pytest

from lagebild.enrich import casing, languages
from lagebild.enrich.names import canonicalise
from lagebild.model import Mention


def _ids(text, spec, language="en"):
    ms = []
    for surface, type_ in spec:
        start = text.find(surface)
        ms.append(Mention(start, start + len(surface), surface, type_))
    out, _ = canonicalise(text, sorted(ms, key=lambda m: (m.start, -m.end)), language)
    return [(m.text, m.entity_id) for m in out]


@pytest.mark.parametrize("text,name,language,place", [
    ("The minister flew to Nauru on Monday.", "Nauru", "en", "LOC:NR"),
    ("Am Montag traf der Zyklon Fidschi.", "Fidschi", "de", "LOC:FJ"),
])
def test_a_language_name_that_is_also_a_territory_name_stays_the_place(text, name, language, place):
    assert languages.code(name, language) is None
    assert _ids(text, [(name, "LOC")], language) == [(name, place)]
    assert languages.code("Spanisch", "de") == languages.code("Spanish", "en") == "es"  # others still are


@pytest.mark.parametrize("letter", ["X", "Q"])
def test_a_one_letter_organisation_stays_but_units_and_vitamins_go(letter):
    text = f"The founder wrote on {letter} about it."
    m = Mention(text.index(f" {letter} ") + 1, text.index(f" {letter} ") + 2, letter, "ORG")
    assert casing.drop_words(text, [m], "en") == [m]
    for text in (f"It was 20 °{letter} at noon.", f"Take vitamin {letter} daily.", f"Nimm Vitamin-{letter} ein."):
        at = text.rindex(letter)
        assert casing.drop_words(text, [Mention(at, at + 1, letter, "ORG")], "en") == []
    text = f"She got a {letter}. in maths."
    at = text.index(f"{letter}.")
    assert casing.drop_words(text, [Mention(at, at + 2, f"{letter}.", "MISC")], "en") == []


@pytest.mark.parametrize("text,first,second,language", [
    ("The band plays London, New York.", "London", "New York", "en"),
    ("Flights from Tokyo, Washington resumed.", "Tokyo", "Washington", "en"),
    ("Er lebt in Hamburg, New York kennt er kaum.", "Hamburg", "New York", "de"),
])
def test_a_place_abroad_does_not_make_the_next_name_a_state(text, first, second, language):
    ids = dict(_ids(text, [(first, "LOC"), (second, "LOC")], language))
    assert ":region:" not in ids[second]


@pytest.mark.parametrize("text,second,state", [
    ("He grew up in Buffalo, New York.", "New York", "LOC:region:US-NY"),
    ("He grew up in Seattle, Washington.", "Washington", "LOC:region:US-WA"),
])
def test_a_place_in_the_state_still_takes_the_state(text, second, state):
    first = text.split(" in ")[1].split(",")[0]
    assert dict(_ids(text, [(first, "LOC"), (second, "LOC")]))[second] == state


@pytest.mark.parametrize("text", [
    "Ministry of Health and Ministry of Education",
    "Bank of America and Bank of England staff",
    "Universität Hamburg und Universität Bremen Forscher",
])
def test_a_word_two_names_share_does_not_split_them(text):
    out, _ = canonicalise(text, [Mention(0, len(text), text, "ORG")], "en")
    assert text.split()[0] not in [m.text for m in out]
