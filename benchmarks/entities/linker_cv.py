#!/usr/bin/env python3
"""Would a learned pairwise "same entity?" decision lift identity recall where it generalises?

Grouped cross-validation inside the **tune** half of the entity gold (issue 14). The system (lagebild
with the chosen NER, or a saved run) gives every gold page its mentions and ids; each (page, id)
with gold mentions is a *node* labelled with its gold identity (the majority of its gold mentions).
Every pair of nodes with **different** ids is a candidate link the archive could still make; its
label is "one real entity". Features are general (no names, no per-language rules):

* types (same, both PER, both LOC), the names' transliterated (anyascii) string likeness, word
  containment and overlap, same last word, initials = acronym, a shared surface form, sound key
  (enrich.sounds), word-by-word likeness when the word counts agree, the number of extra words;
* the multilingual e5 encoder's cosine of the two names (``query:`` prefix), and its relative forms:
  mutual nearest neighbour, CSLS (cosine less each side's mean cosine to its 5 nearest), margin to
  the next nearest name;
* whether the two ids ever share a page (co-occurrence), scripts or page languages differ, the
  smaller mention count.

Model: L2-regularised logistic regression (numpy, Newton steps), or ``--model gbm`` gradient-boosted
trees (scikit-learn's HistGradientBoostingClassifier; the ``bench`` extra). Folds: the gold pages sorted by
path, dealt round-robin into ``--folds`` folds. A pair touching folds i and j is scored by a model
trained only on pairs touching neither i nor j, so every decision is out-of-sample by page. The
decided links (probability >= t) join ids through union-find and the whole tune half is scored
with the official arithmetic (``lagebild.enrich._entity_scores.report``), beside the system alone.

``--forms`` asks the broader question: how well does the learned decision alone (no rules) tell
whether two surface forms name one entity, against the rules' answer on the same pairs — nodes
are (page, surface form) of recognised gold mentions, pairs weighted by mention counts.

    PYTHONPATH=src .venv/bin/python benchmarks/entities/linker_cv.py benchmarks/entities/gold-tune.jsonl \\
        --root ../shared --ner accurate --ner-cache /tmp/ner.pkl [--save-run run.json | --run run.json] [--forms]

The held-out half is for the coordinator's single scoring after a merge; this script refuses it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import pickle
import sys
from collections import Counter, defaultdict
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np
from anyascii import anyascii

from lagebild.enrich._entity_scores import Scored, report
from lagebild.enrich.entity_eval import load_gold, read_texts, script_of, system_id
from lagebild.enrich.sounds import sound
from lagebild.model import Mention
from lagebild.textnorm import fold

FEATURES = ("bias", "same_type", "both_per", "both_loc", "e5_cos", "mutual_nn", "csls", "margin", "key_sim",
            "contain", "overlap", "last_word", "acronym", "same_form", "sound", "aligned", "extra_words",
            "cooccur", "cross_script", "cross_lang", "log_min_count")
THRESHOLDS = (0.3, 0.5, 0.7, 0.8, 0.9, 0.95)


def key(text: str) -> str:
    """Lower-case letters, digits and spaces, transliterated to ASCII."""
    s = fold(text) if all(ord(c) < 0x250 for c in text) else anyascii(text)
    return " ".join("".join(c if c.isalnum() else " " for c in s.lower()).split())


def initials(k: str) -> str:
    return "".join(w[0] for w in k.split())


def folds_of(pages, k: int) -> dict[str, int]:
    """Pages sorted by path, dealt round-robin into ``k`` folds."""
    return {p: n % k for n, p in enumerate(sorted(pages))}


def fit(x: np.ndarray, y: np.ndarray, lam: float = 1.0, steps: int = 30):
    """L2 logistic regression (column 0 is the bias, not penalised, not scaled); weights, mean, sd."""
    mu, sd = x[:, 1:].mean(0), x[:, 1:].std(0) + 1e-9
    z = np.hstack([x[:, :1], (x[:, 1:] - mu) / sd])
    w = np.zeros(z.shape[1])
    ridge = lam * np.eye(len(w))
    ridge[0, 0] = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(z @ w)))
        h = z.T @ (z * (p * (1 - p) + 1e-9)[:, None]) + ridge
        w -= np.linalg.solve(h, z.T @ (p - y) + ridge @ w)
    return w, mu, sd


def predict(model, x: np.ndarray) -> np.ndarray:
    w, mu, sd = model
    return 1 / (1 + np.exp(-(np.hstack([x[:, :1], (x[:, 1:] - mu) / sd]) @ w)))


def fit_gbm(x: np.ndarray, y: np.ndarray):
    """Gradient-boosted trees (scikit-learn, the ``bench`` extra): interactions LR cannot express."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    model = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_leaf_nodes=15,
                                           min_samples_leaf=10, l2_regularization=1.0, random_state=0)
    return model.fit(x[:, 1:], y)


