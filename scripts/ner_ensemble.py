"""Score accurate NER checkpoints (alone and summed) on the cached dev sets; optionally merge them.

    .venv/bin/python scripts/ner_ensemble.py A.pt B.pt ... [--out src/lagebild/models/ner_accurate.pt]

Uses the e5 word vectors cached by scripts/ner_features.py, so no transformer runs here. Each head's
emission scores are computed once; every combination of heads is then decoded from their sums.
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path

import torch

from lagebild.enrich.ner.accurate import Head, load_checkpoint
from lagebild.enrich.ner.crf import viterbi
from lagebild.enrich.ner.scoring import score
from lagebild.enrich.ner.tagger import TAGS
from train_ner import DEV, load

BATCH = 128


@torch.inference_mode()
def emissions(head: Head, data) -> list[torch.Tensor]:
    out = []
    for i in range(0, len(data), BATCH):
        items = data[i : i + BATCH]
        lengths = torch.tensor([len(w) for _, w, _ in items])
        t = int(lengths.max())
        feats = torch.zeros(len(items), t, *items[0][0].shape[1:])
        for r, (f, _, _) in enumerate(items):
            feats[r, : len(f)] = torch.from_numpy(f.astype("float32"))
        out.append(head.model.emissions(feats, head.categories([w for _, w, _ in items], t), lengths))
    return out


def decode(heads, ems, data) -> list[list[str]]:
    trans, start = (sum(x) for x in zip(*(h.model.crf.scores() for h in heads)))
    pred = []
    for b, i in enumerate(range(0, len(data), BATCH)):
        items = data[i : i + BATCH]
        lengths = torch.tensor([len(w) for _, w, _ in items])
        mask = torch.arange(int(lengths.max()))[None] < lengths[:, None]
        pred += [[TAGS[k] for k in p] for p in viterbi(sum(e[b] for e in ems), trans, start, mask)]
    return pred


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("checkpoints", nargs="+")
    ap.add_argument("--cache", default="/tmp/lagebild_ner")
    ap.add_argument("--out", help="merge these heads into one checkpoint")
    args = ap.parse_args()
    torch.set_num_threads(1)
    parts, heads = [], []
    for name in args.checkpoints:
        ckpt = load_checkpoint(Path(name))
        for part in ckpt.get("heads", [ckpt]):
            parts.append(part)
            heads.append(Head(part, Path(name)))
    for name in DEV:
        data = load(Path(args.cache), name)
        gold = [t for _, _, t in data]
        ems = [emissions(h, data) for h in heads]
        for k in range(1, len(heads) + 1):
            for combo in itertools.combinations(range(len(heads)), k):
                s = score(gold, decode([heads[i] for i in combo], [ems[i] for i in combo], data))
                label = "+".join(map(str, combo))
                print(f"{name} heads {label}: " + "  ".join(
                    f"{t} P {v.precision:.3f} R {v.recall:.3f} F1 {v.f1:.4f}" for t, v in s.items()), flush=True)
    if args.out:
        torch.save({"heads": parts}, args.out)
        print(f"wrote {len(parts)} heads → {args.out}")


if __name__ == "__main__":
    main()
