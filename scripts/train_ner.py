"""Train the NER heads and write src/lagebild/models/ner_{accurate,fast}.pt.

    .venv/bin/python scripts/ner_features.py          # once: caches e5 word vectors in /tmp/lagebild_ner
    .venv/bin/python scripts/train_ner.py --epochs 8 --seed 13                # accurate: e5 → BiLSTM-CRF
    .venv/bin/python scripts/train_ner.py --mode fast --gaz-dim 16 --epochs 6 --batch 64 --lr 3e-3   # fast

These two commands produced the committed ner_accurate.pt and ner_fast.pt (one thread, CPU).

An experiment, not shipped (it did not beat the frozen features; docs/benchmarks.md): fine-tune e5
layers 7-8 jointly with the head, from cached layer-6 subword states, either from scratch or
starting from a trained frozen-feature head (``--init``):

    .venv/bin/python scripts/ner_features.py --subword-layer 6
    .venv/bin/python scripts/train_ner.py --tune-layers 7,8 --encoder-lr 5e-5 --epochs 5 --out /tmp/tuned.pt
    .venv/bin/python scripts/train_ner.py --init src/lagebild/models/ner_accurate.pt --tune-layers 7,8 \
        --lr 5e-4 --encoder-lr 5e-5 --epochs 2 --out /tmp/tuned_init.pt

Also not shipped (more German training data did not help; docs/benchmarks.md): German LER (legal text) mapped
to PER/LOC/ORG, trained with or before GermEval + CoNLL; the silver set was made by a one-off script (not kept)
that tagged German article texts with the shipped head and kept confident sentences as ``silver_de.{txt,npy,json}``:

    .venv/bin/python scripts/ner_features.py --ler 4000
    .venv/bin/python scripts/train_ner.py --extra german_ler --out /tmp/ner_ler.pt
    .venv/bin/python scripts/train_ner.py --init /tmp/ner_ler.pt --lr 5e-4 --epochs 3 --out /tmp/ner_ler_ft.pt
    .venv/bin/python scripts/train_ner.py --extra silver_de --out /tmp/ner_silver.pt

Trains on GermEval 2014 test + CoNLL-2003 train (the GermEval train split is not available here),
prints strict span F1 (PER/LOC/ORG) on GermEval dev and CoNLL-2003 dev after every epoch and keeps
the epoch with the best mean of the two.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import numpy as np
import torch

from lagebild.enrich.ner.accurate import load_state
from lagebild.enrich.ner.conll import read_conll
from lagebild.models.e5 import E5Encoder
from lagebild.enrich.ner.fast import FastTagger
from lagebild.models.vectors import StaticVectors
from lagebild.enrich.ner.scoring import score
from lagebild.enrich.ner.gazetteer import Gazetteer, fold_ids
from lagebild.enrich.ner.tagger import TAGS, Tagger, shape
from lagebild.enrich.ner.tuning import TunedLayers
from ner_features import SETS, set_path

MODELS = Path(__file__).resolve().parents[1] / "src/lagebild/models"
TRAIN, DEV = ("germeval_test", "conll_train"), ("germeval_dev", "conll_dev")


def load_static(name: str, vectors):
    """Sentences ``(features, words, tags)`` with the fast model's static word vectors."""
    return [(vectors(words), words, tags) for words, tags in read_conll(SETS[name])]


def load(cache: Path, name: str):
    """Sentences ``(features, words, tags)`` with cached e5 word vectors."""
    feats = np.load(cache / f"{name}.npy", mmap_mode="r")
    meta = json.loads((cache / f"{name}.json").read_text())
    sents = read_conll(set_path(name, cache))
    offsets = np.cumsum([0, *meta["lengths"]])
    assert offsets[-1] == len(feats) and len(sents) == len(meta["lengths"]), name
    return [(feats[offsets[i] : offsets[i + 1]], words, tags) for i, (words, tags) in enumerate(sents)]


def load_tuned(cache: Path, name: str, frozen: int, below: int):
    """Sentences ``(features, words, tags, (subword states, pieces per word))``: the cached word vectors of
    the first ``frozen`` layers and the subword states after layer ``below`` that the tuned layers take."""
    subs = np.load(cache / f"{name}.sub{below}.npy")
    pieces = json.loads((cache / f"{name}.sub{below}.json").read_text())["pieces"]
    offsets = np.cumsum([0, *(sum(p) + 2 for p in pieces)])
    assert offsets[-1] == len(subs), name
    return [
        (f[:, :frozen], w, t, (subs[offsets[i] : offsets[i + 1]], pieces[i]))
        for i, (f, w, t) in enumerate(load(cache, name))
    ]


def add_categories(data, gaz_ids):
    """``(features, words, tags, categories)``: shape and gazetteer ids per word."""
    return [
        (f, w, t, [(shape(x), g) for x, g in zip(w, gaz)], *rest) for (f, w, t, *rest), gaz in zip(data, gaz_ids)
    ]


