"""Cache e5 word vectors of the NER training/dev sets (float16 .npy, one row per word).

    .venv/bin/python scripts/ner_features.py [--out /tmp/lagebild_ner] [--subword-layer 6]

Writes ``<name>.npy`` ``[n_words, len(LAYERS), 384]`` and ``<name>.json`` (sentence lengths) per set.
With ``--subword-layer L`` it also writes ``<name>.subL.npy`` ``[n_tokens, 384]``: the states after
layer L of every subword (with <s> and </s>, sentence after sentence), and ``<name>.subL.json`` (pieces
per word): the input of the e5 layers that ``train_ner.py --tune-layers`` fine-tunes.
With ``--ler N`` it also writes ``german_ler.txt`` (the N German LER train sentences with most entities, its
classes mapped to PER/LOC/ORG, see ``LER_TYPES``) and caches it as the set ``german_ler`` (``train_ner.py --extra``).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch

from lagebild.enrich.ner.conll import read_conll
from lagebild.models.e5 import E5Encoder
from lagebild.enrich.ner.features import LAYERS, word_vectors

DATA = Path(__file__).resolve().parents[2] / "shared/benchmarks/ner"
SETS = {
    "germeval_dev": DATA / "germeval2014/conll_4class/dev.txt",
    "germeval_test": DATA / "germeval2014/conll_4class/test.txt",
    "conll_dev": DATA / "conll2003_en/conll/dev.txt",
    "conll_train": DATA / "conll2003_en/conll/train.txt",
}
# German LER (legal German, CC BY 4.0): fine classes mapped to ours; laws, norms, contracts, decisions, literature → O
LER = DATA / "german_ler/conll/train.txt"
LER_TYPES = {
    "PER": "PER", "RR": "PER", "AN": "PER",  # persons, judges, lawyers
    "LD": "LOC", "ST": "LOC", "STR": "LOC", "LDS": "LOC",  # countries, cities, streets, landscapes
    # organisations, companies, institutions, courts, brands
    "ORG": "ORG", "UN": "ORG", "INN": "ORG", "GRT": "ORG", "MRK": "ORG",
}


def ler_sentences(n: int, path: Path = LER, max_words: int = 80) -> list[tuple[list[str], list[str]]]:
    """The ``n`` German LER sentences (of at most ``max_words``) with the most PER/LOC/ORG entities, in file order."""
    sents, words, tags = [], [], []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        cols = line.split()
        if len(cols) < 2:
            if words:
                sents.append((words, tags))
            words, tags = [], []
            continue
        prefix, _, kind = cols[-1].partition("-")
        words.append(cols[0])
        tags.append(f"{prefix}-{LER_TYPES[kind]}" if kind in LER_TYPES else "O")
    sents = [s for s in sents if len(s[0]) <= max_words]
    count = [sum(t.startswith("B-") for t in tg) for _, tg in sents]
    keep = sorted(sorted(range(len(sents)), key=lambda i: -count[i])[:n])
    return [sents[i] for i in keep]


def set_path(name: str, cache: Path) -> Path:
    """The CoNLL file of a set: the shared benchmark file, or one written to the cache (``german_ler``, silver)."""
    return SETS[name] if name in SETS else cache / f"{name}.txt"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="/tmp/lagebild_ner")
    ap.add_argument("--data", default=str(DATA))
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--layers", default=",".join(map(str, LAYERS)), help="e5 layers whose word vectors to cache")
    ap.add_argument("--subword-layer", type=int, default=0, help="also cache subword states after this layer")
    ap.add_argument("--ler", type=int, default=0, help="also cache the N German LER sentences with most entities")
    args = ap.parse_args()
    torch.set_num_threads(1)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    layers = [int(x) for x in args.layers.split(",")]
    encoder = E5Encoder(n_layers=max(layers + [args.subword_layer]), dtype=torch.bfloat16)
    names = args.sets.split(",")
    if args.ler and not (out / "german_ler.txt").exists():
        ler = ler_sentences(args.ler, Path(args.data) / LER.relative_to(DATA))
        (out / "german_ler.txt").write_text("".join(
            "".join(f"{w}\t{t}\n" for w, t in zip(*s)) + "\n" for s in ler), encoding="utf-8")
    if args.ler:
        names.append("german_ler")
    for name in names:
        if (out / f"{name}.npy").exists():
            continue
        path = set_path(name, out) if name == "german_ler" else Path(args.data) / SETS[name].relative_to(DATA)
        sents = read_conll(path)
        t0 = time.time()
        vecs = []
        for i in range(0, len(sents), 1000):
            vecs += word_vectors(encoder, [w for w, _ in sents[i : i + 1000]], layers)
        arr = np.concatenate(vecs).astype(np.float16)
        np.save(out / f"{name}.npy", arr)
        (out / f"{name}.json").write_text(json.dumps({"layers": layers, "lengths": [len(w) for w, _ in sents]}))
        print(f"{name}: {len(arr)} words in {time.time() - t0:.0f}s", flush=True)
    if args.subword_layer:
        for name in args.sets.split(","):
            cache_subwords(encoder, Path(args.data) / SETS[name].relative_to(DATA), out / name, args.subword_layer)


def cache_subwords(encoder: E5Encoder, path: Path, out: Path, layer: int, batch: int = 64) -> None:
    """Subword states after ``layer`` of every sentence in ``path`` (each sentence one e5 window)."""
    npy, meta = out.with_suffix(f".sub{layer}.npy"), out.with_suffix(f".sub{layer}.json")
    if npy.exists():
        return
    tok, t0 = encoder.tokenizer, time.time()
    pieces = [[tok.word(w) or (tok.unk,) for w in words] for words, _ in read_conll(path)]
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
