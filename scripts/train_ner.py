"""Train the NER heads on several corpora and write src/lagebild/models/ner_{accurate,fast}.pt.

    .venv/bin/python scripts/ner_features.py --out /tmp/lagebild_ner      # once: corpora → cached e5 word vectors
    .venv/bin/python scripts/train_ner.py --train germeval,conll,wikiann,europarl,smartdata,ler --seed 13 ...

(the exact commands behind the committed weights are in docs/benchmarks.md, "Named entities"). The shipped
accurate checkpoint is two runs merged: the German head (the six corpora) and an English head (CoNLL alone), by
``scripts/ner_ensemble.py german.pt --language en=english.pt --out src/lagebild/models/ner_accurate.pt``.

Every corpus trains with its training split (GermEval: its test split, see ``ner_corpora.py``). Options:

* ``--rate wikiann=0.5,germeval=2`` — sentences drawn per epoch, as a fraction of the corpus;
* ``--partial`` — a corpus that does not annotate a type (WikiANN, SmartData, LER: no MISC) lets its ``O``
  tokens be that type (a partial-label CRF loss), instead of teaching "this is not MISC";
* ``--head wikiann --head ler`` — these corpora train their own output layer and CRF over the shared
  BiLSTM, so their conventions do not pull the shipped output layer (trained by all the others);
* ``--without smartdata`` — leave a corpus out (the leave-one-corpus-out rows; ``scripts/ner_loco.py``);
* ``--lexicon laender,personen --gaz-dim 16`` — per-word matches in name lists (``ner_lexicon.py``) as a feature;
* ``--average-from 4`` — after epochs 4, 5, … also score the mean of the weights since epoch 4 (one head,
  same speed as a single epoch's; it can be the chosen "epoch" ``4-6``);
* ``--tune-layers 7,8`` — fine-tune these e5 layers jointly (needs ``ner_features.py --subword-layer 6``).

After each epoch it prints strict span F1 (PER/LOC/ORG) of the shipped output layer on the tuning split of
every corpus trained on (and of a left-out one, never used to choose), and keeps the epoch with the best
mean over ``--select`` (default GermEval dev and CoNLL dev).
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import time
from pathlib import Path

import torch

from lagebild.enrich.ner.accurate import load_state
from lagebild.models.e5 import E5Encoder
from lagebild.enrich.ner.fast import FastTagger
from lagebild.models.vectors import StaticVectors
from lagebild.enrich.ner.gazetteer import Gazetteer, fold_ids
from lagebild.enrich.ner.scoring import score
from lagebild.enrich.ner.tagger import TAGS
from lagebild.enrich.ner.tuning import TunedLayers
from ner_batches import Part, add_categories, epoch_batches, eval_batches, known, load, load_static, load_tuned
from ner_corpora import ROLES, TYPES_OF
from ner_heads import MultiTagger, SingleHead, TunedTagger
from ner_lexicon import build_lexicon

MODELS = Path(__file__).resolve().parents[1] / "src/lagebild/models"


def evaluate(model, items) -> dict:
    """Strict span scores of the shipped output layer; gold ``X`` spans are not scored (see ``score``)."""
    model.eval()
    pred: list[list[str]] = [[] for _ in items]
    for idx, (feats, cats, lengths, _, _) in eval_batches(items):
        for i, p in zip(idx, model.predict(feats, cats, lengths)):
            pred[i] = p
    model.train()
    return score([x.tags for x in items], pred)


def parse_rates(text: str) -> dict[str, float]:
    return {k: float(v) for k, v in (kv.split("=") for kv in text.split(",") if kv)}


def build(args):
    """``(model, parts, dev sets, layers)`` from the command line."""
    corpora = [c for c in args.train.split(",") if c and c != args.without]
    rates = parse_rates(args.rate)
    extra = [g.split(",") for g in args.head]
    group = {c: 1 + k for k, g in enumerate(extra) for c in g}
    devs = [ROLES[c][1] for c in corpora if ROLES[c][1]] + ([ROLES[args.without][1]] if args.without else [])
    if args.quick_eval:
        devs = [ROLES[c][1] for c in args.select.split(",") if c in corpora]
    if args.mode == "fast":
        vectors, layers = StaticVectors(), []
        reader = lambda n: load_static(Path(args.cache), n, vectors)  # noqa: E731
        model = SingleHead(FastTagger(gaz_dim=args.gaz_dim))
        assert not extra, "the fast tagger has one output layer"
    else:
        cache = Path(args.cache)
        layers = json.loads((cache / f"{ROLES[corpora[0]][0]}.json").read_text())["layers"]
        tune = [int(x) for x in args.tune_layers.split(",")] if args.tune_layers else []
        if tune:
            assert tune == layers[-len(tune) :], f"tuned layers {tune} must be the last of {layers}"
            reader = lambda n: load_tuned(cache, n, len(layers) - len(tune), tune[0] - 1)  # noqa: E731
        else:
            reader = lambda n: load(cache, n)  # noqa: E731
        config = dict(n_layers=len(layers), hidden=args.hidden, gaz_dim=args.gaz_dim, project=args.project)
        if args.init:
            init = torch.load(args.init, weights_only=True)
            assert init["layers"] == layers and not init.get("encoder"), f"{args.init}: not a frozen head over {layers}"
            config = init["config"]
        model = MultiTagger(groups=1 + len(extra), **config)
        if args.init:
            model.load_state_dict(load_state(init), strict=False)
        if tune:
            encoder = E5Encoder(n_layers=max(tune))
            model = TunedTagger(TunedLayers(encoder, tune), model, autocast=not args.no_autocast)
            del encoder
    parts = [Part(c, reader(ROLES[c][0]), rates.get(c, 1.0), group.get(c, 0), TYPES_OF[c]) for c in corpora]
    dev = {name: reader(name) for name in devs}
    gazetteer = None
    if args.lexicon:
        assert args.gaz_dim, "--lexicon needs --gaz-dim"
        gazetteer = build_lexicon(args.lexicon.split(","))
        parts = [Part(p.corpus, add_categories(p.items, [gazetteer.ids(x.words) for x in p.items]), p.rate, p.group, p.types) for p in parts]
        dev = {k: add_categories(v, [gazetteer.ids(x.words) for x in v]) for k, v in dev.items()}
    elif args.gaz_dim:
        shipped = [x for p in parts if p.group == 0 for x in p.items]
        gazetteer = Gazetteer.build([(x.words, known(x.tags)) for x in shipped])
        for p in parts:
            p.items = add_categories(p.items, fold_ids([(x.words, known(x.tags)) for x in p.items]))
        dev = {k: add_categories(v, [gazetteer.ids(x.words) for x in v]) for k, v in dev.items()}
    else:
        parts = [Part(p.corpus, add_categories(p.items), p.rate, p.group, p.types) for p in parts]
        dev = {k: add_categories(v) for k, v in dev.items()}
    return model, parts, dev, layers, gazetteer


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", default="/tmp/lagebild_ner")
    ap.add_argument("--mode", choices=("accurate", "fast"), default="accurate")
    ap.add_argument("--train", default="germeval,conll", help="corpora to train on (ner_corpora.ROLES)")
    ap.add_argument("--without", default="", help="leave this corpus out (its dev split is still printed)")
    ap.add_argument("--rate", default="", help="per-epoch sampling rate per corpus, e.g. wikiann=0.5,germeval=2")
    ap.add_argument("--partial", action="store_true", help="O of a corpus may be a type that corpus does not annotate")
    ap.add_argument("--head", action="append", default=[], help="corpora (comma-separated) with their own output layer")
    ap.add_argument("--select", default="germeval,conll", help="choose the epoch by the mean dev F1 of these corpora")
    ap.add_argument("--quick-eval", action="store_true", help="score only the --select dev sets after each epoch")
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--gaz-dim", type=int, default=0, help="gazetteer of training names, feature size (0: none)")
    ap.add_argument("--lexicon", default="", help="gazetteer from these name lists instead (ner_lexicon.LISTS)")
    ap.add_argument("--project", type=int, default=0, help="accurate: project all layers to this size (0: scalar mix)")
    ap.add_argument("--tune-layers", default="", help="accurate: fine-tune these e5 layers, e.g. 7,8")
    ap.add_argument("--encoder-lr", type=float, default=3e-5, help="peak learning rate of the tuned e5 layers")
    ap.add_argument("--no-autocast", action="store_true", help="run the tuned layers in float32 (default: bfloat16)")
    ap.add_argument("--average-from", type=int, default=0,
                    help="also try the mean of the weights of epochs K..e after each epoch e >= K (same speed)")
    ap.add_argument("--init", default=None, help="accurate: start from this checkpoint's head")
    ap.add_argument("--out", default=None)
    ap.add_argument("--summary", default=None, help="append a JSON line with the best epoch's dev scores here")
    args = ap.parse_args()
    args.out = args.out or str(MODELS / f"ner_{args.mode}.pt")
    torch.manual_seed(args.seed)
    torch.set_num_threads(1)
    rng = random.Random(args.seed)
    model, parts, dev, layers, gazetteer = build(args)
    select = [ROLES[c][1] for c in args.select.split(",") if c != args.without and ROLES[c][1] in dev]
    if isinstance(model, TunedTagger):
        groups = [{"params": model.head.parameters(), "lr": args.lr}, {"params": model.tuned.parameters(), "lr": args.encoder_lr}]
    else:
        groups = [{"params": model.parameters(), "lr": args.lr}]
    opt = torch.optim.Adam(groups)
    per_epoch = sum(-(-round(p.rate * len(p.items)) // args.batch) for p in parts)
    sched = torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=[g["lr"] for g in groups], total_steps=args.epochs * per_epoch + len(parts), pct_start=0.1
    )
    best, best_row = -1.0, None
    average = Average()
    for epoch in range(1, args.epochs + 1):
        t0, total = time.time(), 0.0
        for part, (feats, cats, lengths, allowed, _) in epoch_batches(parts, args.batch, args.partial, rng):
            loss = model.nll(feats, cats, lengths, allowed, part.group).mean()
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            sched.step()
            total += loss.item()
        candidates = [(epoch, model)]
        if args.average_from and epoch >= args.average_from:
            averaged = average.add(model)
            candidates.append((f"{args.average_from}-{epoch}", averaged))
        for label, cand in candidates:
            mean, row = report(cand, dev, select, label, f"loss {total:.0f}", time.time() - t0)
            if mean > best:
                best, best_row = mean, row
                save(cand, layers, gazetteer, Path(args.out))
    print(f"best mean dev F1 {best:.4f} (epoch {best_row['epoch']}) → {args.out}")
    if args.summary:
        with open(args.summary, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"args": vars(args), "best": best_row}) + "\n")


def report(model, dev, select, label, loss: str, seconds: float) -> tuple[float, dict]:
    """Print one candidate's dev F1 per set; return the mean over ``select`` and the summary row."""
    scores = {name: evaluate(model, items) for name, items in dev.items()}
    f1 = {name: s["overall"].f1 for name, s in scores.items()}
    ge = scores.get("germeval_dev")
    per_type = "/".join(f"{ge[t].f1:.3f}" for t in ("PER", "LOC", "ORG")) if ge else ""
    print(
        f"epoch {label}: {loss}  " + "  ".join(f"{k} {v:.4f}" for k, v in f1.items())
        + (f"  (germeval PER/LOC/ORG {per_type})" if per_type else "") + f"  ({seconds:.0f}s)",
        flush=True,
    )
    row = {"epoch": label, **{k: round(v, 4) for k, v in f1.items()}, "germeval_types": per_type}
    return sum(f1[n] for n in select) / len(select), row


