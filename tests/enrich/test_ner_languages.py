"""An accurate checkpoint may carry heads of its own per language (``ner_ensemble.py --language en=E.pt``):
a sentence in that language is tagged by them, every other one by the default heads, from the same e5
vectors."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from lagebild.enrich.ner import accurate
from lagebild.enrich.ner.accurate import AccurateRecognizer, by_language, load_heads
from lagebild.enrich.ner.tagger import TAGS, Tagger
from lagebild.errors import ModelError


def _head(tag: str, layers=(1, 2)) -> dict:
    """A tiny head that calls every word ``tag``."""
    torch.manual_seed(0)
    tagger = Tagger(n_layers=len(layers), dim=8, hidden=4)
    state = tagger.state_dict()
    state["out.weight"] = torch.zeros_like(state["out.weight"])
    state["out.bias"] = torch.full_like(state["out.bias"], -5.0)
    state["out.bias"][TAGS.index(tag)] = 5.0
    return {"config": tagger.config, "layers": list(layers), "tags": TAGS, "state": state}


def _checkpoint() -> dict:
    """Default: every word a place; English: every word a person."""
    return {"heads": [_head("B-LOC")], "languages": {"en": _head("B-PER")}}


def _tags(ckpt: dict, sentences, languages):
    default, own = load_heads(ckpt, Path("test.pt"))
    feats = torch.randn(len(sentences), max(map(len, sentences)), 2, 8)
    lengths = torch.tensor([len(s) for s in sentences])
    rows = by_language(default, own, feats, sentences, lengths, languages, scored=False)
    return [[t for t, _ in row] for row in rows]


def test_a_sentence_takes_the_heads_of_its_language():
    sentences = [["Anna", "spoke"], ["Anna", "sprach", "heute"], ["Ana", "habló"], ["Anna"]]
    tags = _tags(_checkpoint(), sentences, ["en", "de", None, "en"])
    assert tags == [["B-PER", "B-PER"], ["B-LOC"] * 3, ["B-LOC"] * 2, ["B-PER"]]
    assert _tags(_checkpoint(), sentences[:2], ["en", "en"]) == [["B-PER"] * 2, ["B-PER"] * 3]
    assert _tags(_checkpoint(), sentences[:2], ["de", "fr"]) == [["B-LOC"] * 2, ["B-LOC"] * 3]


def test_heads_of_different_layers_are_refused():
    ckpt = _checkpoint()
    ckpt["languages"]["en"] = _head("B-PER", layers=(1, 3))
    with pytest.raises(ModelError, match="different e5 layers"):
        load_heads(ckpt, Path("test.pt"))


def _recognizer(tmp_path, monkeypatch, ckpt) -> AccurateRecognizer:
    path = tmp_path / "ner.pt"
    torch.save(ckpt, path)
    monkeypatch.setattr(accurate, "shared_encoder", lambda: None)
    monkeypatch.setattr(accurate, "word_features",
                        lambda encoder, sentences, layers: torch.zeros(len(sentences), max(map(len, sentences)), 2, 8))
    return AccurateRecognizer(path)


def test_recognize_many_routes_each_text_by_its_language(tmp_path, monkeypatch):
    from lagebild.enrich import ner

    recognizer = _recognizer(tmp_path, monkeypatch, _checkpoint())
    assert recognizer.by_language
    monkeypatch.setattr(ner, "get_recognizer", lambda mode: recognizer)
    texts = ["Anna spoke. Then she left.", "", "Anna sprach. Dann ging sie.", "Ana habló."]
    found = ner.recognize_many(texts, "test", True, ["en", None, "de", "es"])
    assert [{m.type for m in mentions} for mentions in found] == [{"PER"}, set(), {"LOC"}, {"LOC"}]
    # a caller that does not know the languages gets the default heads everywhere
    assert {m.type for m in ner.recognize_many(texts, "test", False)[0]} == {"LOC"}
    assert {m.type for m in ner.recognize(texts[0], "en", mode="test", confidence=False)} == {"PER"}


def test_a_checkpoint_without_language_heads_reads_no_languages(tmp_path, monkeypatch):
    recognizer = _recognizer(tmp_path, monkeypatch, _head("B-LOC"))
    assert not recognizer.by_language
    assert recognizer.tag([["Anna", "spoke"]], languages=["en"]) == [["B-LOC", "B-LOC"]]


def test_batch_enrichment_routes_each_article_as_single_enrichment_does(tmp_path, monkeypatch):
    """``enrich_many`` tags all articles in one NER call; each must still get its own language's heads."""
    from lagebild.enrich import enrich, enrich_many, ner
    from lagebild.model import Article
    from lagebild.settings import EnrichSettings

    recognizer = _recognizer(tmp_path, monkeypatch, _checkpoint())
    monkeypatch.setattr(ner, "get_recognizer", lambda mode: recognizer)
    texts = ["Anna spoke to the council on Monday. Then she left the city for the coast.",
             "Anna sprach am Montag vor dem Rat. Dann verließ sie die Stadt in Richtung Küste."]
    settings = EnrichSettings(ner="test", pipeline=("ner",))
    batch = enrich_many([Article(url=f"https://example.org/{i}", text=t) for i, t in enumerate(texts)], settings)
    single = [enrich(Article(url=f"https://example.org/{i}", text=t), settings) for i, t in enumerate(texts)]
    types = [[{m.type for m in a.mentions} for a in arts] for arts in (batch, single)]
    assert types[0] == types[1] == [{"PER"}, {"LOC"}]


def test_languages_must_be_one_per_text_and_regional_codes_find_their_head(tmp_path, monkeypatch):
    from lagebild.enrich import ner

    recognizer = _recognizer(tmp_path, monkeypatch, _checkpoint())
    monkeypatch.setattr(ner, "get_recognizer", lambda mode: recognizer)
    texts = ["Anna spoke. Then she left.", "Anna sprach. Dann ging sie."]
    with pytest.raises(ValueError, match="1 languages for 2 texts"):
        ner.recognize_many(texts, "test", False, ["en"])
    found = ner.recognize_many(texts, "test", False, ["en-GB", "DE_at"])
    assert [{m.type for m in mentions} for mentions in found] == [{"PER"}, {"LOC"}]
