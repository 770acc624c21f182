"""Gradient-boosted trees as plain arrays, evaluated in numpy (no tree library at run time).

The trees are trained by LightGBM in ``scripts/train_extract.py`` (binary cross-entropy: the sum of the
leaves is a log-odds) and exported to five arrays, one row per tree, padded to the largest tree:
``feature`` and ``threshold`` of each split node, ``left`` and ``right`` children (a child ``c < 0`` is the
leaf ``~c``), ``leaf`` values. A row goes left when its feature is ``<= threshold`` (LightGBM's numerical
split; the features here are never missing). A page is scored by a few vectorised steps (:class:`Trees`),
not a Python loop over trees and nodes.
"""

from __future__ import annotations

import numpy as np

PARAMS = ("feature", "threshold", "left", "right", "leaf")
_CHUNK = 1024  # rows evaluated at once


class Trees:
    """A boosted ensemble whose summed leaves are log-odds; :meth:`predict` gives probabilities.

    Evaluated the QuickScorer way (Lucchese et al., SIGIR 2015) rather than by walking: every split of every
    tree is tested on every row at once (one gather, one comparison); a split whose test fails (the row goes
    right) rules out the leaves of its left subtree, a bit each; per tree and row, the leftmost leaf not ruled
    out is the one the row reaches. Walking the ~17 levels of these leaf-wise trees took ~45 ms per stage on
    a page of 170 blocks; this takes a few."""

    def __init__(self, params: dict[str, np.ndarray]):
        self.params = params
        self._feature, self._threshold, self._keep, self._starts, self._leaf = _tables(params)
        # float32 rows (the block features) are tested against the thresholds rounded down to float32: for a
        # float32 x, x > t exactly when x > (the largest float32 <= t), and the float32 gather moves half the bytes
        self._threshold32 = _down_to_float32(self._threshold)[:, None]
        self._threshold64 = self._threshold[:, None]
        self._keep_col = self._keep[:, None]
        self._everything = self._keep.dtype.type(-1 % (1 << 8 * self._keep.itemsize))
        self._trees = np.arange(len(self._leaf))[:, None]

    def log_odds(self, features: np.ndarray) -> np.ndarray:
        if len(features) > _CHUNK:  # a (splits x rows) table: bounded memory for long inputs
            return np.concatenate([self.log_odds(features[i:i + _CHUNK]) for i in range(0, len(features), _CHUNK)])
        if not len(features):
            return np.zeros(0)
        # splits x rows rather than rows x splits: each split's feature is then one contiguous row of the
        # transposed input, and the per-tree AND runs down the first axis (the whole tree step 11.9 -> 9.4 ms per
        # page, docs/benchmarks.md, x15b3)
        if features.dtype == np.float32:
            right = np.ascontiguousarray(features.T)[self._feature] > self._threshold32
        else:
            right = np.ascontiguousarray(features.T, dtype=np.float64)[self._feature] > self._threshold64
        alive = np.bitwise_and.reduceat(np.where(right, self._keep_col, self._everything), self._starts, axis=0)
        lowest = alive & (~alive + self._keep.dtype.type(1))  # a power of two: exact in float32 up to 2**63
        leftmost = np.frexp(lowest.astype(np.float32))[1] - 1
        # summed per row in the order the trees are stored (a contiguous row each), as before the transposition
        return np.ascontiguousarray(self._leaf[self._trees, leftmost].T).sum(axis=1)

    def predict(self, features: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-np.clip(self.log_odds(features), -30, 30)))

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {f"{prefix}{k}": v for k, v in self.params.items()}

    @classmethod
    def read(cls, data, prefix: str) -> Trees:
        """The trees stored under ``prefix`` in an opened ``.npz``."""
        return cls({k: data[f"{prefix}{k}"] for k in PARAMS})


