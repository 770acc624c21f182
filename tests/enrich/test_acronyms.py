"""The spelled-out names of the acronyms a text uses become organisation mentions."""

from lagebild.enrich.acronyms import expansions
from lagebild.enrich.names import canonicalise
from lagebild.model import Mention


def _at(text: str, surface: str, type_: str) -> Mention:
    start = text.index(surface)
    return Mention(start, start + len(surface), surface, type_)


def test_inflected_spelled_out_forms_join_the_acronym():
    text = "Решение ГКН. Городской комитет надзора решил, а Городского комитета надзора нет. В конце концов. Гром."
    found = expansions(text, [_at(text, "ГКН", "ORG")], "ru")
    assert [m.text for m in found] == ["ГКН", "Городской комитет надзора", "Городского комитета надзора"]
    out, _ = canonicalise(text, found, "ru")
    assert len({m.entity_id for m in out}) == 1


def test_english_expansions_need_capitals_and_may_hold_function_words():
    text = "The National Board of Roads (NBR) met; the national board (NBR). Nothing Before Rain. The NBR"
    found = expansions(text, [_at(text, "NBR", "ORG")], "en")
    assert [m.text for m in found] == ["National Board of Roads", "NBR"]  # a headline's chance initials: no


def test_a_mention_inside_the_spelled_out_form_gives_way_and_short_acronyms_find_nothing():
    text = "Суд СРСК. Северного районного суда Казани решил. ВС и Верховный Суд."
    ms = [_at(text, "СРСК", "ORG"), _at(text, "Казани", "LOC"), _at(text, "ВС", "ORG")]
    got = [(m.text, m.type) for m in expansions(text, ms, "ru")]
    assert got == [("СРСК", "ORG"), ("Северного районного суда Казани", "ORG"), ("ВС", "ORG")]


def _ids(text: str, names: list[str], language: str = "en") -> dict[str, str]:
    out, _ = canonicalise(text, [_at(text, n, "ORG") for n in names], language)
    return {m.text: m.entity_id for m in out}


def test_an_acronym_joins_a_name_only_on_evidence_in_the_text():
    # two letters are initials of too many names: only as the text introduces the acronym
    ids = _ids("The AI boom. The Allen Institute said so.", ["AI", "Allen Institute"])
    assert ids["AI"] != ids["Allen Institute"]
    ids = _ids("AP reported. The Associated Press later added more.", ["AP", "Associated Press"])
    assert ids["Associated Press"] != ids["AP"]
    ids = _ids("AP (Associated Press) reported. AP added more.", ["AP", "Associated Press"])
    assert ids["Associated Press"] == ids["AP"]
    ids = _ids("Volkswagen (VW) baut ab. VW schweigt.", ["Volkswagen", "VW"], "de")
    assert ids["Volkswagen"] == ids["VW"]
    # two letters running through one word are no initials of it: only side by side do they name it
    ids = _ids("Volkswagen baut ab. VW schweigt.", ["Volkswagen", "VW"], "de")
    assert ids["Volkswagen"] != ids["VW"]
    ids = _ids("VW schweigt. Partner EIT InnoEnergy:\nVW investiert. Volkswagen auch.", ["VW", "EIT InnoEnergy", "Volkswagen"], "de")
    assert ids["VW"] != ids["EIT InnoEnergy"]  # next to it, but no letter of it
    ids = _ids("Верховный Суд решил. ВС отказал.", ["Верховный Суд", "ВС"], "ru")
    assert ids["Верховный Суд"] == ids["ВС"]
    # several names with the acronym's initials: it is none of them
    ids = _ids("Allstate Group and Arch Group rated. AG fell.", ["Allstate Group", "Arch Group", "AG"])
    assert ids["AG"] not in (ids["Allstate Group"], ids["Arch Group"]) and ids["Allstate Group"] != ids["Arch Group"]
    # letters that merely run through a word, side by side in it, are no acronym of it
    ids = _ids("Netflix grew. NET shares fell.", ["Netflix", "NET"])
    assert ids["Netflix"] != ids["NET"]
    ids = _ids("Microsoft hired staff from MIT.", ["Microsoft", "MIT"])
    assert ids["Microsoft"] != ids["MIT"]
    # initials of three letters and more, and a compound the letters run through apart, still join
    ids = _ids("Die Weltgesundheitsorganisation warnt. Die WHO rät ab.", ["Weltgesundheitsorganisation", "WHO"], "de")
    assert ids["Weltgesundheitsorganisation"] == ids["WHO"]
    ids = _ids("The North Atlantic Council met. The NAC agreed.", ["North Atlantic Council", "NAC"])
    assert ids["North Atlantic Council"] == ids["NAC"]


