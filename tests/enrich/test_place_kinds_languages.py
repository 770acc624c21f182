"""One id, one real entity: a name that is a city and a state, a country and a continent; a
language's name used as the language; a lone letter. Every sentence here is our own; each rule is
tested with two names where the gazetteer has two, so no test holds for one name only."""

import pytest

from lagebild.enrich import casing, languages, places
from lagebild.enrich.names import canonicalise
from lagebild.model import Mention


def _ids(text, spec, language="en"):
    """Canonicalise hand-made mentions ``[(surface, type)]``, every occurrence; [(surface, id)]."""
    ms = []
    for surface, type_ in spec:
        start = text.find(surface)
        while start >= 0:
            ms.append(Mention(start, start + len(surface), surface, type_))
            start = text.find(surface, start + 1)
    out, _ = canonicalise(text, sorted(ms, key=lambda m: (m.start, -m.end)), language)
    return [(m.text, m.entity_id) for m in out]


def _kinds(text, names, language="en"):
    return [places.kind(p) for p in places.readings(text, language)] if not names else [
        i.split(":")[1] if i.count(":") == 2 else "country" for _t, i in _ids(text, [(n, "LOC") for n in names], language)]


@pytest.mark.parametrize("name", ["New York", "Washington"])
def test_a_city_and_a_state_sharing_a_name_are_told_apart_by_the_article_s_cues(name):
    assert _kinds(name, None) == ["city", "region"]  # both readings, the city first
    assert _kinds(f"The governor of the state of {name} spoke. Later in {name} he met voters.", [name]) == \
        ["region", "region"]  # a cue, and one sense per article for the bare mention
    assert _kinds(f"Voters in Kansas, Ohio, {name} and Texas.", ["Kansas", "Ohio", name, "Texas"])[2] == "region"
    assert _kinds(f"The firm is based in Lakeview, {name}.", ["Lakeview", name])[1] == "region"  # "<place>, <state>"
    assert _kinds(f"Offices in London, Paris and {name}.", ["London", "Paris", name])[2] == "city"
    assert _kinds(f"She moved to {name} last year.", [name]) == ["city"]  # no cue: the first reading
    assert _kinds(f"Talks in {name}, D.C. ended.", [name]) == ["city"]  # "<city>, <state>"
    assert _kinds(f"Some states, such as {name}, allow it.", [name]) == ["region"]
    assert _kinds(f"In Bundesstaaten wie {name} ist das erlaubt.", [name], "de") == ["region"]
    # an item of a list whose next item is a state is no city in that state
    assert _kinds(f"Laws passed in Colorado, {name}, Alaska and Oregon.", ["Colorado", name, "Alaska", "Oregon"])[1] \
        == "region"
    assert _kinds(f"He moved from Boston, Massachusetts, to {name}, D.C. last year.",
                  ["Boston", "Massachusetts", name])[2] == "city"  # written as a qualifier: the city


@pytest.mark.parametrize(("text", "extra", "expected"), [
    ("Georgia's governor toured Batumi's port. Georgia hopes for more ships.", ["Batumi"], "LOC:GE"),
    ("Georgia's laws on media drew crowds to Tbilisi. Observers urged Georgia's parliament to wait.",
     ["Tbilisi"], "LOC:GE"),
    ("Washington's regulators approved the rule, which was announced near the Capitol in Washington.", [],
     "LOC:city:4140963")])
def test_a_state_s_office_chooses_the_state_only_where_the_article_supports_no_other_reading(text, extra, expected):
    name = text.split("'")[0]
    ids = {i for t, i in _ids(text, [(name, "LOC")] + [(e, "LOC") for e in extra]) if t == name}
    assert ids == {expected}  # one sense per article: the country's city, the country's laws, bare regulators


def test_a_country_and_a_continent_sharing_a_name_and_continents_across_languages():
    assert [p.id for p in places.readings("Europa", "de")] == [p.id for p in places.readings("Europe", "en")] \
        == [p.id for p in places.readings("Europa", "es")] == ["LOC:area:150"]
    assert [p.id for p in places.readings("Afrika", "de")] == [p.id for p in places.readings("Africa", "en")]
    assert _kinds("Amerika", None, "de") == ["country", "area"]
    assert _kinds("Warum die Wähler Amerika prägen", ["Amerika"], "de") == ["country"]
    menu = "Welt\nAmerika\nAfrika\nAsien\nOzeanien\n"
    assert _kinds(menu, ["Amerika", "Afrika", "Asien", "Ozeanien"], "de") == ["area"] * 4
    assert _kinds("America", None) == ["country"] and _kinds("Americas", None) == ["area"]  # no plural of America
    assert _kinds("Britain", None) == ["country"]  # the short names the running-text scan trusts


