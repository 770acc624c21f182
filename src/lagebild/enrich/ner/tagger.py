"""The accurate tagger head: scalar mix of e5 layers + word shape → BiLSTM → CRF."""

from __future__ import annotations

import re
from functools import lru_cache

import torch
from torch import nn

from .conll import TYPES
from .crf import CRF
from .gazetteer import N_IDS

TAGS = ["O"] + [f"{p}-{t}" for t in TYPES for p in ("B", "I")]
SHAPES = ("pad", "lower", "title", "upper", "mixed", "digit", "punct", "other", "upper1")


@lru_cache(maxsize=200_000)  # news repeats its words: the regex ran for every one of them
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


class WordCategories(nn.Module):
    """Embeddings of a word's shape class and gazetteer id (``cats [B, T, 2]``)."""

    def __init__(self, shape_dim: int, gaz_dim: int):
        super().__init__()
        self.shape = nn.Embedding(len(SHAPES), shape_dim, padding_idx=0)
        self.gaz = nn.Embedding(N_IDS, gaz_dim) if gaz_dim else None
        self.dim = shape_dim + gaz_dim

    def forward(self, cats: torch.Tensor) -> torch.Tensor:
        x = self.shape(cats[..., 0])
        return torch.cat([x, self.gaz(cats[..., 1])], dim=-1) if self.gaz is not None else x


class CRFTagger(nn.Module):
    """What every tagger shares: a CRF over its ``emissions(feats, cats, lengths)``."""

    def loss(self, feats, cats, lengths, tags) -> torch.Tensor:
        mask = torch.arange(feats.shape[1])[None] < lengths[:, None]
        return self.crf.loss(self.emissions(feats, cats, lengths), tags, mask)

    @torch.no_grad()
    def predict(self, feats, cats, lengths) -> list[list[str]]:
        mask = torch.arange(feats.shape[1])[None] < lengths[:, None]
        paths = self.crf.decode(self.emissions(feats, cats, lengths), mask)
        return [[TAGS[i] for i in p] for p in paths]


class Tagger(CRFTagger):
    def __init__(
        self, n_layers: int, dim: int = 384, hidden: int = 256, shape_dim: int = 16, dropout: float = 0.3,
        gaz_dim: int = 0, project: int = 0,
    ):
        super().__init__()
        self.config = dict(
            n_layers=n_layers, dim=dim, hidden=hidden, shape_dim=shape_dim, dropout=dropout,
            gaz_dim=gaz_dim, project=project,
        )
        self.mix = nn.Parameter(torch.zeros(n_layers))
        self.gamma = nn.Parameter(torch.ones(1))
        # project > 0: a learned projection of all layers side by side instead of a scalar mix
        self.project = nn.Linear(n_layers * dim, project) if project else None
        self.cats = WordCategories(shape_dim, gaz_dim)
        self.drop = nn.Dropout(dropout)
        self.lstm = nn.LSTM((project or dim) + self.cats.dim, hidden, batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * hidden, len(TAGS))
        self.crf = CRF(TAGS)

    def emissions(self, feats: torch.Tensor, cats: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """``feats [B, T, L, H]``, ``cats [B, T, 2]`` → ``[B, T, n_tags]``."""
        return self.out(self.drop(self.states(feats, cats, lengths)))

    def states(self, feats: torch.Tensor, cats: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """The BiLSTM's output ``[B, T, 2 * hidden]`` (training may put other output layers on it)."""
        if self.project is not None:
            x = self.project(self.drop(feats.flatten(2)))
        else:
            w = torch.softmax(self.mix, 0)
            x = self.gamma * torch.einsum("btlh,l->bth", feats, w)
        x = self.drop(torch.cat([x, self.cats(cats)], dim=-1))
        packed = nn.utils.rnn.pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
        y, _ = self.lstm(packed)
        y, _ = nn.utils.rnn.pad_packed_sequence(y, batch_first=True, total_length=x.shape[1])
        return y



def word_categories(sentences: list[list[str]], gazetteer=None) -> list[list[tuple[int, int]]]:
    """``(shape id, gazetteer id)`` of every word."""
    out = []
    for words in sentences:
        gaz = gazetteer.ids(words) if gazetteer is not None else [0] * len(words)
        out.append([(shape(w), g) for w, g in zip(words, gaz)])
    return out