def batches(data, size: int, shuffle: bool, rng: random.Random):
    order = sorted(range(len(data)), key=lambda i: len(data[i][1]))
    groups = [order[i : i + size] for i in range(0, len(order), size)]
    if shuffle:
        rng.shuffle(groups)
    for g in groups:
        yield tensors([data[i] for i in g])


def tensors(items):
    """Padded ``(features, categories, lengths, tags)``; features are ``(words, subwords)`` when tuning."""
    lengths = torch.tensor([len(w) for _, w, *_ in items])
    t = int(lengths.max())
    feats = torch.zeros(len(items), t, *items[0][0].shape[1:])
    cats = torch.zeros(len(items), t, 2, dtype=torch.long)
    tags = torch.zeros(len(items), t, dtype=torch.long)
    index = {tag: i for i, tag in enumerate(TAGS)}
    for r, (f, words, tg, c, *_) in enumerate(items):
        n = len(words)
        feats[r, :n] = torch.from_numpy(np.asarray(f, dtype=np.float32))
        cats[r, :n] = torch.tensor(c).view(-1, 2)
        tags[r, :n] = torch.tensor([index[x] for x in tg])
    if len(items[0]) == 5:
        feats = (feats, subword_tensors([x[4] for x in items], t))
    return feats, cats, lengths, tags


def subword_tensors(subwords, t: int):
    """Padded subword states ``[B, S, H]``, their lengths, and ``pool [B, T, S]`` averaging each word's pieces."""
    lengths = torch.tensor([len(s) for s, _ in subwords])
    states = torch.zeros(len(subwords), int(lengths.max()), subwords[0][0].shape[1])
    pool = torch.zeros(len(subwords), t, states.shape[1])
    for r, (s, pieces) in enumerate(subwords):
        states[r, : len(s)] = torch.from_numpy(s.astype(np.float32))
        pos = 1  # after <s>
        for w, n in enumerate(pieces):
            pool[r, w, pos : pos + n] = 1.0 / n
            pos += n
    return states, lengths, pool


class TunedTagger(torch.nn.Module):
    """Fine-tuned e5 layers under a tagger head: frozen word vectors + pooled states of the tuned layers."""

    def __init__(self, tuned: TunedLayers, head: Tagger, autocast: bool):
        super().__init__()
        self.tuned, self.head, self.autocast = tuned, head, autocast
        self.config, self.crf = head.config, head.crf

    def _features(self, feats):
        words, (states, sub_lengths, pool) = feats
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.autocast):
            upper = self.tuned(states, sub_lengths)
        pooled = [torch.einsum("bts,bsh->bth", pool, x.float()) for x in upper]
        return torch.cat([words, torch.stack(pooled, dim=2)], dim=2)

    def loss(self, feats, cats, lengths, tags):
        return self.head.loss(self._features(feats), cats, lengths, tags)

    def predict(self, feats, cats, lengths):
        with torch.no_grad():
            return self.head.predict(self._features(feats), cats, lengths)


