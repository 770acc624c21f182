import logging

from hypothesis import HealthCheck, given, settings, strategies as st

import lagebild.enrich as enrich_mod
from lagebild.enrich import PIPELINE, enrich, guess_language
from lagebild.registry import registry
from lagebild.errors import ModelError
from lagebild.model import Article, Mention
from lagebild.settings import EnrichSettings

REGISTRY = registry.components  # the enrich components' registry table

TEXT = ("Die Bürgermeisterin Petra Saalfeld traf den Präsidenten der Freien Wählergemeinschaft Nordheide. "
        "Saalfeld sagte: „Wir bauen die Brücke bis zum Herbst neu.“ Die türkische Firma liefert den Stahl aus Istanbul.")


def _article(text=TEXT, spec=(("Petra Saalfeld", "PER"), ("Saalfeld", "PER"), ("Istanbul", "LOC"),
                              ("Freien Wählergemeinschaft Nordheide", "ORG"))):
    ms = []
    for surface, type_ in spec:
        start = text.find(surface)
        while start != -1:
            if not any(start < m.end and start + len(surface) > m.start for m in ms):
                ms.append(Mention(start, start + len(surface), surface, type_))
            start = text.find(surface, start + 1)
    return Article(title="Neue Brücke", text=text, language="de", mentions=ms)


def test_components_are_registered_with_what_they_assign():
    assert set(PIPELINE) <= set(REGISTRY)
    assert REGISTRY["quotes"].assigns == ("quotes",)
    assert "entities" in REGISTRY["entities"].assigns


def test_enrich_with_hand_made_mentions_fills_every_field():
    a = enrich(_article(), EnrichSettings(ner="off"))
    ids = {e.id for e in a.entities}
    assert {"PER:petra-saalfeld", "LOC:TR"} <= ids
    assert any(e.country == "TR" and e.id.startswith("LOC:city:") for e in a.entities)  # Istanbul
    assert all(m.entity_id for m in a.mentions)
    (q,) = a.quotes
    assert q.speaker_entity_id == "PER:petra-saalfeld" and q.kind == "direct"
    assert a.topics and "Brücke" in a.topics


def test_events_subject_verb_object():
    text = "Die Türkei und Russland wollen in Syrien gemeinsam gegen die Miliz Hamas kämpfen."
    a = enrich(_article(text, (("Türkei", "LOC"), ("Russland", "LOC"), ("Syrien", "LOC"), ("Miliz Hamas", "ORG"))),
               EnrichSettings(ner="off"))
    got = {(e.subject_id, e.verb, e.object_id) for e in a.events}
    assert got == {("LOC:TR", "kämpfen", "ORG:hamas"), ("LOC:RU", "kämpfen", "ORG:hamas")}


def test_missing_ner_model_degrades_to_gazetteer_only(monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise ModelError("weights missing")

    monkeypatch.setattr(enrich_mod, "_recognizer", lambda: broken)
    monkeypatch.setattr(enrich_mod, "_ner_warned", False)
    with caplog.at_level(logging.WARNING):
        a = enrich(Article(text="Die Türkei und Russland verhandeln.", language="de"))
        enrich(Article(text="Die Türkei verhandelt.", language="de"))
    assert {e.id for e in a.entities} == {"LOC:TR", "LOC:RU"}
    assert sum("NER unavailable" in r.message for r in caplog.records) == 1


def test_a_failing_component_is_logged_and_skipped(monkeypatch, caplog):
    comp = REGISTRY["topics"]

    def boom(article, ctx):
        raise RuntimeError("bug")

    monkeypatch.setitem(REGISTRY, "topics", type(comp)("topics", boom, comp.assigns))
    with caplog.at_level(logging.WARNING):
        a = enrich(_article(), EnrichSettings(ner="off"))
    assert a.quotes and "topics" in caplog.text


def test_guess_language():
    assert guess_language(Article(text="The minister said that the plan was dead.")) == "en"
    assert guess_language(Article(text="Die Ministerin sagte, der Plan sei nicht tot.")) == "de"
    assert guess_language(Article(text="", language="en-GB")) == "en"
    # no language given: the detector's reading, not German or English by default (our own sentences)
    assert guess_language(Article(text="Minister powiedział w środę, że rząd przedstawi nowy plan budżetu.")) == "pl"
    assert guess_language(Article(text="Il ministro ha detto mercoledì che il governo presenterà un nuovo piano.")) == "it"


_pieces = st.sampled_from(list("„“”\"»«‚‘’ abcXYZäöü.,:;!?-–\n") + ["sagte", "Er", " er ", "seien", "Cavusoglu", "Türkei"])
_quoteish = st.lists(_pieces, max_size=80).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(st.text(max_size=300), _quoteish), cut=st.integers(0, 20))
def test_enrich_never_raises(text, cut):
    ms = [Mention(0, min(cut, len(text)), text[:cut], "PER")] if text and 0 < cut <= len(text) else []
    ms.append(Mention(5, 3, "bad", "ORG"))  # offsets out of order must be dropped, not crash
    failures = []
    handler = logging.Handler()
    handler.emit = failures.append
    logger = logging.getLogger("lagebild.enrich")
    logger.addHandler(handler)
    try:
        a = enrich(Article(text=text, mentions=ms), EnrichSettings(ner="off"))
    finally:
        logger.removeHandler(handler)
    assert not failures, failures[0].getMessage()  # no component needed its safety net
    for q in a.quotes:
        assert 0 <= q.start <= q.end <= len(text)
    for m in a.mentions:
        assert 0 <= m.start < m.end <= len(text)


def test_events_in_an_english_that_clause():
    text = "The minister said on Thursday that Turkey and Russia would fight the Hamas militia together."
    a = _article(text, (("Turkey", "LOC"), ("Russia", "LOC"), ("Hamas militia", "ORG")))
    a.language = "en"
    got = {(e.subject_id, e.verb, e.object_id) for e in enrich(a, EnrichSettings(ner="off")).events}
    assert got == {("LOC:TR", "fight", "ORG:hamas"), ("LOC:RU", "fight", "ORG:hamas")}
