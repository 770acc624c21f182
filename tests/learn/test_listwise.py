"""The shared listwise trainer (lagebild.learn.listwise) on made-up choices: it learns which candidate is right,
when no candidate is, and as a linear full-batch scorer; and it is deterministic per seed."""

from __future__ import annotations

import numpy as np
import pytest

from lagebild.extract.nets import Net

pytest.importorskip("torch")

from lagebild.learn.listwise import train  # noqa: E402


def _choices(rng, n: int, lift: float, authorless: bool = False) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Choices of 3-8 noise candidates where the right one stands out in one column; with ``authorless`` every
    other choice has no right candidate."""
    rows, hits = [], []
    for page in range(n):
        k = int(rng.integers(3, 9))
        x = rng.normal(size=(k, 4))
        right = -1 if authorless and page % 2 == 0 else int(rng.integers(k))
        if right >= 0:
            x[right, 2] += lift
        rows.append(x)
        hits.append(np.arange(k) == right)
    return rows, hits


def _right(score, rows, hits) -> int:
    return sum(bool(h[int(np.argmax(score(r)))]) for r, h in zip(rows, hits))


@pytest.mark.parametrize("pointwise", [False, True])
def test_the_ranker_learns_which_candidate_is_right(pointwise):
    rng = np.random.default_rng(3)
    rows, hits = _choices(rng, 120, 2.5)
    net = Net(train(rows, hits, seed=5, epochs=30, pointwise=pointwise).params)
    test_rows, test_hits = _choices(rng, 60, 2.5)
    assert _right(net.predict, test_rows, test_hits) >= 50


def test_the_ranker_learns_when_no_candidate_is_right():
    rng = np.random.default_rng(4)
    rows, hits = _choices(rng, 200, 3.0, authorless=True)
    trained = train(rows, hits, seed=5, epochs=30, null=True)
    net = Net(trained.params)
    test_rows, test_hits = _choices(rng, 80, 3.0, authorless=True)
    spoken = [net.predict(r).max() > 1 / (1 + np.exp(-trained.null)) for r in test_rows]  # the best beats "none"
    authored = [bool(h.any()) for h in test_hits]
    right = sum(s and bool(h[int(np.argmax(net.predict(r)))])
                for s, r, h in zip(spoken, test_rows, test_hits) if h.any())
    assert right >= 0.8 * sum(authored)
    assert sum(s for s, a in zip(spoken, authored) if not a) <= 0.2 * authored.count(False)


def test_a_linear_full_batch_scorer_weighs_the_telling_column():
    rng = np.random.default_rng(5)
    rows, hits = _choices(rng, 150, 2.0)
    params = train(rows, hits, seed=0, hidden=0, epochs=200, lr=0.05, batch=None, anneal=False).params
    assert set(params) == {"mean", "scale", "w"}
    assert int(np.argmax(np.abs(params["w"]))) == 2 and params["w"][2] > 0
    test_rows, test_hits = _choices(rng, 60, 2.0)
    assert _right(lambda r: ((r - params["mean"]) / params["scale"]) @ params["w"], test_rows, test_hits) >= 40


def test_the_same_seed_gives_the_same_weights_and_another_seed_others():
    rows, hits = _choices(np.random.default_rng(6), 60, 2.0)
    a, b, c = (train(rows, hits, seed=s, epochs=5).params for s in (7, 7, 8))
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert not np.array_equal(a["w1"], c["w1"])
