"""Names in languages that decline them, other-language short forms and plurals: one id per real
entity whatever case or spelling a text writes. Every sentence here is our own; each rule is tested
with two or more names, so no test holds for one name only."""

import pytest

from lagebild.enrich.names import canonicalise
from lagebild.enrich.particles import nominative
from lagebild.model import Mention


def _ids(text, spec, language):
    """Canonicalise hand-made mentions ``[(surface, type)]``, every occurrence; {surface: {ids}}."""
    ms = []
    for surface, type_ in spec:
        start = text.find(surface)
        while start >= 0:
            if not any(m.start <= start < m.end for m in ms):
                ms.append(Mention(start, start + len(surface), surface, type_))
            start = text.find(surface, start + 1)
    out, _ = canonicalise(text, sorted(ms, key=lambda m: (m.start, -m.end)), language)
    ids: dict[str, set[str]] = {}
    for m in out:
        ids.setdefault(m.text, set()).add(m.entity_id)
    return ids


@pytest.mark.parametrize(("word", "language", "nom"), [
    ("Warszawie", "pl", "Warszawa"), ("Polsce", "pl", "Polska"), ("Donaldem Trumpem", "pl", "Donald Trump"),
    ("Praze", "cs", "Praha"), ("Баварии", "ru", "Бавария"), ("Москве", "ru", "Москва")])
def test_a_declined_name_reads_as_its_nominative(word, language, nom):
    assert nominative(word, language) == nom
    assert nominative(nom, language) is None  # already the nominative


def test_the_nominative_is_asked_only_where_a_language_declines_names_and_never_of_acronyms():
    assert nominative("Polsce", "de") is None and nominative("Polsce", None) is None
    assert nominative("NATO", "pl") is None and nominative("USA", "pl") is None
    assert nominative("Putinin", "fi") is None  # Finnish has its own suffix rules (the dictionary says "putti")


def test_declined_places_and_persons_take_the_ids_of_their_nominative():
    text = ("Premier spotkał się w Warszawie z Donaldem Trumpem. Trump chwalił Polskę. W Polsce i w Pradze "
            "mówiono o Warszawa i Praga. Donald Trump wyjechał.")
    ids = _ids(text, [("Warszawie", "LOC"), ("Donaldem Trumpem", "PER"), ("Trump", "PER"), ("Polskę", "LOC"),
                      ("Polsce", "LOC"), ("Pradze", "LOC"), ("Warszawa", "LOC"), ("Praga", "LOC"),
                      ("Donald Trump", "PER")], "pl")
    assert ids["Warszawie"] == ids["Warszawa"] and next(iter(ids["Warszawa"])).startswith("LOC:city:")
    assert ids["Polsce"] == ids["Polskę"] == {"LOC:PL"}
    assert ids["Pradze"] == ids["Praga"]
    assert ids["Donaldem Trumpem"] == ids["Donald Trump"] == ids["Trump"] == {"PER:donald-trump"}


def test_a_declined_name_the_gazetteer_lacks_is_one_entity_in_every_case():
    text = "Клуб Бавария выиграл. Игроки Баварии довольны. Тренер Баварии сказал, что Бавария сильна."
    ids = _ids(text, [("Бавария", "ORG"), ("Баварии", "ORG")], "ru")
    assert ids["Бавария"] == ids["Баварии"] and len(ids["Бавария"]) == 1
    text = "Biały Dom milczy. W Białym Domu odbyło się spotkanie. Rzecznik Białego Domu potwierdził."
    ids = _ids(text, [("Biały Dom", "LOC"), ("Białym Domu", "LOC"), ("Białego Domu", "LOC")], "pl")
    assert ids["Biały Dom"] == ids["Białym Domu"] == ids["Białego Domu"] and len(ids["Biały Dom"]) == 1


@pytest.mark.parametrize("name", ["Global News", "Sky News", "Lakers"])
def test_a_final_s_is_no_genitive_in_a_language_that_writes_the_genitive_with_an_apostrophe(name):
    bare = name[:-1]  # "Global New", "Sky New", "Laker": words the text also has
    text = f"A New day for {bare}. {name} reported it first. {name} said more on Sunday."
    ids = _ids(text, [(name, "ORG")], "en")
    assert ids[name] == {f"ORG:{name.lower().replace(' ', '-')}"}
    de = f"Der Bericht {bare}s erschien. {bare} und {bare}s Team."  # German: the genitive is a bare "s"
    assert _ids(de, [(f"{bare}s", "ORG"), (bare, "ORG")], "de")[f"{bare}s"] == _ids(de, [(bare, "ORG")], "de")[bare]