def predict_gbm(model, x: np.ndarray) -> np.ndarray:
    return model.predict_proba(x[:, 1:])[:, 1]


MODELS = {"lr": (fit, predict), "gbm": (fit_gbm, predict_gbm)}


def grouped_scores(x: np.ndarray, y: np.ndarray, pair_folds: np.ndarray, k: int, model: str = "lr") -> np.ndarray:
    """Out-of-sample probabilities: a pair touching folds {i, j} by a model that saw neither."""
    train_model, apply_model = MODELS[model]
    out = np.full(len(y), np.nan)
    for i in range(k):
        for j in range(i, k):
            a, b = pair_folds[:, 0], pair_folds[:, 1]
            test = ((a == i) & (b == j)) | ((a == j) & (b == i))
            train = ~np.isin(pair_folds, [i, j]).any(1)
            if test.any() and y[train].any():
                out[test] = apply_model(train_model(x[train], y[train]), x[test])
    return np.nan_to_num(out)


class Names:
    """e5 vectors of names, cached on disk by the caller's path (the encoder is slow on 2 cores)."""

    def __init__(self, cache: Path | None):
        self.cache = cache
        self.vectors = pickle.loads(cache.read_bytes()) if cache and cache.exists() else {}

    def __call__(self, name: str) -> np.ndarray:
        if name not in self.vectors:
            from lagebild.models.e5 import shared_encoder

            self.vectors[name] = shared_encoder().sentence_embedding(name, prefix="query: ")
        return self.vectors[name]

    def save(self) -> None:
        if self.cache:
            self.cache.write_bytes(pickle.dumps(self.vectors))


def node_table(nodes: list[dict], vec: Names) -> dict:
    """Per node: keys of its forms and its name's e5 neighbourhood among nodes of other ids."""
    v = np.stack([vec(n["name"]) for n in nodes])
    cos = v @ v.T
    other = cos.copy()
    ids = np.array([n["id"] for n in nodes])
    other[ids[:, None] == ids[None, :]] = -1.0
    top = -np.sort(-other, 1)
    return {"cos": cos, "nn": other.argmax(1), "top": top, "mean5": top[:, :5].mean(1)}


def features(a: dict, b: dict, ia: int, ib: int, t: dict, together: bool) -> list[float]:
    ka, kb = a["keys"], b["keys"]
    sim = max(SequenceMatcher(None, x, y, autojunk=False).ratio() for x in ka for y in kb)
    wa, wb = [set(x.split()) for x in ka], [set(y.split()) for y in kb]
    contain = any(x and y and (x <= y or y <= x) for x in wa for y in wb)
    overlap = any(x & y for x in wa for y in wb)
    last = any(x.split()[-1:] == y.split()[-1:] for x in ka for y in kb if x and y)
    acro = any((" " not in x and len(x) >= 2 and initials(y) == x)
               or (" " not in y and len(y) >= 2 and initials(x) == y) for x in ka for y in kb)
    first_a, first_b = ka[0].split(), kb[0].split()
    aligned = (min((SequenceMatcher(None, x, y).ratio() for x, y in zip(first_a, first_b)), default=0.0)
               if len(first_a) == len(first_b) else 0.0)
    cos, nn, top, mean5 = t["cos"][ia, ib], t["nn"], t["top"], t["mean5"]
    margin = min(cos - (top[ia, 1] if nn[ia] == ib else top[ia, 0]), cos - (top[ib, 1] if nn[ib] == ia else top[ib, 0]))
    snd = bool(first_a and first_b and sound(first_a[-1]) == sound(first_b[-1]) and sound(first_a[-1]))
    return [1.0, float(a["type"] == b["type"]), float(a["type"] == b["type"] == "PER"),
            float(a["type"] == b["type"] == "LOC"), float(cos), float(nn[ia] == ib and nn[ib] == ia),
            float(2 * cos - mean5[ia] - mean5[ib]), float(margin), sim, float(contain), float(overlap), float(last),
            float(acro), float(bool(set(a["forms"]) & set(b["forms"]))), float(snd), aligned,
            float(abs(len(first_a) - len(first_b))), float(together), float(a["script"] != b["script"]),
            float(a["lang"] != b["lang"]), math.log1p(min(a["count"], b["count"]))]


