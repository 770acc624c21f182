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


def test_a_person_word_always_followed_by_the_same_word_names_something_else():
    from lagebild.enrich.consistency import compounds

    text = "Klage gegen Smith College.\nSmith College schloss. Smith sagte, Smith Werke wuchsen."
    tagged = [Mention(m.start(), m.end(), "Smith", "PER") for m in __import__("re").finditer("Smith", text)]
    got = [(m.text, m.type) for m in compounds(text, tagged)]
    assert got == [("Smith College", "ORG"), ("Smith College", "ORG"), ("Smith", "PER"), ("Smith", "PER")]


def test_a_repeated_headline_is_no_evidence_of_a_compound():
    from lagebild.enrich.consistency import compounds

    text = "Smith Wins Again\n\nSmith Wins Again\n\nSmith won. Smith And Co\nSmith And Co"
    tagged = [Mention(m.start(), m.end(), "Smith", "PER") for m in __import__("re").finditer("Smith", text)]
    assert [m.type for m in compounds(text, tagged, "en")] == ["PER"] * 5


def test_a_first_name_tagged_apart_is_no_compound():
    from lagebild.enrich.consistency import compounds

    text = "Anna Berg kam. Anna Berg ging."
    tagged = [_at(text, "Anna", "PER"), Mention(5, 9, "Berg", "PER"), Mention(15, 19, "Anna", "PER")]
    assert [m.type for m in compounds(text, tagged)] == ["PER", "PER", "PER"]


def test_a_katakana_word_before_an_honorific_is_a_person():
    from lagebild.enrich.consistency import honorifics

    text = "モルガン氏は語った。カメラさんの氏名。ボルト様"
    got = [(m.text, m.type) for m in honorifics(text, [])]
    assert got == [("モルガン", "PER"), ("カメラ", "PER"), ("ボルト", "PER")]
    assert honorifics("サッカー氏名", []) == []  # 氏名 (name) is a word, no honorific


def test_a_span_run_across_two_names_the_text_tags_alone_is_split():
    from lagebild.enrich.consistency import split_joined

    text = "КСУ Петра Лиса решил. КСУ и Петра Лиса. XY ZW: XY, ZW. Ivan Rot. Rot Kim. Kim. Ivan. Rot."
    tagged = [_at(text, "КСУ Петра Лиса", "ORG"), Mention(22, 25, "КСУ", "ORG"), _at(text, "Петра Лиса", "PER"),
              _at(text, "XY ZW", "ORG"), Mention(44, 46, "XY", "ORG"), Mention(48, 50, "ZW", "ORG"),
              _at(text, "Ivan Rot", "PER"), _at(text, "Rot Kim", "PER"), _at(text, "Kim.", "PER"),
              Mention(text.index("Ivan."), text.index("Ivan.") + 4, "Ivan", "PER"),
              Mention(text.rindex("Rot"), text.rindex("Rot") + 3, "Rot", "PER")]
    tagged[8] = Mention(tagged[8].start, tagged[8].start + 3, "Kim", "PER")
    got = [(m.text, m.type) for m in split_joined(text, tagged)]
    assert got[:5] == [("КСУ", "ORG"), ("Петра Лиса", "PER"), ("КСУ", "ORG"), ("Петра Лиса", "PER"), ("XY", "ORG")]
    assert ("Ivan Rot", "PER") in got  # a first name and a surname each used alone stay one name
    assert ("Rot", "PER") in got and ("Kim", "PER") in got and ("Rot Kim", "PER") not in got


def test_a_function_word_opening_a_person_mention_is_cut():
    from lagebild.enrich.consistency import lead_ins

    text = "Самого Петрова уволили. Van Dijk spielte."
    ms = [_at(text, "Самого Петрова", "PER"), _at(text, "Van Dijk", "PER")]
    assert [(m.text, m.start) for m in lead_ins(ms, "ru")] == [("Петрова", 7), ("Van Dijk", text.index("Van"))]


def test_an_honorific_before_a_kanji_word_still_marks_the_name():
    from lagebild.enrich.consistency import honorifics

    assert [m.text for m in honorifics("モルガン氏外交。ボルト氏族", [])] == ["モルガン"]


def test_a_tagged_name_written_in_capitals_elsewhere_is_a_mention_too():
    text = "Kaya Tepe spielte. KAYA TEPE TRIFFT. TEPE! Who? WHO"
    found = repeats(text, [_at(text, "Kaya Tepe", "PER"), _at(text, "Who", "ORG")])
    assert [(m.text, m.type) for m in found] == [("KAYA TEPE", "PER"), ("TEPE", "PER")]


def test_a_lone_family_name_ner_tagged_itself_gets_the_title_s_name_too():
    text = "김민준 장관은 말했다. 김서연 의원은 반대했다. 시민들은 김 장관을 기다렸다. 김 의원은 떠났다."
    at = text.index("김 장관")
    tagged = [_at(text, "김민준", "PER"), _at(text, "김서연", "PER"), Mention(at, at + 1, "김", "PER")]  # NER's own tag
    found = family_names(text, tagged)
    mentions, _ = canonicalise(text, tagged + found, "ko")
    ids = {m.start: m.entity_id for m in mentions}
    assert ids[at] == ids[0] != ids[text.index("김 의원")] == ids[text.index("김서연")]
