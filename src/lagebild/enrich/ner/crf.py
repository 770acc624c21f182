"""A linear-chain CRF over BIO tags: training loss and batched Viterbi decoding."""

from __future__ import annotations

import torch
from torch import nn


def allowed_transitions(tags: list[str]) -> torch.Tensor:
    """``[from, to]`` mask of BIO-valid transitions (``I-X`` only after ``B-X``/``I-X``)."""
    n = len(tags)
    ok = torch.ones(n, n, dtype=torch.bool)
    for j, to in enumerate(tags):
        if to.startswith("I-"):
            for i, frm in enumerate(tags):
                ok[i, j] = frm != "O" and frm[2:] == to[2:]
    return ok


class CRF(nn.Module):
    def __init__(self, tags: list[str]):
        super().__init__()
        n = len(tags)
        self.trans = nn.Parameter(torch.zeros(n, n))
        self.start = nn.Parameter(torch.zeros(n))
        self.register_buffer("ok", allowed_transitions(tags))
        self.register_buffer("start_ok", torch.tensor([not t.startswith("I-") for t in tags]))

    def scores(self) -> tuple[torch.Tensor, torch.Tensor]:
        """Transition ``[from, to]`` and start scores with BIO-invalid moves forbidden."""
        big = -1e4
        trans = self.trans.masked_fill(~self.ok, big)
        start = self.start.masked_fill(~self.start_ok, big)
        return trans, start

    def loss(self, emissions: torch.Tensor, tags: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Mean negative log-likelihood; ``emissions [B, T, K]``, ``tags [B, T]``, ``mask [B, T]``."""
        trans, start = self.scores()
        b, t, _ = emissions.shape
        maskf = mask.float()
        # score of the gold path
        gold = start[tags[:, 0]] + emissions[:, 0].gather(1, tags[:, :1]).squeeze(1)
        for i in range(1, t):
            step = trans[tags[:, i - 1], tags[:, i]] + emissions[:, i].gather(1, tags[:, i : i + 1]).squeeze(1)
            gold = gold + step * maskf[:, i]
        # partition function
        alpha = start[None] + emissions[:, 0]
        for i in range(1, t):
            nxt = torch.logsumexp(alpha[:, :, None] + trans[None] + emissions[:, i, None, :], dim=1)
            alpha = torch.where(mask[:, i, None], nxt, alpha)
        return (torch.logsumexp(alpha, dim=1) - gold).mean()

    @torch.no_grad()
    def decode(self, emissions: torch.Tensor, mask: torch.Tensor) -> list[list[int]]:
        """Best tag path of each sequence (lengths from ``mask``)."""
        return viterbi(emissions, *self.scores(), mask)


@torch.no_grad()
def viterbi(emissions: torch.Tensor, trans: torch.Tensor, start: torch.Tensor, mask: torch.Tensor) -> list[list[int]]:
    """Best tag path of each sequence of ``emissions [B, T, K]`` (lengths from ``mask [B, T]``)."""
    b, t, _ = emissions.shape
    score = start[None] + emissions[:, 0]
    back = []
    for i in range(1, t):
        best, idx = (score[:, :, None] + trans[None]).max(dim=1)
        m = mask[:, i, None]
        score = torch.where(m, best + emissions[:, i], score)
        back.append(idx)
    lengths = mask.sum(1).tolist()
    last = score.argmax(1).tolist()
    back_np = torch.stack(back, 1).tolist() if back else [[] for _ in range(b)]
    paths = []
    for r in range(b):
        path = [last[r]]
        for i in range(lengths[r] - 2, -1, -1):
            path.append(back_np[r][i][path[-1]])
        paths.append(path[::-1])
    return paths


@torch.no_grad()
def marginals(emissions: torch.Tensor, trans: torch.Tensor, start: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """``P(tag k at word t | sentence)`` under the CRF, ``[B, T, K]`` (forward-backward in log space;
    rows past a sequence's length are meaningless). What a mention's confidence is read from."""
    b, t, k = emissions.shape
    alphas = [start[None] + emissions[:, 0]]
    for i in range(1, t):
        nxt = torch.logsumexp(alphas[-1][:, :, None] + trans[None], dim=1) + emissions[:, i]
        alphas.append(torch.where(mask[:, i, None], nxt, alphas[-1]))
    betas = [torch.zeros(b, k)]
    for i in range(t - 1, 0, -1):
        # beta at word i-1: paths continuing into word i; a padded word i passes beta through unchanged
        prev = torch.logsumexp(trans[None] + (emissions[:, i] + betas[-1])[:, None, :], dim=2)
        betas.append(torch.where(mask[:, i, None], prev, betas[-1]))
    alpha = torch.stack(alphas, 1)
    beta = torch.stack(betas[::-1], 1)
    joint = alpha + beta
    return torch.softmax(joint, dim=2)
