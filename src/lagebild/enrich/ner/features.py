"""Contextual word vectors from e5: per-word means of subword hidden states of a few layers."""

from __future__ import annotations

import numpy as np
import torch

from ...models.e5 import E5Encoder, groups

LAYERS = (4, 5, 6, 7, 8)  # hidden states after these layers feed the tagger
MAX_CONTENT = 510  # e5 positions minus <s> and </s>
BATCH_TOKENS = 4096


def _pieces(encoder: E5Encoder, words: list[str]) -> list[tuple[int, ...]]:
    tok = encoder.tokenizer
    return [tok.word(w) or (tok.unk,) for w in words]


def _chunks(pieces: list[tuple[int, ...]]) -> list[tuple[int, int]]:
    """Word ranges whose subwords fit one e5 window (a single over-long word is cut)."""
    out, start, size = [], 0, 0
    for i, p in enumerate(pieces):
        if size + min(len(p), MAX_CONTENT) > MAX_CONTENT and i > start:
            out.append((start, i))
            start, size = i, 0
        size += min(len(p), MAX_CONTENT)
    out.append((start, len(pieces)))
    return out


def word_vectors(encoder: E5Encoder, sentences: list[list[str]], layers=LAYERS) -> list[np.ndarray]:
    """For each sentence a ``[n_words, len(layers), H]`` float32 array (empty sentences → 0 rows)."""
    h = encoder.cfg.hidden
    out = [np.zeros((len(w), len(layers), h), np.float32) for w in sentences]

    def put(si: int, first: int, vec: torch.Tensor) -> None:
        out[si][first : first + len(vec)] = vec.numpy()

    _fill(encoder, sentences, layers, put)
    return out


def word_features(encoder: E5Encoder, sentences: list[list[str]], layers=LAYERS) -> torch.Tensor:
    """The same vectors as :func:`word_vectors`, written straight into one zero-padded
    ``[n_sentences, max_words, len(layers), H]`` tensor (the tagger's input: no second copy)."""
    t = max(1, max(map(len, sentences), default=0))
    feats = torch.zeros(len(sentences), t, len(layers), encoder.cfg.hidden)

    def put(si: int, first: int, vec: torch.Tensor) -> None:
        feats[si, first : first + len(vec)] = vec

    _fill(encoder, sentences, layers, put)
    return feats


def _fill(encoder: E5Encoder, sentences: list[list[str]], layers, put) -> None:
    windows = []  # (sentence index, first word, pieces of its words)
    for si, words in enumerate(sentences):
        if not words:
            continue
        pieces = _pieces(encoder, words)
        for a, b in _chunks(pieces):
            windows.append((si, a, [p[:MAX_CONTENT] for p in pieces[a:b]]))
    order = sorted(range(len(windows)), key=lambda i: sum(map(len, windows[i][2])))
    i = 0
    while i < len(order):
        j = i + 1
        while j < len(order) and (j - i + 1) * (sum(map(len, windows[order[j]][2])) + 2) <= BATCH_TOKENS:
            j += 1
        batch = [windows[k] for k in order[i:j]]
        # the encoder would split this batch into these groups itself (rows already sorted by length, so
        # each group is a run of rows): running them one by one gives it the same groups, and holds one
        # group's states at a time instead of the whole batch's [B, T, layers, H]
        for rows in groups(np.array([_length(w) for w in batch]), encoder.batch_tokens):
            _run(encoder, [batch[r] for r in rows], layers, put)
        i = j


def _length(window) -> int:
    return sum(map(len, window[2])) + 2  # with <s> and </s>


def _run(encoder: E5Encoder, batch, layers, put) -> None:
    tok = encoder.tokenizer
    seqs = [[tok.bos, *[t for p in pieces for t in p], tok.eos] for _, _, pieces in batch]
    lengths = np.array([len(s) for s in seqs])
    ids = np.full((len(seqs), lengths.max()), tok.pad, dtype=np.int64)
    for r, s in enumerate(seqs):
        ids[r, : len(s)] = s
    hidden = encoder.forward(ids, lengths, keep=layers, tagging=True, stacked=True).float()  # [B, T, L, H]
    for r, (si, first, pieces) in enumerate(batch):
        put(si, first, torch.einsum("wt,tlh->wlh", torch.from_numpy(pooling(pieces, int(lengths[r]))),
                                    hidden[r, : lengths[r]]))


def pooling(pieces: list[tuple[int, ...]], n_tok: int) -> np.ndarray:
    """``[n_words, n_tok]``: row w averages word w's subword positions (after ``<s>`` at 0). Built in one
    numpy assignment: setting each word's slice of a torch tensor took ~1 s per 150k words."""
    sizes = np.fromiter(map(len, pieces), np.int64, len(pieces))
    pool = np.zeros((len(pieces), n_tok), np.float32)
    pool[np.repeat(np.arange(len(pieces)), sizes), 1 + np.arange(int(sizes.sum()))] = np.repeat(
        (1.0 / sizes).astype(np.float32), sizes)
    return pool
