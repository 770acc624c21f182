#!/usr/bin/env python3
"""Train the HTML extractor's learned parts on the four extraction benchmark sets, reproducibly.

    .venv/bin/python scripts/train_extract.py [--shared ../shared] [--cache DIR] [--seed 13]
                                              [--out src/lagebild/models] [--folds DIR] [--report]

What is learned (each a small ``.npz`` of numpy arrays in ``--out``; no page text in any of them):
- ``htmlblocks.npz``: the body classifier (:mod:`lagebild.extract.html._model`): two stacked stages of boosted
  trees (LightGBM here, the ``train`` extra; plain arrays at run time) or, with ``--nets``, small nets; labelled
  by each block's overlap with the set's expected body (scrapinghub, fundus, wcxb-articles) or by the snippets
  the body must and must not hold (trafilatura-eval). With the trees it also holds the body chooser
  (:mod:`lagebild.extract.html._choose`, ``c_*`` arrays): boosted trees that tell, per page, whether the rules'
  body or the classifier's is the better one, trained on every page's leave-site-out block scores (so training
  the blocks always runs the folds) against the rules' body as the default path has it (``readings-<set>.json``).
- ``metadata.npz`` (``--what meta``): the rankers of the HTML title, date and author candidates
  (:mod:`lagebild.extract.metadata._rank`): LambdaRank trees for the title and the author, three small nets for
  the date, and the author's floor over "no author" (:func:`author_floor`, inner leave-site-out folds); read
  from the metadata candidates alone (no block features, a minute for all pages).
- ``textauthors.npz`` (``--what textauthors``): the scraped-text byline ranker (:mod:`lagebild.extract.text._authors`),
  five nets trained listwise on the candidate readings of the sets' ``text/`` dumps, with a "no author"
  pseudo-candidate (right on the pages whose record has no author), and the floor below which a page's best
  candidate is not given (set on inner leave-site-out folds); it reads no HTML (a minute to read the text pages
  once, then a minute or so per fold: six trainings each).
- ``texttitles.npz`` (``--what texttitles``): the scraped-text title ranker (:mod:`lagebild.extract.text._titles`),
  five nets trained listwise on the title readings of the same text pages (the line scores cached with the
  authors'); used while ``ExtractSettings.learned`` holds ``"text_title"`` (the default).

The listwise rankers (titles of HTML pages, bylines and titles of scraped text) are trained by
:func:`lagebild.learn.listwise.train`, which the quote speaker ranker uses too.

Every page is featurised once (the features do not depend on what is learned) and cached in ``--cache``
(default ``~/.cache/lagebild/extract``), keyed by a fingerprint of the feature code: change the features
and the cache is rebuilt (~10 min on a busy 2-core machine).

Leave-site-out: ``--folds DIR`` trains one set of weights per fold of ``benchmarks/extraction_sites.py``
(every site's pages in one fold; a fold's weights never saw its pages) into ``DIR/<k>/``, which
``benchmarks/extraction.py --loso DIR`` uses to score each page with the weights of its fold (every part in
``--what``; that benchmark runs this script for the parts its rows read when a fold folder lacks their files).
``--report`` prints the leave-site-out body F1 of each set computed here, offline (blocks kept as the
classifier says, no JSON-LD fallback and no paragraph cleaning): a quick check while experimenting.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from extraction import Sample, samples, truth  # noqa: E402
from extraction_sites import FOLDS, fold_of, key_folds, site_groups  # noqa: E402

from lagebild.extract.html import _features as block_feats  # noqa: E402
from lagebild.extract.html._body import PICK  # noqa: E402
from lagebild.extract.html._model import WEIGHTS_NAME, BlockModel, context  # noqa: E402
from lagebild.extract.html._pagetype import PAGE_NAMES  # noqa: E402
from lagebild.extract.html._pagetype import WEIGHTS_NAME as TYPE_NAME  # noqa: E402
from lagebild.extract.metadata._rank import WEIGHTS_NAME as META_NAME  # noqa: E402
from lagebild.extract.text._authors import KEEP_RIGHT  # noqa: E402
from lagebild.extract.text._authors import NAMES as TEXT_AUTHOR_NAMES  # noqa: E402
from lagebild.extract.text._authors import WEIGHTS_NAME as TEXT_AUTHORS_NAME  # noqa: E402
from lagebild.extract.text._authors import save as save_text_authors  # noqa: E402
from lagebild.extract.text._titles import WEIGHTS_NAME as TEXT_TITLES_NAME  # noqa: E402
from lagebild.extract.text._titles import save as save_text_titles  # noqa: E402
from lagebild.extract.nets import Net, log_odds  # noqa: E402
from lagebild.extract.trees import Trees, from_lightgbm  # noqa: E402
from lagebild.learn.listwise import train as listwise_train  # noqa: E402

SETS = ("scrapinghub", "trafilatura-eval", "fundus", "wcxb-articles")
_TOKEN = re.compile(r"\w+")
_CODE = ("extract/html", "extract/metadata", "extract/cues.py", "extract/paragraphs.py", "extract/dates.py",
         "extract/sections.py")  # what the cached features depend on


# --- featurising (cached) ---------------------------------------------------------------------------


def fingerprint(code: tuple[str, ...] = _CODE) -> str:
    digest = hashlib.sha256()
    for rel in code:
        path = ROOT / "src" / "lagebild" / rel
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


@dataclass
class SetData:
    name: str
    pages: list[str]  # page names
    starts: np.ndarray  # row offsets of each page's blocks (len(pages) + 1)
    x: np.ndarray
    groups: np.ndarray
    texts: list[str]  # block texts (cache only, never in weights)
    urls: list[str | None]
    meta: list[dict]  # per page and field: candidate feature rows and values (cache only)

    def page_rows(self, i: int) -> slice:
        return slice(int(self.starts[i]), int(self.starts[i + 1]))


def featurise(root: Path, cache: Path, folder: str = "html") -> SetData:
    """Every page of the set (in ``folder``: html/, or other/ for non-article pages) as blocks and features,
    with its metadata candidates and page-type numbers (cached per set and code fingerprint)."""
    stamp = fingerprint()
    label = root.name if folder == "html" else f"{root.name}-{folder}"
    npz, listing = cache / f"blocks-{label}.npz", cache / f"blocks-{label}.json"
    if npz.exists() and listing.exists():
        info = json.loads(listing.read_text(encoding="utf-8"))
        if info.get("fingerprint") == stamp:
            with np.load(npz, allow_pickle=False) as data:
                return SetData(label, info["pages"], data["starts"], data["x"], data["groups"], info["texts"],
                               info["urls"], info["meta"])
    pages, xs, gs, texts, urls, starts, metas = [], [], [], [], [], [0], []
    began = time.time()
    for k, item in enumerate(_items(root, folder)):
        x, g, block_texts, meta = _page(root, item)
        metas.append(meta)
        pages.append(item.name)
        urls.append(item.url)
        xs.append(x)
        gs.append(g)
        texts += block_texts
        starts.append(starts[-1] + len(block_texts))
        if k % 100 == 99:
            print(f"  {label}: {k + 1} pages, {time.time() - began:.0f} s", file=sys.stderr)
    data = SetData(label, pages, np.array(starts), np.vstack(xs).astype(np.float32), np.vstack(gs), texts, urls,
                   metas)
    cache.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(npz, starts=data.starts, x=data.x, groups=data.groups)
    listing.write_text(json.dumps({"fingerprint": stamp, "pages": pages, "texts": texts, "urls": urls, "meta": metas},
                               ensure_ascii=False), encoding="utf-8")
    return data


_META_CODE = ("extract/html/_extract.py", "extract/metadata", "extract/dates.py",
              "extract/sections.py")  # what the metadata candidates alone depend on


def featurise_meta(root: Path, cache: Path) -> SetData:
    """Every page of the set with its metadata candidates only (no blocks): what ``--what meta`` needs, a
    minute or two instead of the block features' ten (cached per set and metadata code fingerprint)."""
    from lagebild.extract.html import parse
    from lagebild.extract.metadata._read import read_candidates
    from lagebild.model import Page
    from lagebild.settings import ExtractSettings

    stamp = fingerprint(_META_CODE)
    listing = cache / f"meta-{root.name}.json"
    if listing.exists():
        info = json.loads(listing.read_text(encoding="utf-8"))
        if info.get("fingerprint") == stamp:
            return SetData(root.name, info["pages"], np.zeros(len(info["pages"]) + 1, np.int64),
                           np.zeros((0, 0), np.float32), np.zeros((0, 3), np.int32), [], info["urls"], info["meta"])
    pages, urls, metas = [], [], []
    for item in _items(root, "html"):
        try:
            tree = parse(Page(content=item.html.read_bytes(), kind="html", url=item.url), ExtractSettings())
            _, choices = read_candidates(tree, item.url)
            meta = {name: {"rows": rows.tolist(), "values": [_jsonable(c.value) for c in cands],
                           "sources": [sorted(c.sources) for c in cands]} for name, (cands, rows) in choices.items()}
        except Exception as exc:  # noqa: BLE001 - a page that cannot be read offers no candidates
            print(f"  {root.name}/{item.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
            meta = {}
        pages.append(item.name)
        urls.append(item.url)
        metas.append(meta)
    cache.mkdir(parents=True, exist_ok=True)
    listing.write_text(json.dumps({"fingerprint": stamp, "pages": pages, "urls": urls, "meta": metas},
                                  ensure_ascii=False), encoding="utf-8")
    return SetData(root.name, pages, np.zeros(len(pages) + 1, np.int64), np.zeros((0, 0), np.float32),
                   np.zeros((0, 3), np.int32), [], urls, metas)


def _items(root: Path, folder: str) -> list[Sample]:
    return samples(root) if folder == "html" else [Sample(f"{folder}/{p.stem}", p, None)
                                                   for p in sorted((root / folder).glob("*.html"))]


def _page(root: Path, item: Sample) -> tuple[np.ndarray, np.ndarray, list[str], dict]:
    """One page's block features, block groups, block texts and metadata candidates / page-type row."""
    from lagebild.extract.html import parse
    from lagebild.extract.html._body import page_blocks
    from lagebild.extract.html._pagetype import page_row
    from lagebild.extract.metadata._read import read_candidates
    from lagebild.model import Page
    from lagebild.settings import ExtractSettings

    try:
        tree = parse(Page(content=item.html.read_bytes(), kind="html", url=item.url), ExtractSettings())
        md, choices = read_candidates(tree, item.url)
        meta = {name: {"rows": rows.tolist(), "values": [_jsonable(c.value) for c in cands],
                       "sources": [sorted(c.sources) for c in cands]} for name, (cands, rows) in choices.items()}
        found = page_blocks(tree, item.url, md.rules_title, md.description, md.article_body)
        x, g, block_texts = found.features, found.groups, [b.text for b in found.blocks]
        meta["pagetype"] = page_row(tree, md, x, found.main_text, found.rule_text, block_texts).tolist()
    except Exception as exc:  # noqa: BLE001 - a page that cannot be read has no blocks
        print(f"  {root.name}/{item.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
        x, g, block_texts = np.zeros((0, len(block_feats.feature_names())), np.float32), np.zeros((0, 3), np.int32), []
        meta = {}
    return x, g, block_texts, meta


def restamp(root: Path, cache: Path, folder: str = "html", every: int = 40) -> None:
    """Keep a set's cached features across a code change that did not touch them: featurise every
    ``every``-th page afresh and, when blocks, features and candidates all match the cache, stamp the cache
    with the current fingerprint (else leave it, and :func:`featurise` rebuilds it)."""
    label = root.name if folder == "html" else f"{root.name}-{folder}"
    npz, listing = cache / f"blocks-{label}.npz", cache / f"blocks-{label}.json"
    if not (npz.exists() and listing.exists()):
        return
    info = json.loads(listing.read_text(encoding="utf-8"))
    stamp = fingerprint()
    if info.get("fingerprint") == stamp:
        return
    with np.load(npz, allow_pickle=False) as data:
        starts, x = data["starts"], data["x"]
    items = _items(root, folder)
    for i in range(0, len(items), every):
        fx, _, ftexts, fmeta = _page(root, items[i])
        a, b = int(starts[i]), int(starts[i + 1])
        same = (ftexts == info["texts"][a:b] and fx.shape == x[a:b].shape and np.allclose(fx, x[a:b], atol=1e-4)
                and json.loads(json.dumps(fmeta)) == info["meta"][i])
        if not same:
            print(f"  {label}: page {items[i].name} differs from the cache: featurising again", file=sys.stderr)
            return
    info["fingerprint"] = stamp
    listing.write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
    print(f"  {label}: cache checked on {len(range(0, len(items), every))} pages, restamped", file=sys.stderr)


def _jsonable(value):
    if isinstance(value, list):
        return value
    return value if isinstance(value, str) else value.isoformat()


# --- labels from the ground truth -----------------------------------------------------------------


def _shingles(tokens: list[str], n: int = 4) -> list[tuple[str, ...]]:
    return [tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]


def body_labels(texts: list[str], gold: dict) -> tuple[np.ndarray, np.ndarray]:
    """(target, weight) per block. Full expected body: the share of the block's 4-token shingles in it
    (short blocks: whether their words occur in it, inside the span of the body's long blocks). Snippets
    only (trafilatura-eval): 1 for a block holding a "with" snippet (or held by one), 0 for one holding a
    "without" snippet, unlabelled (weight 0) otherwise."""
    n = len(texts)
    y, w = np.zeros(n), np.ones(n)
    if "articleBody" in gold:
        tokens = _TOKEN.findall(gold["articleBody"])
        grams = set(_shingles(tokens))
        joined = " " + " ".join(tokens) + " "
        short = np.zeros(n, bool)
        for i, text in enumerate(texts):
            t = _TOKEN.findall(text)
            if len(t) >= 4:
                sh = _shingles(t)
                y[i] = sum(g in grams for g in sh) / len(sh)
            elif t:
                short[i] = True
                y[i] = float(" " + " ".join(t) + " " in joined)
        long_hits = np.flatnonzero(~short & (y >= 0.5))
        if len(long_hits):
            outside = (np.arange(n) < long_hits[0] - 1) | (np.arange(n) > long_hits[-1] + 1)
            y[short & outside] = 0.0
        else:
            y[short] = 0.0
        return y, w
    with_ = [" ".join(s.split()) for s in gold.get("with", [])]
    without = [" ".join(s.split()) for s in gold.get("without", [])]
    for i, text in enumerate(texts):
        pos = any(s in text for s in with_) or (len(text) >= 20 and any(text in s for s in with_))
        neg = any(s in text for s in without) or any(text in s for s in without)
        if pos == neg:
            w[i] = 0.0
        else:
            y[i] = float(pos)
    return y, w


# --- training -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NetSize:
    hidden: int = 24
    epochs: int = 8
    l2: float = 1e-4
    batch: int = 512
    lr: float = 3e-3


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, seed: int, size: NetSize = NetSize()) -> Net:
    """One network (tanh hidden layer, sigmoid output) by Adam over mini-batches; deterministic per seed."""
    import torch

    torch.manual_seed(seed)
    torch.set_num_threads(1)
    keep = w > 0
    x, y, w = x[keep], y[keep], w[keep]
    mean = x.mean(axis=0).astype(np.float32)
    scale = (x.std(axis=0) + 1e-3).astype(np.float32)
    xs = torch.from_numpy(((x - mean) / scale).astype(np.float32))
    yt, wt = torch.from_numpy(y.astype(np.float32)), torch.from_numpy((w / w.mean()).astype(np.float32))
    d = xs.shape[1]
    layer1, layer2 = torch.nn.Linear(d, size.hidden), torch.nn.Linear(size.hidden, 1)
    params = list(layer1.parameters()) + list(layer2.parameters())
    opt = torch.optim.Adam(params, lr=size.lr, weight_decay=size.l2)
    gen = torch.Generator().manual_seed(seed)
    for epoch in range(size.epochs):
        order = torch.randperm(len(xs), generator=gen)
        for g in opt.param_groups:
            g["lr"] = size.lr * (0.5 ** max(0, epoch - size.epochs // 2))
        for start in range(0, len(xs), size.batch):
            idx = order[start:start + size.batch]
            z = layer2(torch.tanh(layer1(xs[idx]))).squeeze(1)
            loss = (torch.nn.functional.binary_cross_entropy_with_logits(z, yt[idx], reduction="none") * wt[idx]).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
    return Net({"mean": mean, "scale": scale, "w1": layer1.weight.detach().numpy().T.copy(),
                "b1": layer1.bias.detach().numpy().copy(), "w2": layer2.weight.detach().numpy()[0].copy(),
                "b2": layer2.bias.detach().numpy().copy()})


@dataclass(frozen=True)
class TreeSize:
    """The body classifier's boosted trees, fixed a priori (not tuned on the leave-site-out folds)."""

    trees: int = 300
    leaves: int = 31
    lr: float = 0.05
    min_leaf: int = 40


def fit_trees(x: np.ndarray, y: np.ndarray, w: np.ndarray, seed: int, size: TreeSize = TreeSize()) -> Trees:
    """Gradient-boosted trees (LightGBM, cross-entropy on the soft labels, one thread), exported to numpy
    arrays (:mod:`lagebild.extract.trees`): lightgbm is needed to train, not to run."""
    import lightgbm

    keep = w > 0
    params = dict(objective="cross_entropy", num_leaves=size.leaves, learning_rate=size.lr,
                  min_data_in_leaf=size.min_leaf, bagging_fraction=0.8, bagging_freq=1, feature_fraction=0.5,
                  lambda_l2=1.0, num_threads=1, seed=seed, deterministic=True, verbose=-1, max_bin=63)
    data = lightgbm.Dataset(x[keep], y[keep], weight=w[keep] / w[keep].mean())
    return from_lightgbm(lightgbm.train(params, data, num_boost_round=size.trees))


@dataclass
class Pages:
    """The training pages of all sets, flattened: one entry per page."""

    x: list[np.ndarray]
    groups: list[np.ndarray]
    y: list[np.ndarray]
    w: list[np.ndarray]
    site: list[str]
    ident: list[str]  # "<set>/<page>"


def block_weights(x: np.ndarray) -> np.ndarray:
    """A block counts by the log of its words (the metrics count words, not blocks)."""
    return x[:, block_feats.TEXT_NAMES.index("logwords")] + 0.5


def collect(sets: list[SetData], roots: dict[str, Path], sites: dict[str, str]) -> Pages:
    pages = Pages([], [], [], [], [], [])
    for data in sets:
        gold = truth(roots[data.name])
        for i, page in enumerate(data.pages):
            rows = data.page_rows(i)
            if page not in gold or rows.stop == rows.start:
                continue
            y, w = body_labels(data.texts[rows], gold[page])
            pages.x.append(data.x[rows])
            pages.groups.append(data.groups[rows])
            pages.y.append(y)
            pages.w.append(w * block_weights(data.x[rows]))
            ident = f"{data.name}/{page}"
            pages.ident.append(ident)
            pages.site.append(sites[ident])
    return pages


def train_blocks(pages: Pages, which: list[int], seed: int, size: NetSize | None = None) -> BlockModel:
    """Stage one on the pages ``which``; stage two on stage-one scores cross-fitted over two halves of
    their sites (so that stage two learns from scores of pages stage one had not seen). Each stage is
    boosted trees (:func:`fit_trees`, the default) or, given a ``size``, a small net (:func:`fit`, before
    2026-12-07): leave-site-out the trees were ahead on every set (docs/benchmarks.md, x15w)."""
    def fit_stage(x, y, w, seed):
        return fit_trees(x, y, w, seed) if size is None else fit(x, y, w, seed, size)

    def stack(idx, inputs):
        return (np.vstack([inputs[i] for i in idx]), np.concatenate([pages.y[i] for i in idx]),
                np.concatenate([pages.w[i] for i in idx]))

    half = {i: fold_of(pages.site[i], 2) for i in which}
    p1: dict[int, np.ndarray] = {}
    for k in (0, 1):
        net = fit_stage(*stack([i for i in which if half[i] != k], pages.x), seed)
        for i in which:
            if half[i] == k:
                p1[i] = net.predict(pages.x[i])
    first = fit_stage(*stack(which, pages.x), seed)
    second_in = {i: context(pages.x[i], pages.groups[i], p1[i]) for i in which}
    second = fit_stage(*stack(which, second_in), seed + 1)
    return BlockModel(first, second)


# --- the body chooser: the rules' body or the classifier's, per page -------------------------------


def rules_readings(root: Path, cache: Path) -> dict[str, dict]:
    """Each page as the default path has it when the chooser looks at it (``_extract.rules_reading``): the rules'
    body (paragraphs, the lead put back, bylines dropped) and what the classifier's body needs (URL, JSON-LD
    body, authors); none for a page that cannot be read. Cached per set and code fingerprint. (Until x15b2 the
    chooser learned from the extraction's final text, empty on pages the rules refuse as articles while at run
    time it saw their rules' body, and from the kept blocks joined raw instead of the classifier's body as run
    time makes it.)"""
    from lagebild.errors import ExtractionError
    from lagebild.extract.html._extract import rules_reading
    from lagebild.model import Page
    from lagebild.settings import ExtractSettings

    stamp, path = fingerprint(), cache / f"readings-{root.name}.json"
    if path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("fingerprint") == stamp:
            return data["pages"]
    settings = ExtractSettings()
    settings.learned = tuple(p for p in settings.learned if not p.startswith("body"))
    pages = {}
    for item in _items(root, "html"):
        try:
            paragraphs, md = rules_reading(Page(content=item.html.read_bytes(), kind="html", url=item.url), settings)
        except ExtractionError:
            continue
        pages[item.name] = {"paragraphs": paragraphs, "url": item.url, "article_body": md.article_body,
                            "authors": md.authors, "title": md.title, "description": md.description}
    cache.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"fingerprint": stamp, "pages": pages}, ensure_ascii=False), encoding="utf-8")
    return pages