def _down_to_float32(values: np.ndarray) -> np.ndarray:
    """Each float64 as the largest float32 not above it."""
    with np.errstate(over="ignore"):  # a threshold beyond float32's range becomes ±inf, still the right side
        out = values.astype(np.float32)
    above = out.astype(np.float64) > values
    out[above] = np.nextafter(out[above], np.float32(-np.inf))
    return out


def _tables(params: dict[str, np.ndarray]) -> tuple[np.ndarray, ...]:
    """The stored trees (children and leaves as LightGBM numbers them) as QuickScorer tables: every split's
    feature, threshold and the bits of the leaves it leaves alive when its test fails (all but its left
    subtree's, leaves numbered left to right per tree), each tree's first split, its leaves left to right."""
    if params["leaf"].shape[1] > 64:
        raise ValueError("trees of more than 64 leaves do not fit the 64-bit leaf sets")
    features, thresholds, keeps, starts = [], [], [], []
    leaves = np.zeros_like(params["leaf"])
    for t, (left, right) in enumerate(zip(params["left"], params["right"])):
        starts.append(len(features))
        order: list[int] = []  # LightGBM leaf numbers, left to right

        def walk(child: int) -> int:
            """Number the leaves below ``child`` in order; record its splits; the bits of its leaves."""
            if child < 0:
                order.append(~child)
                return 1 << (len(order) - 1)
            at = len(features)
            features.append(params["feature"][t, child])
            thresholds.append(params["threshold"][t, child])
            keeps.append(0)
            left_bits = walk(int(left[child]))
            keeps[at] = ~left_bits & 0xFFFF_FFFF_FFFF_FFFF
            return left_bits | walk(int(right[child]))

        if left[0] == right[0]:  # a tree of one leaf: one split that no row fails
            features.append(0)
            thresholds.append(np.inf)
            keeps.append(0xFFFF_FFFF_FFFF_FFFF)
            order.append(0)
        else:
            walk(0)
        leaves[t, : len(order)] = params["leaf"][t, order]
    bits = np.uint32 if params["leaf"].shape[1] <= 32 else np.uint64  # half the memory traffic when they fit
    mask = (1 << 8 * np.dtype(bits).itemsize) - 1
    return (np.array(features, np.int64), np.array(thresholds, np.float64), np.array([k & mask for k in keeps], bits),
            np.array(starts, np.int64), leaves)


def from_lightgbm(booster) -> Trees:
    """Export a trained LightGBM booster (``lightgbm.Booster``) to arrays: used by the training script only."""
    dumped = booster.dump_model()["tree_info"]
    nodes = max(1, max(t["num_leaves"] - 1 for t in dumped))
    leaves = max(t["num_leaves"] for t in dumped)
    feature = np.zeros((len(dumped), nodes), np.int32)
    threshold = np.zeros((len(dumped), nodes), np.float64)
    left = np.full((len(dumped), nodes), -1, np.int32)
    right = np.full((len(dumped), nodes), -1, np.int32)
    leaf = np.zeros((len(dumped), leaves), np.float64)
    for t, info in enumerate(dumped):
        root = info["tree_structure"]
        if "split_index" not in root:  # a tree of one leaf: the root sends every row to leaf 0 both ways
            leaf[t, 0] = root["leaf_value"]
            continue
        stack = [root]
        while stack:
            node = stack.pop()
            i = node["split_index"]
            if node.get("decision_type", "<=") != "<=":
                raise ValueError(f"tree {t}: split {node.get('decision_type')} is not a numerical '<=' split")
            feature[t, i], threshold[t, i] = node["split_feature"], node["threshold"]
            for side, out in (("left_child", left), ("right_child", right)):
                child = node[side]
                if "split_index" in child:
                    out[t, i] = child["split_index"]
                    stack.append(child)
                else:
                    out[t, i] = ~child["leaf_index"]
                    leaf[t, child["leaf_index"]] = child["leaf_value"]
    params = {"feature": feature, "threshold": threshold, "left": left, "right": right, "leaf": leaf}
    return Trees(params)
