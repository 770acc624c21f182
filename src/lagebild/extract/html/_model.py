"""The body classifier: P(block belongs to the article body) for each text block of a page.

Two stacked stages over :mod:`._features`, each gradient-boosted trees (:class:`lagebild.extract.trees.Trees`,
the shipped weights) or a small network (:class:`lagebild.extract.nets.Net`, weights of before): stage one scores
each block from its own features; stage two also sees stage one's scores around it — the blocks before
and after, and the blocks sharing its parent, grandparent and great-grandparent (an article's paragraphs
sit together in one container, a teaser among them does not look like its neighbours). Weights live in
``lagebild/models/htmlblocks.npz``, trained by ``scripts/train_extract.py`` on four benchmark sets.
"""

from __future__ import annotations

import zlib
from functools import lru_cache
from pathlib import Path

import numpy as np

from ...errors import ModelError
from ..nets import Net
from ..trees import Trees
from ._choose import NAMES as CHOOSER_NAMES
from ._features import LEVELS, feature_names

WEIGHTS_NAME = "htmlblocks.npz"
WEIGHTS = Path(__file__).resolve().parents[2] / "models" / WEIGHTS_NAME
OFFSETS = (-3, -2, -1, 1, 2, 3)
WINDOWS = (2, 6, 15)


def _shift(col: np.ndarray, offset: int) -> np.ndarray:
    out = np.zeros_like(col)
    if offset > 0:
        out[:-offset] = col[offset:]
    elif offset < 0:
        out[-offset:] = col[:offset]
    return out


def _window(col: np.ndarray, weight: np.ndarray, radius: int) -> np.ndarray:
    """Weighted mean of ``col`` over the blocks within ``radius`` of each block."""
    cum = np.concatenate([[0.0], np.cumsum(col * weight)])
    norm = np.concatenate([[0.0], np.cumsum(weight)])
    idx = np.arange(len(col))
    lo, hi = np.clip(idx - radius, 0, len(col)), np.clip(idx + radius + 1, 0, len(col))
    return (cum[hi] - cum[lo]) / np.maximum(norm[hi] - norm[lo], 1e-9)


def context(features: np.ndarray, groups: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Stage two's input: the block features plus stage one's scores around each block."""
    weight = np.expm1(features[:, 0].astype(np.float64)) + 1.0  # characters (feature 0 is their log)
    cols = [p] + [_shift(p, o) for o in OFFSETS] + [_window(p, weight, r) for r in WINDOWS]
    for level in range(LEVELS):
        g = groups[:, level]
        ok = g >= 0
        mean = np.zeros(len(p))
        top = np.zeros(len(p))
        if ok.any():
            size = int(g.max()) + 1
            sums = np.bincount(g[ok], weights=(p * weight)[ok], minlength=size)
            norms = np.bincount(g[ok], weights=weight[ok], minlength=size)
            highs = np.zeros(size)
            np.maximum.at(highs, g[ok], p[ok])
            mean[ok] = sums[g[ok]] / np.maximum(norms[g[ok]], 1e-9)
            top[ok] = highs[g[ok]]
        cols += [mean, top]
    before = np.maximum.accumulate(np.r_[0.0, p[:-1]]) if len(p) else p
    after = np.maximum.accumulate(np.r_[0.0, p[::-1][:-1]])[::-1] if len(p) else p
    cols += [before, after, p / max(float(p.max(initial=0.0)), 1e-6)]
    return np.hstack([features, np.column_stack(cols).astype(features.dtype)])


class BlockModel:
    """Stage one, then stage two over stage one's scores in context; and, when trained with it, the chooser
    between the rules' body and the classifier's (:mod:`._choose`)."""

    def __init__(self, first: Net | Trees, second: Net | Trees, chooser: Trees | None = None):
        self.first, self.second, self.chooser = first, second, chooser

    def predict(self, features: np.ndarray, groups: np.ndarray) -> np.ndarray:
        if not len(features):
            return np.zeros(0)
        return self.second.predict(context(features, groups, self.first.predict(features)))

    def save(self, path: Path, **extra: np.ndarray) -> None:
        chooser = {"c_key": np.array(chooser_key()), **self.chooser.arrays("c_")} if self.chooser else {}
        np.savez_compressed(path, names=np.array(feature_names()), **self.first.arrays("s1_"),
                            **self.second.arrays("s2_"), **chooser, **extra)


def chooser_key() -> int:
    """The chooser's feature names as one number (the weights hold numbers and the block feature names only)."""
    return zlib.crc32("\n".join(CHOOSER_NAMES).encode())


def load(folder: Path | None = None) -> BlockModel:
    """The model in ``folder`` (default: the shipped one); ModelError when missing or stale."""
    return _load(folder / WEIGHTS_NAME if folder else WEIGHTS)


@lru_cache(maxsize=8)
def _load(path: Path) -> BlockModel:
    try:
        with np.load(path, allow_pickle=False) as data:
            if list(data["names"]) != feature_names():
                raise ModelError(f"body block model {path} was trained on other features; "
                                 "rerun scripts/train_extract.py")
            kind = Trees if "s1_leaf" in data.files else Net
            chooser = None
            if "c_leaf" in data.files:
                if int(data["c_key"]) != chooser_key():
                    raise ModelError(f"body chooser in {path} was trained on other features; rerun scripts/train_extract.py")
                chooser = Trees.read(data, "c_")
            return BlockModel(kind.read(data, "s1_"), kind.read(data, "s2_"), chooser)
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(f"body block model {path} cannot be read: {exc}") from exc
