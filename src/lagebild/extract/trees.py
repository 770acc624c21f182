"""Gradient-boosted trees as plain arrays, evaluated in numpy (no tree library at run time).

The trees are trained by LightGBM in ``scripts/train_extract.py`` (binary cross-entropy: the sum of the
leaves is a log-odds) and exported to five arrays, one row per tree, padded to the largest tree:
``feature`` and ``threshold`` of each split node, ``left`` and ``right`` children (a child ``c < 0`` is the
leaf ``~c``), ``leaf`` values. A row goes left when its feature is ``<= threshold`` (LightGBM's numerical
split; the features here are never missing). All trees step together, one tree level per step, so a page
costs ``depth`` vectorised steps instead of a Python loop over trees and nodes.
"""

from __future__ import annotations

import numpy as np

PARAMS = ("feature", "threshold", "left", "right", "leaf")
_CHUNK = 4096  # rows evaluated at once


class Trees:
    """A boosted ensemble whose summed leaves are log-odds; :meth:`predict` gives probabilities."""

    def __init__(self, params: dict[str, np.ndarray]):
        self.params = params
        self.depth = int(params["depth"]) if "depth" in params else _depth(params)

    def log_odds(self, features: np.ndarray) -> np.ndarray:
        if len(features) > _CHUNK:  # a (rows x trees) table per step: bounded memory for long inputs
            return np.concatenate([self.log_odds(features[i:i + _CHUNK]) for i in range(0, len(features), _CHUNK)])
        p = self.params
        n, trees = len(features), len(p["leaf"])
        if not n:
            return np.zeros(0)
        tree = np.arange(trees)[None, :]
        node = np.zeros((n, trees), dtype=np.int32)  # every row at every tree's root
        rows = np.arange(n)[:, None]
        for _ in range(self.depth):
            inner = node >= 0
            if not inner.any():
                break
            at = np.where(inner, node, 0)
            go_left = features[rows, p["feature"][tree, at]] <= p["threshold"][tree, at]
            node = np.where(inner, np.where(go_left, p["left"][tree, at], p["right"][tree, at]), node)
        return p["leaf"][tree, ~node].sum(axis=1)

    def predict(self, features: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-np.clip(self.log_odds(features), -30, 30)))

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {f"{prefix}{k}": v for k, v in self.params.items()}

    @classmethod
    def read(cls, data, prefix: str) -> Trees:
        """The trees stored under ``prefix`` in an opened ``.npz``."""
        return cls({k: data[f"{prefix}{k}"] for k in PARAMS})


def _depth(params: dict[str, np.ndarray]) -> int:
    """The deepest leaf of any tree: the steps :meth:`Trees.log_odds` needs."""
    deepest = 0
    for left, right in zip(params["left"], params["right"]):
        level, depth = [0], 0
        while level:
            depth += 1
            level = [c for i in level for c in (left[i], right[i]) if c >= 0]
        deepest = max(deepest, depth)
    return deepest


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
