#!/usr/bin/env python3
"""Train the scraped-text line classifier (src/lagebild/models/textlines.npz), reproducibly.

    .venv/bin/python scripts/train_textlines.py [--shared ../shared] [--train SET,SET,...]
                                                [--labels gold|lagebild|trafilatura] [--cache DIR]
                                                [--out src/lagebild/models/textlines.npz] [--seed 13]
                                                [--half dev|check] [--folds DIR [--no-ship]]

Labels, self-supervised (the default, and the shipped model's): an HTML extractor takes the main text from each
benchmark page's *HTML* (lagebild's own, ``--labels trafilatura`` for trafilatura's), and a line of the page's
scraped-text dump (``text/``) is labelled "article text" when it equals a line of that output or at least 60% of
its word trigrams occur in it; no ground truth is read. The extractions are cached per set in ``--cache`` (default
``~/.cache/lagebild/textlines``); the shipped model's labels come from lagebild's HTML extractor at commit
775113c (delete the cache to relabel with the current one).

``--labels gold --train scrapinghub,trafilatura-eval,fundus,wcxb-articles`` (2026-12-07, helper x15m2; not the
shipped model: docs/benchmarks.md, "Tenth round"): the sets' ground truth instead — the same line test against the
expected body; trafilatura's evaluation data gives only snippets, so there a line holding a ``with`` snippet is
text, one holding a ``without`` snippet is not, and the other lines keep the self-supervised label. ``--folds DIR``
also trains one model per leave-site-out fold (the site groups of ``benchmarks/extraction_sites.py``) into
``DIR/<k>/textlines.npz``, read by ``benchmarks/extraction_text.py --loso DIR`` and ``benchmarks/extraction.py
--loso DIR`` (``ExtractSettings.model_dir``): the held-out figures of a line model come from those.

The model is two stacked one-hidden-layer networks (numpy forward pass, scipy L-BFGS training, fixed
seed): stage two sees stage one's scores of neighbouring lines, cross-fitted over two halves of the pages.
Each line counts by the log of its word count (the benchmarks count words, not lines). 30% of the pages
are featurised without corpus statistics so that single-page extraction works too. Training on the four
sets takes ~4 min a model on a busy 2-core machine (~25 min with ``--folds``), on two ~15 min.

``--train`` picks the sets to train on. To measure generalisation to pages the model has not seen,
train one model on each half of the pages (``--half``, the MD5 split of ``benchmarks/extraction.py``)
and let each score the other half (``benchmarks/extraction_text.py --cross``):

    .venv/bin/python scripts/train_textlines.py --half dev --out /tmp/tl_dev.npz
    .venv/bin/python scripts/train_textlines.py --half check --out /tmp/tl_check.npz
    .venv/bin/python benchmarks/extraction_text.py ../shared/benchmarks/extraction/trafilatura-eval --cross /tmp/tl_dev.npz /tmp/tl_check.npz

or train on one set and run ``benchmarks/extraction_text.py --weights …`` on the other.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import NamedTuple

import numpy as np
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from extraction import half_of, truth  # noqa: E402

from lagebild.extract.text import CorpusStats  # noqa: E402
from lagebild.extract.text._features import feature_names, page_features  # noqa: E402
from lagebild.extract.text._lines import clean, line_key, split_lines  # noqa: E402
from lagebild.extract.text._model import WEIGHTS, LineModel, Net, context  # noqa: E402

class NetSize(NamedTuple):
    """One network's size and training: hidden units, weight decay, L-BFGS iterations."""

    hidden: int = 16
    l2: float = 3e-3
    iters: int = 300


NO_CORPUS_SHARE = 0.3  # share of pages trained as if extracted alone (corpus=None)
# the sets whose sites the leave-site-out folds are drawn over (as scripts/train_extract.py), whatever --train says
FOLD_SETS = ("scrapinghub", "trafilatura-eval", "fundus", "wcxb-articles")