def test_two_letters_first_join_their_name_only_as_a_label():
    # an acronym set apart as a label (a credit in brackets, between bars) before its spelled-out name joins it
    ids = _ids("BONN (KP) — Der Stadtrat tagte lange. Die Kölner Presse zählte die Stimmen.", ["KP", "Kölner Presse"], "de")
    assert ids["KP"] == ids["Kölner Presse"]
    ids = _ids("Ratgeber | Geld | NR | 03.05.2025\nDer Nordische Rundfunk sendet aus Kiel.", ["NR", "Nordische Rundfunk"], "de")
    assert ids["NR"] == ids["Nordische Rundfunk"]
    ids = _ids("Photo: Jane Roe/RP\nThe mayor spoke. Riverside Post reporters listened.", ["RP", "Riverside Post"])
    assert ids["RP"] == ids["Riverside Post"]
    # in running prose two letters first stay apart from a later name (the order-free join must not over-reach)
    ids = _ids("RP reported the vote. The Riverside Post later added more.", ["RP", "Riverside Post"])
    assert ids["RP"] != ids["Riverside Post"]
    ids = _ids("Die KP-Umfrage lief. Die Kölner Presse druckte sie.", ["KP", "Kölner Presse"], "de")
    assert ids["KP"] != ids["Kölner Presse"]


def test_a_labelled_acronym_first_stays_apart_from_places_namesakes_and_persons():
    from lagebild.enrich.orgs import org_clusters

    # a place's letters: "(US)" is the country, not "United Sugars" (typed ORG, so the place rule alone decides)
    text = "DENVER (US) — Stocks rose. United Sugars gained."
    us, sugars = _at(text, "US", "ORG"), _at(text, "United Sugars", "ORG")
    out = org_clusters([(us, "US"), (sugars, "United Sugars")], "en", text)
    assert out.get(id(us)) is None or out[id(us)] != out.get(id(sugars))
    # two names with the label's initials: it is neither
    ids = _ids("LIMA (RP) — Riverside Post and Rapid Partners signed.", ["RP", "Riverside Post", "Rapid Partners"])
    assert ids["RP"] not in (ids["Riverside Post"], ids["Rapid Partners"])
    # the letters alone typed a person stay a person
    text = "Photo: RP\nRiverside Post reporters listened."
    out, _ = canonicalise(text, [_at(text, "RP", "PER"), _at(text, "Riverside Post", "ORG")], "en")
    assert out[0].entity_id.startswith("PER:") and out[0].entity_id != out[1].entity_id


def test_a_name_holding_the_acronym_as_a_word_does_not_spell_it_out():
    text = "Bild: AP Photo\nThe Associated Press said so. Later AP added more."
    start = text.index("AP added")
    ms = [_at(text, "AP Photo", "ORG"), _at(text, "Associated Press", "ORG"), Mention(start, start + 2, "AP", "ORG")]
    out, _ = canonicalise(text, ms, "en")
    ids = {m.text: m.entity_id for m in out}
    assert ids["AP"] == ids["Associated Press"] != ids["AP Photo"]