@pytest.mark.parametrize(("forms", "language"), [
    (["Weissen Haus", "Weissen Hauses", "Weisse Haus"], "de"),
    (["Roten Kreuz", "Roten Kreuzes", "Rote Kreuz"], "de"),
    (["GlobalNews", "Global News", "Global News"], "en"),
    (["NordStream", "Nord Stream", "Nord Stream"], "de")])
def test_one_name_in_several_cases_or_written_joined_is_one_entity_in_an_article(forms, language):
    text = " … ".join(f"Satz {i} über {f} hier." for i, f in enumerate(forms))
    ids = _ids(text, [(f, "ORG") for f in sorted(set(forms), key=len, reverse=True)], language)
    assert len(set().union(*ids.values())) == 1


def test_different_names_with_one_stem_in_other_languages_stay_apart():
    text = "Les Verts et le Vert parlent. The Green Party and the Greens met."
    ids = _ids(text, [("Verts", "ORG"), ("Vert", "ORG"), ("Green Party", "ORG"), ("Greens", "ORG")], "fr")
    assert ids["Verts"] != ids["Vert"]


@pytest.mark.parametrize(("text", "language", "found"), [
    ("En 2001, l'Union européenne a décidé. Puis l'UE a agi.", "fr", ["Union européenne", "UE"]),
    ("Ieri l'Unione europea ha deciso; poi l'UE ha agito.", "it", ["Unione europea", "UE"]),
    ("Según las Naciones Unidas y la Unión Europea (UE), no.", "es", ["Naciones Unidas", "Unión Europea", "UE"])])
def test_an_organisation_named_after_an_elided_article_and_its_local_acronym_are_found(text, language, found):
    from lagebild.enrich.orgs import scan_orgs
    assert [m.text for m in scan_orgs(text, [], language)] == found


def test_a_local_acronym_needs_the_name_spelled_out_in_the_text():
    from lagebild.enrich.orgs import scan_orgs
    assert scan_orgs("Politique de l'UE et de la BCE.", [], "fr") == []


@pytest.mark.parametrize(("text", "language", "name", "acronym"), [
    ("Stamattina l'Unione europea ha taciuto, ma nel pomeriggio la Ue ha replicato.", "it", "Unione europea", "Ue"),
    ("Ayer la Unión Europea guardó silencio; hoy la Ue contestó por carta.", "es", "Unión Europea", "Ue")])
def test_a_local_acronym_written_as_a_word_is_the_organisation_the_text_spells_out(text, language, name, acronym):
    from lagebild.enrich.orgs import scan_orgs
    assert acronym in [m.text for m in scan_orgs(text, [], language)]  # NER missed it
    ids = _ids(text, [(name, "ORG"), (acronym, "ORG")], language)  # NER tagged it
    assert ids[name] == ids[acronym] == {"ORG:eu"}


def test_a_local_acronym_needs_the_name_spelled_out_as_words():
    from lagebild.enrich.orgs import scan_orgs
    text = "La réunion européenne des doyens a validé chaque UE du master."  # "union européenne" inside a word
    assert scan_orgs(text, [], "fr") == []


@pytest.mark.parametrize(("word", "code"), [("Usa", "LOC:US"), ("Uk", "LOC:GB")])
def test_a_country_s_abbreviation_written_as_a_word_is_the_country(word, code):
    text = f"Il governo degli {word} ha parlato. Negli {word} si vota."
    assert _ids(text, [(word, "LOC")], "it")[word] == {code}
    assert _ids("Roma e Milano.", [("Roma", "LOC")], "it")["Roma"] != {"LOC:RO"}  # a city's capitals are no code


@pytest.mark.parametrize(("full", "sentence"), [
    ("فلاديمير بوتين", "وقال الكرملين إن اتصالا جرى مع بوتين أمس."),
    ("عباس عراقجي", "وأكد الوزير أن عراقجي سيزور بيروت.")])
def test_an_arabic_surname_standing_alone_after_the_full_name_is_the_person(full, sentence):
    from lagebild.enrich.consistency import repeats
    text = f"قال {full} إن الوضع صعب. {sentence}"
    start = text.find(full)
    found = repeats(text, [Mention(start, start + len(full), full, "PER")])
    surname = full.split()[-1]
    assert [(m.text, m.type) for m in found] == [(surname, "PER")]
    glued = f"قال {full} إن الوضع صعب. ول{surname} رأي."  # a proclitic written onto it: not alone
    assert repeats(glued, [Mention(start, start + len(full), full, "PER")]) == []