def _cached(path: Path, dataset: Path, read) -> dict[str, str]:
    """``read(html_bytes)`` for each page of the set, cached as JSONL at ``path``; a page the
    extractor cannot read is simply unlabelled."""
    if path.exists():
        return {r["page"]: r["text"] for r in map(json.loads, path.open(encoding="utf-8"))}
    path.parent.mkdir(parents=True, exist_ok=True)
    out = {}
    for html in sorted((dataset / "html").glob("*.html")):
        try:
            out[html.stem] = read(html.read_bytes())
        except Exception:  # noqa: BLE001 - any failure leaves the page unlabelled
            out[html.stem] = ""
    with path.open("w", encoding="utf-8") as fh:
        for page, text in out.items():
            fh.write(json.dumps({"page": page, "text": text}, ensure_ascii=False) + "\n")
    return out


def trafilatura_texts(dataset: Path, cache: Path) -> dict[str, str]:
    """trafilatura's main text for each page's HTML (cached as JSONL)."""
    import trafilatura

    return _cached(cache / f"{dataset.name}.jsonl", dataset,
                   lambda html: trafilatura.extract(html, include_comments=False, include_tables=True) or "")


def lagebild_texts(dataset: Path, cache: Path) -> dict[str, str]:
    """lagebild's own HTML extraction of each page: lead and body paragraphs, one a line (cached as JSONL).

    Cached per set, so the labels stay those of the HTML extractor at the time the cache was made.
    """
    from lagebild.extract import extract
    from lagebild.model import Page

    def read(html: bytes) -> str:
        article = extract(Page(content=html, kind="html"))
        return "\n".join([article.lead, *article.body]) if article.page_type != "other" else ""

    return _cached(cache / f"{dataset.name}.lagebild.jsonl", dataset, read)


_TOKEN = re.compile(r"\w+")


def _grams(tokens: list[str], n: int = 3) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


def labels(lines, reference: str) -> np.ndarray:
    """1 for a dump line that is a line of the reference text, or whose word trigrams are mostly in it."""
    ref_lines = [clean(x) for x in reference.splitlines() if clean(x)]
    keys = {line_key(x) for x in ref_lines}
    ref_grams = _grams(_TOKEN.findall(" ".join(ref_lines).casefold()))
    out = []
    for line in lines:
        tokens = _TOKEN.findall(line.text.casefold())
        if line.key in keys:
            out.append(1.0)
        elif len(tokens) >= 5:
            grams = _grams(tokens)
            out.append(float(sum(g in ref_grams for g in grams) / len(grams) >= 0.6))
        else:
            out.append(0.0)
    return np.array(out)


LABELLERS = {"lagebild": lagebild_texts, "trafilatura": trafilatura_texts}


def _spaced(text: str) -> str:
    return " ".join((text or "").split())


def gold_labels(lines, expected: dict, html_text: str) -> np.ndarray:
    """Labels from the benchmark's ground truth: against the expected body as :func:`labels` does; where the set
    gives only snippets (trafilatura's evaluation data), a line holding (or, long enough, held by) a ``with``
    snippet is text, one of a ``without`` snippet is not, and the other lines keep lagebild's HTML labels."""
    if expected.get("articleBody"):
        return labels(lines, expected["articleBody"])
    y = labels(lines, html_text) if html_text else np.zeros(len(lines))
    for value, key in ((0.0, "without"), (1.0, "with")):  # a line holding both counts as text
        snippets = [_spaced(s) for s in expected.get(key) or [] if _spaced(s)]
        for i, line in enumerate(lines):
            text = _spaced(line.text)
            if any(s in text or (len(text) > 30 and text in s) for s in snippets):
                y[i] = value
    return y


