"""A name of several kinds read from the text around it (place_context.py): places written in the
same frame, a legislator "of" the name, the land's features, a list of one country's states. Every
sentence is our own; each cue is tested on several names the gazetteer gives several kinds (a city
and a state, a country and a state, a country and a continent), and on sentences where the name
must keep its first reading ("in Washington" of political news)."""

import pytest

from lagebild.enrich import places
from lagebild.enrich.names import canonicalise
from lagebild.model import Mention


def _kinds(text, spec, name, language="en"):
    """The kinds every mention of ``name`` takes, the mentions given as ``[(surface, type)]``."""
    return [_kind(m.entity_id) for m in _canonical(text, spec, language) if m.text == name]


def _canonical(text, spec, language):
    ms = []
    for surface, type_ in spec:
        start = text.find(surface)
        while start >= 0:
            if not any(s <= start < s + len(t) for s, t in ((m.start, m.text) for m in ms)):
                ms.append(Mention(start, start + len(surface), surface, type_))
            start = text.find(surface, start + 1)
    return canonicalise(text, sorted(ms, key=lambda m: (m.start, -m.end)), language)[0]


def _kind(entity_id):
    return "country" if entity_id.count(":") == 1 else entity_id.split(":")[1]


def _table(rows):
    return "Prices by place.\n\n" + "\n\n".join(f"| {n} | {p} | ${9 + n}.50 |" for n, p in enumerate(rows, 1)) + "\n"


@pytest.mark.parametrize("name,others,expected", [
    ("Washington", ["Nebraska", "Ohio", "Texas"], "region"),  # a column of states
    ("New York", ["Nebraska", "Ohio", "Texas"], "region"),
    ("Georgia", ["Nebraska", "Ohio", "Texas"], "region"),
    ("New York", ["Houston", "Chicago", "Denver"], "city"),  # a column of cities
    ("Georgia", ["Chile", "Peru", "Norway"], "country"),  # a column of countries
])
def test_a_table_column_gives_its_places_kind(name, others, expected):
    rows = [others[0], others[1], name, others[2]]
    assert _kinds(_table(rows), [(p, "LOC") for p in rows], name) == [expected]


def test_a_column_of_continents_or_countries_in_german():
    assert {places.kind(p) for p in places.readings("Amerika", "de")} == {"country", "area"}
    continents = _table(["Europa", "Afrika", "Amerika", "Ozeanien"])
    countries = _table(["Frankreich", "Polen", "Amerika", "Japan"])
    spec = [(p, "LOC") for p in ("Europa", "Afrika", "Amerika", "Ozeanien", "Frankreich", "Polen", "Japan")]
    assert _kinds(continents, spec, "Amerika", "de") == ["area"]
    assert _kinds(countries, spec, "Amerika", "de") == ["country"]


@pytest.mark.parametrize("name", ["Washington", "New York"])
def test_a_fact_box_of_states_reads_the_state(name):
    box = "".join(f"{firm} makes games.\n\n| Headquarters: | {place}, United States |\n\n| Founded: | 19{n}0 |\n\n"
                  for n, (firm, place) in enumerate([("Acme", "California"), ("Bolt", name), ("Crux", "Texas")], 1))
    spec = [("California", "LOC"), (name, "LOC"), ("Texas", "LOC"), ("United States", "LOC")]
    assert _kinds(box, spec, name) == ["region"]


@pytest.mark.parametrize("name", ["Washington", "New York", "Georgia"])
def test_parallel_members_of_one_sentence(name):
    text = f"Two leaders of the caucus, Jane Roe of {name} and John Doe of Ohio, back the bill."
    assert _kinds(text, [("Jane Roe", "PER"), ("John Doe", "PER"), (name, "LOC"), ("Ohio", "LOC")], name) == ["region"]
    text = f"I slept in it everywhere from {name}’s high plains to Vermont’s forests to Texas’ deserts."
    assert _kinds(text, [(p, "LOC") for p in (name, "Vermont", "Texas")], name) == ["region"]