def page_f1(score, gold: dict, body: str) -> float:
    """One page's body F1: score.py's for the 4-token shingles of the expected body; for the snippets the body
    must and must not hold (trafilatura-eval), which score.py counts over all pages at once, the same counts on
    this page alone (a page with nothing missed or leaked scores 1)."""
    if "articleBody" in gold:
        return score._shingle_prf({"page": gold}, {"page": {"body": body}})[2]
    text = score._space(body)
    found = sum(score._space(x) in text for x in gold["with"])
    missed, leaked = len(gold["with"]) - found, sum(score._space(x) in text for x in gold["without"])
    return 1.0 if not (missed or leaked) else 2 * found / (2 * found + missed + leaked)


@dataclass
class Picks:
    """The chooser's training pages: each page's row (:func:`lagebild.extract.html._choose.page_row`, from the
    classifier's leave-site-out scores) and how much better the classifier's body scores than the rules' body,
    both as the run time path makes them (the classifier's: kept blocks cleaned, the JSON-LD body where more
    complete, bylines dropped; both: a repeated headline dropped, as the article's text has them)."""

    rows: np.ndarray
    gain: np.ndarray
    index: list[int]  # into Pages
    learned: dict[int, str]  # the classifier's body and the rules' body, per page
    rules: dict[int, str]