class Average:
    """The running mean of a model's weights over the epochs added so far (checkpoint averaging: one model,
    so the shipped head keeps its speed)."""

    def __init__(self):
        self.n, self.sum = 0, None

    def add(self, model):
        """The mean of the weights added so far, ``model``'s included, as a copy of ``model``."""
        state = {k: v.detach().float().clone() for k, v in model.state_dict().items()}
        self.n += 1
        self.sum = state if self.sum is None else {k: self.sum[k] + state[k] for k in state}
        mean = copy.deepcopy(model)
        mean.load_state_dict({k: (v / self.n).to(model.state_dict()[k].dtype) for k, v in self.sum.items()})
        return mean


def save(model, layers, gazetteer, path: Path) -> None:
    """The shipped output layer to ``path``; other groups' output layers to ``<path>.g1.pt``… (for scoring)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    extra = len(getattr(model, "extra_out", []))
    for g in range(1, extra + 1):
        save_group(model, layers, gazetteer, path.with_suffix(f".g{g}.pt"), g)
    save_group(model, layers, gazetteer, path, 0)


def save_group(model, layers, gazetteer, path: Path, group: int) -> None:
    state = model.shipped_state(group) if group else model.shipped_state()
    state = {k: v.half() if v.is_floating_point() else v for k, v in state.items()}
    config = {k: v for k, v in model.config.items()}
    ckpt = {"config": config, "layers": list(layers), "tags": TAGS, "state": state}
    if isinstance(model, TunedTagger):
        ckpt["encoder"] = model.tuned.saved()
    if gazetteer is not None:
        ckpt["gazetteer"] = gazetteer.to_list()
    torch.save(ckpt, path)


if __name__ == "__main__":
    main()
