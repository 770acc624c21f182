"""int8 matrix products for the e5 encoder: dynamic quantisation with smoothed inputs.

A dynamically quantised linear layer (``torch.ao``, fbgemm/VNNI kernels) multiplies int8 weights
(one scale per output row) by int8 activations (one scale per call). e5's activations have a few
channels a hundred times larger than the rest, so one activation scale wipes out the small
channels: plain int8 kept only cosine .87–.94 to the float32 hidden states of layer 8. Smoothing
(SmoothQuant, Xiao et al. 2023) divides input channel ``j`` by ``s_j`` and multiplies the weight's
column ``j`` by it — the same product in exact arithmetic — with ``s_j = max|x_j|^a / max|W_j|^(1-a)``,
which moves the outliers into the weights, where they are quantised per row. The channel maxima
come from a fixed calibration text (our own sentences below), enough because e5's outlier channels
are the same for every input.

The second feed-forward matrix (``fo``, reading GELU outputs) is left in float32 by the ``int8``
runtime: its outliers are per *token* (smoothing cannot move those, and one activation scale for the
whole call wipes out the ordinary tokens). The ``int8-rows`` runtime quantises it too for
NER's per-token states, with one activation scale per group of rows (tokens) whose largest absolute
values lie within a factor of two (:class:`RowGroupLinear`): a token with outliers gets its own scale
instead of imposing it on all. (The story embedding keeps float32 ``fo``: ECB+ lost .004 B-cubed.)
"""

from __future__ import annotations

import warnings

import numpy as np
import torch
from torch import nn

ALPHA = 0.65  # migration strength (0.5 balances activation and weight ranges; 0.65 was closest on our text)
MATRICES = ("qkv", "ao", "fi")  # the matrices made int8 (fo only in FO_INT8 layers)
# Layers (1-based) whose fo matrix is quantised too; the others keep it in float32.
FO_INT8: frozenset[int] = frozenset()

CALIBRATION = [  # our own sentences, German and English news register
    "Die Bundesregierung in Berlin hat am Mittwoch neue Hilfen für Landwirte beschlossen, wie ein Sprecher "
    "des Ministeriums mitteilte.",
    "Der Streik bei der Bahn soll nach Angaben der Gewerkschaft bis Freitag dauern; Pendler in München und "
    "Hamburg müssen mit Ausfällen rechnen.",
    "The United Nations said on Tuesday that more than 20,000 people had fled the fighting near the border, "
    "according to a statement.",
    "Shares of the carmaker fell 4.5 percent in New York after the company cut its forecast for 2025, citing "
    "weak demand in China.",
    "passage: Bürgermeisterin Anna Schulz (SPD) eröffnete das neue Klinikum am Rande der Altstadt.",
]


class SmoothedLinear(nn.Module):
    """``x @ W.T + b`` as ``int8(x / s) @ int8(W * s).T + b``."""

    def __init__(self, weight: torch.Tensor, bias: torch.Tensor, amax: torch.Tensor, alpha: float = ALPHA):
        super().__init__()
        weight, bias = weight.float(), bias.float()
        scale = amax.float().clamp(min=1e-5) ** alpha / weight.abs().amax(0).clamp(min=1e-5) ** (1 - alpha)
        self.register_buffer("inv", 1.0 / scale)
        lin = nn.Linear(weight.shape[1], weight.shape[0])
        lin.weight.data, lin.bias.data = weight * scale, bias
        qconfig = torch.ao.quantization.per_channel_dynamic_qconfig
        with warnings.catch_warnings():  # torch.ao's deprecation notices; the kernels are current
            warnings.simplefilter("ignore")
            self.linear = torch.ao.quantization.quantize_dynamic(nn.Sequential(lin), {nn.Linear: qconfig},
                                                                 dtype=torch.qint8)[0]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear(x * self.inv)


