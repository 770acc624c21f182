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