@pytest.mark.parametrize("name", ["Washington", "New York"])
def test_a_legislator_of_the_name_is_named_with_the_state_a_mayor_with_the_city(name):
    text = f"Several lawmakers objected. Rep. Jane Roe of {name} said the bill would fail."
    assert _kinds(text, [("Jane Roe", "PER"), (name, "LOC")], name) == ["region"]
    text = f"Mayor Jane Roe of {name} said the bill would fail, lawmakers heard."
    assert _kinds(text, [("Jane Roe", "PER"), (name, "LOC")], name) == ["city"]
    text = f"Die Abgeordnete Jane Roe aus {name} stimmte dagegen."
    assert _kinds(text, [("Jane Roe", "PER"), (name, "LOC")], name, "de") == ["region"]


@pytest.mark.parametrize("name", ["Washington", "New York"])
def test_the_land_s_features_belong_to_the_state(name):
    assert _kinds(f"We camped in {name}'s Adirondack Mountains for a week.", [(name, "LOC")], name) == ["region"]
    assert _kinds(f"Farmers in eastern {name} lost their crops.", [(name, "LOC")], name) == ["region"]
    assert _kinds(f"Hospitals in rural {name} are closing.", [(name, "LOC")], name) == ["region"]


@pytest.mark.parametrize("first,second", [("New York", "Washington"), ("Washington", "New York")])
def test_a_list_of_one_country_s_states_speaks_for_the_article(first, second):
    text = f"Coverage is not sold to Kansas, Texas, {first} or {second} residents. Refunds are not offered in " \
           f"{first} or {second}."
    spec = [(p, "LOC") for p in ("Kansas", "Texas", first, second)]
    assert _kinds(text, spec, first) == _kinds(text, spec, second) == ["region", "region"]
    news = f"Primaries are held in Kansas, Texas, {first} and {second}. Lawmakers in {second} watch them."
    assert _kinds(news, spec, second) == ["region", "city"]  # a bare mention keeps its first reading
    menu = f"Europe / Africa / {first}\n\nRefunds are not offered in {first} or {second}."  # a menu of other kinds
    assert _kinds(menu, [(p, "LOC") for p in ("Europe", "Africa", first, second)], first)[1:] == ["city"]


@pytest.mark.parametrize("name", ["Washington", "New York"])
def test_political_news_keeps_the_city(name):
    cases = [
        (f"The senator flew from Ohio to {name} on Monday.", ["Ohio"]),
        (f"In Iowa, the candidates campaigned all week. In {name}, the House voted on the budget.", ["Iowa"]),
        (f"Lawmakers in {name} debated the budget while the governor of Ohio watched.", ["Ohio"]),
        (f"Smith reported from {name} and Jones from Texas.", ["Texas"]),
        (f"Smith reported from {name}, and Jones from Texas, on the talks.", ["Texas"]),
        (f"She works out of {name}, D.C., and her colleague out of Texas.", ["Texas"]),
        (f"Officials in {name} met envoys from Ohio, Texas and Utah on the trade deal.", ["Ohio", "Texas", "Utah"]),
    ]
    for text, others in cases:
        assert _kinds(text, [(name, "LOC")] + [(o, "LOC") for o in others], name) == ["city"], text


def test_a_country_s_legislators_and_mountains_keep_the_country():
    text = "Lawmakers met in Tbilisi. Parliament member Nino Roe of Georgia hiked Georgia's Caucasus Mountains."
    spec = [("Tbilisi", "LOC"), ("Nino Roe", "PER"), ("Georgia", "LOC")]
    assert _kinds(text, spec, "Georgia") == ["country", "country"]


def test_a_land_discovered_is_the_continent_not_the_state_named_after_it():
    spec = [("Amerikas", "LOC"), ("Amerika", "LOC"), ("Europa", "LOC")]
    assert _kinds("Nachdem Kolumbus 1492 Amerika entdeckt hatte, wuchs Europas Handel.", spec, "Amerika", "de") == ["area"]
    assert _kinds("Die Entdeckung Amerikas ist ein Mythos, sagt sie.", spec, "Amerikas", "de") == ["area"]
    assert _kinds("Die Wikinger hatten Amerika lange vorher besiedelt.", spec, "Amerika", "de") == ["area"]
    assert _kinds("Amerika hat neue Zölle beschlossen, Europa antwortet.", spec, "Amerika", "de") == ["country"]
    assert _kinds("Der Konzern hat in Amerika einen Markt entdeckt.", spec, "Amerika", "de") == ["country"]