class RowGroupLinear(nn.Module):
    """``x @ W.T + b`` in int8 (weights per output row), the rows of ``x`` quantised in groups: rows
    whose absolute maximum falls in the same power-of-two bin share one activation scale."""

    def __init__(self, weight: torch.Tensor, bias: torch.Tensor):
        super().__init__()
        lin = nn.Linear(weight.shape[1], weight.shape[0])
        lin.weight.data, lin.bias.data = weight.float().clone(), bias.float().clone()
        qconfig = torch.ao.quantization.per_channel_dynamic_qconfig
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.linear = torch.ao.quantization.quantize_dynamic(nn.Sequential(lin), {nn.Linear: qconfig},
                                                                 dtype=torch.qint8)[0]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        rows = x.reshape(-1, x.shape[-1])
        # no |x| copy (the peaks from amax and amin)
        peak = torch.maximum(rows.amax(1), rows.amin(1).neg_())
        bins = torch.floor(torch.log2(peak.clamp_(min=1e-6)))
        counts = torch.unique(bins, return_counts=True)[1]
        if len(counts) == 1:
            return self.linear(x)
        # the rows sorted by bin once: each bin is a slice of one copy, its products written in place; one
        # scatter back. (One gathered copy and one output per bin, of a different size in every bin and
        # layer, fragmented glibc's heap: a 2,048-token group's peak grew ~10 MB per layer.)
        order = torch.argsort(bins, stable=True)
        gathered = rows.index_select(0, order)
        products = torch.empty(rows.shape[0], self.linear.out_features, dtype=x.dtype)
        start = 0
        for n in counts.tolist():
            products[start : start + n] = self.linear(gathered[start : start + n])
            start += n
        del gathered
        return torch.empty_like(products).index_copy_(0, order, products).view(*x.shape[:-1], -1)


def calibration_batch(tokenizer) -> tuple[np.ndarray, np.ndarray]:
    seqs = [[tokenizer.bos, *tokenizer.encode(s), tokenizer.eos] for s in CALIBRATION]
    lengths = np.array([len(s) for s in seqs])
    ids = np.full((len(seqs), lengths.max()), tokenizer.pad, dtype=np.int64)
    for r, s in enumerate(seqs):
        ids[r, : len(s)] = s
    return ids, lengths


@torch.inference_mode()
def input_maxima(encoder, layer_fn) -> list[dict[str, torch.Tensor]]:
    """Per layer, the largest absolute value of every input channel of each matrix on the calibration text."""
    ids, lengths = calibration_batch(encoder.tokenizer)
    t = ids.shape[1]
    mask = torch.arange(t)[None, :] < torch.as_tensor(lengths)[:, None]
    x = encoder.forward(ids, lengths, keep=(0,))[0].float()
    out = []
    for ly in encoder.layers:
        seen: dict[str, torch.Tensor] = {}
        x = layer_fn(x, ly, mask[:, None, None, :], encoder.cfg.heads, encoder.cfg.eps, seen)
        out.append({k: v[mask].abs().amax(0) for k, v in seen.items()})
    return out


def quantize(encoder, layer_fn) -> None:
    """Replace the float matrices of ``encoder.layers`` by smoothed int8 ones (in place)."""
    maxima = input_maxima(encoder, layer_fn)
    for i, (ly, amax) in enumerate(zip(encoder.layers, maxima), start=1):
        for name in ("qkv", "ao", "fi", "fo"):
            if name in MATRICES or (name == "fo" and i in FO_INT8):
                ly[name] = SmoothedLinear(*ly[name], amax[name], ALPHA)


def runtime(encoder) -> None:
    """The ``int8`` runtime (registry.runtimes): smoothed int8 matrices, float32 activations."""
    from .e5 import encoder_layer

    quantize(encoder, encoder_layer)


def runtime_rows(encoder) -> None:
    """The ``int8-rows`` runtime: ``int8``, plus every layer's ``fo`` in int8 with row-group scales
    for the callers that read per-token states for a tagger (``E5Encoder.forward(tagging=True)``)."""
    from .e5 import TAGGING_FO

    runtime(encoder)
    for ly in encoder.layers:
        if isinstance(ly["fo"], tuple):
            ly[TAGGING_FO] = RowGroupLinear(*ly["fo"])
