from lagebild.enrich import places
from lagebild.textnorm import fold


def test_country_names_in_every_language_meet():
    ids = {places.lookup(n).id for n in ("Türkei", "Turkey", "Türkiye", "Turquie", "Turchia")}
    assert ids == {"LOC:TR"}


def test_genitive_and_case():
    assert places.lookup("Russlands").id == "LOC:RU"
    assert places.lookup("Syriens").id == "LOC:SY"
    assert places.lookup("the United States").id == "LOC:US"


def test_cities_carry_their_country():
    moscow = places.lookup("Moskau")
    assert moscow.id == "LOC:city:524901" and moscow.country == "RU"
    assert places.lookup("Moscow").id == moscow.id
    assert places.lookup("Köln").country == "DE"


def test_country_adjectives_german_and_english():
    for word in ("türkisch", "türkischen", "Türkische", "Turkish"):
        assert places.adjective(word) == "TR", word
    assert places.adjective("russischer") == "RU"
    assert places.adjective("Syrian") == "SY"
    assert places.adjective("kubisch") is None  # cubic, not Cuban
    assert places.adjective("Anti-ISIS-Allianz") is None


def test_country_entity_aliases_include_languages_and_adjectives():
    tr = places.country("TR", "de")
    assert tr.name == "Türkei" and tr.country == "TR"
    folded = {fold(a) for a in tr.aliases}
    assert {fold(a) for a in ("Türkei", "Turkey", "Türkiye", "türkisch", "Turkish")} <= folded


def test_scan_finds_names_and_adjectives_not_already_taken():
    text = "Die türkische Regierung und Russland verhandeln. Turkey agreed."
    found = places.scan(text, taken=[(text.index("Russland"), text.index("Russland") + 8)], language="de")
    got = {(m.text, m.type, m.entity_id) for m in found}
    assert ("türkische", "MISC", "LOC:TR") in got
    assert ("Turkey", "LOC", "LOC:TR") in got
    assert not any(m.text == "Russland" for m in found)


def test_a_doubled_letter_abbreviation_names_the_country_with_those_initials():
    from lagebild.enrich import places

    assert [p.id for p in places.readings("EE.UU.", "es")] == ["LOC:US"]  # Estados Unidos
    assert [p.id for p in places.readings("EEUU", "es")] == ["LOC:US"]
    assert places.readings("EEUU", "en") == ()  # English writes no plural abbreviations so
    assert places.readings("EEU", "es") == ()  # not pairs of letters


def test_english_names_cldr_keeps_only_as_variants():
    # CLDR's English main name is "Czechia"; the common "Czech Republic" comes from country_converter
    assert places.lookup("Czech Republic", "en").id == places.lookup("Tschechien", "de").id == "LOC:CZ"
    assert places.lookup("Republic of Korea", "en").id == "LOC:KR"
    assert places.lookup("UK", "en").id == "LOC:GB"


def test_country_names_in_the_texts_own_language_are_found_in_running_text():
    from lagebild.enrich.local_places import scan_local

    def found(text, language):
        return [(m.text, m.entity_id) for m in scan_local(text, [], language)]

    assert found("ケニアの首都。ドイツ語を学ぶ。タンザニアへ", "ja") == [("ケニア", "LOC:KE"), ("タンザニア", "LOC:TZ")]
    assert found("케냐는 크다. 케냐산 커피", "ko") == [("케냐", "LOC:KE")]  # a particle may follow, no other word
    assert found("Ranskan presidentti ja Norjan rannikko", "fi") == [("Ranskan", "LOC:FR"), ("Norjan", "LOC:NO")]
    assert found("Ruotsin kuningas", "en") == []


def test_finnish_case_forms_meet_their_country_despite_the_stem_vowel():
    assert places.lookup("Suomen", "fi").id == "LOC:FI"
    assert places.lookup("Suomessa", "fi").id == "LOC:FI"


def test_cldr_city_names_are_trusted_in_their_own_language():
    assert places.lookup("Moscú", "es").id == places.lookup("Moscow").id
    assert places.lookup("Moscú", "en") is None


def test_dotted_initials_of_a_two_word_region():
    assert places.lookup("S.C.", "en").id == "LOC:region:US-SC"
    assert places.lookup("SC", "en") is None  # undotted capitals are a club or a company as often