def collect_picks(pages: Pages, probs: dict[int, np.ndarray], texts: dict[str, list[str]],
                  readings: dict[str, dict], shared: Path, roots: dict[str, Path]) -> Picks:
    from lagebild.extract.html._body import learned_paragraphs, without_bylines
    from lagebild.extract.html._choose import page_row
    from lagebild.extract.html._lead import split_lead

    def text(paragraphs: list[str], read: dict) -> str:  # the article's text: a repeated headline dropped
        lead, body = split_lead(paragraphs, read["description"], read["title"])
        return "\n".join(([lead] if lead else []) + body)

    score = _scorer(shared)
    golds = {name: truth(root) for name, root in roots.items()}
    rows, gain, index, learned, ruled = [], [], [], {}, {}
    for i, p in sorted(probs.items()):
        ident = pages.ident[i]
        name, page = ident.split("/", 1)
        read = readings.get(ident)
        if read is None:  # the page cannot be read at all: no body either way
            continue
        block_texts, own = texts[ident], read["paragraphs"]
        rows.append(page_row(own, block_texts, pages.x[i], p))
        body = learned_paragraphs(block_texts, p, read["url"], read["article_body"] or "")
        learned[i] = text(without_bylines(body, read["authors"]), read)
        ruled[i] = text(own, read)
        gold = golds[name][page]
        gain.append(page_f1(score, gold, learned[i]) - page_f1(score, gold, ruled[i]))
        index.append(i)
    return Picks(np.array(rows), np.array(gain), index, learned, ruled)


# The rules' body was tuned by hand on the pages of these sets: there it is better than on a site nobody tuned for,
# and a chooser learning from those pages at full weight learns to trust the rules more than an unseen site warrants.
# Half weight (chosen among 1, .5, .25 and 0 by the offline leave-site-out figures, docs/benchmarks.md, x15b2).
RULES_TUNED_ON = {"scrapinghub": 0.5, "trafilatura-eval": 0.5}


def fit_chooser(picks: Picks, which: list[int], seed: int, sets: list[str] | None = None) -> Trees:
    """P(the classifier's body is the better one): boosted trees over the pages ``which`` (indices into
    ``picks``; ``sets``: each pick's set, for :data:`RULES_TUNED_ON`), each weighted by how much the choice
    matters on it. Settings fixed a priori (x15b), small: ~1,500 pages."""
    import lightgbm

    gain = picks.gain[which]
    params = dict(objective="binary", num_leaves=7, learning_rate=0.05, min_data_in_leaf=20, bagging_fraction=0.8,
                  bagging_freq=1, feature_fraction=0.7, lambda_l2=1.0, num_threads=1, seed=seed, deterministic=True,
                  verbose=-1)
    weight = np.abs(gain) + 1e-3
    if sets is not None:
        weight = weight * np.array([RULES_TUNED_ON.get(sets[j], 1.0) for j in which])
    data = lightgbm.Dataset(picks.rows[which], (gain > 0).astype(float), weight=weight / weight.mean())
    return from_lightgbm(lightgbm.train(params, data, num_boost_round=150))