def dataset_matrix(dataset: Path, cache: Path, rng: np.random.Generator, labeller: str = "lagebild",
                   half: str | None = None):
    """Features and labels of the set's pages (of one ``half`` only, if given) and the pages' names; the corpus
    statistics still see every page of the set, as a batch run would. ``labeller`` "gold": the set's ground truth
    (:func:`gold_labels`), else whose HTML extraction labels the lines."""
    expected = truth(dataset) if labeller == "gold" else {}
    has_body = any(r.get("articleBody") for r in expected.values())
    refs = LABELLERS["lagebild" if labeller == "gold" else labeller](dataset, cache) if not has_body else {}
    texts = {p.stem: p.read_text(encoding="utf-8", errors="replace") for p in sorted((dataset / "text").glob("*.txt"))}
    corpus = CorpusStats()
    for text in texts.values():
        corpus.observe(text)
    xs, ys, names = [], [], []
    for page, text in texts.items():
        lines = split_lines(text)
        known = page in expected if labeller == "gold" else bool(refs.get(page))
        if not lines or not known or half and half_of(page) != half:
            continue
        alone = rng.random() < NO_CORPUS_SHARE
        xs.append(page_features(lines, (lambda k: 0.0) if alone else corpus.evidence))
        ys.append(gold_labels(lines, expected[page], refs.get(page, "")) if labeller == "gold"
                  else labels(lines, refs[page]))
        names.append(page)
    return xs, ys, names


def train(x: np.ndarray, y: np.ndarray, seed: int, size: np.ndarray | None = None, net: NetSize = NetSize()) -> Net:
    """One network; ``size`` weights each line (its share of the page's words: the scores count words)."""
    rng = np.random.default_rng(seed)
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    xs = (x - mean) / scale
    d = xs.shape[1]
    size = np.ones(len(y)) if size is None else size / size.mean()
    pos = np.sum(size * y) / np.sum(size)
    weight = size * np.where(y > 0, 0.5 / pos, 0.5 / (1 - pos))  # balance the classes
    hidden, l2 = net.hidden, net.l2
    shapes = [(d, hidden), (hidden,), (hidden,), (1,)]
    sizes = [int(np.prod(s)) for s in shapes]

    def unpack(theta):
        parts, i = [], 0
        for shape, n in zip(shapes, sizes):
            parts.append(theta[i:i + n].reshape(shape))
            i += n
        return parts

    def loss(theta):
        w1, b1, w2, b2 = unpack(theta)
        h = np.tanh(xs @ w1 + b1)
        z = h @ w2 + b2
        p = 1 / (1 + np.exp(-np.clip(z, -30, 30)))
        ll = -np.sum(weight * (y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12))) / len(y)
        reg = l2 * (np.sum(w1 ** 2) + np.sum(w2 ** 2))
        g = weight * (p - y) / len(y)
        gw2 = h.T @ g + 2 * l2 * w2
        gb2 = np.array([g.sum()])
        gh = np.outer(g, w2) * (1 - h ** 2)
        gw1 = xs.T @ gh + 2 * l2 * w1
        gb1 = gh.sum(axis=0)
        return ll + reg, np.concatenate([gw1.ravel(), gb1, gw2, gb2])

    theta0 = np.concatenate([rng.normal(0, 1 / np.sqrt(d), d * hidden), np.zeros(hidden),
                             rng.normal(0, 1 / np.sqrt(hidden), hidden), np.zeros(1)])
    result = minimize(loss, theta0, jac=True, method="L-BFGS-B", options={"maxiter": net.iters})
    w1, b1, w2, b2 = unpack(result.x)
    return Net({"mean": mean, "scale": scale, "w1": w1, "b1": b1, "w2": w2, "b2": b2})


def line_sizes(x: np.ndarray) -> np.ndarray:
    """Each line's weight in training: the log of its word count (the benchmarks count words, not lines)."""
    return x[:, feature_names().index("logwords")] + 0.5


