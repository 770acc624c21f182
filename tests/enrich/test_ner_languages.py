"""An accurate checkpoint may carry an output layer of its own per language (``train_ner.py --language
en=conll``): a sentence in that language is decoded with it, every other one with the default layer, and
the BiLSTM under them is the same."""

from __future__ import annotations

from pathlib import Path

import torch

from lagebild.enrich.ner.accurate import Head, predict_scored
from lagebild.enrich.ner.tagger import TAGS, Tagger

B_PER, B_LOC = TAGS.index("B-PER"), TAGS.index("B-LOC")


def _checkpoint() -> dict:
    """A tiny head whose default layer calls every word a place and whose English layer a person."""
    torch.manual_seed(0)
    tagger = Tagger(n_layers=2, dim=8, hidden=4)
    state = tagger.state_dict()
    state["out.weight"] = torch.zeros_like(state["out.weight"])
    state["out.bias"] = torch.full_like(state["out.bias"], -5.0)
    english = {"out.weight": state["out.weight"].clone(), "out.bias": state["out.bias"].clone(),
               **{k: v.clone() for k, v in state.items() if k.startswith("crf.")}}
    state["out.bias"][B_LOC] = 5.0
    english["out.bias"][B_PER] = 5.0
    return {"config": tagger.config, "layers": [1, 2], "tags": TAGS, "state": state, "languages": {"en": english}}


def _tags(head: Head, sentences, languages):
    feats = torch.randn(len(sentences), max(map(len, sentences)), 2, 8)
    lengths = torch.tensor([len(s) for s in sentences])
    return [[t for t, _ in row] for row in predict_scored([head], feats, sentences, lengths, False, languages)]


def test_a_sentence_takes_the_output_layer_of_its_language():
    head = Head(_checkpoint(), Path("test.pt"))
    assert set(head.languages) == {"en"}
    sentences = [["Anna", "spoke"], ["Anna", "sprach", "heute"], ["Ana", "habló"], ["Anna"]]
    tags = _tags(head, sentences, ["en", "de", None, "en"])
    assert tags == [["B-PER", "B-PER"], ["B-LOC"] * 3, ["B-LOC"] * 2, ["B-PER"]]
    # no languages: every sentence takes the default layer, as a checkpoint without language layers does
    assert _tags(head, sentences, None) == [["B-LOC"] * len(s) for s in sentences]


def test_a_checkpoint_without_language_layers_ignores_the_languages():
    ckpt = _checkpoint()
    del ckpt["languages"]
    head = Head(ckpt, Path("test.pt"))
    assert head.languages == {}
    assert _tags(head, [["Anna", "spoke"]], ["en"]) == [["B-LOC", "B-LOC"]]


def test_the_language_layer_is_decoded_with_its_own_transitions():
    ckpt = _checkpoint()
    # the English CRF forbids nothing new but makes B-PER → B-PER very costly: the second word turns I-PER
    ckpt["languages"]["en"]["crf.trans"][B_PER, B_PER] = -50.0
    ckpt["languages"]["en"]["out.bias"][TAGS.index("I-PER")] = 4.0
    head = Head(ckpt, Path("test.pt"))
    assert _tags(head, [["Anna", "Schmidt"]], ["en"]) == [["B-PER", "I-PER"]]
    assert _tags(head, [["Anna", "Schmidt"]], ["de"]) == [["B-LOC", "B-LOC"]]


def test_recognize_many_routes_each_text_by_its_language(monkeypatch):
    from lagebild.enrich import ner
    from lagebild.enrich.ner import accurate

    recognizer = accurate.AccurateRecognizer.__new__(accurate.AccurateRecognizer)
    recognizer.heads = [Head(_checkpoint(), Path("test.pt"))]
    recognizer.by_language, recognizer.layers, recognizer.encoder = True, (1, 2), None
    monkeypatch.setattr(accurate, "word_features",
                        lambda encoder, sentences, layers: torch.zeros(len(sentences), max(map(len, sentences)), 2, 8))
    monkeypatch.setattr(ner, "get_recognizer", lambda mode: recognizer)
    texts = ["Anna spoke. Then she left.", "", "Anna sprach. Dann ging sie.", "Ana habló."]
    found = ner.recognize_many(texts, "test", False, ["en", None, "de", "es"])
    kinds = [{m.type for m in mentions} for mentions in found]
    assert kinds == [{"PER"}, set(), {"LOC"}, {"LOC"}]
    # without languages (a caller that does not know them) every text takes the default layer
    assert [{m.type for m in mentions} for mentions in ner.recognize_many(texts, "test", False)][0] == {"LOC"}
    assert {m.type for m in ner.recognize(texts[0], "en", mode="test", confidence=False)} == {"PER"}
