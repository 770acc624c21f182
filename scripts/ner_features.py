"""Cache e5 word vectors of the NER sets (float16 .npy, one row per word).

    .venv/bin/python scripts/ner_features.py [--out /tmp/lagebild_ner] [--sets germeval_dev,wikiann_test] [--subword-layer 6]
        [--runtime int8]

For every set of ``ner_corpora.SETS`` (default: all) it writes ``<name>.txt`` (the sentences as
``token<TAB>tag``, tags already mapped to PER/ORG/LOC/MISC/O/X), ``<name>.npy`` ``[n_words, len(LAYERS), 384]``
and ``<name>.json`` (layers, sentence lengths). Sets already cached are skipped.
With ``--subword-layer L`` it also writes ``<name>.subL.npy`` ``[n_tokens, 384]``: the states after layer L of
every subword (with <s> and </s>, sentence after sentence), and ``<name>.subL.json`` (pieces per word): the input
of the e5 layers that ``train_ner.py --tune-layers`` fine-tunes.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch

from lagebild.models.e5 import E5Encoder
from lagebild.registry import registry
from lagebild.enrich.ner.features import LAYERS, word_vectors
from ner_corpora import SETS


def read_set(path: Path) -> list[tuple[list[str], list[str]]]:
    """Sentences of a cached ``<name>.txt`` with their tags as written (``X`` included)."""
    out, words, tags = [], [], []
    for line in [*path.read_text(encoding="utf-8").split("\n"), ""]:
        if not line:
            if words:
                out.append((words, tags))
            words, tags = [], []
            continue
        w, t = line.rsplit("\t", 1)
        words.append(w)
        tags.append(t)
    return out


def write_set(path: Path, sents) -> None:
    path.write_text(
        "".join("".join(f"{w}\t{t}\n" for w, t in zip(*s)) + "\n" for s in sents), encoding="utf-8"
    )


def set_path(name: str, cache: Path) -> Path:
    return cache / f"{name}.txt"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="/tmp/lagebild_ner")
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--layers", default=",".join(map(str, LAYERS)), help="e5 layers whose word vectors to cache")
    ap.add_argument("--subword-layer", type=int, default=0, help="also cache subword states after this layer")
    ap.add_argument("--runtime", default="bfloat16", choices=sorted(registry.runtimes.names()),
                    help="e5 runtime of the cached vectors (int8: the one `lagebild` runs by default)")
    args = ap.parse_args()
    torch.set_num_threads(1)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    layers = [int(x) for x in args.layers.split(",")]
    encoder = E5Encoder(n_layers=max(layers + [args.subword_layer]), runtime=args.runtime)
    names = args.sets.split(",")
    for name in names:
        txt = set_path(name, out)
        if not txt.exists():
            sents = [(w, t) for w, t in SETS[name]() if w]
            write_set(txt, sents)
        if (out / f"{name}.npy").exists():
            continue
        sents = read_set(txt)
        t0 = time.time()
        vecs = []
        for i in range(0, len(sents), 1000):
            vecs += word_vectors(encoder, [w for w, _ in sents[i : i + 1000]], layers)
        arr = np.concatenate(vecs).astype(np.float16)
        np.save(out / f"{name}.npy", arr)
        (out / f"{name}.json").write_text(json.dumps({"layers": layers, "lengths": [len(w) for w, _ in sents]}))
        print(f"{name}: {len(arr)} words in {time.time() - t0:.0f}s", flush=True)
    if args.subword_layer:
        for name in names:
            cache_subwords(encoder, set_path(name, out), out / name, args.subword_layer)


def cache_subwords(encoder: E5Encoder, path: Path, out: Path, layer: int, batch: int = 64) -> None:
    """Subword states after ``layer`` of every sentence in ``path`` (each sentence one e5 window)."""
    npy, meta = out.with_suffix(f".sub{layer}.npy"), out.with_suffix(f".sub{layer}.json")
    if npy.exists():
        return
    tok, t0 = encoder.tokenizer, time.time()
    pieces = [[tok.word(w) or (tok.unk,) for w in words] for words, _ in read_set(path)]
    seqs = [[tok.bos, *[t for p in ps for t in p], tok.eos] for ps in pieces]
    assert max(map(len, seqs)) <= encoder.cfg.max_pos, f"{path}: a sentence exceeds one e5 window"
    states = []
    for i in range(0, len(seqs), batch):
        chunk = seqs[i : i + batch]
        lengths = np.array([len(s) for s in chunk])
        ids = np.full((len(chunk), lengths.max()), tok.pad, dtype=np.int64)
        for r, s in enumerate(chunk):
            ids[r, : len(s)] = s
        hidden = encoder.forward(ids, lengths, keep=(layer,))[0].float().numpy()
        states += [hidden[r, :n] for r, n in enumerate(lengths)]
    np.save(npy, np.concatenate(states).astype(np.float16))
    meta.write_text(json.dumps({"layer": layer, "pieces": [[len(p) for p in ps] for ps in pieces]}))
    print(f"{out.name}: {sum(map(len, seqs))} subwords after layer {layer} in {time.time() - t0:.0f}s", flush=True)


if __name__ == "__main__":
    main()
