"""Score accurate NER checkpoints (alone and summed) on the cached dev sets; optionally merge them.

    .venv/bin/python scripts/ner_ensemble.py A.pt B.pt [--out src/lagebild/models/ner_accurate.pt]

Uses the e5 word vectors cached by scripts/ner_features.py, so no transformer runs here.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import torch

from lagebild.enrich.ner.accurate import Head, load_checkpoint, predict
from lagebild.enrich.ner.scoring import score
from train_ner import DEV, load


def evaluate(heads, data) -> dict:
    gold, pred = [], []
    for i in range(0, len(data), 128):
        items = data[i : i + 128]
        lengths = torch.tensor([len(w) for _, w, _ in items])
        feats = torch.zeros(len(items), int(lengths.max()), *items[0][0].shape[1:])
        for r, (f, _, _) in enumerate(items):
            feats[r, : len(f)] = torch.from_numpy(f.astype("float32"))
        pred += predict(heads, feats, [w for _, w, _ in items], lengths)
        gold += [t for _, _, t in items]
    return score(gold, pred)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("checkpoints", nargs="+")
    ap.add_argument("--cache", default="/tmp/lagebild_ner")
    ap.add_argument("--out")
    args = ap.parse_args()
    torch.set_num_threads(1)
    ckpts = [load_checkpoint(Path(p)) for p in args.checkpoints]
    parts = [part for c in ckpts for part in c.get("heads", [c])]
    heads = [Head(p, Path(name)) for p, name in zip(parts, args.checkpoints)]
    dev = {name: load(Path(args.cache), name) for name in DEV}
    combos = [[h] for h in heads] + ([heads] if len(heads) > 1 else [])
    for combo in combos:
        label = "+".join(str(heads.index(h)) for h in combo)
        for name, data in dev.items():
            s = evaluate(combo, data)
            print(f"heads {label} {name}: " + "  ".join(f"{k} {v.f1:.4f}" for k, v in s.items()), flush=True)
    if args.out:
        torch.save({"heads": parts}, args.out)
        print(f"wrote {len(parts)} heads → {args.out}")


if __name__ == "__main__":
    main()