def train_stacked(xs: list[np.ndarray], ys: list[np.ndarray], seed: int, size: NetSize = NetSize()) -> LineModel:
    """Stage one on all pages; stage two on stage-one scores cross-fitted over two halves of the pages."""
    rng = np.random.default_rng(seed)
    fold = rng.random(len(xs)) < 0.5
    p1: list[np.ndarray | None] = [None] * len(xs)

    def fit(parts: list[int], inputs: list[np.ndarray], s: int) -> Net:
        x = np.vstack([inputs[i] for i in parts])
        weights = np.concatenate([line_sizes(xs[i]) for i in parts])
        return train(x, np.concatenate([ys[i] for i in parts]), s, weights, size)

    for k in (True, False):
        net = fit([i for i in range(len(xs)) if fold[i] != k], xs, seed)
        for i in np.flatnonzero(fold == k):
            p1[i] = net.predict(xs[i])
    everything = list(range(len(xs)))
    first = fit(everything, xs, seed)
    second = fit(everything, [context(x, p) for x, p in zip(xs, p1)], seed + 1)
    return LineModel(first, second)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--train", default="scrapinghub,trafilatura-eval", help="sets to train on (with --labels gold: "
                    "all four, %s)" % ",".join(FOLD_SETS))
    ap.add_argument("--out", type=Path, default=WEIGHTS)
    ap.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "lagebild" / "textlines")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--labels", choices=sorted([*LABELLERS, "gold"]), default="lagebild",
                    help="whose HTML extraction labels the lines (default: lagebild's own), or the sets' ground truth")
    default = NetSize()
    ap.add_argument("--hidden", type=int, default=default.hidden, help="hidden units of each network")
    ap.add_argument("--iters", type=int, default=default.iters, help="L-BFGS iterations of each network")
    ap.add_argument("--l2", type=float, default=default.l2, help="weight decay")
    ap.add_argument("--half", choices=("dev", "check"), help="train on one half of the pages only (MD5 of the name)")
    ap.add_argument("--folds", type=Path, help="also train one model per leave-site-out fold into DIR/<k>/ "
                    "(the sites of benchmarks/extraction_sites.py over the four sets)")
    ap.add_argument("--no-ship", action="store_true", help="with --folds: do not train the model on all pages")
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    bench = args.shared / "benchmarks" / "extraction"
    xs, ys, pages = [], [], []
    for name in args.train.split(","):
        x, y, names = dataset_matrix(bench / name, args.cache, rng, args.labels, args.half)
        xs += x
        ys += y
        pages += [f"{name}/{page}" for page in names]
    y = np.concatenate(ys)
    print(f"{len(xs)} pages, {len(y)} lines, {int(y.sum())} positive, {xs[0].shape[1]} features", file=sys.stderr)
    size = NetSize(args.hidden, args.l2, args.iters)
    extra = dict(trained_on=np.array(args.train.split(",")), seed=np.array(args.seed), half=np.array(args.half or "all"),
                 labels=np.array(args.labels))
    if args.folds:
        from extraction_sites import FOLDS, fold_of, key_folds, site_groups

        roots = [bench / name for name in FOLD_SETS if (bench / name).is_dir()]
        groups = site_groups(roots)
        fold = [fold_of(groups[page]) for page in pages]
        for k in range(FOLDS):
            which = [i for i in range(len(xs)) if fold[i] != k]
            model = train_stacked([xs[i] for i in which], [ys[i] for i in which], args.seed, size)
            (args.folds / str(k)).mkdir(parents=True, exist_ok=True)
            model.save(args.folds / str(k) / WEIGHTS.name, fold=np.array(k), **extra)
            print(f"wrote {args.folds / str(k) / WEIGHTS.name} ({len(which)} pages)", file=sys.stderr)
        (args.folds / "sites.json").write_text(json.dumps(key_folds(roots), indent=0))
        if args.no_ship:
            return
    model = train_stacked(xs, ys, args.seed, size)
    acc = np.mean(np.concatenate([model.predict(x) > 0.5 for x in xs]) == (y > 0))
    print(f"training accuracy {acc:.3f}", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out, **extra)
    print(f"wrote {args.out} ({len(feature_names())} features)", file=sys.stderr)

if __name__ == "__main__":
    main()