def run_system(texts: dict[str, str], ner: str, cache: Path | None) -> dict[str, list[Mention]]:
    """lagebild as the entity evaluation runs it; NER output optionally cached per text (replayed)."""
    import copy

    import lagebild.enrich.ner as ner_mod
    from lagebild.api import archive_system
    from lagebild.settings import EnrichSettings

    memo = pickle.loads(cache.read_bytes()) if cache and cache.exists() else {}
    original = ner_mod.recognize

    def cached(text, language=None, mode="accurate", confidence=True):
        k = (hashlib.sha1(text.encode()).hexdigest(), mode, confidence)
        if k not in memo:
            memo[k] = original(text, language=language, mode=mode, confidence=confidence)
        return copy.deepcopy(memo[k])

    ner_mod.recognize = cached
    try:
        found = archive_system(EnrichSettings(ner=ner))(texts)
    finally:
        ner_mod.recognize = original
    if cache:
        cache.write_bytes(pickle.dumps(memo))
    return found


def score(usable, found, links) -> dict:
    """The official identity report of the system's ids after joining ``links`` (pairs of ids)."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for a, b in links:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[ra] = rb
    items = []
    for g in usable:
        s = system_id(g, found.get(g.file, []))
        items.append(Scored(g.id, root(s) if s else None, g.lang, script_of(g.text), g.text, g.where))
    return report(items, []).to_dict()


def id_nodes(usable, found, langs) -> list[dict]:
    forms: dict = defaultdict(Counter)
    types: dict = defaultdict(Counter)
    for f, ms in found.items():
        for m in ms:
            if m.entity_id:
                forms[(f, m.entity_id)][m.text] += 1
    labels: dict = defaultdict(Counter)
    for g in usable:
        if (s := system_id(g, found.get(g.file, []))) is not None:
            labels[(g.file, s)][g.id] += 1
            types[(g.file, s)][s.split(":")[0]] += 1
    return [_node(page, eid, forms[(page, eid)], labels[(page, eid)], langs) for page, eid in sorted(labels)]


def form_nodes(usable, found, langs) -> list[dict]:
    """(page, surface form) of recognised gold mentions; ``id`` is the form (its system ids aside)."""
    groups: dict = defaultdict(list)
    for g in usable:
        if (s := system_id(g, found.get(g.file, []))) is not None:
            groups[(g.file, g.text)].append((g.id, s))
    out = []
    for (page, text), rows in sorted(groups.items()):
        n = _node(page, f"{page}\t{text}", Counter({text: len(rows)}), Counter(i for i, _s in rows), langs)
        n["system"] = Counter(s for _i, s in rows).most_common(1)[0][0]
        n["type"] = n["system"].split(":")[0]
        out.append(n)
    return out


def _node(page, eid, forms: Counter, labels: Counter, langs) -> dict:
    top = [f for f, _n in forms.most_common(3)] or [eid]
    name = max(top, key=lambda f: (forms[f], len(f)))
    return {"page": page, "id": eid, "type": eid.split(":")[0], "forms": top, "keys": [key(f) or f for f in top],
            "name": name, "count": sum(forms.values()) or 1, "script": script_of(name), "lang": langs.get(page, ""),
            "label": labels.most_common(1)[0][0], "weight": sum(labels.values())}


def pairs(nodes, vec: Names, pages_ids) -> tuple[np.ndarray, np.ndarray, list[tuple[int, int]]]:
    t = node_table(nodes, vec)
    x, y, where = [], [], []
    for i, a in enumerate(nodes):
        for j in range(i + 1, len(nodes)):
            b = nodes[j]
            if a["id"] == b["id"]:
                continue
            together = a["page"] == b["page"] or b["id"] in pages_ids[a["page"]] or a["id"] in pages_ids[b["page"]]
            x.append(features(a, b, i, j, t, together))
            y.append(float(a["label"] == b["label"]))
            where.append((i, j))
    return np.array(x), np.array(y), where


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", type=Path)
    ap.add_argument("--root", type=Path, default=Path("../shared"))
    ap.add_argument("--ner", default="accurate")
    ap.add_argument("--ner-cache", type=Path, help="pickle of NER output per text (replayed when present)")
    ap.add_argument("--e5-cache", type=Path, help="pickle of name vectors")
    ap.add_argument("--run", type=Path, help="read the system's mentions from this JSON instead of running it")
    ap.add_argument("--save-run", type=Path, help="write the system's mentions as JSON")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--group", choices=("page", "language"), default="page",
                    help="folds of pages (round-robin) or one fold per page language (leave-one-language-out)")
    ap.add_argument("--forms", action="store_true", help="learned decision alone vs the rules, on surface forms")
    ap.add_argument("--model", choices=sorted(MODELS), default="lr")
    ap.add_argument("--show", type=float, help="print the out-of-sample links at or above this probability")
    args = ap.parse_args()
    if "heldout" in args.gold.name:
        sys.exit(f"{args.gold}: the held-out half is scored once by the coordinator, never used to choose a method")
    gold, _bad = load_gold(args.gold)
    texts, usable, _skipped = read_texts(gold, args.root)
    if args.run:
        found = {f: [Mention(*m) for m in ms] for f, ms in json.loads(args.run.read_text()).items()}
    else:
        found = run_system({f: texts[f] for f in sorted({g.file for g in usable})}, args.ner, args.ner_cache)
    if args.save_run:
        args.save_run.write_text(json.dumps({f: [(m.start, m.end, m.text, m.type, m.entity_id) for m in ms]
                                             for f, ms in found.items()}, ensure_ascii=False))
    langs = {f: c.most_common(1)[0][0] for f, c in _page_langs(usable).items()}
    pages_ids: dict = defaultdict(set)
    for f, ms in found.items():
        pages_ids[f].update(m.entity_id for m in ms if m.entity_id)
    vec = Names(args.e5_cache)
    nodes = (form_nodes if args.forms else id_nodes)(usable, found, langs)
    x, y, where = pairs(nodes, vec, pages_ids)
    vec.save()
    fold = folds_of(texts, args.folds)
    if args.group == "language":
        order = sorted(set(langs.values()))
        fold = {f: order.index(langs[f]) for f in texts}
        args.folds = len(order)
    pair_folds = np.array([[fold[nodes[i]["page"]], fold[nodes[j]["page"]]] for i, j in where])
    oof = grouped_scores(x, y, pair_folds, args.folds, args.model)
    w = fit(x, y)[0]
    print(f"{len(nodes)} nodes, {len(y)} pairs of different ids, {int(y.sum())} of them one entity; "
          f"{args.folds} folds ({args.group})")
    print("weights on standardised features (all pairs):",
          ", ".join(f"{n} {v:+.2f}" for n, v in zip(FEATURES, w)))
    if args.forms:
        _forms_table(nodes, where, y, oof)
    else:
        _links_table(usable, found, nodes, where, y, oof)
    if args.show is not None:
        for (i, j), p, truth in sorted(zip(where, oof, y), key=lambda r: -r[1]):
            if p >= args.show:
                print(f"  {p:.2f} {'same' if truth else 'DIFFERENT'}: {nodes[i]['id']} {nodes[i]['forms']}"
                      f" | {nodes[j]['id']} {nodes[j]['forms']}")


def _page_langs(usable) -> dict:
    out: dict = defaultdict(Counter)
    for g in usable:
        out[g.file][g.lang] += 1
    return out


def _links_table(usable, found, nodes, where, y, oof) -> None:
    base = score(usable, found, [])
    print(f"system alone: P {base['identity_precision']:.4f} R {base['identity_recall']:.4f} "
          f"F1 {base['identity_f1']:.4f} cross-language R {base['cross_language']['recall']:.4f} "
          f"wrong merges {base['wrong_merges']}")
    for t in THRESHOLDS:
        chosen = [(nodes[i]["id"], nodes[j]["id"]) for (i, j), p in zip(where, oof) if p >= t]
        right = int(sum(1 for p, truth in zip(oof, y) if p >= t and truth))
        r = score(usable, found, chosen)
        print(f"+ links p >= {t:.2f}: {len(chosen)} links ({right} right) -> P {r['identity_precision']:.4f} "
              f"R {r['identity_recall']:.4f} F1 {r['identity_f1']:.4f} cross-language R "
              f"{r['cross_language']['recall']:.4f} wrong merges {r['wrong_merges']}")


def _forms_table(nodes, where, y, oof) -> None:
    weight = np.array([nodes[i]["weight"] * nodes[j]["weight"] for i, j in where], dtype=float)
    rules = np.array([nodes[i]["system"] == nodes[j]["system"] for i, j in where])
    same = y == 1

    def pr(decided) -> str:
        tp = weight[decided & same].sum()
        return (f"P {tp / max(weight[decided].sum(), 1):.4f} R {tp / max(weight[same].sum(), 1):.4f}"
                f" ({int(decided.sum())} pairs)")

    print("pairs of surface forms, weighted by mentions (pairs of one form within a page left out)")
    print(f"rules (one system id):      {pr(rules)}")
    for t in THRESHOLDS:
        learned = oof >= t
        print(f"learned p >= {t:.2f}:         {pr(learned)} | rules or learned: {pr(rules | learned)}")


if __name__ == "__main__":
    main()
