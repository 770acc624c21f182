"""A name NER ran together with menu words or another name takes the id of the name it holds, where the
article writes that name alone; longer names of other entities keep theirs. Our own sentences."""

from lagebild.enrich.names import canonicalise
from lagebild.model import Mention
from test_declined_names import _ids  # hand-made mentions, every occurrence, canonicalised


def test_a_site_name_amid_menu_words_is_the_site():
    text = ("Harbour Radio reports on the storm. Harbour Radio said the port is closed.\n"
            "Follow Harbour Radio on social media. Go home.\nHarbour Radio Home\n"
            "Northwind Daily wrote first. Northwind Daily has the pictures.\nNorthwind Daily Terms\n"
            "Read the terms of use.")
    ids = _ids(text, [("Follow Harbour Radio", "ORG"), ("Harbour Radio Home", "ORG"), ("Harbour Radio", "ORG"),
                      ("Northwind Daily Terms", "MISC"), ("Northwind Daily", "ORG")], "en")
    assert "Follow Harbour Radio" not in ids and "Harbour Radio Home" not in ids
    assert ids["Harbour Radio"] == {"ORG:harbour-radio"}
    assert ids["Northwind Daily"] == {"ORG:northwind-daily"}


def test_longer_names_of_other_entities_keep_their_id():
    text = ("Ivo Brand spoke. Brand said more. Brand University opened a campus; the university is new.\n"
            "Oklahoma City lies in the plains. Oklahoma City grew. The Oklahoma City Thunder won; thunder rolled.")
    ids = _ids(text, [("Ivo Brand", "PER"), ("Brand University", "ORG"), ("Brand", "PER"),
                      ("Oklahoma City Thunder", "ORG"), ("Oklahoma City", "ORG")], "en")
    assert ids["Brand University"] != ids["Brand"]  # a person's name inside an organisation's
    assert ids["Oklahoma City Thunder"] != ids["Oklahoma City"]  # a team named after its city


def test_a_name_written_twice_with_another_word_is_a_name_of_its_own():
    text = ("Kaya Spor won again. Kaya Spor leads. Kaya Spor Beko lost its game. Kaya Spor Beko is the basketball side.")
    ids = _ids(text, [("Kaya Spor Beko", "ORG"), ("Kaya Spor", "ORG")], "tr")
    assert ids["Kaya Spor Beko"] != ids["Kaya Spor"]


def test_a_first_name_tagged_as_a_team_is_the_person_where_ner_also_types_it_a_person():
    text = ("Oskar Lindqvist scored twice. Lindqvist was happy.\nOskar leads the league again\n"
            "Asked about it, Oskar smiled.\nMarta Quell ran. Marta wins the race\n")
    ms = []
    for surface, type_, nth in (("Oskar Lindqvist", "PER", 0), ("Lindqvist", "PER", 1), ("Oskar", "ORG", 1),
                                ("Oskar", "PER", 2), ("Marta Quell", "PER", 0), ("Marta", "MISC", 1)):
        i = -1
        for _ in range(nth + 1):
            i = text.find(surface, i + 1)
        ms.append(Mention(i, i + len(surface), surface, type_))
    out, _ = canonicalise(text, sorted(ms, key=lambda m: m.start), "en")
    ids = [m.entity_id for m in out]
    assert len(set(ids[:4])) == 1  # "Oskar" typed a team joins Oskar Lindqvist: NER typed him "Oskar" too
    assert ids[5] != ids[4]  # a MISC word is a product or a title as often: "Marta" stays apart


def test_a_brand_sharing_a_first_name_is_not_the_person():
    # Our sentences: "Velora" the carmaker beside "Velora Haines" the adviser; NER never types the
    # lone word a person, so nothing says it is her.
    text = ("Velora Haines, a former adviser, spoke on the radio. Velora said its cars cost too much, the "
            "carmaker's chief said, as Velora cut prices.")
    ids = _ids(text, [("Velora Haines", "PER"), ("Velora", "ORG")], "en")
    assert ids["Velora"] == {"ORG:velora"}


