"""The fast recognizer: static e5 subword embeddings + word shape → two convolutions → CRF.

No transformer runs: a word's vector is the mean of its subwords' rows in e5's (4-bit) input
embedding table, cached per word, so throughput is bound by tokenisation and a small CNN.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy as np
import torch
from torch import nn

from ...errors import ModelError
from ...models.e5 import cpu_flags, fast_dtype
from ...models.vectors import StaticVectors
from .accurate import fill_empty, load_checkpoint, load_state, scored_tags, tag_in_batches
from .crf import CRF
from .gazetteer import Gazetteer
from .tagger import TAGS, CRFTagger, WordCategories, word_categories

MAX_WORDS = 4096  # padded words per batch
_MIN_ROWS = 16  # see FastRecognizer.projected
# words whose projection is kept, cleared when full: ~100 MB per process when full (a row is 192 floats, 768
# bytes, but a view into its projection batch, whose padding rows it keeps alive, plus the word and the array
# object: ~98 MB was measured for 100,000 words in review)
PROJECTED_WORDS = 100_000


class FastTagger(CRFTagger):
    def __init__(
        self, dim: int = 384, proj: int = 192, width: int = 256, shape_dim: int = 16, dropout: float = 0.25,
        gaz_dim: int = 0,
    ):
        super().__init__()
        self.config = dict(dim=dim, proj=proj, width=width, shape_dim=shape_dim, dropout=dropout, gaz_dim=gaz_dim)
        self.proj = nn.Linear(dim, proj)
        self.cats = WordCategories(shape_dim, gaz_dim)
        self.drop = nn.Dropout(dropout)
        self.conv1 = nn.Conv1d(proj + self.cats.dim, width, 5, padding=2)
        self.conv2 = nn.Conv1d(width, width, 5, padding=2)
        self.out = nn.Linear(width, len(TAGS))
        self.crf = CRF(TAGS)

    def emissions(self, feats: torch.Tensor, cats: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        mask = (torch.arange(feats.shape[1])[None] < lengths[:, None]).unsqueeze(1).float()
        x = torch.cat([self.project(feats), self.cats(cats)], dim=-1)
        dtype = self.conv1.weight.dtype  # bfloat16 at run time where the CPU has it
        x = (self.drop(x).transpose(1, 2) * mask).to(dtype)
        x = torch.relu(self.conv1(x)) * mask.to(dtype)
        x = torch.relu(self.conv2(self.drop(x))) * mask.to(dtype)
        return self.out(self.drop(x.transpose(1, 2).float()))

    def project(self, feats: torch.Tensor) -> torch.Tensor:
        """A word's static vector ``[..., H]`` projected ``[..., proj]``: a function of the word alone."""
        return torch.tanh(self.proj(feats))

    def packed_emissions(self, projected: torch.Tensor, cats: torch.Tensor, lengths: list[int]) -> torch.Tensor:
        """What :meth:`emissions` gives, ``[N, n_tags]`` for the ``N`` words of sentences of ``lengths``
        laid end to end (``projected [N, proj]`` from :meth:`project`, ``cats [N, 2]``), without padding
        any sentence to the longest: the sentences run through the convolutions as one sequence with ``GAP`` zero columns between
        them, and every column outside a sentence is zeroed after each convolution as the padded rows
        are, so no window reaches across a gap. Inference only (no dropout). Padding a page's
        sentences to its longest one had the convolutions compute 2.2 columns per word."""
        x = torch.cat([projected, self.cats(cats)], dim=-1)  # [N, C]: words only
        n = x.shape[0]
        pos = torch.arange(n) + GAP * torch.repeat_interleave(torch.arange(len(lengths)), torch.tensor(lengths))
        dtype = self.conv1.weight.dtype  # bfloat16 at run time where the CPU has it
        # the sequence's length rounded up to a multiple of SHAPES: oneDNN builds a convolution for each new
        # shape (~0.4 ms each here), and every page has another length; the added columns are zeros
        width = -(-(n + GAP * (len(lengths) - 1)) // SHAPES) * SHAPES
        seq = x.new_zeros(width, x.shape[1], dtype=dtype)
        seq[pos] = x.to(dtype)
        mask = torch.zeros(seq.shape[0], dtype=dtype)
        mask[pos] = 1
        y = seq.t()[None]  # [1, C, L]
        y = torch.relu(self.conv1(y)) * mask
        y = torch.relu(self.conv2(y)) * mask
        return self.out(y[0].t()[pos].float())


GAP = 2  # zero columns between packed sentences: each convolution reaches 2 words to either side (width 5)
SHAPES = 64  # packed sequences are a multiple of this long (see packed_emissions)


def conv_dtype() -> torch.dtype:
    """The convolutions' dtype: bfloat16 where the CPU multiplies it natively (AVX512-BF16 or AMX), else
    :func:`~lagebild.models.e5.fast_dtype`. Unlike e5's matrix products (slower in bfloat16 without AMX),
    oneDNN's bfloat16 convolutions are ~3x faster than float32 on an AVX512-BF16 CPU (the fast tagger's
    two convolutions over 60 pages: 0.47 vs 1.38 s). ``LAGEBILD_NER_FAST_DTYPE=float32|bfloat16`` overrides."""
    asked = os.environ.get("LAGEBILD_NER_FAST_DTYPE", "").strip().lower()
    if asked in ("float32", "bfloat16"):
        return getattr(torch, asked)
    flags = cpu_flags()
    return torch.bfloat16 if ("avx512_bf16" in flags or "amx_bf16" in flags) else fast_dtype()


class FastRecognizer:
    def __init__(self, path: Path):
        ckpt = load_checkpoint(path)
        self.model = FastTagger(**ckpt["config"])
        try:
            self.model.load_state_dict(load_state(ckpt))
        except RuntimeError as exc:
            raise ModelError(f"{path}: weights do not fit the tagger ({exc})") from exc
        self.model.eval()
        self.model.conv1.to(conv_dtype())
        self.model.conv2.to(conv_dtype())
        self.gazetteer = Gazetteer.from_list(ckpt["gazetteer"]) if ckpt.get("gazetteer") else None
        self.vectors = StaticVectors()
        self._projected: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()  # one recognizer serves the API's threads (as StaticVectors does)

    def projected(self, words: list[str]) -> torch.Tensor:
        """``model.project`` of each word's static vector ``[N, proj]``, cached per word (news repeats
        its words; the projection was a third of the convolutional part's CPU). Words new to the cache
        are projected together, never fewer than ``_MIN_ROWS`` rows: below that the matrix product takes
        another kernel whose sums differ in the last bit, and a word's row must not depend on which
        words came with it."""
        with self._lock:
            cache = self._projected
            missing = list(dict.fromkeys(w for w in words if w not in cache))
            if missing:
                if len(cache) + len(missing) > PROJECTED_WORDS:
                    cache.clear()
                    missing = list(dict.fromkeys(words))
                feats = torch.from_numpy(self.vectors(missing))
                if len(missing) < _MIN_ROWS:
                    feats = torch.cat([feats, feats.new_zeros(_MIN_ROWS - len(missing), feats.shape[1])])
                with torch.inference_mode():
                    rows = self.model.project(feats).numpy()
                cache.update(zip(missing, rows))
            return torch.from_numpy(np.stack([cache[w] for w in words]))

    def tag(self, sentences: list[list[str]], languages: list[str | None] | None = None) -> list[list[str]]:
        return [[t for t, _ in row] for row in self.tag_scored(sentences, scored=False)]

    @torch.inference_mode()
    def tag_scored(self, sentences: list[list[str]], scored: bool = True,
                   languages: list[str | None] | None = None) -> list[list[tuple[str, float]]]:
        """``(tag, marginal probability)`` of every word (see ``accurate.scored_tags``); one model
        for every language, so ``languages`` is not read."""
        if not all(sentences):
            return fill_empty(lambda part: self.tag_scored(part, scored), sentences)
        return tag_in_batches(lambda part: self._tag(part, scored), sentences, MAX_WORDS)

    def _tag(self, sentences: list[list[str]], scored: bool = True) -> list[list[tuple[str, float]]]:
        lengths = [len(s) for s in sentences]
        projected = self.projected([w for s in sentences for w in s])
        cats = torch.tensor([c for row in word_categories(sentences, self.gazetteer) for c in row], dtype=torch.long)
        packed = self.model.packed_emissions(projected, cats.view(-1, 2), lengths)
        # the CRF decodes padded rows [B, T, n_tags] (its cost is per step, not per column)
        size = torch.tensor(lengths)
        mask = torch.arange(max(lengths))[None] < size[:, None]
        emissions = packed.new_zeros(len(lengths), max(lengths), packed.shape[1])
        emissions[mask] = packed
        return scored_tags(emissions, *self.model.crf.scores(), mask, scored)
