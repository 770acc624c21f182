"""The fast tagger at run time: sentences packed end to end through the convolutions give what the
padded batch (the training path) gives, and a word's cached projection does not depend on the words
it was computed with."""

from __future__ import annotations

import pytest
import torch

from lagebild.enrich import ner
from lagebild.enrich.ner import fast
from lagebild.enrich.ner.tagger import word_categories


@pytest.fixture(scope="module")
def recognizer():
    return ner.get_recognizer("fast")


def _padded(recognizer, sentences):
    """The padded batch ``(feats [B, T, H], cats [B, T, 2], lengths, mask)`` the tagger's ``emissions`` read."""
    lengths = torch.tensor([len(s) for s in sentences])
    feats = torch.zeros(len(sentences), int(lengths.max()), recognizer.vectors.dim)
    cats = torch.zeros(len(sentences), int(lengths.max()), 2, dtype=torch.long)
    vecs = torch.from_numpy(recognizer.vectors([w for s in sentences for w in s]))
    pos = 0
    for r, (s, c) in enumerate(zip(sentences, word_categories(sentences, recognizer.gazetteer))):
        feats[r, : len(s)] = vecs[pos : pos + len(s)]
        cats[r, : len(s)] = torch.tensor(c, dtype=torch.long).view(-1, 2)
        pos += len(s)
    mask = torch.arange(feats.shape[1])[None] < lengths[:, None]
    return feats, cats, lengths, mask


@pytest.mark.parametrize("dtype", [torch.float32, torch.bfloat16])
def test_packed_emissions_equal_the_padded_ones(recognizer, dtype):
    model = fast.FastTagger(**recognizer.model.config)
    model.load_state_dict(recognizer.model.state_dict())
    model.eval()
    model.conv1.to(dtype)
    model.conv2.to(dtype)
    sentences = [
        "Die Kanzlerin Ida Brandt reiste am Montag nach Wien .".split(),
        ["Nein", "."],
        ["Oslo"],
        "Der Vorstand der Nordwerk AG in Kiel bestätigte , dass Tom Berger geht .".split(),
        "Mara Lind said the Harbour Council of Dunmore would meet on Friday in Leeds".split(),
    ]
    feats, cats, lengths, mask = _padded(recognizer, sentences)
    with torch.inference_mode():
        padded = model.emissions(feats, cats, lengths)[mask]
        packed = model.packed_emissions(model.project(feats[mask]), cats[mask], lengths.tolist())
    assert packed.shape == padded.shape
    # only the matrix products' summation order differs (bfloat16 convolutions: a looser bound)
    assert torch.allclose(packed, padded, atol=1e-4 if dtype == torch.float32 else 5e-2)
    assert (packed.argmax(-1) == padded.argmax(-1)).all()


def test_a_sentence_alone_or_among_others_gets_the_same_tags(recognizer):
    one = "Die Kanzlerin Ida Brandt reiste am Montag nach Wien .".split()
    others = [["Kurz", "."], "Mara Lind said the Harbour Council of Dunmore would meet in Leeds".split()]
    alone = recognizer.tag_scored([one])[0]
    among = recognizer.tag_scored([others[0], one, others[1]])[1]
    assert [t for t, _ in alone] == [t for t, _ in among]
    assert [round(p, 4) for _, p in alone] == [round(p, 4) for _, p in among]


def test_a_cached_projection_does_not_depend_on_its_company(recognizer, monkeypatch):
    words = ["Ida", "Brandt", "Wien", "reiste", "Nordwerk", "Kiel", "Dunmore", "Harbour", "said", "."]
    monkeypatch.setattr(recognizer, "_projected", {})
    one_by_one = torch.cat([recognizer.projected([w]) for w in words])
    monkeypatch.setattr(recognizer, "_projected", {})
    together = recognizer.projected(words)
    with torch.inference_mode():
        many = words * 4  # >= 16 rows: the kernel every projection takes
        direct = recognizer.model.project(torch.from_numpy(recognizer.vectors(many)))[: len(words)]
    assert torch.equal(one_by_one, together)  # bit for bit, whatever was projected alongside
    assert torch.equal(together, direct)