def test_a_hebrew_surname_is_not_repeated_alone_it_is_as_often_a_first_name():
    from lagebild.enrich.consistency import repeats
    text = "אמרה רונית אברהם כי. גם שרה אברהם הגיעה."
    start = text.find("רונית אברהם")
    assert repeats(text, [Mention(start, start + 11, "רונית אברהם", "PER")]) == []


@pytest.mark.parametrize(("run", "language"), [("Frankreich Israel", "de"), ("Jordan Syrien", "de"),
                                               ("Israel Lebanon", "en")])
def test_a_run_of_countries_one_of_them_also_a_first_name_is_split(run, language):
    from lagebild.enrich.mention_spans import split_runs
    text = f"Themen: {run}\n"
    m = Mention(8, 8 + len(run), run, "LOC")
    assert [x.text for x in split_runs([m], language)] == run.split()
    name = Mention(0, 13, "Jordan Miller", "PER")  # a first name and a surname stay a person
    assert [x.text for x in split_runs([name], "en")] == ["Jordan Miller"]
    both = Mention(0, 13, "Israel Jordan", "PER")  # two first names: a person's name, not a list
    assert [x.text for x in split_runs([both], "en")] == ["Israel Jordan"]


@pytest.mark.parametrize(("full", "plain", "language"), [
    ("Mevlüt Çavuşoğlu", "Cavusoglu", "tr"), ("Recep Tayyip Erdoğan", "Erdogan", "tr"),
    ("Lech Wałęsa", "Walesa", "pl"), ("Sanna Mäkelä", "Makela", "fi")])
def test_a_surname_written_without_its_marks_joins_the_full_name(full, plain, language):
    text = f"{full} spoke. Later {plain} left."
    ids = _ids(text, [(full, "PER"), (plain, "PER")], language)
    assert ids[plain] == ids[full] and len(ids[full]) == 1


@pytest.mark.parametrize(("town", "state"), [("Aberdeen", "Washington"), ("Vancouver", "Washington"),
                                             ("Albany", "New York"), ("Buffalo", "New York")])
def test_a_town_the_gazetteer_places_abroad_with_a_namesake_in_the_state_names_the_state(town, state):
    text = f"The plant in {town}, {state} closed on Monday."
    ids = _ids(text, [(town, "LOC"), (state, "LOC")], "en")
    assert next(iter(ids[state])).startswith("LOC:region:US-")


@pytest.mark.parametrize(("town", "state"), [("Tokyo", "Washington"), ("London", "New York"), ("Hamburg", "New York")])
def test_a_foreign_city_beside_a_city_and_state_name_stays_a_list_of_cities(town, state):
    ids = _ids(f"Offices in {town}, {state} opened.", [(town, "LOC"), (state, "LOC")], "en")
    assert next(iter(ids[state])).startswith("LOC:city:")


def test_a_german_country_name_inside_an_english_title_is_no_country():
    from lagebild.enrich.places import scan
    text = ("Sie sprach in der Sendung Desert Island Discs. Ihr Lieblingsbuch: Treasure Island. "
            "Danach reiste sie nach Island. Themen: Island Norwegen")
    found = [(m.text, m.start) for m in scan(text, [], "de")]
    assert found == [("Island", text.index("nach Island") + 5), ("Island", text.rindex("Island N")),
                     ("Norwegen", text.index("Norwegen"))]


@pytest.mark.parametrize(("full", "genitive", "noun"), [("Wladimir Putin", "Putins", "Sieg"),
                                                         ("Adrian Hänni", "Hännis", "Sicht"),
                                                         ("Angela Merkel", "Merkels", "Politik")])
def test_a_tagged_person_s_german_genitive_before_its_noun_is_the_person(full, genitive, noun):
    from lagebild.enrich.consistency import repeats
    text = f"{full} sprach. Es ging um {genitive} {noun}. Die {genitive} Anhänger? Nein. {genitive}."
    found = repeats(text, [Mention(0, len(full), full, "PER")])
    assert [(m.text, m.start) for m in found] == [(genitive, text.index(genitive))]  # not the plural, not alone


@pytest.mark.parametrize(("short", "full"), [("Falklands", "Falkland Islands"), ("Caymans", "Cayman Islands")])
def test_an_islands_plural_short_name_is_the_islands(short, full):
    text = f"The {full} voted. Later the {short} voted again."
    ids = _ids(text, [(full, "LOC"), (short, "LOC")], "en")
    assert ids[short] == ids[full] and next(iter(ids[full])).count(":") == 1
    assert _ids("The Smiths and the Islands.", [("Smiths", "LOC")], "en")["Smiths"] == {"LOC:smiths"}


