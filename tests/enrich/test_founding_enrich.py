"""Acceptance: the founding example, enriched.

The article comes from ``lagebild.extract`` when the extractor gives back the two body
paragraphs, else from those paragraphs found in the file by their first words. The NER test skips
when the model is absent; the canonicalisation/quote test uses hand-made mentions and always runs.
"""

from __future__ import annotations

import pytest

from lagebild.enrich import enrich
from lagebild.errors import LagebildError, ModelError
from lagebild.model import Article, Mention
from lagebild.settings import EnrichSettings
from lagebild.textnorm import fold

OPENINGS = ("Die Türkei und Russland wollen", "Cavusoglu hob hervor")


def _article(path) -> Article:
    try:
        import lagebild

        article = lagebild.extract_article(str(path))
        if all(o in article.text for o in OPENINGS):
            article.mentions, article.entities, article.quotes = [], [], []
            return article
    except (LagebildError, Exception):  # noqa: BLE001 - the extractor may be mid-development
        pass
    lines = path.read_text(encoding="utf-8").splitlines()
    paras = [next(line.strip() for line in lines if line.startswith(o)) for o in OPENINGS]
    return Article(title="Geheimdienste aus Türkei und Russland kooperieren gegen ISIS", text="\n\n".join(paras),
                   body=paras, language="de")


def _by_name(article, surface):
    ids = {m.entity_id for m in article.mentions if m.text == surface}
    assert ids, f"no mention {surface!r}"
    return ids


def _check(article: Article) -> None:
    ents = {e.id: e for e in article.entities}
    (cav,) = [e for e in article.entities if e.type == "PER" and "cavusoglu" in fold(e.name)]
    assert cav.id == "PER:mevlut-cavusoglu"
    assert fold("Çavuşoğlu") in {fold(a) for a in cav.aliases}
    assert _by_name(article, "Cavusoglu") == {cav.id}
    isis = {m.entity_id for m in article.mentions if m.text in ("ISIS", "Terror-Miliz ISIS", "IS-Miliz")
            or m.text.endswith("ISIS") or m.text.startswith("IS-")}
    assert isis == {"ORG:isis"}
    assert _by_name(article, "IS-Miliz") == {"ORG:isis"}
    assert {m.entity_id for m in article.mentions if "ISIS" in m.text} == {"ORG:isis"}
    assert any(e.type == "ORG" and e.name == "NTV" for e in article.entities)
    assert ents["LOC:TR"].country == "TR" and ents["LOC:RU"].country == "RU" and ents["LOC:SY"].country == "SY"
    army, intelligence = ents["ORG:TR:army"], ents["ORG:TR:intelligence"]  # the issue asks for these
    assert army.type == intelligence.type == "ORG" and army.country == intelligence.country == "TR"
    assert army.name == "Türkische Armee" and intelligence.name == "Türkischer Geheimdienst"
    assert "Turkish Armed Forces" in army.aliases
    assert _by_name(article, "türkischen Armee") == {army.id}
    assert _by_name(article, "türkischen Geheimdienstes") == {intelligence.id}
    moscow = [e for e in article.entities if e.id.startswith("LOC:city:") and "Moskau" in e.aliases]
    assert moscow and moscow[0].country == "RU"
    quotes = {q.text: q for q in article.quotes if q.kind == "direct"}
    assert quotes["über alle Details"].speaker_entity_id == cav.id
    assert quotes["Der Vorschlag ist immer noch auf dem Tisch."].speaker_entity_id == cav.id


def test_founding_example_with_hand_made_mentions(founding_example):
    article = _article(founding_example)
    text = article.text
    spec = [("Mevlüt Cavusoglu", "PER"), ("Cavusoglu", "PER"), ("Terror-Miliz ISIS", "ORG"), ("IS-Miliz", "ORG"),
            ("NTV", "ORG"), ("Türkei", "LOC"), ("Russland", "LOC"), ("Syrien", "LOC"), ("Moskau", "LOC")]
    ms: list[Mention] = []
    for surface, type_ in spec:
        start = text.find(surface)
        while start != -1:
            if not any(start < m.end and start + len(surface) > m.start for m in ms):
                ms.append(Mention(start, start + len(surface), surface, type_))
            start = text.find(surface, start + 1)
    article.mentions = ms
    _check(enrich(article, EnrichSettings(ner="off")))


@pytest.mark.slow
def test_founding_example_with_ner(founding_example):
    try:
        from lagebild.enrich.ner import recognize

        recognize("Probe.", language="de")
    except (ImportError, ModelError) as exc:
        pytest.skip(f"NER model absent: {exc}")
    _check(enrich(_article(founding_example)))
