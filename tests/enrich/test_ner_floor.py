"""Mention confidence (CRF marginals) and the confidence floor for languages NER was not trained on.

The four pages are our own writing, shaped like the foreign-language pages where the German head
guessed: menu lines of capitalised words, all-capitals buttons, headline fragments."""

from __future__ import annotations

import itertools

import pytest
import torch

from lagebild.enrich import enrich, ner
from lagebild.enrich.ner import confident
from lagebild.enrich.ner.crf import marginals
from lagebild.model import Article, Mention
from lagebild.settings import EnrichSettings

PAGES = {
    "fr": ("À La Une Politique Économie Sport Culture\nLe ministre Paul Garnier a visité Marseille. "
           "Alors, Garnier a parlé aux pêcheurs.",
           {("Paul Garnier", "PER"), ("Marseille", "LOC"), ("Garnier", "PER")}),
    "pl": ("Czytaj Także Najnowsze Wiadomości Sport Pogoda\nBurmistrz Anna Wiśniewska otworzyła most w Gdańsku. "
           "Biją brawo mieszkańcy.",
           {("Anna Wiśniewska", "PER"), ("Gdańsku", "LOC")}),
    "tr": ("Son Dakika Haber Gündem Ekonomi Spor\nABONE OL\nVali Mehmet Demir dün Bursa'da açıklama yaptı. "
           "Yargı Paketi Meclis'te görüşülecek.",
           {("Mehmet Demir", "PER"), ("Bursa", "LOC")}),
    "es": ("Qué puedo ver Deportes Mundo Tecno Perros y Gatos Fotos Cultura\nEl ministro Carlos Ruiz visitó "
           "Valencia. Entonces Ruiz habló con los vecinos.",
           {("Carlos Ruiz", "PER"), ("Valencia", "LOC"), ("Ruiz", "PER")}),
}
FLOOR = EnrichSettings().ner_floor


def test_marginals_equal_brute_force_sums_over_all_paths():
    torch.manual_seed(3)
    em, trans, start = torch.randn(2, 4, 3), torch.randn(3, 3), torch.randn(3)
    mask = torch.tensor([[1, 1, 1, 1], [1, 1, 1, 0]]).bool()
    got = marginals(em, trans, start, mask)
    for b in range(2):
        n = int(mask[b].sum())
        probs, z = torch.zeros(n, 3), 0.0
        for path in itertools.product(range(3), repeat=n):
            s = start[path[0]] + em[b, 0, path[0]]
            s = s + sum(trans[path[i - 1], path[i]] + em[b, i, path[i]] for i in range(1, n))
            w = float(torch.exp(s))
            z += w
            for i, k in enumerate(path):
                probs[i, k] += w
        assert torch.allclose(probs / z, got[b, :n], atol=1e-5)


def test_floor_keeps_everything_in_trained_or_unknown_languages():
    ms = [Mention(0, 3, "Abc", "PER", confidence=0.2), Mention(4, 7, "Def", "ORG", confidence=None)]
    trained = EnrichSettings().ner_languages
    assert all(confident(ms, lang, 0.9, trained) == ms for lang in ("de", "en", None))
    assert confident(ms, "fr", 0.1, trained) == [ms[0]]  # no confidence counts as below the floor
    assert confident(ms, "fr", 0.9, trained) == []


@pytest.mark.parametrize("mode", ["accurate", "fast"])
def test_every_mention_carries_a_confidence(mode):
    mentions = ner.recognize("Angela Merkel traf in Paris den Chef von Siemens.", "de", mode=mode)
    assert mentions and all(m.confidence is not None and 0.0 < m.confidence <= 1.0 for m in mentions)


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_floor_drops_the_guesses_and_keeps_the_names(lang):
    text, expected = PAGES[lang]
    raw = {(m.text, m.type) for m in ner.recognize(text, lang)}
    assert expected <= raw
    kept = {(m.text, m.type) for m in confident(ner.recognize(text, lang), lang, FLOOR, EnrichSettings().ner_languages)}
    assert kept == expected, f"{lang}: kept {kept - expected} beyond the names"


def test_enrich_applies_the_floor_by_the_article_language():
    text, expected = PAGES["tr"]
    article = enrich(Article(title="Haber", text=text, language="tr"), EnrichSettings(pipeline=("ner",)))
    assert {(m.text, m.type) for m in article.mentions} == expected
    german = "Der Gouverneur Mehmet Demir besuchte gestern Bursa. ABONE OL"
    article = enrich(Article(title="Besuch", text=german, language="de"), EnrichSettings(pipeline=("ner",)))
    assert {(m.text, m.type) for m in article.mentions} == {(m.text, m.type) for m in ner.recognize(german, "de")}


def test_confidences_are_computed_only_where_the_floor_reads_them(monkeypatch):
    """Tags alone need no forward-backward pass: recognize without ``confidence`` gives the same
    mentions with none, and enrich asks for them only for a language that gets the floor."""
    from lagebild.enrich.ner import accurate

    text = "Bundeskanzler Olaf Scholz besuchte am Montag Paris und traf Emmanuel Macron."
    with_conf = ner.recognize(text, "de", "fast")
    without = ner.recognize(text, "de", "fast", confidence=False)
    assert [(m.start, m.end, m.type) for m in with_conf] == [(m.start, m.end, m.type) for m in without]
    assert with_conf and all(m.confidence is not None for m in with_conf)
    assert all(m.confidence is None for m in without)
    calls = []
    real = accurate.marginals
    monkeypatch.setattr(accurate, "marginals", lambda *a: calls.append(1) or real(*a))
    enrich(Article(text=text, language="de"), EnrichSettings(ner="fast"))
    assert not calls  # German: no floor, no marginals
    enrich(Article(text=PAGES["fr"][0], language="fr"), EnrichSettings(ner="fast"))
    assert calls
