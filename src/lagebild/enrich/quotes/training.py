"""Training the speaker ranker (ranker.py) on annotated documents of the German news quotation
corpus: each covered gold direct quotation with a speaker becomes one choice among its candidates,
the right ones being those :func:`scoring.speaker_matches` accepts (a pronoun or role counts by the
name coref gives it). Used by ``scripts/train_quotes.py`` and ``benchmarks/quotes_cv.py --learned``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .find import find_quotes
from .found import Found
from .ranker import FEATURES, Document, Scorer
from .scoring import KINDS, _load, speaker_matches, token_positions


@dataclass(slots=True)
class Choice:
    """One gold quotation's candidates: feature rows, which are right, and which one the rules took (-1: none)."""

    rows: np.ndarray
    hits: np.ndarray
    rule: int
    texts: tuple[str, ...] = ()  # the candidates' phrases, the gold speaker and the quotation, for reading errors
    gold: str = ""
    quote: str = ""
    doc: str = ""  # the document's file name: inner cross-validation keeps a document's quotations together


def choices(file: Path, kind: str = "direct") -> list[Choice]:
    """The speaker choices of one annotated document (its quotations of ``kind`` the finder covers)."""
    doc = _load(file)
    text = doc["originalText"]
    seen: dict[int, tuple[Document, list]] = {}

    class Collect:  # the finder calls it with its own picks, before coref
        def choose(self, text_, found, marks, lang):
            d = Document(text_, found, marks, lang)
            for f in found:
                if f.kind == kind:
                    seen[id(f)] = (d, d.candidates(f))

    found = [f for f in find_quotes(text, ranker=Collect()) if f.kind == kind]
    spans_of = {id(f): token_positions(text, [(f.start, f.end)]) for f in found}
    out = []
    for a in doc["annotations"]:
        if KINDS.get(a["type"]) != kind or not a.get("speaker") or not a["speaker"]["spans"]:
            continue
        toks = token_positions(text, [(s["charBegin"], s["charEnd"]) for s in a["quote"]["spans"]])
        best = max(found, key=lambda f: len(toks & spans_of[id(f)]), default=None)
        if best is None or 2 * len(toks & spans_of[id(best)]) < max(1, len(toks)) or id(best) not in seen:
            continue
        d, cands = seen[id(best)]
        gold = [(s["charBegin"], s["charEnd"]) for s in a["speaker"]["spans"]]
        hits = np.array([speaker_matches(Found(0, 0, speaker_start=c.start, speaker_end=c.end,
                                               speaker_text=c.resolved or c.text), gold, a["speaker"]["text"])
                         for c in cands], dtype=bool)
        rule = next((k for k, c in enumerate(cands) if c.sources.get("rule")), -1)
        out.append(Choice(d.rows(best, cands) if cands else np.zeros((0, len(FEATURES)), np.float32), hits, rule,
                          tuple(c.text if c.resolved is None else f"{c.text}={c.resolved}" for c in cands),
                          a["speaker"]["text"], text[max(0, best.start - 200):best.end + 80], file.name))
    return out


L2_GRID = (1e-3, 1e-2, 1e-1, 1.0)


def fit(groups: list[Choice], hidden: int = 0, nets: int = 3, seed: int = 0, l2: float | None = None,
        steps: int = 300, lr: float = 0.05) -> dict[str, np.ndarray]:
    """The scorer's arrays (:class:`ranker.Scorer`), trained listwise (:func:`lagebild.learn.listwise.train`):
    per quotation, minus the log of the softmax mass on its right candidates, averaged; full-batch Adam at a
    constant rate, deterministic per seed. ``hidden=0``: a linear map; else ``nets`` tanh nets of ``hidden``
    units (seeds ``seed``, ``seed + 1``, …) whose scores are summed.
    ``l2=None``: the weight penalty of :data:`L2_GRID` that scores best in a 4-fold cross-validation
    inside ``groups`` (so choosing it never sees the quotations the scorer is later scored on).
    Quotations with no right candidate, or only one candidate, teach nothing and are left out."""
    from lagebild.learn import listwise

    if l2 is None:
        l2 = choose_l2(groups, hidden=hidden, nets=nets, seed=seed, steps=steps, lr=lr)
    use = [g for g in groups if g.hits.any() and len(g.hits) > 1]
    rows = [g.rows.astype(np.float64) for g in use]
    hits = [g.hits for g in use]
    out = {"features": np.array(FEATURES)}
    for k in range(nets if hidden > 0 else 1):
        params = listwise.train(rows, hits, seed + k, hidden=hidden, epochs=steps, lr=lr, l2=l2, batch=None,
                                anneal=False).params
        out["mean"], out["scale"] = params.pop("mean"), params.pop("scale")
        out.update(params if hidden <= 0 else {f"net{k}_{name}": v for name, v in params.items()})
    return out


def choose_l2(groups: list[Choice], inner: int = 4, **kw) -> float:
    """The penalty of :data:`L2_GRID` with the best mean accuracy over ``inner`` folds of ``groups``
    (the k-th document in fold k mod ``inner``, as the outer folds: the quotations of one document
    share names and speakers, so splitting them would reward a penalty too weak); the smaller one on a tie."""
    docs = [g.doc or f"#{k}" for k, g in enumerate(groups)]  # a choice without a document: its own
    order = {d: k for k, d in enumerate(dict.fromkeys(docs))}
    fold = [order[d] % inner for d in docs]
    best, best_acc = L2_GRID[0], -1.0
    for l2 in L2_GRID:
        acc = 0.0
        for k in range(inner):
            train = [g for g, f in zip(groups, fold) if f != k]
            acc += accuracy(Scorer(fit(train, l2=l2, **kw)), [g for g, f in zip(groups, fold) if f == k])
        if acc > best_acc + 1e-9:
            best, best_acc = l2, acc
    return best


def accuracy(scorer: Scorer | None, groups: list[Choice]) -> float:
    """Share of the choices whose pick is right: the scorer's, or the rules' when ``scorer`` is None
    (a quick check; the benchmark scores through the finder with :func:`scoring.cross_validate`)."""
    ok = 0
    for g in groups:
        if scorer is None or not len(g.hits):
            ok += g.rule >= 0 and bool(g.hits[g.rule])
        else:
            ok += bool(g.hits[int(np.argmax(scorer.scores(g.rows)))])
    return ok / max(1, len(groups))