def test_an_acronym_tagged_now_a_place_now_an_organisation_is_one_organisation():
    text = "TALLINN (NB) - The port reopened. Photo: NB\nRIGA (NB) - Ships wait. More NB reports follow."
    ms = []
    for i, t in ((text.find("(NB)") + 1, "LOC"), (text.find("Photo: NB") + 7, "LOC"),
                 (text.rfind("(NB)") + 1, "ORG"), (text.find("More NB") + 5, "ORG")):
        ms.append(Mention(i, i + 2, "NB", t))
    out, _ = canonicalise(text, ms, "en")
    assert {m.entity_id for m in out if m.text == "NB"} == {"ORG:nb"}


def test_a_japanese_name_is_cut_before_the_genitive_particle_ner_ran_across():
    from lagebild.enrich.mention_spans import japanese_genitive

    for text, name in (("カナダの首都", "カナダ"), ("イスラエルの北部", "イスラエル"), ("大阪", "大阪")):
        assert [m.text for m in japanese_genitive([Mention(0, len(text), text, "LOC")])] == [name]


def test_text_without_letter_case_gets_the_lower_floor():
    from lagebild.enrich.ner.floor import UNCASED_FLOOR, confident

    ms = [Mention(0, 3, "서울시", "LOC", confidence=UNCASED_FLOOR + 0.05),
          Mention(5, 8, "부산시", "LOC", confidence=UNCASED_FLOOR - 0.05)]
    assert [m.text for m in confident(ms, "ko", 0.9, ("de", "en"))] == ["서울시"]
    assert confident(ms, "fr", 0.9, ("de", "en")) == []  # cased text keeps the floor it is given


def test_a_common_word_ner_tagged_alone_is_no_name_to_cut_to():
    text = "News at ten. News again.\nTV News tonight: the news is short. The Agency said so. Agency staff left."
    ids = _ids(text, [("TV News", "ORG"), ("News", "ORG"), ("The Agency", "ORG"), ("Agency", "ORG")], "en")
    assert "TV News" in ids and "The Agency" in ids


def test_one_organisation_vote_does_not_make_a_misc_acronym_an_organisation():
    # Our sentences: a made-up disease acronym NER typed MISC three times and ORG once stays MISC;
    # the ORG vote turns only a "place" acronym (an agency's credit after a dateline) into an organisation.
    text = "QLV spread in the valley. QLV cases rose. Doctors said QLV was waning, and the QLV ward closed."
    ms, start = [], 0
    for t in ("MISC", "MISC", "MISC", "ORG"):
        i = text.find("QLV", start)
        ms.append(Mention(i, i + 3, "QLV", t))
        start = i + 1
    out, _ = canonicalise(text, ms, "en")
    assert {m.entity_id for m in out} == {"MISC:qlv"}


def test_an_organisation_name_is_not_cut_before_its_head_noun():
    # Our sentences: the head noun after the name is also written in lower case ("the trust"), yet
    # "Lindgate Trust" is an organisation of its own, not the company "Lindgate".
    text = ("Lindgate sold its mills. Lindgate said prices rose. The Lindgate Trust, a charity, gave a grant;"
            " the trust funds schools.")
    ids = _ids(text, [("Lindgate Trust", "ORG"), ("Lindgate", "ORG")], "en")
    assert ids["Lindgate Trust"] == {"ORG:lindgate-trust"} and ids["Lindgate"] == {"ORG:lindgate"}


def test_a_japanese_name_holding_the_genitive_particle_is_not_cut():
    # Our own made-up names: a party, a novel and a person span that hold "の" keep it; a place span
    # is cut only where the part before "の" is a place.
    from lagebild.enrich.mention_spans import japanese_genitive

    for text, type_ in (("緑風の会", "ORG"), ("日本のみらい", "ORG"), ("風の谷間", "MISC"), ("日本の首相", "PER"),
                        ("青空の丘", "LOC")):
        assert [(m.text, m.type) for m in japanese_genitive([Mention(0, len(text), text, type_)])] == [(text, type_)]
