"""The country named inside an organisation's mention is a mention of the country too (issue 14):
"Russia" in "Russia's Defense Ministry" is Russia, nested in the ministry's mention, which keeps its id."""

from __future__ import annotations

from lagebild.enrich import enrich
from lagebild.enrich.entity_eval import system_id
from lagebild.enrich.events import find_events
from lagebild.model import Article, Mention
from lagebild.settings import EnrichSettings


def _enriched(text: str, language: str) -> Article:
    return enrich(Article(text=text, language=language), EnrichSettings(ner="off"))


def _ids(article: Article) -> set[tuple[str, str | None]]:
    return {(m.text, m.entity_id) for m in article.mentions}


def test_english_genitive_adjective_and_postnominal_country():
    a = _enriched("Norway's defence ministry denied it. Later the Norwegian navy and the police of Norway "
                  "confirmed the drill in the Arctic.", "en")
    ids = _ids(a)
    assert ("Norway's defence ministry", "ORG:NO:defence-ministry") in ids
    assert ("Norway", "LOC:NO") in ids  # the "'s" stays outside, as in the gold
    assert ("Norwegian navy", "ORG:NO:navy") in ids and ("Norwegian", "LOC:NO") in ids
    assert ("police of Norway", "ORG:NO:police") in ids
    assert sum(1 for m in a.mentions if m.entity_id == "LOC:NO") == 3
    assert "LOC:NO" in {e.id for e in a.entities}


def test_german_genitive_adjective_and_compound():
    a = _enriched("Spaniens Regierung schwieg. Das spanische Innenministerium und die Spanien-Regierung "
                  "nannten keine Zahlen.", "de")
    ids = _ids(a)
    assert ("Spaniens Regierung", "ORG:ES:government") in ids and ("Spaniens", "LOC:ES") in ids
    assert ("spanische Innenministerium", "ORG:ES:interior-ministry") in ids and ("spanische", "LOC:ES") in ids
    assert ("Spanien", "LOC:ES") in ids


def test_gold_scorer_gives_the_country_and_the_institution_their_own_ids():
    text = "Norway's defence ministry denied it."
    a = _enriched(text, "en")

    class Gold:  # the gold spans the scorer matches: the country word, and the ministry's name
        def __init__(self, start: int, end: int) -> None:
            self.start, self.end = start, end

    assert system_id(Gold(0, 6), a.mentions) == "LOC:NO"
    assert system_id(Gold(9, 25), a.mentions) == "ORG:NO:defence-ministry"


def test_no_country_of_a_different_code_or_over_another_mention():
    text = "Poland's government met."
    org = Mention(0, len("Poland's government"), "Poland's government", "ORG", "ORG:PL:government")
    other = Mention(0, 6, "Poland", "LOC", "LOC:PL")
    from lagebild.enrich.institutions import countries_inside
    assert countries_inside(text, [org, other], "en") == []
    assert [m.text for m in countries_inside(text, [org], "en")] == ["Poland"]


def test_events_keep_the_institution_as_subject():
    text = "Die Regierung Norwegens kritisiert die Polizei Schwedens scharf."
    a = _enriched(text, "de")
    assert ("Norwegens", "LOC:NO") in _ids(a)
    events = find_events(text, a.mentions, "de")
    assert [(e.subject_id, e.object_id) for e in events] == [("ORG:NO:government", "ORG:SE:police")]


def test_a_country_name_of_another_language_is_no_country_inside_an_english_name():
    # "Island" is Iceland in German and Norwegian, the word island in English: inside an English
    # organisation's name it names no country; in a German text the same name inside one does
    from lagebild.enrich.institutions import countries_inside
    text = "Harbour Island Ferries cancelled every crossing on Sunday."
    org = Mention(0, len("Harbour Island Ferries"), "Harbour Island Ferries", "ORG", "ORG:harbour-island-ferries")
    assert countries_inside(text, [org], "en") == []
    german = "Die Island Air Werft meldete Verluste."
    org = Mention(4, 4 + len("Island Air Werft"), "Island Air Werft", "ORG", "ORG:island-air-werft")
    assert [(m.text, m.entity_id) for m in countries_inside(german, [org], "de")] == [("Island", "LOC:IS")]


def test_a_shorter_word_with_a_country_names_stem_is_no_case_of_it():
    # Snowball stems "Australia" and "austral" alike in Spanish; a case form is never two letters shorter
    from lagebild.enrich import places
    from lagebild.enrich.institutions import countries_inside
    assert places.stemmed_country("Austral", "es") is None
    assert places.stemmed_country("Australia", "es") == "AU"
    assert places.stemmed_country("Polski", "pl") == "PL" and places.stemmed_country("России", "ru") == "RU"
    text = "La Universidad del Sur Austral abrió un nuevo edificio."
    org = Mention(3, 3 + len("Universidad del Sur Austral"), "Universidad del Sur Austral", "ORG", "ORG:uds")
    assert countries_inside(text, [org], "es") == []


def test_an_english_title_inside_a_german_text_names_no_country():
    # the German name of Iceland is the English word island: inside an English programme's title in a German
    # text it is the word, so the organisation NER found there holds no country
    from lagebild.enrich.institutions import countries_inside
    text = 'Sie sprach darüber in der Radiosendung "Desert Island Discs" am Sonntag.'
    start = text.index("Desert")
    org = Mention(start, start + len("Desert Island Discs"), "Desert Island Discs", "ORG", "ORG:desert-island-discs")
    assert countries_inside(text, [org], "de") == []


def test_a_continent_inside_a_firm_s_name_names_no_country():
    from lagebild.enrich.names import canonicalise
    text = "Jane Roe, who heads Acme North America Inc., met bankers of the Bank of America in Texas."
    spec = [("Jane Roe", "PER"), ("Acme North America Inc.", "ORG"), ("Bank of America", "ORG"), ("Texas", "LOC")]
    ms = [Mention(text.find(s), text.find(s) + len(s), s, t) for s, t in spec]
    out, _ = canonicalise(text, sorted(ms, key=lambda m: m.start), "en")
    ids = {(m.text, m.entity_id) for m in out}
    assert ("America", "LOC:US") in ids  # "Bank of America": the country, named inside the bank's name
    assert sum(1 for m in out if m.entity_id == "LOC:US") == 1  # none for "North America"