@pytest.mark.parametrize("name", ["Washington", "New York"])
def test_a_legislature_elsewhere_in_the_text_makes_no_legislator(name):
    # the title must stand just before the person, in the person's sentence
    cases = [
        f"The Senate approved the school budget late on Thursday. Among the guests at the party was the baker "
        f"Tom Hale of {name}, who made the cake.",
        f"Senator Ruth Kim opened the hearing. Afterwards the panel listened to Tom Hale of {name}, a teacher.",
        f"Lawmakers questioned Tom Hale of {name}, the city's transit chief, for an hour.",
    ]
    for text in cases:
        assert _kinds(text, [("Ruth Kim", "PER"), ("Tom Hale", "PER"), (name, "LOC")], name) == ["city"], text
    text = f"The vote was close. Congresswoman Ruth Kim of {name} cast the last one."
    assert _kinds(text, [("Ruth Kim", "PER"), (name, "LOC")], name) == ["region"]
    text = f"Sen. Ruth Kim of {name} cast the last vote."  # the abbreviated title, with no other word of a legislature
    assert _kinds(text, [("Ruth Kim", "PER"), (name, "LOC")], name) == ["region"]


def test_the_national_government_outweighs_a_single_parallel_frame():
    text = "Farmers marched in Ohio on Friday and in Washington on Saturday, while the White House stayed silent."
    spec = [("Ohio", "LOC"), ("Washington", "LOC"), ("White House", "ORG")]
    assert _kinds(text, spec, "Washington") == ["city"]
    text = "Ohio's budget grew, Washington's budget shrank and Utah's budget held, the federal auditors wrote."
    assert _kinds(text, [(p, "LOC") for p in ("Ohio", "Washington", "Utah")], "Washington") == ["city"]
    # the government named in another sentence does not outweigh a column of states
    table = "The government published fuel prices.\n\n" + _table(["Nebraska", "Ohio", "Washington", "Texas"])
    spec = [(p, "LOC") for p in ("Nebraska", "Ohio", "Washington", "Texas")]
    assert _kinds(table, spec, "Washington") == ["region"]
    # nor does a state's own government
    text = "Farmers marched in Ohio on Friday and in Washington on Saturday, while the state government stayed silent."
    assert _kinds(text, [("Ohio", "LOC"), ("Washington", "LOC")], "Washington") == ["region"]


def test_a_mention_that_ends_the_text_has_no_genitive():
    from lagebild.enrich.place_context import _frame
    assert _frame("Jobs are moving to Kansas", Mention(19, 25, "Kansas", "LOC"))[1] == []
    assert _frame("Jobs are moving to Kansas' towns", Mention(19, 25, "Kansas", "LOC"))[1][:1] == ["'s"]


def _ids(text, spec, language="en"):
    """(text, type, id) of every mention, the mentions given as in ``_kinds``."""
    return [(m.text, m.type, m.entity_id) for m in _canonical(text, spec, language)]


def test_a_city_name_ner_typed_an_organisation_is_the_club_or_the_firm():
    text = ("The Denver Foxes beat the Boston Hawks 4-2. Ann Berg scored twice as Denver won for the fifth time, "
            "and Boston lost again. Next week the Foxes play in Boston.")
    spec = [("Denver Foxes", "ORG"), ("Boston Hawks", "ORG"), ("Ann Berg", "PER"), ("Foxes", "ORG"),
            ("Denver", "ORG"), ("Boston", "ORG")]
    ids = _ids(text, spec)
    assert [i for t, _ty, i in ids if t == "Denver"] == ["ORG:denver"]  # the team, not the city
    boston = [i for t, _ty, i in ids if t == "Boston"]
    assert boston[0] == "ORG:boston" and boston[1].startswith("LOC:city:")  # "play in Boston": the city
    firm = "Shares of Toyota rose after Toyota said its profit doubled."  # a firm named like a city
    assert {i for t, _ty, i in _ids(firm, [("Toyota", "ORG")])} == {"ORG:toyota"}


