"""The line classifier: a small two-layer network over :mod:`._text_features`, in numpy.

Weights live in ``lagebild/models/textlines.npz`` and are reproduced by ``scripts/train_textlines.py``
(labels from trafilatura run on the HTML of the same pages, never from benchmark ground truth).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import ModelError
from ._text_features import feature_names

WEIGHTS = Path(__file__).resolve().parents[1] / "models" / "textlines.npz"


class LineModel:
    """P(line belongs to the article text) for each row of a feature matrix."""

    def __init__(self, params: dict[str, np.ndarray]):
        self.mean, self.scale = params["mean"], params["scale"]
        self.w1, self.b1, self.w2, self.b2 = params["w1"], params["b1"], params["w2"], params["b2"]

    def predict(self, features: np.ndarray) -> np.ndarray:
        x = (features - self.mean) / self.scale
        hidden = np.tanh(x @ self.w1 + self.b1)
        z = np.clip(hidden @ self.w2 + self.b2, -30, 30)
        return 1.0 / (1.0 + np.exp(-z))

    def save(self, path: Path, **extra: np.ndarray) -> None:
        names = np.array(feature_names())
        np.savez_compressed(path, mean=self.mean, scale=self.scale, w1=self.w1, b1=self.b1, w2=self.w2,
                            b2=self.b2, names=names, **extra)


@lru_cache(maxsize=4)
def load(path: Path = WEIGHTS) -> LineModel:
    """The shipped model; ModelError when the weights are missing or were trained on other features."""
    try:
        data = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as exc:
        raise ModelError(f"text line model {path.name} cannot be read: {exc}") from exc
    with data:
        if list(data["names"]) != feature_names():
            raise ModelError(f"text line model {path.name} was trained on other features; rerun scripts/train_textlines.py")
        return LineModel({k: data[k] for k in ("mean", "scale", "w1", "b1", "w2", "b2")})
