"""The small networks the extraction classifiers share, as a numpy forward pass.

One hidden tanh layer over standardised inputs and one sigmoid output: the scraped-text line classifier
(:mod:`.text._model`) and the HTML block classifier (:mod:`.html._model`) stack two of them, the
metadata rankers use one. Training lives in ``scripts/``; weights are plain ``.npz`` arrays.
"""

from __future__ import annotations

import numpy as np

PARAMS = ("mean", "scale", "w1", "b1", "w2", "b2")
# OpenBLAS runs a matrix product on several threads once rows x columns x depth passes 262,144; for
# products this small the threads cost far more than they save, most of all on a busy machine (a page's
# 300 x 320 x 24 product: 0.3 ms on one thread, 13 ms on two under load). Rows go in chunks below that.
_ONE_THREAD = 250_000


def dot(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """``x @ w``, in row chunks small enough for OpenBLAS to stay on one thread."""
    rows = max(1, _ONE_THREAD // max(1, w.shape[0] * (w.shape[1] if w.ndim > 1 else 1)))
    if x.shape[0] <= rows:
        return x @ w
    return np.concatenate([x[i:i + rows] @ w for i in range(0, x.shape[0], rows)])


class Net:
    """One hidden tanh layer, one sigmoid output, inputs standardised."""

    def __init__(self, params: dict[str, np.ndarray]):
        self.params = params

    def predict(self, features: np.ndarray) -> np.ndarray:
        p = self.params
        hidden = np.tanh(dot((features - p["mean"]) / p["scale"], p["w1"]) + p["b1"])
        z = np.clip(hidden @ p["w2"] + p["b2"], -30, 30)
        return 1.0 / (1.0 + np.exp(-z))

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {f"{prefix}{k}": v for k, v in self.params.items()}

    @classmethod
    def read(cls, data, prefix: str) -> Net:
        """The network stored under ``prefix`` in an opened ``.npz``."""
        return cls({k: data[f"{prefix}{k}"] for k in PARAMS})


def log_odds(nets: list[Net], x: np.ndarray) -> np.ndarray:
    """The rows' summed log-odds under an ensemble of nets (nets of successive seeds): one ranking from several."""
    total = np.zeros(len(x))
    for net in nets:
        p = np.clip(net.predict(x), 1e-12, 1 - 1e-12)
        total += np.log(p) - np.log1p(-p)
    return total