def evaluate(model, data) -> float:
    model.eval()
    gold, pred = [], []
    for feats, cats, lengths, tags in batches(data, 64, False, random.Random(0)):
        pred += model.predict(feats, cats, lengths)
        gold += [[TAGS[i] for i in row[:n]] for row, n in zip(tags.tolist(), lengths.tolist())]
    model.train()
    return score(gold, pred)["overall"].f1


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", default="/tmp/lagebild_ner")
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--average-from", type=int, default=0, help="also try the average of the weights from this epoch on")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--mode", choices=("accurate", "fast"), default="accurate")
    ap.add_argument("--gaz-dim", type=int, default=0, help="gazetteer feature size (0: no gazetteer)")
    ap.add_argument("--project", type=int, default=0, help="accurate: project all layers to this size (0: scalar mix)")
    ap.add_argument("--repeat-german", type=int, default=1, help="accurate: use GermEval sentences this many times per epoch")
    ap.add_argument("--tune-layers", default="", help="accurate: fine-tune these e5 layers, e.g. 7,8 (needs --subword-layer cache)")
    ap.add_argument("--encoder-lr", type=float, default=3e-5, help="peak learning rate of the tuned e5 layers")
    ap.add_argument("--no-autocast", action="store_true", help="run the tuned layers in float32 (default: bfloat16 autocast)")
    ap.add_argument("--init", default=None, help="accurate: start the head from this checkpoint (e.g. a frozen-feature head)")
    ap.add_argument("--extra", default="", help="accurate: also train on these cached sets, e.g. german_ler")
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    args.out = args.out or str(MODELS / f"ner_{args.mode}.pt")
    torch.manual_seed(args.seed)
    torch.set_num_threads(1)
    rng = random.Random(args.seed)
    if args.mode == "fast":
        vectors, layers = StaticVectors(), []
        train = [x for name in TRAIN for x in load_static(name, vectors)]
        dev = {name: load_static(name, vectors) for name in DEV}
        model = FastTagger(gaz_dim=args.gaz_dim)
    else:
        cache = Path(args.cache)
        layers = json.loads((cache / f"{TRAIN[0]}.json").read_text())["layers"]
        tune = [int(x) for x in args.tune_layers.split(",")] if args.tune_layers else []
        if tune:
            assert tune == layers[-len(tune) :], f"tuned layers {tune} must be the last of {layers}"
            reader = lambda n: load_tuned(cache, n, len(layers) - len(tune), tune[0] - 1)  # noqa: E731
        else:
            reader = lambda n: load(cache, n)  # noqa: E731
        extra = [x for x in args.extra.split(",") if x]
        train = [x for name in TRAIN for x in reader(name) * (args.repeat_german if "germeval" in name else 1)]
        train += [x for name in extra for x in load(cache, name)]
        dev = {name: reader(name) for name in DEV}
        model = Tagger(n_layers=len(layers), hidden=args.hidden, gaz_dim=args.gaz_dim, project=args.project)
        if args.init:
            init = torch.load(args.init, weights_only=True)
            assert init["layers"] == layers and not init.get("encoder"), f"{args.init}: not a frozen head over {layers}"
            model = Tagger(**init["config"])
            model.load_state_dict(load_state(init))
        if tune:
            encoder = E5Encoder(n_layers=max(tune))
            model = TunedTagger(TunedLayers(encoder, tune), model, autocast=not args.no_autocast)
            del encoder
    gazetteer = Gazetteer.build([(w, t) for _, w, t, *_ in train]) if args.gaz_dim else None
    if gazetteer is not None:
        train = add_categories(train, fold_ids([(w, t) for _, w, t, *_ in train]))
        dev = {k: add_categories(v, [gazetteer.ids(w) for _, w, *_ in v]) for k, v in dev.items()}
    else:
        train = add_categories(train, [[0] * len(w) for _, w, *_ in train])
        dev = {k: add_categories(v, [[0] * len(w) for _, w, *_ in v]) for k, v in dev.items()}
    if isinstance(model, TunedTagger):
        groups = [{"params": model.head.parameters(), "lr": args.lr}, {"params": model.tuned.parameters(), "lr": args.encoder_lr}]
    else:
        groups = [{"params": model.parameters(), "lr": args.lr}]
    opt = torch.optim.Adam(groups)
    steps = args.epochs * ((len(train) + args.batch - 1) // args.batch)
    peaks = [g["lr"] for g in groups]
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=peaks, total_steps=steps, pct_start=0.1)
    best = -1.0
    # Weight averaging over the last epochs (the one-cycle schedule's low-LR tail): a flatter optimum.
    averaged = torch.optim.swa_utils.AveragedModel(model) if args.average_from else None
    for epoch in range(1, args.epochs + 1):
        t0, total = time.time(), 0.0
        for feats, cats, lengths, tags in batches(train, args.batch, True, rng):
            loss = model.loss(feats, cats, lengths, tags)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            sched.step()
            total += loss.item()
        f1 = {name: evaluate(model, data) for name, data in dev.items()}
        mean = sum(f1.values()) / len(f1)
        print(
            f"epoch {epoch}: loss {total:.0f}  " + "  ".join(f"{k} F1 {v:.4f}" for k, v in f1.items())
            + f"  ({time.time() - t0:.0f}s)",
            flush=True,
        )
        if mean > best:
            best = mean
            save(model, layers, gazetteer, Path(args.out))
        if averaged is not None and epoch >= args.average_from:
            averaged.update_parameters(model)
    if averaged is not None:
        f1 = {name: evaluate(averaged.module, data) for name, data in dev.items()}
        mean = sum(f1.values()) / len(f1)
        print(f"average of epochs {args.average_from}-{args.epochs}: " + "  ".join(f"{k} F1 {v:.4f}" for k, v in f1.items()))
        if mean > best:
            best = mean
            save(averaged.module, layers, gazetteer, Path(args.out))
    print(f"best mean dev F1 {best:.4f} → {args.out}")


def save(model, layers, gazetteer, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    head = model.head if isinstance(model, TunedTagger) else model
    state = {k: v.half() if v.is_floating_point() else v for k, v in head.state_dict().items()}
    ckpt = {"config": model.config, "layers": list(layers), "tags": TAGS, "state": state}
    if isinstance(model, TunedTagger):
        ckpt["encoder"] = model.tuned.saved()
    if gazetteer is not None:
        ckpt["gazetteer"] = gazetteer.to_list()
    torch.save(ckpt, path)


if __name__ == "__main__":
    main()