@pytest.mark.parametrize(("coded", "bare"), [("Washington DC", "Washington"), ("Portland OR", "Portland"),
                                             ("Seattle WA", "Seattle")])
def test_a_city_named_with_its_state_s_code_is_the_city(coded, bare):
    text = f"NATO was founded in {coded} in 1949. Later {bare} grew."
    ids = _ids(text, [(coded, "LOC")], "en")
    assert next(iter(ids[coded])).startswith("LOC:city:")
    assert _ids("Paris SG won.", [("Paris SG", "ORG")], "en")["Paris SG"] == {"ORG:paris-sg"}  # a club is no city


@pytest.mark.parametrize("coded", ["Lyon TX", "Athens GA", "Berlin NH"])
def test_a_city_named_with_another_state_s_code_is_not_the_city_abroad(coded):
    text = f"My cousin moved to {coded} last spring and opened a bakery."
    assert not any(i.startswith("LOC:city:") for i in _ids(text, [(coded, "LOC")], "en")[coded])


@pytest.mark.parametrize(("name", "acronym", "other_case"), [
    ("Верховный Суд", "ВС", "Верховным Судом"), ("Конституционный Суд", "КС", "Конституционным Судом")])
def test_a_case_form_of_an_organisation_joins_the_acronym_s_id(name, acronym, other_case):
    text = f"{name} ({acronym}) решил. Позже {acronym} отменил решение. Решение принято {other_case}."
    ids = _ids(text, [(name, "ORG"), (acronym, "ORG"), (other_case, "ORG")], "ru")
    assert ids[other_case] == ids[name] == ids[acronym] and len(ids[name]) == 1


def test_two_surnames_run_together_are_two_persons_a_full_name_stays_one():
    text = "Donald Trump and Elon Musk met. Tags: Trump Musk. Later Donald Trump left; Musk Elon? no."
    ids = _ids(text, [("Donald Trump", "PER"), ("Elon Musk", "PER"), ("Trump Musk", "PER")], "en")
    assert "Trump Musk" not in ids and ids["Trump"] == ids["Donald Trump"] and ids["Musk"] == ids["Elon Musk"]
    text = "Paul Simon and Carly Simon sang. Simon Paul? Paul Simon again."  # a first name among them: kept
    assert "Paul Simon" in _ids(text, [("Paul Simon", "PER"), ("Carly Simon", "PER")], "en")


@pytest.mark.parametrize(("state", "code"), [("Florida", "FL"), ("Georgia", "GA")])
def test_a_state_s_postal_code_is_the_state_the_article_names(state, code):
    text = f"Voters in Texas and {state} decided. The office in Miami, {code} opened."
    ids = _ids(text, [("Texas", "LOC"), (state, "LOC"), (code, "LOC")], "en")
    assert ids[code] == ids[state] == {f"LOC:region:US-{code}"}
    assert _ids(f"The office in Miami, {code} opened.", [(code, "LOC")], "en")[code] != {f"LOC:region:US-{code}"}


def test_turkish_names_in_a_capitals_heading_meet_their_tagged_forms():
    from lagebild.enrich.casing import heading_part
    from lagebild.enrich.consistency import repeats
    from lagebild.enrich.particles import strip_case_endings
    text = "İZMİR'DE YANGIN: ICARDİ DÖNDÜ\nDün akşam İzmir'de yangın çıktı. Yıldız Mauro Icardi döndü."
    tagged = [Mention(text.index("İzmir'de"), text.index("İzmir'de") + 5, "İzmir", "LOC"),
              Mention(text.index("Mauro"), text.index("Mauro") + 12, "Mauro Icardi", "PER")]
    assert [m.text for m in repeats(text, tagged)] == ["İZMİR", "ICARDİ"]  # Turkish capitals: "i" is "İ"
    heading = Mention(0, 8, "İZMİR'DE", "LOC")
    assert [m.text for m in strip_case_endings(text, [heading], language="tr")] == ["İZMİR"]
    assert heading_part(text, heading).text == "İZMİR'DE"  # confirmed by "İzmir'de", a word with its suffix
    assert strip_case_endings(text, [heading], language="de") == [heading]


@pytest.mark.parametrize(("lone", "product"), [("Microsoft", "Microsoft Teams"), ("Instagram", "Instagram Reels")])
def test_a_company_named_alone_is_not_the_product_its_name_begins(lone, product):
    text = f"{lone} said that {product} grows. {lone} also said more."
    ids = _ids(text, [(product, "ORG"), (lone, "ORG")], "en")
    assert ids[lone] != ids[product]


