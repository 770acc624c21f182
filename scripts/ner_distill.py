"""Silver labels for unlabelled German news from a teacher (one head or several), for self-distillation.

    .venv/bin/python scripts/ner_distill.py TEACHER.pt [MORE.pt ...] --cache /tmp/lagebild_ner [--min-prob 0.1]

Reads the cached set ``news_de`` (``ner_corpora.news_de``: German texts of the extraction benchmarks, used only as
unlabelled input) and writes the set ``news_silver``: the same sentences and cached vectors, each word tagged
with every tag the teacher gives at least ``--min-prob`` posterior probability (``O``, or ``O|B-ORG`` where it
hesitates). Training on it (``train_ner.py --train …,news``) uses the partial-label loss: a confident word
teaches its tag, a doubtful one only rules out the implausible tags. Several teachers are averaged (their
emission and transition scores, divided by their number).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import torch

from lagebild.enrich.ner.accurate import Head, load_checkpoint
from lagebild.enrich.ner.tagger import TAGS
from ner_batches import load
from ner_ensemble import _batches
from ner_features import write_set
from ner_heads import marginals


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("teachers", nargs="+")
    ap.add_argument("--cache", default="/tmp/lagebild_ner")
    ap.add_argument("--source", default="news_de")
    ap.add_argument("--out-set", default="news_silver")
    ap.add_argument("--min-prob", type=float, default=0.1)
    args = ap.parse_args()
    torch.set_num_threads(1)
    cache = Path(args.cache)
    heads = [Head(part, Path(p)) for p in args.teachers for part in load_checkpoint(Path(p)).get("heads", [load_checkpoint(Path(p))])]
    data = load(cache, args.source)
    n = len(heads)
    with torch.inference_mode():
        trans, start = (sum(x) / n for x in zip(*(h.model.crf.scores() for h in heads)))
    sents, confident, words = [], 0, 0
    for items, feats, lengths in _batches(data):
        with torch.inference_mode():
            em = sum(h.model.emissions(feats, h.categories([x.words for x in items], feats.shape[1]), lengths) for h in heads) / n
        mask = torch.arange(feats.shape[1])[None] < lengths[:, None]
        probs = marginals(em, trans, start, mask)
        for r, x in enumerate(items):
            tags = []
            for j in range(len(x.words)):
                keep = [TAGS[k] for k in torch.nonzero(probs[r, j] >= args.min_prob).flatten().tolist()]
                keep = keep or [TAGS[int(probs[r, j].argmax())]]
                confident += len(keep) == 1
                tags.append("|".join(keep))
            words += len(x.words)
            sents.append((x.words, tags))
    write_set(cache / f"{args.out_set}.txt", sents)
    for ext in ("npy", "json"):
        link = cache / f"{args.out_set}.{ext}"
        if link.exists() or link.is_symlink():
            link.unlink()
        os.symlink(f"{args.source}.{ext}", link)
    ents = sum(t.startswith("B-") for _, ts in sents for t in ts)
    print(f"{args.out_set}: {len(sents)} sentences, {words} words, {confident / max(words, 1):.1%} with one tag, "
          f"{ents} confident entity starts")


if __name__ == "__main__":
    main()
