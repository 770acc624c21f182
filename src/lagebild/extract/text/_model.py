"""The line classifier: two stacked small networks over :mod:`._features`, in numpy.

Stage one scores each line from its own features; stage two sees the same features plus stage one's
scores of the neighbouring lines (a line between two paragraphs is more likely text than one among
menu items). Weights live in ``lagebild/models/textlines.npz`` and are reproduced by
``scripts/train_textlines.py`` (labels from lagebild's own HTML extraction of the same pages; a weights folder of
``ExtractSettings.model_dir`` may hold its own, e.g. a leave-site-out fold's or one trained on the benchmark
sets' ground truth, see :func:`load_from`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from ...errors import ModelError
from ..nets import PARAMS as _PARAMS
from ..nets import Net
from ._features import OFFSETS, WINDOWS, feature_names, shift, window_mean

WEIGHTS = Path(__file__).resolve().parents[2] / "models" / "textlines.npz"


def context(features: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Stage two's input: the line features plus stage one's scores around each line."""
    cols = [p] + [shift(p, o) for o in OFFSETS] + [window_mean(p, w) for w in WINDOWS]
    before = np.maximum.accumulate(np.r_[0.0, p[:-1]]) if len(p) else p
    after = np.maximum.accumulate(np.r_[0.0, p[::-1][:-1]])[::-1] if len(p) else p
    cols += [before, after, p / max(float(p.max(initial=0.0)), 1e-6)]
    return np.hstack([features, np.column_stack(cols)])


class LineModel:
    """P(line belongs to the article text) for each row of a page's feature matrix."""

    def __init__(self, first: Net, second: Net):
        self.first, self.second = first, second

    def predict(self, features: np.ndarray) -> np.ndarray:
        return self.second.predict(context(features, self.first.predict(features)))

    def save(self, path: Path, **extra: np.ndarray) -> None:
        arrays = {f"s1_{k}": v for k, v in self.first.params.items()}
        arrays.update({f"s2_{k}": v for k, v in self.second.params.items()})
        np.savez_compressed(path, names=np.array(feature_names()), **arrays, **extra)


def load(path: Path | None = None) -> LineModel:
    """The model at ``path`` (default: the shipped one, :data:`WEIGHTS`); ModelError when missing or stale."""
    return _load(path or WEIGHTS)


def load_from(model_dir: str | None) -> LineModel:
    """The line model of a weights folder (``ExtractSettings.model_dir``, e.g. a leave-site-out fold's), the shipped
    one when the folder holds none (as the other learned parts, a folder may hold only some of the weights)."""
    path = Path(model_dir) / WEIGHTS.name if model_dir else None
    return load(path if path is not None and path.exists() else None)


@lru_cache(maxsize=8)
def _load(path: Path) -> LineModel:
    try:
        data = np.load(path, allow_pickle=False)
        with data:
            if list(data["names"]) != feature_names():
                raise ModelError(f"text line model {path.name} was trained on other features; "
                                 "rerun scripts/train_textlines.py")
            return LineModel(Net({k: data[f"s1_{k}"] for k in _PARAMS}), Net({k: data[f"s2_{k}"] for k in _PARAMS}))
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(f"text line model {path.name} cannot be read: {exc}") from exc