def pick_sets(pages: Pages, picks: Picks) -> list[str]:
    """Each chooser page's set."""
    return [pages.ident[i].split("/")[0] for i in picks.index]


def reused(folder: Path) -> BlockModel:
    """The block trees saved in ``folder`` (``--reuse-blocks``: the chooser is trained anew, the trees kept)."""
    with np.load(folder / WEIGHTS_NAME, allow_pickle=False) as data:
        if list(data["names"]) != block_feats.feature_names():
            raise SystemExit(f"{folder / WEIGHTS_NAME}: block trees of other features; train them without --reuse-blocks")
        return BlockModel(Trees.read(data, "s1_"), Trees.read(data, "s2_"))


def loso_block_probs(pages: Pages, fold: list[int], seed: int, size: NetSize | None) -> dict[int, np.ndarray]:
    """Every page's block scores by the classifier of its fold (trained without its site)."""
    probs = {}
    for k in range(FOLDS):
        model = train_blocks(pages, [i for i in range(len(fold)) if fold[i] != k], seed, size)
        for i in (i for i in range(len(fold)) if fold[i] == k):
            probs[i] = model.predict(pages.x[i], pages.groups[i])
    return probs


# --- metadata rankers ---------------------------------------------------------------------------


def _fold_text(text: str) -> str:
    from lagebild.extract.metadata._rank import fold

    return fold(text)


def _same(field: str, gold: str, value) -> bool:
    """score.py's test of one candidate against the expected value."""
    from lagebild.extract.metadata._rank import name_key

    if field == "title":
        return _fold_text(gold) == _fold_text(value)
    if field == "date":
        return str(value)[:10] == gold[:10]
    return bool(name_key([gold])) and name_key([gold]) == name_key(list(value))


@dataclass
class Choices:
    """One field's candidates on every page with an expected value."""

    rows: list[np.ndarray]
    hits: list[np.ndarray]  # which candidates score.py counts as right
    cascade: list[int]  # index of the rules' pick, -1 when the rules pick nothing
    site: list[str]
    ident: list[str]
    rules_ok: list[bool] = field(default_factory=list)  # whether the rules' pick is right
    authored: list[bool] = field(default_factory=list)  # whether the page has an expected value (see collect_choices)


GOLD_KEY = {"title": "title", "date": "date", "author": "author"}
LISTWISE = {"title"}  # fields whose ranker learns each page's choice as a whole (see train_ranker)
ENSEMBLE = 3  # nets per listwise ranker
# fields ranked by boosted trees (see fit_rank_trees) instead of nets. The author joined the title on 2026-12-07
# (x15a): with the new author candidates, leave-site-out at seeds 13 / 7 / 21, trees against three nets:
# wcxb-articles .829-.835 against .818-.821, trafilatura-eval .818 both, fundus .850-.861 against .855-.867.
RANK_TREES = {"title", "author"}


# The title ranker's trees, fixed before any leave-site-out run (not tuned on the folds' figures): boosters of
# successive seeds, scores summed (bagging makes one seed's picks move).
RANK_TREE_SIZE = TreeSize(trees=200, leaves=15, lr=0.05, min_leaf=20)
RANK_TREE_SEEDS = 3


def fit_rank_trees(ch: Choices, idx: list[int], seed: int, size: TreeSize = RANK_TREE_SIZE) -> list[Trees]:
    """Boosted trees that rank each page's candidates (LightGBM's LambdaRank: a page's pairs of right and
    wrong candidates, weighted by how much swapping them moves the page's top pick), exported to arrays.
    Leave-site-out (2026-12-07, x15m, seeds 13 / 7 / 21) they beat the listwise nets by .011-.024 on
    wcxb-articles and .008-.016 on trafilatura-eval, fundus the same or better (docs/benchmarks.md)."""
    import lightgbm

    x = np.vstack([ch.rows[i] for i in idx])
    y = np.concatenate([ch.hits[i] for i in idx]).astype(np.int32)
    out = []
    for k in range(RANK_TREE_SEEDS):
        params = dict(objective="lambdarank", num_leaves=size.leaves, learning_rate=size.lr,
                      min_data_in_leaf=size.min_leaf, feature_fraction=0.8, bagging_fraction=0.8, bagging_freq=1,
                      lambda_l2=1.0, num_threads=1, seed=seed + k, deterministic=True, verbose=-1)
        data = lightgbm.Dataset(x, y, group=[len(ch.hits[i]) for i in idx])
        out.append(from_lightgbm(lightgbm.train(params, data, num_boost_round=size.trees)))
    return out


def collect_choices(sets: list[SetData], roots: dict[str, Path], sites: dict[str, str]) -> dict[str, Choices]:
    """Each field's candidates on every page with an expected value. The author's also on every page whose
    record says it has none (:func:`_no_author`), and every page's author rows end with the "no author" row
    (:func:`lagebild.extract.metadata._rank.no_author_row`), right on those pages only."""
    from lagebild.extract.metadata._rank import Candidate, author_rows, no_author_row

    author_width = author_rows([Candidate(["A B"], "a b", {"ld"})], "").shape[1]
    out = {f: Choices([], [], [], [], []) for f in GOLD_KEY}
    for data in sets:
        gold = truth(roots[data.name])
        for i, page in enumerate(data.pages):
            expected, found = gold.get(page) or {}, data.meta[i]
            for field, key in GOLD_KEY.items():
                value = expected.get(key)
                value = " ".join(value) if isinstance(value, list) else value
                authored = bool(value) and _name_tokens_ok(field, value)
                if field not in found or not (authored or field == "author" and _no_author(expected)):
                    continue
                item = found[field]
                ch = out[field]
                rows = np.array(item["rows"], dtype=np.float64)
                rows = rows.reshape(len(item["values"]), -1) if len(item["values"]) else np.zeros((0, 0))
                hits = np.array([authored and _same(field, value, v) for v in item["values"]], dtype=bool)
                if field == "author":
                    rows = np.vstack([rows.reshape(-1, author_width), no_author_row(author_width)])
                    hits = np.append(hits, not authored)
                ch.rows.append(rows)
                ch.hits.append(hits)
                ch.authored.append(authored)
                ch.cascade.append(next((k for k, s in enumerate(item["sources"]) if "cascade" in s), -1))
                # on a page without an author the rules are right when they name no one
                ch.rules_ok.append(ch.cascade[-1] >= 0 and bool(ch.hits[-1][ch.cascade[-1]]) if authored
                                   else ch.cascade[-1] < 0)
                ident = f"{data.name}/{page}"
                ch.site.append(sites[ident])
                ch.ident.append(ident)
    return out


def _name_tokens_ok(field: str, value: str) -> bool:
    """score.py counts a page for a field when its expected value has a word (a date: when it is there)."""
    return field == "date" or bool(_TOKEN.findall(value))


def train_ranker(ch: Choices, which: list[int], seed: int, listwise: bool = False, ensemble: int = ENSEMBLE,
                 trees: bool = False) -> list | None:
    """A scoring network over the candidates of the pages ``which`` that offer a right one.

    ``listwise`` (the titles, :data:`LISTWISE`): trained on each page's choice as a whole
    (:func:`lagebild.learn.listwise.train`) — the softmax of the scores over the page's candidates, maximising the
    share that falls on the right ones — so that a score only
    has to beat the page's other candidates, not an absolute bar. Otherwise each candidate is a yes/no
    example (each page weighing the same). Leave-site-out (2026-12-06), listwise lifted the title on
    fundus from .764 to .81 at about the same on trafilatura-eval and wcxb-articles; for dates and authors
    it did not help (docs/benchmarks.md). A listwise ranker is :data:`ENSEMBLE` nets of successive seeds
    whose log-odds are summed (one net's pick moved by ±.015 between two trainings on the same data); the
    scraped-text titles take ``ensemble`` = :data:`TEXT_ENSEMBLE` (their figures moved by ±.01 between seeds).
    ``trees``: ranking trees instead (:func:`fit_rank_trees`)."""
    idx = [i for i in which if ch.hits[i].any() and len(ch.hits[i]) > 1]
    if not idx:
        return None
    if trees:
        return fit_rank_trees(ch, idx, seed)
    if listwise:
        return [Net(listwise_train([ch.rows[i] for i in idx], [ch.hits[i] for i in idx], seed + k, epochs=30).params)
                for k in range(ensemble)]
    x = np.vstack([ch.rows[i] for i in idx])
    y = np.concatenate([ch.hits[i] for i in idx]).astype(np.float64)
    w = np.concatenate([np.full(len(ch.hits[i]), 1.0 / len(ch.hits[i])) for i in idx])
    return [fit(x, y, w, seed + k, NetSize(hidden=8, epochs=60, batch=64, lr=1e-2, l2=1e-3)) for k in range(ensemble)]


