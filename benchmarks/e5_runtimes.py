"""The e5 encoder's runtimes side by side: CPU µs per token at one thread, and closeness to float32.

    PYTHONPATH=src .venv/bin/python benchmarks/e5_runtimes.py [--runtimes int8,onnx,float32] [--rounds 2]
        [--sentences 800] [--articles 100] [--batch-tokens 1024,4096]

NER's input: GermEval 2014 dev + CoNLL-2003 dev sentences (half each), every word segmented alone
as the accurate recognizer does, in the caller batches it makes (length-sorted, ≤ 4,096 padded
tokens), layers 4–8 kept. The story embedding's input: "passage: " + the first 256 tokens of ECB+
articles, batches of 16, the last layer mean-pooled. Runtimes (and ``--batch-tokens`` values, the
encoder's own groups) alternate within each round; CPU time of this process (one thread) per real
token. Closeness: mean cosine of every real token's hidden state at layers 4 and 8 to float32's,
and the least cosine of an article embedding to float32's (the issue's bound: ≥ .995).
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
from lagebild.stories.embed import E5Embedder

SHARED = Path(__file__).resolve().parents[2] / "shared/benchmarks"
KEEP = (4, 5, 6, 7, 8)


def sentences(n: int) -> list[list[str]]:
    out = []
    for path in ("ner/germeval2014/conll_4class/dev.txt", "ner/conll2003_en/conll/dev.txt"):
        out += [w for w, _ in read_conll(SHARED / path)][: n // 2]
    return out


def ner_batches(encoder: E5Encoder, sents: list[list[str]], budget: int = 4096) -> list[tuple[np.ndarray, np.ndarray]]:
    tok = encoder.tokenizer
    seqs = sorted(([tok.bos, *[i for w in s for i in (tok.word(w) or (tok.unk,))][:510], tok.eos] for s in sents), key=len)
    out, i = [], 0
    while i < len(seqs):
        j = i + 1
        while j < len(seqs) and (j - i + 1) * len(seqs[j]) <= budget:
            j += 1
        lengths = np.array([len(s) for s in seqs[i:j]])
        ids = np.full((j - i, lengths.max()), tok.pad, np.int64)
        for r, s in enumerate(seqs[i:j]):
            ids[r, : len(s)] = s
        out.append((ids, lengths))
        i = j
    return out


def articles(n: int) -> list[str]:
    rows = [json.loads(line) for line in (SHARED / "stories/ecbplus/articles.jsonl").open()][:n]
    return [(r.get("title", "") + "\n" + r.get("text", ""))[:2000] for r in rows]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runtimes", default="int8,onnx,float32")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--sentences", type=int, default=800)
    ap.add_argument("--articles", type=int, default=100)
    ap.add_argument("--batch-tokens", default="1024")
    args = ap.parse_args()
    torch.set_num_threads(1)
    encoders = {name: E5Encoder(runtime=name) for name in args.runtimes.split(",")}
    ref_enc = encoders.get("float32") or E5Encoder(runtime="float32")
    batches = ner_batches(ref_enc, sentences(args.sentences))
    real = sum(int(lengths.sum()) for _, lengths in batches)
    padded = sum(ids.size for ids, _ in batches)
    texts = articles(args.articles)
    print(f"NER input: {real:,} tokens in {len(batches)} caller batches ({padded:,} padded); {len(texts)} articles")
    ref = [ref_enc.forward(ids, lengths, keep=(4, 8)) for ids, lengths in batches]
    ref_emb = E5Embedder(ref_enc)(texts)
    for rnd in range(args.rounds):
        for name, enc in encoders.items():
            for budget in (int(b) for b in args.batch_tokens.split(",")):
                enc.batch_tokens = budget
                c0 = time.process_time()
                for ids, lengths in batches:
                    enc.forward(ids, lengths, keep=KEEP, tagging=True)
                ner_us = 1e6 * (time.process_time() - c0) / real
                c0 = time.process_time()
                emb = E5Embedder(enc)(texts)
                emb_ms = 1e3 * (time.process_time() - c0) / len(texts)
                cos = [[], []]
                for (ids, lengths), r in zip(batches, ref):
                    mask = torch.arange(ids.shape[1])[None] < torch.as_tensor(lengths)[:, None]
                    for k, (a, b) in enumerate(zip(enc.forward(ids, lengths, keep=(4, 8), tagging=True), r)):
                        cos[k].append(torch.nn.functional.cosine_similarity(a[mask].float(), b[mask].float(), dim=-1))
                layer_cos = [float(torch.cat(c).mean()) for c in cos]
                emb_cos = (emb * ref_emb).sum(1)
                print(f"round {rnd + 1} {name:<8} groups of ≤{budget:>5} tokens: NER {ner_us:6.0f} µs/token, "
                      f"embedding {emb_ms:6.1f} ms/article; cosine to float32: layer 4 {layer_cos[0]:.4f}, "
                      f"layer 8 {layer_cos[1]:.4f}, article embeddings min {emb_cos.min():.4f} mean {emb_cos.mean():.4f}",
                      flush=True)


if __name__ == "__main__":
    main()
