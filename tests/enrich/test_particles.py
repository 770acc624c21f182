"""Korean particles come off a name where the text or the gazetteer knows the bare name."""

from lagebild.enrich.particles import bare, particle_after, strip_case_endings, strip_particles
from lagebild.model import Mention


def test_bare_names_and_particles():
    assert bare("서울시의") == "서울시" and bare("박민수로") == "박민수" and bare("가") is None
    text = "서울을 떠났다. 서울산 배"
    assert particle_after(text, 2) and not particle_after(text, text.index("산"))


def test_a_particle_comes_off_only_with_evidence():
    text = "박민수로 알려졌다. 박민수 의원. 동해시의 항구. 남쪽나라의 꿈"
    ms = [Mention(0, 4, "박민수로", "PER"), Mention(text.index("동해시의"), text.index("동해시의") + 4, "동해시의", "LOC"),
          Mention(text.index("남쪽나라의"), text.index("남쪽나라의") + 5, "남쪽나라의", "LOC")]
    got = [m.text for m in strip_particles(text, ms, known=lambda name: name == "동해시")]
    assert got == ["박민수", "동해시", "남쪽나라의"]  # stands alone elsewhere; a known place; no evidence


def test_a_case_particle_of_two_syllables_comes_off_without_evidence():
    text = "해안도시에서 열렸다. 제주도 관광. 남쪽나라의 꿈"
    ms = [Mention(0, 6, "해안도시에서", "LOC"), Mention(text.index("제주도"), text.index("제주도") + 3, "제주도", "LOC"),
          Mention(text.index("남쪽나라의"), text.index("남쪽나라의") + 5, "남쪽나라의", "LOC")]
    got = [m.text for m in strip_particles(text, ms)]
    assert got == ["해안도시", "제주도", "남쪽나라의"]  # "-에서" always; "-도", "-의" end names too: evidence needed


def test_finnish_bare_forms():
    from lagebild.enrich.particles import fi_bare

    assert fi_bare("Venäjän") == ["Venäjä"] and "Putin" in fi_bare("Putinin") and "Trump" in fi_bare("Trumpille")
    assert "Berliini" in fi_bare("Berliinissä") and fi_bare("Kiinassa") == ["Kiina"]
    assert fi_bare("Marina") == [] and fi_bare("helsingissä") == [] and fi_bare("Oslo") == []


def test_a_finnish_case_ending_comes_off_only_with_evidence():
    text = ("Pääministeri Aino Karhunen vieraili Tampereella. Karhusen mukaan päätös tehdään pian. "
            "Aino Karhusen puheen jälkeen Venäjän lähettiläs poistui. Milan voitti. Jordan jäi kotiin.")
    spans = ["Aino Karhunen", "Aino Karhusen", "Venäjän", "Milan", "Jordan"]
    ms = [Mention(text.index(w), text.index(w) + len(w), w, "PER") for w in spans]
    places = {"Venäjä", "Milan", "Mila"}
    got = [m.text for m in strip_case_endings(text, ms, known=lambda name: name in places, language="fi")]
    # "Karhusen" is the genitive of "Karhunen" with a stem change the rule does not undo: kept as it is;
    # a known place loses its ending; a name that is itself a known place keeps it; no evidence: kept
    assert got == ["Aino Karhunen", "Aino Karhusen", "Venäjä", "Milan", "Jordan"]
    assert [m.text for m in strip_case_endings(text, ms, lambda name: name in places, "et")] == spans  # not Finnish


def test_a_finnish_loan_name_loses_its_linking_vowel_and_ending():
    text = "Presidentti Joe Biden sanoi. Bidenin mukaan ja Joe Bidenille kerrottiin. Bidenia ei nähty."
    ms = [Mention(text.index(w), text.index(w) + len(w), w, "PER") for w in ("Joe Biden", "Bidenin", "Joe Bidenille")]
    got = [(m.text, text[m.start:m.end]) for m in strip_case_endings(text, ms, language="fi")]
    assert got == [("Joe Biden", "Joe Biden"), ("Biden", "Biden"), ("Joe Biden", "Joe Biden")]