def choose(nets: list[Net] | None, rows: np.ndarray, cascade: int, field_name: str = "", floor: float | None = None
           ) -> int:
    """The pick of ``nets`` among the candidates (as :meth:`Rankers.choose` for an HTML field ``field_name``); for
    the author the "no author" row (the rows' last) is picked when the best candidate's score does not
    beat it by ``floor`` (None: never picked)."""
    from lagebild.extract.metadata._rank import best, declared, named_margin, scores

    if not nets or not len(rows):
        return cascade
    if field_name == "author":
        if len(rows) == 1:
            return 0
        pick = best(field_name, nets, rows[:-1])
        held = floor is not None and not declared(rows, pick) and named_margin(nets, rows, pick) < floor
        return len(rows) - 1 if held else pick
    return best(field_name, nets, rows) if field_name else int(np.argmax(scores(nets, rows)))


def author_floor(ch: Choices, which: list[int], seed: int) -> float | None:
    """The margin over "no author" an author must reach to be named (:meth:`Rankers.choose`), chosen on the pages
    ``which`` by inner leave-site-out folds (each page scored by trees that never saw its site): the lowest that
    names, in every set, no more of the pages whose record credits no one than the rules do on the same pages — a
    wrong name there is an error score.py does not count; a page whose pick the page declares its author
    (:func:`~lagebild.extract.metadata._rank.declared`: named whatever its margin) uses up one of those names.
    Accuracy over all pages (abstaining right on those pages) as the criterion instead abstained far more: right
    authors .815 / .788 / .776 against .855 / .815 / .821 with the rules' count pooled over the sets
    (docs/benchmarks.md, 2026-12-07, x15a2). None: never abstain."""
    from lagebild.extract.metadata._rank import best, declared, named_margin

    margins: dict[str, list[float]] = {}  # per set, the inner margins of its pages without an author
    rules_named: dict[str, int] = {}
    for j in sorted({fold_of(ch.site[i]) for i in which}):
        inner = [i for i in which if fold_of(ch.site[i]) == j and not ch.authored[i]]
        if not inner:
            continue
        nets = train_ranker(ch, [i for i in which if fold_of(ch.site[i]) != j], seed, trees=True)
        for i in inner:
            name = ch.ident[i].split("/")[0]
            rules_named[name] = rules_named.get(name, 0) + (not ch.rules_ok[i])
            if nets and len(ch.rows[i]) > 1:
                pick = best("author", nets, ch.rows[i][:-1])
                if declared(ch.rows[i], pick):  # named whatever the floor
                    rules_named[name] -= 1
                else:
                    margins.setdefault(name, []).append(named_margin(nets, ch.rows[i], pick))
    floors = []
    for name, found in margins.items():
        ranked, allowed = sorted(found, reverse=True), max(0, rules_named[name])
        if len(ranked) > allowed:  # between the last margin let through and the first held back
            floors.append((ranked[allowed] + ranked[allowed - 1]) / 2 if allowed else ranked[0] + 1e-6)
    return max(floors) if floors else None


# --- scraped-text authors ---------------------------------------------------------------------------


_TEXT_RANKERS = ("_authors.py", "_titles.py")  # read what the cache holds; changing them re-reads no page


def _read_text_pages(root: Path, cache: Path) -> dict[str, dict]:
    """Per page of the set's text/ dumps, what the line classifier and the finders read (line scores, kept lines,
    headline, the rules' byline): the slow part (the line model), cached per set, line model and text-path code
    other than the rankers' candidates (so that changing ``_authors.py`` or ``_titles.py`` reads no page again)."""
    from lagebild.extract.text import CorpusStats
    from lagebild.extract.text._extract import read_page

    code = [p for p in sorted((ROOT / "src/lagebild/extract/text").glob("*.py")) if p.name not in _TEXT_RANKERS]
    code += [ROOT / "src/lagebild/models/textlines.npz", ROOT / "src/lagebild/extract/cues.py"]
    stamp = hashlib.sha256(b"".join(p.read_bytes() for p in code)).hexdigest()[:16]
    path = cache / f"textpages-{root.name}.json"
    if path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("fingerprint") == stamp:
            return data["pages"]
    texts = {p.stem: p.read_text(encoding="utf-8", errors="replace") for p in sorted((root / "text").glob("*.txt"))}
    corpus = CorpusStats()  # as benchmarks/extraction.py: one per set, shown every page first
    for text in texts.values():
        corpus.observe(text)
    out = {}
    began = time.time()
    for k, (page, text) in enumerate(texts.items()):
        try:
            found = read_page(text, corpus)
        except Exception:  # noqa: BLE001 - a page with too little text has no candidates
            continue
        out[page] = {"probs": found.probs.round(5).tolist(), "keep": found.keep, "title": found.title_index,
                     "rules": found.rules_authors[0], "rules_index": found.rules_authors[1]}
        if k % 100 == 99:
            print(f"  {root.name} text: {k + 1} pages, {time.time() - began:.0f} s", file=sys.stderr)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"fingerprint": stamp, "pages": out}), encoding="utf-8")
    return out


def featurise_text_authors(root: Path, cache: Path) -> dict[str, dict]:
    """Per page of the set's text/ dumps: the author candidates' rows and names (the candidates are read afresh
    each run, fast; the line scores come from :func:`_read_text_pages`' cache)."""
    from lagebild.extract.text import _authors as text_authors
    from lagebild.extract.text._lines import split_lines

    out = {}
    for page, read in _read_text_pages(root, cache).items():
        lines = split_lines((root / "text" / f"{page}.txt").read_text(encoding="utf-8", errors="replace"))
        cands = text_authors.candidates(lines)
        rows = text_authors.rows(lines, cands, np.array(read["probs"]), read["title"], read["keep"],
                                 read["rules_index"])
        out[page] = {"rows": rows, "names": [c.names for c in cands], "rules": read["rules"]}
    return out


@dataclass
class TextChoices(Choices):
    """:class:`Choices` of the scraped-text authors, also on the pages that credit no author."""

    authored: list[bool] = field(default_factory=list)  # whether the page has an expected author
    rules_given: list[bool] = field(default_factory=list)  # whether the rules name someone


def _no_author(expected: dict) -> bool:
    """Whether a page's record says it has no author: an author field, empty, in a record that gives the page's
    metadata (trafilatura's evaldata leaves all of it out, or empty, on pages it annotated for the text only)."""
    return "author" in expected and not expected["author"] and bool(expected.get("title"))


def collect_text_authors(roots: dict[str, Path], cache: Path, sites: dict[str, str]) -> TextChoices:
    """The text path's author candidates on every page with an expected author and every page whose record says
    it has none (all candidates wrong there), as :class:`TextChoices` (the rules' pick is the candidate naming
    the rules' authors, if any)."""
    from lagebild.extract.metadata._rank import name_key

    out = TextChoices([], [], [], [], [], [], [], [])
    for name, root in roots.items():
        gold = truth(root)
        if not any(expected.get("author") for expected in gold.values()):
            continue  # a set without authors (scrapinghub) teaches nothing here
        found = featurise_text_authors(root, cache)
        for page, expected in gold.items():
            value = expected.get("author")
            value = " ".join(value) if isinstance(value, list) else value
            authored = bool(value and _TOKEN.findall(value))
            if not authored and not _no_author(expected):
                continue
            item = found.get(page) or {"rows": [], "names": [], "rules": []}
            out.rows.append(np.asarray(item["rows"], dtype=np.float64).reshape(len(item["names"]), len(TEXT_AUTHOR_NAMES)))
            out.hits.append(np.array([authored and _same("author", value, n) for n in item["names"]], dtype=bool))
            rules = name_key(item["rules"]) if item["rules"] else None
            out.cascade.append(next((k for k, n in enumerate(item["names"]) if rules and name_key(n) == rules), -1))
            out.rules_ok.append(authored and bool(item["rules"]) and _same("author", value, item["rules"]))
            out.authored.append(authored)
            out.rules_given.append(bool(item["rules"]))
            ident = f"{name}/{page}"
            out.site.append(sites[ident])
            out.ident.append(ident)
    return out


