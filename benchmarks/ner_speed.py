"""Words per second of lagebild's NER recognizers on raw text (tokenising and sentence splitting included).

    .venv/bin/python benchmarks/ner_speed.py [--threads 1] [--words 20000] [--modes accurate,fast]

The text is GermEval 2014 dev + CoNLL-2003 dev sentences joined back into paragraphs (half German,
half English). Model loading and a warm-up pass are excluded. Each mode runs twice: first with the
per-word caches (subword segmentation, static vectors) cleared, then again with them filled, as in
a long-running backfill. On a shared machine wall-clock rates understate the code's speed; the
words per CPU-second (all threads of this process) are the steadier figure.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import torch

from lagebild.enrich.ner import get_recognizer, recognize
from lagebild.enrich.ner.conll import read_conll
from lagebild.enrich.tokens import words

DATA = Path(__file__).resolve().parents[2] / "shared/benchmarks/ner"


def corpus(n_words: int) -> str:
    paragraphs = []
    for path in ("germeval2014/conll_4class/dev.txt", "conll2003_en/conll/dev.txt"):
        sents, count, para = read_conll(DATA / path), 0, []
        for w, _ in sents:
            para.append(" ".join(w))
            count += len(w)
            if len(para) == 8:
                paragraphs.append(" ".join(para))
                para = []
            if count >= n_words // 2:
                break
    return "\n\n".join(paragraphs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--words", type=int, default=20_000)
    ap.add_argument("--modes", default="accurate,fast")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    text = corpus(args.words)
    n = len(words(text))
    for mode in args.modes.split(","):
        recognizer = get_recognizer(mode)
        recognize(text[:5000], mode=mode)  # warm-up
        tokenizer = getattr(getattr(recognizer, "encoder", None) or recognizer.vectors.encoder, "tokenizer")
        tokenizer._cache.clear()
        getattr(recognizer, "vectors", None) and recognizer.vectors._cache.clear()
        for cache in ("cold", "warm"):
            t0, c0 = time.perf_counter(), time.process_time()
            mentions = recognize(text, mode=mode)
            seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
            print(
                f"{mode} ({cache} word cache): {n / seconds:,.0f} words/s wall, {n / cpu:,.0f} words per CPU-second "
                f"({n} words, {len(mentions)} mentions, {seconds:.1f}s, {args.threads} thread(s))",
                flush=True,
            )


if __name__ == "__main__":
    main()