@pytest.mark.parametrize("name", ["New York", "Washington"])
def test_a_state_s_government_named_with_the_name_makes_it_the_state(name):
    for text in (f"{name}'s governor signed the bill. Residents of {name} must comply.",
                 f"The governor of {name} spoke. Later {name} passed the law."):
        assert {next(iter(v)).split(":")[1] for v in _ids(text, [(name, "LOC")], "en").values()} == {"region"}
    assert next(iter(_ids(f"{name}'s mayor spoke.", [(name, "LOC")], "en")[name])).startswith("LOC:city:")


def test_a_country_name_ner_tagged_inside_an_english_title_in_a_german_text_is_no_country():
    text = 'Sie sprach in der Sendung "Desert Island Discs". Danach reiste sie nach Island.'
    first, second = text.index("Island"), text.rindex("Island")
    out, _ = canonicalise(text, [Mention(first, first + 6, "Island", "LOC"),
                                 Mention(second, second + 6, "Island", "LOC")], "de")
    assert [m.entity_id for m in out] == ["LOC:island", "LOC:IS"]


@pytest.mark.parametrize("name", ["Дмитрий Песков", "Лев Толстой", "Иван Малинин", "Александр Волков",
                                  "Анна Попова", "Юлия Навальная", "Олег Козлов", "Мария Белая", "Песков"])
def test_a_russian_name_already_in_the_nominative_stays_as_written(name):
    # the dictionary reads these as cases of other words ("песок", "левый", "малинина", "волк", "белый")
    assert nominative(name, "ru") is None


def test_a_russian_person_in_the_nominative_keeps_his_or_her_own_id():
    text = ("Пресс-секретарь Дмитрий Песков ответил журналистам. Позже Песков уточнил детали. "
            "Депутат Анна Белая выступила вчера, а Белая потом ушла.")
    ids = _ids(text, [("Дмитрий Песков", "PER"), ("Песков", "PER"), ("Анна Белая", "PER"), ("Белая", "PER")], "ru")
    assert ids["Дмитрий Песков"] == ids["Песков"] == {"PER:dmitriy-peskov"}
    assert ids["Анна Белая"] == ids["Белая"] == {"PER:anna-belaya"}  # a woman's surname keeps its form


def test_a_lone_name_the_dictionary_knows_only_as_a_common_words_case_stays():
    assert nominative("Газе", "ru") is None and nominative("Газа", "ru") is None  # not "газ"
    assert nominative("Сергея Лаврова", "ru") != "Сергей Лавровый"  # not an adjective
    assert nominative("Газе", "ru", {"Газе", "Газа"}) is None
    # ... unless the text names that word too: the club's cases meet
    assert nominative("Арсенала", "ru", {"Арсенал"}) == "Арсенал" and nominative("Баварией", "ru", {"Бавария"}) == "Бавария"
    text = "Клуб Арсенал выиграл. Тренер Арсенала доволен. Матч с Баварией прошёл, Бавария уехала."
    ids = _ids(text, [("Арсенала", "ORG"), ("Арсенал", "ORG"), ("Баварией", "ORG"), ("Бавария", "ORG")], "ru")
    assert ids["Арсенала"] == ids["Арсенал"] and ids["Баварией"] == ids["Бавария"]


@pytest.mark.parametrize("name", ["Chad Holland", "India Jordan", "Georgia Chad"])
def test_a_person_whose_words_are_all_countries_is_not_split(name):
    from lagebild.enrich.mention_spans import split_runs
    assert [x.text for x in split_runs([Mention(0, len(name), name, "PER")], "en")] == [name]


@pytest.mark.parametrize("name", ["O'Neal", "D'Alema", "L'Oréal", "Sant'Egidio", "Côte d'Ivoire", "O'nun"])
def test_a_turkish_text_keeps_a_foreign_name_with_an_apostrophe_whole(name):
    from lagebild.enrich.particles import strip_case_endings
    assert [m.text for m in strip_case_endings(name, [Mention(0, len(name), name, "PER")], language="tr")] == [name]


@pytest.mark.parametrize(("form", "bare"), [("İZMİR'DE", "İZMİR"), ("İstanbul'a", "İstanbul"),
                                            ("Ankara'dan", "Ankara"), ("Türkiye'nin", "Türkiye"),
                                            ("Almanya'daki", "Almanya"), ("ANKARA'YI", "ANKARA"),
                                            ("Türkiye'dekilerden", "Türkiye")])
def test_a_turkish_case_suffix_after_an_apostrophe_comes_off(form, bare):
    from lagebild.enrich.particles import strip_case_endings
    assert [m.text for m in strip_case_endings(form, [Mention(0, len(form), form, "LOC")], language="tr")] == [bare]