def collect_text_titles(roots: dict[str, Path], cache: Path, sites: dict[str, str]) -> Choices:
    """The text path's title candidates (:mod:`lagebild.extract.text._titles`) on every page with an expected title,
    as :class:`Choices` (the rules' pick: the candidate with the rules' title). The rules' title is found again
    from the cached line scores and kept lines, as :func:`lagebild.extract.text._extract.read_page` finds it."""
    from collections import Counter

    from lagebild.extract.text import _meta as text_meta
    from lagebild.extract.text import _titles as text_titles
    from lagebild.extract.text._lines import split_lines
    from lagebild.extract.text._related import find_related

    out = Choices([], [], [], [], [])
    for name, root in roots.items():
        gold = truth(root)
        if not any(expected.get("title") for expected in gold.values()):
            continue
        read_pages = _read_text_pages(root, cache)
        for page, expected in gold.items():
            value = expected.get("title")
            if not value or not _TOKEN.findall(value) or page not in read_pages:
                continue
            read = read_pages[page]
            lines = split_lines((root / "text" / f"{page}.txt").read_text(encoding="utf-8", errors="replace"))
            _, teasers = find_related(lines)
            keep = read["keep"]
            start = keep[0] if keep else len(lines)
            body_words = {w for i in keep for w in text_meta.topic_words(lines[i].text)}
            _, rules_title = text_meta.find_title(lines, start, Counter(line.key for line in lines), teasers,
                                                   body_words)
            cands, rows = text_titles.page_candidates(lines, np.array(read["probs"]), keep, teasers, rules_title)
            out.rows.append(rows)
            out.hits.append(np.array([_same("title", value, c.text) for c in cands], dtype=bool))
            rules_fold = _fold_text(rules_title)
            out.cascade.append(next((k for k, c in enumerate(cands) if rules_title and _fold_text(c.text) == rules_fold),
                                    -1))
            out.rules_ok.append(bool(rules_title) and _same("title", value, rules_title))
            ident = f"{name}/{page}"
            out.site.append(sites[ident])
            out.ident.append(ident)
    return out


TEXT_ENSEMBLE = 5  # nets of successive seeds: one net's leave-site-out accuracy moved by ±.03 between seeds


def line_folds(folds: Path, shared: Path, seed: int) -> None:
    """The scraped-text line model of every fold (``scripts/train_textlines.py --folds``) where a fold lacks one: a
    fold's text rankers are scored with its own line model (``ExtractSettings.model_dir``); without it the page
    would get the shipped model, which saw every page."""
    from lagebild.extract.text._model import WEIGHTS as LINES

    if all((folds / str(k) / LINES.name).exists() for k in range(FOLDS)):
        return
    print(f"{folds}: no leave-site-out line model: training it (scripts/train_textlines.py --folds)", file=sys.stderr)
    subprocess.run([sys.executable, str(ROOT / "scripts" / "train_textlines.py"), "--shared", str(shared), "--folds",
                    str(folds), "--no-ship", "--seed", str(seed)], check=True)


def train_text_ranker(ch: TextChoices, which: list[int], seed: int, listwise: bool = True
                      ) -> tuple[list[Net], float | None] | None:
    """The scraped-text author ranker over the pages ``which``, and the floor its page's best candidate must reach
    (:func:`lagebild.extract.text._authors.choose`; None: no floor). A page offers ~100-160 candidates (every
    short line with capitalised words, in several readings), so the per-candidate training of
    :func:`train_ranker` took 4-10 min per fold on a loaded machine; here the pages' choices are learned in batches
    of whole pages (:func:`lagebild.learn.listwise.train`), listwise (softmax over the page's candidates, and "no author", right on
    the pages without an author or without a right candidate) or, with ``listwise=False``, per candidate with each
    page weighing the same on the pages that offer a right candidate, without a floor; :data:`TEXT_ENSEMBLE` nets
    whose log-odds are summed. The floor is the nets' summed "no author" score lowered by what keeps
    :data:`KEEP_RIGHT` of the right picks on pages of sites the scoring nets did not see (inner leave-site-out
    over ``which``'s folds): at the bare "no author" score, leave-site-out (2026-12-07), the false authors on
    pages without one fell from all to .16/.00/.08 but the right authors from .63/.61/.68 to .49/.55/.55."""
    if not listwise:
        idx = [i for i in which if ch.hits[i].any() and len(ch.hits[i]) > 1]
        return ([Net(listwise_train([ch.rows[i] for i in idx], [ch.hits[i] for i in idx], seed + k,
                                    pointwise=True).params) for k in range(TEXT_ENSEMBLE)], None) if idx else None
    if not any(ch.hits[i].any() for i in which):
        return None
    nets, null = _fit_text_nets(ch, which, seed)
    gaps: list[float] = []
    for j in sorted({fold_of(ch.site[i]) for i in which}):
        inner_nets, inner_null = _fit_text_nets(ch, [i for i in which if fold_of(ch.site[i]) != j], seed)
        for i in (i for i in which if fold_of(ch.site[i]) == j and len(ch.rows[i])):
            score = log_odds(inner_nets, ch.rows[i])
            if ch.hits[i][int(np.argmax(score))]:
                gaps.append(float(score.max()) - inner_null)
    return nets, null + (float(np.quantile(gaps, 1 - KEEP_RIGHT)) if gaps else 0.0)


def text_pick(ranker: tuple[list[Net], float | None] | None, rows: np.ndarray, cascade: int) -> int:
    """The candidate :func:`lagebild.extract.text._authors.choose` gives (-1: none): the best, if it reaches the
    floor; the rules' pick on a page without candidates or without a ranker."""
    if ranker is None or not len(rows):
        return cascade
    score = log_odds(ranker[0], rows)
    return -1 if ranker[1] is not None and score.max() < ranker[1] else int(np.argmax(score))


def text_report(ch: TextChoices, picks: dict[int, int]) -> None:
    """Per set, how often the ranker (leave-site-out) and the rules name someone on pages without an author, and
    how many of all the names they give are right."""
    by_set: dict[str, list[tuple[bool, bool, bool, bool, bool]]] = {}
    for i, ident in enumerate(ch.ident):
        pick = picks.get(i, -1)
        right = pick >= 0 and bool(ch.hits[i][pick])
        by_set.setdefault(ident.split("/")[0], []).append(
            (ch.authored[i], pick >= 0, right, ch.rules_given[i], ch.rules_ok[i]))
    for name, rows in sorted(by_set.items()):
        none = [r for r in rows if not r[0]]
        given, rules_given = sum(r[1] for r in rows), sum(r[3] for r in rows)
        print(f"text author {name:<18} false authors ranked {sum(r[1] for r in none)}/{len(none)}  rules "
              f"{sum(r[3] for r in none)}/{len(none)};  precision ranked {sum(r[2] for r in rows) / max(1, given):.3f} "
              f"of {given}  rules {sum(r[4] for r in rows) / max(1, rules_given):.3f} of {rules_given}")


def _fit_text_nets(ch: TextChoices, which: list[int], seed: int) -> tuple[list[Net], float]:
    """:data:`TEXT_ENSEMBLE` listwise nets with "no author" over the pages ``which``, and their summed "no author"
    score."""
    fitted = [listwise_train([ch.rows[i] for i in which], [ch.hits[i] for i in which], seed + k, null=True)
              for k in range(TEXT_ENSEMBLE)]
    return [Net(t.params) for t in fitted], sum(t.null for t in fitted)


# --- page type -------------------------------------------------------------------------------------


@dataclass
class PageTypes:
    rows: list[np.ndarray]
    other: list[bool]
    site: list[str]
    ident: list[str]


def collect_pagetypes(sets: list[SetData], sites: dict[str, str]) -> PageTypes:
    out = PageTypes([], [], [], [])
    for data in sets:
        base = data.name.split("-other")[0]
        for i, page in enumerate(data.pages):
            row = data.meta[i].get("pagetype")
            ident = f"{base}/{page}"
            if row is None or ident not in sites:
                continue
            out.rows.append(np.array(row))
            out.other.append(page.startswith("other/"))
            out.site.append(sites[ident])
            out.ident.append(ident)
    return out


def page_kinds(roots: dict[str, Path]) -> dict[str, str]:
    """The labelled kind (service, forum, product, ...) of each non-article page, by ``set/other/<name>`` as in
    :class:`PageTypes`' idents: from the set's ``pagetypes.jsonl`` where it has one (WCXB); else none."""
    kinds: dict[str, str] = {}
    for name, root in roots.items():
        path = root / "pagetypes.jsonl"
        if not path.exists():
            continue
        for line in path.open(encoding="utf-8"):
            item = json.loads(line)
            file = item.get("file") or ""
            if file.startswith("other/"):
                kinds[f"{name}/other/{Path(file).stem}"] = item.get("page_type") or "?"
    return kinds


KEEP_ARTICLES = 0.99  # share of the articles the threshold keeps, on pages of sites the net did not see


def train_pagetype(pt: PageTypes, which: list[int], seed: int) -> tuple[Net, float]:
    """Article (0) or not (1), the two classes weighing the same in training; and the threshold on P(not
    an article) that keeps :data:`KEEP_ARTICLES` of the articles (a lost article costs more than a stored
    non-article). The threshold is read from scores of articles whose sites the scoring net did not see
    (inner leave-site-out over the training folds): on its own training articles a net scores lower than on
    new sites, and a threshold set there kept only .97 of new sites' articles (2026-12-07)."""
    net = _fit_pagetype(pt, which, seed)
    held: list[float] = []
    for j in sorted({fold_of(pt.site[i]) for i in which}):
        inner = _fit_pagetype(pt, [i for i in which if fold_of(pt.site[i]) != j], seed)
        arts = [i for i in which if fold_of(pt.site[i]) == j and not pt.other[i]]
        if arts:
            held += inner.predict(np.vstack([pt.rows[i] for i in arts])).tolist()
    return net, max(0.5, float(np.quantile(held, KEEP_ARTICLES)))


