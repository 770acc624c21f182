"""Cache e5 word vectors of the NER training/dev sets (float16 .npy, one row per word).

    .venv/bin/python scripts/ner_features.py [--out /tmp/lagebild_ner]

Writes ``<name>.npy`` ``[n_words, len(LAYERS), 384]`` and ``<name>.json`` (sentence lengths) per set.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch

from lagebild.enrich.ner.conll import read_conll
from lagebild.enrich.ner.e5 import E5Encoder
from lagebild.enrich.ner.features import LAYERS, word_vectors

DATA = Path(__file__).resolve().parents[2] / "shared/benchmarks/ner"
SETS = {
    "germeval_dev": DATA / "germeval2014/conll_4class/dev.txt",
    "germeval_test": DATA / "germeval2014/conll_4class/test.txt",
    "conll_dev": DATA / "conll2003_en/conll/dev.txt",
    "conll_train": DATA / "conll2003_en/conll/train.txt",
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="/tmp/lagebild_ner")
    ap.add_argument("--data", default=str(DATA))
    ap.add_argument("--sets", default=",".join(SETS))
    args = ap.parse_args()
    torch.set_num_threads(1)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    encoder = E5Encoder(n_layers=max(LAYERS), dtype=torch.bfloat16)
    for name in args.sets.split(","):
        if (out / f"{name}.npy").exists():
            continue
        sents = read_conll(Path(args.data) / SETS[name].relative_to(DATA))
        t0 = time.time()
        vecs = []
        for i in range(0, len(sents), 1000):
            vecs += word_vectors(encoder, [w for w, _ in sents[i : i + 1000]])
        arr = np.concatenate(vecs).astype(np.float16)
        np.save(out / f"{name}.npy", arr)
        (out / f"{name}.json").write_text(json.dumps({"layers": LAYERS, "lengths": [len(w) for w, _ in sents]}))
        print(f"{name}: {len(arr)} words in {time.time() - t0:.0f}s", flush=True)


if __name__ == "__main__":
    main()
