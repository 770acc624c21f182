"""One name, one reading per text: untagged repeats of a tagged name become mentions."""

from lagebild.enrich.consistency import family_names, repeats
from lagebild.enrich.names import canonicalise
from lagebild.model import Mention


def _at(text: str, surface: str, type_: str) -> Mention:
    start = text.index(surface)
    return Mention(start, start + len(surface), surface, type_)


def test_repeats_of_a_tagged_name_are_mentions_where_the_name_stands_alone():
    text = "ハマスは言った。ハマスの幹部。ハマスター。Herbert Diess sagte. Diess ging. Diessen. 이재명은 말했다. 이재명이"
    found = repeats(text, [_at(text, "ハマス", "ORG"), _at(text, "Herbert Diess", "PER"), _at(text, "이재명", "PER")])
    got = [(m.text, m.type, m.start) for m in found]
    assert got == [("ハマス", "ORG", 8), ("Diess", "PER", text.index("Diess ging")),
                   ("이재명", "PER", text.rindex("이재명"))]  # not inside ハマスター or Diessen


def test_nothing_is_added_over_an_existing_mention_or_for_one_letter_names():
    text = "Merkel und Angela Merkel. X sagte, X ging."
    tagged = [_at(text, "Angela Merkel", "PER"), Mention(text.index("X"), text.index("X") + 1, "X", "PER")]
    found = repeats(text, tagged)
    assert [(m.text, m.start) for m in found] == [("Merkel", 0)]


def test_a_lone_korean_family_name_with_the_full_names_title_is_that_person():
    text = "김민준 국방부 장관은 어제 발표했다. 김 장관은 예산을 설명했다. 김 과장은 몰랐다. 박김 장관도 왔다."
    full = _at(text, "김민준", "PER")
    found = family_names(text, [full])
    assert [(m.text, m.start) for m in found] == [("김", text.index("김 장관은"))]  # not before 과장, not inside 박김
    mentions, _ = canonicalise(text, [full, *found], "ko")
    assert len({m.entity_id for m in mentions}) == 1


def test_the_title_tells_which_of_two_names_a_family_name_means():
    text = "김민준 장관은 말했다. 김서연 의원은 반대했다. 김 의원은 다시 반대했다. 김 장관은 떠났다."
    tagged = [_at(text, "김민준", "PER"), _at(text, "김서연", "PER")]
    found = family_names(text, tagged)
    mentions, _ = canonicalise(text, tagged + found, "ko")
    ids = {m.start: m.entity_id for m in mentions}
    assert ids[text.index("김 의원")] == ids[text.index("김서연")] != ids[text.index("김 장관")] == ids[0]
    assert family_names("김 장관은 왔다.", []) == []  # no full name in the text: no evidence


def test_a_katakana_name_after_a_hiragana_particle_stands_alone():
    text = "ガザのハマスは言った。イスラエルとハマスの停戦。ハマスター。"
    found = repeats(text, [_at(text, "ハマス", "ORG")])
    assert [m.start for m in found] == [text.index("とハマス") + 1]  # not inside ハマスター
