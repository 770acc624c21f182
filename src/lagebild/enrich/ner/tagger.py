"""The accurate tagger head: scalar mix of e5 layers + word shape → BiLSTM → CRF."""

from __future__ import annotations

import re

import torch
from torch import nn

from .conll import TYPES
from .crf import CRF

TAGS = ["O"] + [f"{p}-{t}" for t in TYPES for p in ("B", "I")]
SHAPES = ("pad", "lower", "title", "upper", "mixed", "digit", "punct", "other", "upper1")


def shape(word: str) -> int:
    """A small word-shape class id (capitalisation matters most for names)."""
    if not word:
        return 7
    if word.isalpha() or re.fullmatch(r"[\w.\-'’&]+", word):
        if word.islower():
            return 1
        if word.isupper():
            return 8 if len(word) == 1 else 3
        if word[0].isupper() and (word[1:].islower() or not any(c.isalpha() for c in word[1:])):
            return 2
        if any(c.isdigit() for c in word):
            return 5
        return 4
    if any(c.isdigit() for c in word):
        return 5
    if all(not c.isalnum() for c in word):
        return 6
    return 7


class Tagger(nn.Module):
    def __init__(self, n_layers: int, dim: int = 384, hidden: int = 256, shape_dim: int = 16, dropout: float = 0.3):
        super().__init__()
        self.config = dict(n_layers=n_layers, dim=dim, hidden=hidden, shape_dim=shape_dim, dropout=dropout)
        self.mix = nn.Parameter(torch.zeros(n_layers))
        self.gamma = nn.Parameter(torch.ones(1))
        self.shape = nn.Embedding(len(SHAPES), shape_dim, padding_idx=0)
        self.drop = nn.Dropout(dropout)
        self.lstm = nn.LSTM(dim + shape_dim, hidden, batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * hidden, len(TAGS))
        self.crf = CRF(TAGS)

    def emissions(self, feats: torch.Tensor, shapes: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """``feats [B, T, L, H]``, ``shapes [B, T]`` → ``[B, T, n_tags]``."""
        w = torch.softmax(self.mix, 0)
        x = self.gamma * torch.einsum("btlh,l->bth", feats, w)
        x = self.drop(torch.cat([x, self.shape(shapes)], dim=-1))
        packed = nn.utils.rnn.pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
        y, _ = self.lstm(packed)
        y, _ = nn.utils.rnn.pad_packed_sequence(y, batch_first=True, total_length=x.shape[1])
        return self.out(self.drop(y))

    def loss(self, feats, shapes, lengths, tags) -> torch.Tensor:
        mask = torch.arange(feats.shape[1])[None] < lengths[:, None]
        return self.crf.loss(self.emissions(feats, shapes, lengths), tags, mask)

    @torch.no_grad()
    def predict(self, feats, shapes, lengths) -> list[list[str]]:
        mask = torch.arange(feats.shape[1])[None] < lengths[:, None]
        paths = self.crf.decode(self.emissions(feats, shapes, lengths), mask)
        return [[TAGS[i] for i in p] for p in paths]
