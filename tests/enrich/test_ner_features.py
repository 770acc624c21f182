"""NER's word vectors: the tagger's padded input holds exactly what word_vectors gives, and running the
encoder's groups one by one gives what one call over the whole batch gives (int8 scales are per call)."""

from __future__ import annotations

import numpy as np
import torch

from lagebild.enrich.ner import features
from lagebild.models.e5 import shared_encoder

# own sentences, of many lengths (one far past a 510-piece window), so a batch splits into groups
SENTENCES = [["Heute", "regnet", "es", "in", "Leipzig", "."],
             ["Die", "Ministerin", "Anna", "Berger", "besuchte", "am", "Montag", "das", "Hafenamt", "."],
             ["Ok"], [], ["The", "committee", "met", "again", "on", "Friday", "."] * 9,
             ["Ein", "sehr", "langer", "Satz", "ohne", "Ende"] * 110,
             ["Zwei", "Wörter"], ["Kurz", "und", "bündig", "gesagt", "."] * 4]


def test_features_are_the_word_vectors_padded():
    encoder = shared_encoder()
    vecs = features.word_vectors(encoder, SENTENCES)
    feats = features.word_features(encoder, SENTENCES)
    assert feats.shape[:2] == (len(SENTENCES), max(map(len, SENTENCES)))
    for row, vec in zip(feats, vecs):
        assert torch.equal(row[: len(vec)], torch.from_numpy(vec))
        assert not row[len(vec):].any()


def test_groups_run_one_by_one_equal_one_call_over_the_batch(monkeypatch):
    encoder = shared_encoder()
    monkeypatch.setattr(encoder, "batch_tokens", 256)  # several groups from these sentences
    alone = features.word_features(encoder, SENTENCES)
    # one group per caller batch here: the encoder then forms the same groups inside forward()
    monkeypatch.setattr(features, "groups", lambda lengths, budget: [np.arange(len(lengths))])
    together = features.word_features(encoder, SENTENCES)
    assert torch.equal(alone, together)
