"""Words per second of lagebild's NER recognizers on raw text (tokenising and sentence splitting included).

    .venv/bin/python benchmarks/ner_speed.py [--threads 1] [--words 20000] [--modes accurate,fast] \
        [--checkpoints a.pt,b.pt]

The text is GermEval 2014 dev + CoNLL-2003 dev sentences joined back into paragraphs: a German and an
English text, tagged in one call with their languages (as ``enrich_many`` tags a batch of articles; a
checkpoint with an English head uses it for the English one). Model loading and a warm-up pass
are excluded. ``--checkpoints``: instead of the installed accurate weights, these checkpoints in turn
(same process, same encoder: their ratio is the steady figure on a shared machine). Each mode runs twice: first with the
per-word caches (subword segmentation, static vectors) cleared, then again with them filled, as in
a long-running backfill. On a shared machine wall-clock rates understate the code's speed; the
words per CPU-second (all threads of this process) are the steadier figure.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import torch

from lagebild.enrich import ner
from lagebild.enrich.ner import get_recognizer, recognize, recognize_many
from lagebild.enrich.ner.conll import read_conll
from lagebild.enrich.tokens import words

DATA = Path(__file__).resolve().parents[2] / "shared/benchmarks/ner"


def corpus(n_words: int) -> list[str]:
    """A German and an English text of ``n_words // 2`` words each."""
    texts = []
    for path in ("germeval2014/conll_4class/dev.txt", "conll2003_en/conll/dev.txt"):
        sents, count, para, paragraphs = read_conll(DATA / path), 0, [], []
        for w, _ in sents:
            para.append(" ".join(w))
            count += len(w)
            if len(para) == 8:
                paragraphs.append(" ".join(para))
                para = []
            if count >= n_words // 2:
                break
        texts.append("\n\n".join(paragraphs))
    return texts


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--words", type=int, default=20_000)
    ap.add_argument("--modes", default="accurate,fast")
    ap.add_argument("--checkpoints", default="", help="accurate checkpoints to time in turn (instead of --modes)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    texts = corpus(args.words)
    n = sum(len(words(text)) for text in texts)
    runs = [(mode, None) for mode in args.modes.split(",")]
    if args.checkpoints:
        from lagebild.enrich.ner.accurate import AccurateRecognizer

        runs = [(f"accurate {path}", AccurateRecognizer(Path(path))) for path in args.checkpoints.split(",")]
    for label, recognizer in runs:
        mode = label.split()[0]
        if recognizer is not None:  # recognize_many looks the recognizer up by mode: this one, for this run
            ner.get_recognizer = lambda _mode, r=recognizer: r
        recognizer = get_recognizer(mode) if recognizer is None else recognizer
        recognize(texts[0][:5000], mode=mode)  # warm-up
        tokenizer = getattr(getattr(recognizer, "encoder", None) or recognizer.vectors.encoder, "tokenizer")
        tokenizer._cache.clear()
        getattr(recognizer, "vectors", None) and recognizer.vectors._cache.clear()
        for cache in ("cold", "warm"):
            t0, c0 = time.perf_counter(), time.process_time()
            mentions = recognize_many(texts, mode=mode, languages=["de", "en"])
            seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
            print(
                f"{label} ({cache} word cache): {n / seconds:,.0f} words/s wall, {n / cpu:,.0f} words per CPU-second "
                f"({n} words, {sum(map(len, mentions))} mentions, {seconds:.1f}s, {args.threads} thread(s))",
                flush=True,
            )
        ner.get_recognizer = get_recognizer


if __name__ == "__main__":
    main()
