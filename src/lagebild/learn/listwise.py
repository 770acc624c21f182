"""Listwise training of a candidate scorer: one trainer for every "pick the right one of these" choice.

An example is a choice among candidates — a page's title candidates (``metadata.npz``), a scraped page's byline
readings (``textauthors.npz``), a quotation's speaker phrases (the quote ranker) — given as a feature row per
candidate and which candidates are right. The scorer (a linear map, or one tanh hidden layer and a linear output,
over standardised features) is trained so that the softmax of the scores over each choice's candidates puts its
mass on the right ones: the loss is minus the log of that mass, averaged over the choices of a batch. A score then
only has to beat the same choice's other candidates, never an absolute bar.

``null``: every choice also offers "none of these", a pseudo-candidate whose score is one learned number, right
on a choice none of whose candidates is (a page without an author); the caller compares the best score to it.
``pointwise``: the yes/no cross-entropy of each candidate instead, each choice weighing the same (a baseline).

Adam over batches of whole choices (one tensor operation per batch), the batches reshuffled each epoch, the
rate halved every epoch after the first half when ``anneal``; deterministic per seed on one thread. The arrays
returned are those :class:`lagebild.extract.nets.Net` reads (``mean``, ``scale``, ``w1``, ``b1``, ``w2``, ``b2``)
or, with ``hidden=0``, ``mean``, ``scale`` and ``w``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Trained:
    """A trained scorer's arrays (float32), and the learned "none of these" score (``null`` training only)."""

    params: dict[str, np.ndarray]
    null: float | None = None


def train(rows: list[np.ndarray], hits: list[np.ndarray], seed: int, *, hidden: int = 8, epochs: int = 40,
          lr: float = 1e-2, l2: float = 1e-3, batch: int | None = 32, anneal: bool = True, null: bool = False,
          pointwise: bool = False) -> Trained:
    """A scorer trained on the choices ``rows[i]`` (candidates x features) with right candidates ``hits[i]``.

    ``batch=None``: every choice in one batch (full-batch Adam, ``epochs`` steps). ``l2`` is Adam's coupled
    weight decay on the layers (not on the "none" score)."""
    import torch

    torch.manual_seed(seed)
    torch.set_num_threads(1)
    x = np.vstack(rows)
    mean = x.mean(axis=0).astype(np.float32)
    scale = (x.std(axis=0) + 1e-3).astype(np.float32)
    # all candidates in one tensor; a batch gathers its choices' rows (the same values, in the same order, as
    # concatenating per-choice tensors, at a fraction of the cost when the choices are many and small)
    xs = torch.from_numpy(((x - mean) / scale).astype(np.float32))
    ys = torch.from_numpy(np.concatenate([np.asarray(h) for h in hits]).astype(np.float32))
    sizes = np.array([len(r) for r in rows])
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    none = torch.from_numpy(np.array([not np.any(h) for h in hits], dtype=np.float32))
    layers = _layers(x.shape[1], hidden)
    opt = torch.optim.Adam([p for layer in layers for p in layer.parameters()], lr=lr, weight_decay=l2)
    gen = torch.Generator().manual_seed(seed)
    nu = torch.zeros(1, requires_grad=True)
    if null:
        opt.add_param_group({"params": [nu], "weight_decay": 0.0})
    size = batch or len(rows)
    for epoch in range(epochs):
        for g in opt.param_groups:
            g["lr"] = lr * (0.5 ** max(0, epoch - epochs // 2)) if anneal else lr
        order = torch.randperm(len(rows), generator=gen).numpy()
        for start in range(0, len(order), size):
            chosen = order[start:start + size]
            within = np.cumsum(sizes[chosen]) - sizes[chosen]  # where each chosen choice begins in the batch
            idx = torch.from_numpy(np.repeat(starts[chosen] - within, sizes[chosen]) + np.arange(sizes[chosen].sum()))
            seg = torch.from_numpy(np.repeat(np.arange(len(chosen)), sizes[chosen]))
            z = _score(layers, xs[idx])
            loss = _loss(z, ys[idx], seg, len(chosen), nu if null else None, none[torch.from_numpy(chosen)], pointwise)
            opt.zero_grad()
            loss.backward()
            opt.step()
    return Trained(_arrays(mean, scale, layers), float(nu.detach()[0]) if null else None)


def _layers(d: int, hidden: int) -> list:
    """The scorer's layers, created in this order from the seeded generator: a tanh layer and a linear output,
    or (``hidden=0``) one linear map without bias, starting at zero (every candidate scoring the same)."""
    import torch

    if hidden > 0:
        return [torch.nn.Linear(d, hidden), torch.nn.Linear(hidden, 1)]
    linear = torch.nn.Linear(d, 1, bias=False)
    torch.nn.init.zeros_(linear.weight)
    return [linear]


def _score(layers: list, x):
    import torch

    if len(layers) == 1:
        return layers[0](x).squeeze(1)
    return layers[1](torch.tanh(layers[0](x))).squeeze(1)


def _loss(z, yb, seg, n: int, nu, none, pointwise: bool):
    """The batch's mean loss over its ``n`` choices (``seg``: each row's choice)."""
    import torch

    if pointwise:
        per = torch.nn.functional.binary_cross_entropy_with_logits(z, yb, reduction="none")
        sizes = torch.bincount(seg, minlength=n).float()
        return (per / sizes[seg]).sum() / n
    right = segment_logsumexp(z.masked_fill(yb == 0, -1e9), seg, n)
    if nu is None:
        return (segment_logsumexp(z, seg, n) - right).mean()
    # "none of these" is right where no candidate is
    right = torch.logaddexp(right, torch.where(none > 0, nu, torch.full_like(none, -1e9)))
    return (torch.logaddexp(segment_logsumexp(z, seg, n), nu) - right).mean()


def segment_logsumexp(z, seg, n: int):
    """log(sum(exp(z))) within each segment 0..n-1 of ``seg``."""
    import torch

    top = torch.full((n,), -1e9).scatter_reduce(0, seg, z, reduce="amax", include_self=True).detach()
    return torch.log(torch.zeros(n).index_add(0, seg, torch.exp(z - top[seg])) + 1e-30) + top


def _arrays(mean: np.ndarray, scale: np.ndarray, layers: list) -> dict[str, np.ndarray]:
    if len(layers) == 1:
        return {"mean": mean, "scale": scale, "w": layers[0].weight.detach().numpy()[0].copy()}
    first, out = layers
    return {"mean": mean, "scale": scale, "w1": first.weight.detach().numpy().T.copy(),
            "b1": first.bias.detach().numpy().copy(), "w2": out.weight.detach().numpy()[0].copy(),
            "b2": out.bias.detach().numpy().copy()}