def test_a_city_name_typed_an_organisation_stays_the_city_where_the_text_marks_the_place():
    dateline = "SACRAMENTO (AP) — The council met on Monday."
    assert _ids(dateline, [("SACRAMENTO", "ORG"), ("AP", "ORG")])[0][2].startswith("LOC:city:")
    # the article writes the name mostly as a place: one sense, whatever NER's slip
    text = "Genf ist eine Drehscheibe. In Genf leben viele Diplomaten, und Genf wächst. Die Rolle Genfs bleibt."
    spec = [("Genfs", "ORG"), ("Genf", "LOC")]
    assert {i for t, _ty, i in _ids(text, spec, "de") if t.startswith("Genf")} == {"LOC:city:2660646"}


@pytest.mark.parametrize("name", ["Washington", "New York"])
def test_a_legislator_picked_from_a_group_the_sentence_before_names(name):
    text = f"The bill has the support of only nine lawmakers.\n\nOne of them is Ruth Kim of {name}. She spoke on Monday."
    assert _kinds(text, [("Ruth Kim", "PER"), (name, "LOC")], name) == ["region"]
    text = f"Der Entwurf hat nur neun Demokraten-Abgeordnete hinter sich. Eine davon ist Ruth Kim aus {name}."
    assert _kinds(text, [("Ruth Kim", "PER"), (name, "LOC")], name, "de") == ["region"]
    # a group of no legislators: the first reading stays
    text = f"The plan has the support of nine chefs. One of them is Ruth Kim of {name}."
    assert _kinds(text, [("Ruth Kim", "PER"), (name, "LOC")], name) == ["city"]


@pytest.mark.parametrize("name", ["Washington", "New York"])
def test_a_governor_named_beside_the_name_makes_it_the_state(name):
    text = f"Activists blamed the governor for the delay. »In {name} we know that we have to fight,« she said."
    assert _kinds(text, [(name, "LOC")], name) == ["region"]
    # a mayor beside, another place, or a central bank's governor: no cue
    for text in (f"The governor and the mayor met. In {name} the buses ran late.",
                 f"The governor of Ohio flew to {name} on Monday.",
                 f"The governor of the central bank spoke in {name} on Monday.",
                 f"Central bank governor Ann Roe spoke in {name} on Monday.",
                 f"The Board of Governors met in {name} on Monday."):
        assert _kinds(text, [(name, "LOC"), ("Ohio", "LOC")], name) == ["city"], text


def test_a_town_under_a_letter_writer_s_name_or_in_a_list_of_towns_stays_the_town():
    text = "Letters\n\nFix the roads first.\n\nJane Roe\n\nDetroit\n\nRiots broke out in the likes of Leeds, Bristol and Boston."
    spec = [("Jane Roe", "PER"), ("Detroit", "ORG"), ("Leeds", "ORG"), ("Bristol", "ORG"), ("Boston", "ORG")]
    assert all(i.startswith("LOC:city:") for t, _ty, i in _ids(text, spec) if t != "Jane Roe")


def test_an_acronym_runs_through_no_town_s_name():
    text = "NHL roundup: Ann Berg scored as Nashville beat Denver. The NHL fined Nashville."
    spec = [("NHL", "MISC"), ("Ann Berg", "PER"), ("Nashville", "ORG"), ("Denver", "ORG")]
    assert {i for t, _ty, i in _ids(text, spec) if t == "NHL"} == {"MISC:nhl"}


def test_a_text_naming_parts_of_the_continent_means_the_continent_by_its_bare_name():
    text = ("Der zweite Bischof aus Amerika. Der erste kam aus Südamerika, der zweite aus Nordamerika. "
            "Die USA feierten ihn.")
    spec = [("Amerika", "LOC"), ("Südamerika", "LOC"), ("Nordamerika", "LOC"), ("USA", "LOC")]
    assert _kinds(text, spec, "Amerika", "de") == ["area"]
    # one part named beside the bare name is a contrast, not the whole: the country
    text = "Amerika schickt Soldaten nach Südamerika. Die USA schweigen."
    assert _kinds(text, spec, "Amerika", "de") == ["country"]
