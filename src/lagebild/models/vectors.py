"""Static word vectors: a word's mean e5 subword input embedding, cached per word.

No transformer runs, so this is cheap enough for every word of a page: the fast NER recognizer
and the scraped-text line model read it.
"""

from __future__ import annotations

import threading

import numpy as np

from .e5 import E5Encoder

MAX_CACHE = 200_000


class StaticVectors:
    """Word → mean of its e5 subword input embeddings (float32, cached)."""

    def __init__(self, encoder: E5Encoder | None = None):
        self.encoder = encoder or E5Encoder(n_layers=0)
        self.dim = self.encoder.cfg.hidden
        self._cache: dict[str, np.ndarray] = {}
        # one instance serves every thread of a process (the API extracts and tags in a thread pool); the
        # cache is cleared when full, so a lookup must not interleave with another thread's fill
        self._lock = threading.Lock()

    def __call__(self, words: list[str]) -> np.ndarray:
        with self._lock:
            return self._vectors(words)

    def _vectors(self, words: list[str]) -> np.ndarray:
        cache = self._cache
        missing = list({w for w in words if w not in cache})
        if missing:
            if len(cache) + len(missing) > MAX_CACHE:
                cache.clear()  # the words of this call that were cached go too: they are looked up afresh
                missing = list(set(words))
            tok = self.encoder.tokenizer
            pieces = [tok.word(w) or (tok.unk,) for w in missing]
            rows = self.encoder.embed_tokens(np.fromiter((i for p in pieces for i in p), np.int64)).numpy()
            starts = np.cumsum([0, *map(len, pieces)])[:-1]
            means = np.add.reduceat(rows, starts, axis=0) / np.array([len(p) for p in pieces], np.float32)[:, None]
            cache.update(zip(missing, means))
        if not words:
            return np.zeros((0, self.dim), np.float32)
        return np.stack([cache[w] for w in words])


__all__ = ["MAX_CACHE", "StaticVectors"]