def _fit_pagetype(pt: PageTypes, which: list[int], seed: int) -> Net:
    x = np.vstack([pt.rows[i] for i in which])
    y = np.array([pt.other[i] for i in which], dtype=np.float64)
    w = np.where(y > 0, 0.5 / max(1.0, y.sum()), 0.5 / max(1.0, (1 - y).sum())) * len(y)
    return fit(x, y, w, seed, NetSize(hidden=4, epochs=200, batch=128, lr=3e-3, l2=1e-2))


# --- offline evaluation ---------------------------------------------------------------------------


def _scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("score", shared / "benchmarks" / "extraction" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def offline_scores(shared: Path, roots: dict[str, Path], bodies: dict[str, str]) -> dict[str, tuple[float, ...]]:
    """Body P/R/F1 of each set (and its German pages) for ``bodies`` ("<set>/<page>" -> text), by score.py."""
    score = _scorer(shared)
    out = {}
    for name, root in roots.items():
        preds = {k.split("/", 1)[1]: {"body": v} for k, v in bodies.items() if k.startswith(name + "/")}
        gold = truth(root)
        if (root / "ground-truth.json").exists():
            out[name] = score._shingle_prf(gold, preds)
            german = {k: v for k, v in gold.items() if v.get("lang") == "de"}
            if german:
                out[name + " de"] = score._shingle_prf(german, preds)
        else:
            records = [dict(v, page=k) for k, v in gold.items()]
            out[name] = score._snippets(records, preds)
            out[name + " de"] = score._snippets([r for r in records if r.get("lang") == "de"], preds)
    return out


def keep_blocks(probs: np.ndarray, threshold: float = 0.5) -> np.ndarray:
    return probs >= threshold


def save_rankers(path: Path, nets: dict[str, list | None], widths: dict[str, int] | None = None,
                 author_floor: float | None = None, **extra: np.ndarray) -> None:
    """Each field's scorers (nets, or ranking trees with the width of the rows they were trained on), and the
    author's floor over "no author" (:func:`author_floor`; none: always named)."""
    from lagebild.extract.metadata._rank import prefixes

    arrays = {}
    for field, group in nets.items():
        group = group or []
        trees = bool(group) and isinstance(group[0], Trees)
        for net, prefix in zip(group, prefixes(field, len(group), trees)):
            arrays.update(net.arrays(prefix))
        if trees:
            arrays[f"{field}_width"] = np.array((widths or {})[field])
    if author_floor is not None:
        arrays["author_floor"] = np.array(author_floor)
    np.savez_compressed(path, **arrays, **extra)


def row_widths(choices: dict[str, Choices]) -> dict[str, int]:
    return {field: next((r.shape[1] for r in ch.rows if r.size), 0) for field, ch in choices.items()}


def meta_report(choices: dict[str, Choices], picks: dict[str, dict[int, int]]) -> None:
    """Accuracy of each field per set: the rankers' leave-site-out picks against the rules' picks."""
    for field, ch in choices.items():
        by_set: dict[str, list[tuple[bool, bool, bool]]] = {}
        unauthored: dict[str, list[tuple[bool, bool]]] = {}
        for i, ident in enumerate(ch.ident):
            if i not in picks[field]:
                continue
            pick = picks[field][i]
            if ch.authored and not ch.authored[i]:  # a page without an author: right when no one is named
                unauthored.setdefault(ident.split("/")[0], []).append((bool(ch.hits[i][pick]), ch.rules_ok[i]))
                continue
            by_set.setdefault(ident.split("/")[0], []).append(
                (bool(ch.hits[i][pick]) if pick >= 0 else False, ch.rules_ok[i], bool(ch.hits[i].any())))
        for name, rows in sorted(by_set.items()):
            n = len(rows)
            print(f"{field:<12}{name:<18} ranked {sum(r[0] for r in rows) / n:.3f}  rules {sum(r[1] for r in rows) / n:.3f}"
                  f"  reachable {sum(r[2] for r in rows) / n:.3f}  ({n} pages)")
        for name, rows in sorted(unauthored.items()):
            print(f"{field:<12}{name:<18} no author in the record: named someone on {sum(not r[0] for r in rows)}"
                  f" (rules {sum(not r[1] for r in rows)}) of {len(rows)} pages")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "lagebild" / "extract")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "lagebild" / "models")
    ap.add_argument("--folds", type=Path, help="also train one set of weights per leave-site-out fold into DIR/<k>/")
    ap.add_argument("--report", action="store_true", help="print offline leave-site-out scores")
    ap.add_argument("--no-ship", action="store_true", help="do not train the shipped weights (with --folds)")
    ap.add_argument("--what", default="blocks,meta,pagetype,textauthors,texttitles",
                    help="what to train: blocks, meta, pagetype, textauthors, texttitles (comma-separated)")
    ap.add_argument("--restamp", action="store_true",
                    help="reuse cached features after a code change, when a sample of pages featurised afresh matches")
    ap.add_argument("--pointwise", action="store_true",
                    help="scraped-text authors: train per candidate instead of per page (listwise)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--nets", action="store_true", help="body blocks: two small nets instead of boosted trees")
    ap.add_argument("--hidden", type=int, default=NetSize.hidden, help="with --nets")
    ap.add_argument("--epochs", type=int, default=NetSize.epochs, help="with --nets")
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--reuse-blocks", action="store_true",
                    help="blocks: keep the block trees already in --folds DIR/<k>/ and --out, train the body chooser only")
    args = ap.parse_args()
    what = set(args.what.split(","))
    bench = args.shared / "benchmarks" / "extraction"
    roots = {name: bench / name for name in SETS if (bench / name).is_dir()}
    if not roots:  # else every model would be trained on nothing, and the report would say 0 pages
        ap.error(f"{bench}: none of the sets {', '.join(SETS)} is there (give --shared)")
    sites = site_groups(list(roots.values()))
    if args.restamp:
        for root in roots.values():
            restamp(root, args.cache)
            if (root / "other").is_dir():
                restamp(root, args.cache, "other")
    if what & {"blocks", "pagetype"}:
        sets = [featurise(root, args.cache) for root in roots.values()]
        others = [featurise(root, args.cache, "other") for root in roots.values() if (root / "other").is_dir()]
    elif not what & {"meta"}:  # the scraped-text rankers alone read no HTML
        sets, others = [], []
    else:  # the metadata rankers alone: their candidates, without the block features
        sets, others = [featurise_meta(root, args.cache) for root in roots.values()], []
    pages = collect(sets, roots, sites)
    choices = collect_choices(sets, roots, sites)
    types = collect_pagetypes(sets + others, sites)
    text_authors = collect_text_authors(roots, args.cache, sites) if "textauthors" in what else None
    text_titles = collect_text_titles(roots, args.cache, sites) if "texttitles" in what else None
    if args.folds and what & {"textauthors", "texttitles"}:
        line_folds(args.folds, args.shared, args.seed)
    size = NetSize(hidden=args.hidden, epochs=args.epochs) if args.nets else None
    print(f"{len(pages.x)} pages, {sum(map(len, pages.y))} blocks, {len(block_feats.feature_names())} features",
          file=sys.stderr)
    fold = [fold_of(s) for s in pages.site]
    # the body chooser (trees only) learns from every page's leave-site-out block scores and the rules' body
    choosing = "blocks" in what and not args.nets
    texts = {f"{d.name}/{p}": d.texts[d.page_rows(i)] for d in sets for i, p in enumerate(d.pages)}
    readings = {f"{name}/{page}": read for name, root in roots.items()
                for page, read in rules_readings(root, args.cache).items()} if choosing else {}
    if args.folds or args.report:
        probs: dict[int, np.ndarray] = {}
        block_models: dict[int, BlockModel] = {}
        picks: dict[str, dict[int, int]] = {f: {} for f in choices}
        floors: dict[int, float | None] = {}  # each fold's author floor (:func:`author_floor`)
        verdicts: dict[int, float] = {}
        text_picks: dict[int, int] = {}
        title_picks: dict[int, int] = {}
        for k in range(FOLDS):
            began = time.time()
            where = args.folds / str(k) if args.folds else None
            if where:
                where.mkdir(parents=True, exist_ok=True)
            if "blocks" in what:
                block_models[k] = reused(where) if args.reuse_blocks and where else \
                    train_blocks(pages, [i for i in range(len(fold)) if fold[i] != k], args.seed, size)
                for i in (i for i in range(len(fold)) if fold[i] == k):
                    probs[i] = block_models[k].predict(pages.x[i], pages.groups[i])
            if "meta" in what:
                nets = {}
                for field, ch in choices.items():
                    test = [i for i in range(len(ch.site)) if fold_of(ch.site[i]) == k]
                    train = [i for i in range(len(ch.site)) if fold_of(ch.site[i]) != k]
                    nets[field] = train_ranker(ch, train, args.seed, field in LISTWISE, trees=field in RANK_TREES)
                    if field == "author":
                        floors[k] = author_floor(ch, train, args.seed)
                    for i in test:
                        picks[field][i] = choose(nets[field], ch.rows[i], ch.cascade[i], field,
                                                 floors[k] if field == "author" else None)
                if where:
                    save_rankers(where / META_NAME, nets, row_widths(choices), floors[k], fold=np.array(k),
                                 seed=np.array(args.seed))
            if "pagetype" in what:
                net, cut = train_pagetype(types, [i for i in range(len(types.site)) if fold_of(types.site[i]) != k],
                                          args.seed)
                for i in (i for i in range(len(types.site)) if fold_of(types.site[i]) == k):
                    verdicts[i] = float(net.predict(types.rows[i][None, :])[0] >= cut)
                if where:
                    np.savez_compressed(where / TYPE_NAME, names=np.array(PAGE_NAMES), **net.arrays(""),
                                        threshold=np.array(cut), fold=np.array(k), seed=np.array(args.seed))
            if text_authors is not None:
                ch = text_authors
                ranker = train_text_ranker(ch, [i for i in range(len(ch.site)) if fold_of(ch.site[i]) != k],
                                           args.seed, not args.pointwise)
                for i in (i for i in range(len(ch.site)) if fold_of(ch.site[i]) == k):
                    text_picks[i] = text_pick(ranker, ch.rows[i], ch.cascade[i])
                if where and ranker is not None:
                    save_text_authors(where / TEXT_AUTHORS_NAME, *ranker, fold=np.array(k), seed=np.array(args.seed))
            if text_titles is not None:
                ch = text_titles
                nets = train_ranker(ch, [i for i in range(len(ch.site)) if fold_of(ch.site[i]) != k], args.seed, True,
                                    TEXT_ENSEMBLE)
                for i in (i for i in range(len(ch.site)) if fold_of(ch.site[i]) == k):
                    title_picks[i] = choose(nets, ch.rows[i], ch.cascade[i])
                if where and nets:
                    save_text_titles(where / TEXT_TITLES_NAME, nets, fold=np.array(k), seed=np.array(args.seed))
            print(f"  fold {k}: {time.time() - began:.0f} s", file=sys.stderr)
        if "blocks" in what:  # each fold's chooser learns from the other folds' leave-site-out scores
            body_picks = collect_picks(pages, probs, texts, readings, args.shared, roots) if choosing else None
            for k, model in block_models.items():
                if body_picks is not None:
                    model.chooser = fit_chooser(body_picks, [j for j, i in enumerate(body_picks.index) if fold[i] != k],
                                                args.seed, pick_sets(pages, body_picks))
                if args.folds:
                    model.save(args.folds / str(k) / WEIGHTS_NAME, fold=np.array(k), seed=np.array(args.seed))
        if args.folds:
            (args.folds / "sites.json").write_text(json.dumps(key_folds(list(roots.values())), indent=0))
        if args.report and "blocks" in what:
            bodies = {pages.ident[i]: "\n".join(t for t, keep in zip(texts[pages.ident[i]], keep_blocks(p, args.threshold))
                                                if keep) for i, p in probs.items()}
            for name, (p, r, f) in offline_scores(args.shared, roots, bodies).items():
                print(f"{name:<22} P {p:.3f} R {r:.3f} F1 {f:.3f}")
            if body_picks is not None:
                chosen = {}
                for k, model in block_models.items():
                    for j, i in enumerate(body_picks.index):
                        if fold[i] == k:
                            better = model.chooser.predict(body_picks.rows[j][None, :])[0] >= PICK
                            chosen[pages.ident[i]] = (body_picks.learned if better else body_picks.rules)[i]
                for label, bodies in (("rules' body", body_picks.rules), ("classifier's body", body_picks.learned)):
                    for name, (p, r, f) in offline_scores(args.shared, roots, {pages.ident[i]: b for i, b in bodies.items()}).items():
                        print(f"{name:<22} {label} (as at run time): P {p:.3f} R {r:.3f} F1 {f:.3f}")
                for name, (p, r, f) in offline_scores(args.shared, roots, chosen).items():
                    print(f"{name:<22} picked (rules' body or the classifier's): P {p:.3f} R {r:.3f} F1 {f:.3f}")
        if args.report and "meta" in what:
            meta_report(choices, picks)
        if args.report and text_authors is not None:
            authored = [i for i in range(len(text_authors.site)) if text_authors.authored[i]]
            meta_report({"text author": text_authors}, {"text author": {i: text_picks[i] for i in authored}})
            text_report(text_authors, text_picks)
        if args.report and text_titles is not None:
            meta_report({"text title": text_titles}, {"text title": title_picks})
        if args.report and "pagetype" in what:
            for name in sorted({t.split("/")[0] for t in types.ident}):
                idx = [i for i in verdicts if types.ident[i].startswith(name + "/")]
                arts = [i for i in idx if not types.other[i]]
                rest = [i for i in idx if types.other[i]]
                rules = PAGE_NAMES.index("rules_other")
                print(f"pagetype {name:<18} articles kept {sum(verdicts[i] < 0.5 for i in arts)}/{len(arts)}"
                      f" (rules {sum(types.rows[i][rules] < 0.5 for i in arts)})  non-articles refused"
                      f" {sum(verdicts[i] >= 0.5 for i in rest)}/{len(rest)} (rules {sum(types.rows[i][rules] >= 0.5 for i in rest)})")
            kinds = page_kinds(roots)  # which kinds of non-article page the learned verdict lets through
            rest = [i for i in verdicts if types.other[i] and types.ident[i] in kinds]
            for kind in sorted({kinds[types.ident[i]] for i in rest}):
                of = [i for i in rest if kinds[types.ident[i]] == kind]
                print(f"pagetype   {kind:<16} refused {sum(verdicts[i] >= 0.5 for i in of)}/{len(of)}")
    if not args.no_ship:
        args.out.mkdir(parents=True, exist_ok=True)
        if "blocks" in what:
            model = reused(args.out) if args.reuse_blocks else train_blocks(pages, list(range(len(fold))), args.seed, size)
            if choosing:
                if not (args.folds or args.report):
                    body_picks = collect_picks(pages, loso_block_probs(pages, fold, args.seed, size), texts, readings,
                                               args.shared, roots)
                model.chooser = fit_chooser(body_picks, list(range(len(body_picks.index))), args.seed,
                                            pick_sets(pages, body_picks))
            model.save(args.out / WEIGHTS_NAME, fold=np.array(-1), seed=np.array(args.seed))
            print(f"wrote {args.out / WEIGHTS_NAME}", file=sys.stderr)
        if "meta" in what:
            nets = {field: train_ranker(ch, list(range(len(ch.site))), args.seed, field in LISTWISE,
                                        trees=field in RANK_TREES) for field, ch in choices.items()}
            floor = author_floor(choices["author"], list(range(len(choices["author"].site))), args.seed)
            save_rankers(args.out / META_NAME, nets, row_widths(choices), floor, fold=np.array(-1),
                         seed=np.array(args.seed))
            print(f"wrote {args.out / META_NAME}", file=sys.stderr)
        if text_authors is not None:
            ranker = train_text_ranker(text_authors, list(range(len(text_authors.site))), args.seed, not args.pointwise)
            save_text_authors(args.out / TEXT_AUTHORS_NAME, *ranker, fold=np.array(-1), seed=np.array(args.seed))
            print(f"wrote {args.out / TEXT_AUTHORS_NAME}", file=sys.stderr)
        if text_titles is not None:
            nets = train_ranker(text_titles, list(range(len(text_titles.site))), args.seed, True, TEXT_ENSEMBLE)
            save_text_titles(args.out / TEXT_TITLES_NAME, nets, fold=np.array(-1), seed=np.array(args.seed))
            print(f"wrote {args.out / TEXT_TITLES_NAME}", file=sys.stderr)
        if "pagetype" in what:
            net, cut = train_pagetype(types, list(range(len(types.site))), args.seed)
            np.savez_compressed(args.out / TYPE_NAME, names=np.array(PAGE_NAMES), **net.arrays(""),
                                threshold=np.array(cut), fold=np.array(-1), seed=np.array(args.seed))
            print(f"wrote {args.out / TYPE_NAME}", file=sys.stderr)


if __name__ == "__main__":
    main()
