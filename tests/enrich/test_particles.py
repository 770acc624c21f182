"""Korean particles come off a name where the text or the gazetteer knows the bare name."""

from lagebild.enrich.particles import bare, particle_after, strip_particles
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
