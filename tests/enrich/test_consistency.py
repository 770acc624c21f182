"""One name, one reading per text: untagged repeats of a tagged name become mentions."""

from lagebild.enrich.consistency import repeats
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