@pytest.mark.parametrize("word,code", [("Spanish", "es"), ("French", "fr")])
def test_a_language_s_name_used_as_the_language_is_the_language_not_the_country(word, code):
    use = lambda t: languages.language_use(t, t.index(word), t.index(word) + len(word), "en")  # noqa: E731
    assert use(f"She answered in {word}.") == code
    assert use(f"Her native {word} helps.") == code
    assert use(f"The {word} version is out.") == code  # a noun a language forms
    assert use(f"{word} and German subtitles") == code
    assert use(f"A {word} court ruled.") is None  # the adjective
    assert use(f"{word} and German officials met.") is None
    assert use(f"The {word} voted.") is None  # the people
    got = dict(_ids(f"A {word} court ruled. The ruling was read in {word}.", [(word, "MISC")]))
    ids = [i for _t, i in _ids(f"A {word} court ruled. The ruling was read in {word}.", [(word, "MISC")])]
    assert ids[0].startswith("LOC:") and ids[1] == f"MISC:language:{code}" and got


def test_a_language_is_one_id_in_every_text_language():
    de = _ids("Er antwortete auf Spanisch.", [("Spanisch", "MISC")], "de")
    en = _ids("He answered in Spanish.", [("Spanish", "MISC")], "en")
    assert de[0][1] == en[0][1] == "MISC:language:es"
    assert _ids("Die spanische Regierung.", [("spanische", "MISC")], "de")[0][1] == "LOC:ES"
    found = places.scan("She speaks Italian at home; an Italian court ruled.", [], "en")
    assert [m.entity_id for m in found] == ["MISC:language:it", "LOC:IT"]


@pytest.mark.parametrize("letter", ["C", "K.", "X"])
def test_a_lone_letter_is_no_entity(letter):
    text = f"It was 20 °{letter} and vitamin {letter} helps."
    m = Mention(text.index(letter), text.index(letter) + len(letter), letter, "MISC")
    assert casing.drop_words(text, [m], "en") == []
    person = "Wilfried K. spoke."
    m = Mention(9, 11, "K.", "PER")
    full = Mention(0, 11, "Wilfried K.", "PER")
    assert len(casing.drop_words(person, [full, m], "en")) == 2  # a letter of a full name the text writes


@pytest.mark.parametrize("country,noun", [("Ukraine’s", "Air Force"), ("Russia's", "Defense Ministry")])
def test_an_institution_named_without_its_country_is_the_one_the_article_names_with_it(country, noun):
    from lagebild.enrich import institutions

    text = f"Drones fell overnight, according to {country} {noun}. Later the {noun} said more."
    bare_at = text.rindex(noun)
    found = institutions.scan(text, [Mention(bare_at, bare_at + len(noun), noun, "ORG")], "en")
    out, _ = canonicalise(text, found, "en")
    ids = {m.text: m.entity_id for m in out}
    assert ids[noun] == ids[f"{country} {noun}"] and ids[noun].count(":") == 2
    # two countries' air forces in one article: the bare one is neither
    two = f"{country} {noun} and Poland's {noun} met. The {noun} said no."
    bare_at = two.rindex(noun)
    out, _ = canonicalise(two, institutions.scan(two, [Mention(bare_at, bare_at + len(noun), noun, "ORG")], "en"), "en")
    assert [m.entity_id for m in out if m.start == bare_at][0].count(":") == 1


def test_a_name_repeated_inside_one_long_mention_is_a_run_of_names():
    for name in ("Global Daily", "Nordkurier"):
        text = f"{name} Facebook Pages {name} Twitter Accounts {name} on Instagram"
        out, _ = canonicalise(text, [Mention(0, len(text), text, "MISC")], "en")
        assert [m.text for m in out] == [name] * 3
    text = "The Supreme Court of the State of Ohio ruled against the Court of Claims."
    one = Mention(4, 38, text[4:38], "ORG")
    assert [m.text for m in canonicalise(text, [one], "en")[0]][0] == text[4:38]
