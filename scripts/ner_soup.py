"""Average the weights of accurate NER heads into one ("model soup"): one head, so the shipped speed stays.

    .venv/bin/python scripts/ner_soup.py A.pt B.pt C.pt --out soup.pt
    .venv/bin/python scripts/ner_soup.py A.pt B.pt C.pt --greedy --cache /tmp/lagebild_ner --sets germeval_dev,conll_dev

Averaging only makes sense for heads that start from the same initial weights and see their batches in the same
order (``train_ner.py`` runs with the same ``--seed`` and corpora: the shared BiLSTM and the shipped output layer
are created and fed identically, whatever extra output layers a run has), so they stay in one basin of the loss.
``--greedy`` adds the heads in the order given (best dev first) and keeps one only if the mean F1 over ``--sets``
(dev splits only: this is a choice) does not drop; without it the uniform mean of all is written.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import torch

from lagebild.enrich.ner.accurate import Head, load_checkpoint
from lagebild.enrich.ner.scoring import score
from ner_batches import load
from ner_ensemble import decode, emissions


def soup(ckpts: list[dict]) -> dict:
    """A checkpoint whose state is the mean of ``ckpts``' states (same config, layers and tags required)."""
    first = ckpts[0]
    for c in ckpts[1:]:
        if (c["config"], c["layers"], c["tags"]) != (first["config"], first["layers"], first["tags"]):
            raise SystemExit("heads differ in config, layers or tags: cannot average them")
        if c.get("gazetteer") != first.get("gazetteer") or c.get("encoder") or first.get("encoder"):
            raise SystemExit("heads with different gazetteers or tuned e5 layers cannot be averaged")
    state = {
        k: (sum(c["state"][k].float() for c in ckpts) / len(ckpts)).to(v.dtype) if v.is_floating_point() else v
        for k, v in first["state"].items()
    }
    return {**first, "state": state}


def mean_f1(ckpt: dict, path: Path, data: dict[str, list]) -> tuple[float, dict[str, float]]:
    head = Head(ckpt, path)
    f1 = {name: score([x.tags for x in d], decode([head], [emissions(head, d)], d))["overall"].f1
          for name, d in data.items()}
    return sum(f1.values()) / len(f1), f1


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("checkpoints", nargs="+")
    ap.add_argument("--out", default=None)
    ap.add_argument("--greedy", action="store_true", help="keep a head only if the dev mean does not drop")
    ap.add_argument("--cache", default="/tmp/lagebild_ner")
    ap.add_argument("--sets", default="germeval_dev,conll_dev", help="dev splits that score (and choose) soups")
    args = ap.parse_args()
    torch.set_num_threads(1)
    ckpts = [load_checkpoint(Path(p)) for p in args.checkpoints]
    data = {name: load(Path(args.cache), name) for name in args.sets.split(",")} if args.sets else {}
    path = Path(args.out or "soup.pt")
    if args.greedy:
        kept, best = [0], mean_f1(ckpts[0], path, data)
        print(f"start {args.checkpoints[0]}: {best[0]:.4f} {best[1]}", flush=True)
        for i in range(1, len(ckpts)):
            trial = mean_f1(soup([ckpts[k] for k in [*kept, i]]), path, data)
            verdict = "keep" if trial[0] >= best[0] else "drop"
            print(f"+ {args.checkpoints[i]}: {trial[0]:.4f} {trial[1]} → {verdict}", flush=True)
            if verdict == "keep":
                kept, best = [*kept, i], trial
        chosen = [ckpts[k] for k in kept]
        print("soup of " + " ".join(args.checkpoints[k] for k in kept), flush=True)
    else:
        chosen = ckpts
        if data:
            m, f1 = mean_f1(soup(chosen), path, data)
            print(f"uniform soup of {len(chosen)}: {m:.4f} {f1}", flush=True)
    if args.out:
        torch.save(soup(chosen), args.out)
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
