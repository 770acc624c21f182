"""Training data of the NER heads: cached sets as sentences, and padded batches of one corpus each.

A sentence is ``Item(feats, words, tags, cats, subwords)``: its cached e5 word vectors (or static vectors in
fast mode), words, tags (``X`` = unknown), ``(shape, gazetteer id)`` per word, and — only when e5 layers are
tuned — ``(subword states, pieces per word)``.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import torch

from lagebild.enrich.ner.tagger import TAGS, shape
from ner_features import read_set, set_path
from ner_heads import allowed_tags


@dataclass(slots=True)
class Item:
    feats: np.ndarray
    words: list[str]
    tags: list[str]
    cats: list[tuple[int, int]] | None = None
    subwords: tuple | None = None


def load(cache: Path, name: str) -> list[Item]:
    """Sentences of a cached set with their e5 word vectors (memory-mapped)."""
    feats = np.load(cache / f"{name}.npy", mmap_mode="r")
    meta = json.loads((cache / f"{name}.json").read_text())
    sents = read_set(set_path(name, cache))
    offsets = np.cumsum([0, *meta["lengths"]])
    assert offsets[-1] == len(feats) and len(sents) == len(meta["lengths"]), name
    return [Item(feats[offsets[i] : offsets[i + 1]], w, t) for i, (w, t) in enumerate(sents)]


def load_tuned(cache: Path, name: str, frozen: int, below: int) -> list[Item]:
    """Sentences with the word vectors of the first ``frozen`` layers and the subword states after layer
    ``below`` that the tuned layers take."""
    subs = np.load(cache / f"{name}.sub{below}.npy")
    pieces = json.loads((cache / f"{name}.sub{below}.json").read_text())["pieces"]
    offsets = np.cumsum([0, *(sum(p) + 2 for p in pieces)])
    assert offsets[-1] == len(subs), name
    return [
        replace(x, feats=x.feats[:, :frozen], subwords=(subs[offsets[i] : offsets[i + 1]], pieces[i]))
        for i, x in enumerate(load(cache, name))
    ]


def load_static(cache: Path, name: str, vectors) -> list[Item]:
    """Sentences with the fast model's static word vectors."""
    return [Item(vectors(w), w, t) for w, t in read_set(set_path(name, cache))]


def add_categories(data: list[Item], gaz_ids=None) -> list[Item]:
    """Shape and gazetteer ids per word (gazetteer id 0 without a gazetteer)."""
    gaz_ids = gaz_ids or [[0] * len(x.words) for x in data]
    return [replace(x, cats=[(shape(w), g) for w, g in zip(x.words, gaz)]) for x, gaz in zip(data, gaz_ids)]


def known(tags: list[str]) -> list[str]:
    """Tags with the unknown ``X`` read as ``O`` (for gazetteers built from training labels)."""
    return ["O" if t == "X" else t for t in tags]


def tensors(items: list[Item], types=None, partial: bool = False):
    """Padded ``(features, categories, lengths, allowed [B, T, K], tags)``; features are ``(words, subwords)``
    when tuning. ``tags`` holds ``O`` where the gold tag is ``X``."""
    lengths = torch.tensor([len(x.words) for x in items])
    t = int(lengths.max())
    feats = torch.zeros(len(items), t, *items[0].feats.shape[1:])
    cats = torch.zeros(len(items), t, 2, dtype=torch.long)
    allowed = torch.ones(len(items), t, len(TAGS), dtype=torch.bool)
    tags = torch.zeros(len(items), t, dtype=torch.long)
    index = {tag: i for i, tag in enumerate(TAGS)}
    for r, x in enumerate(items):
        n = len(x.words)
        feats[r, :n] = torch.from_numpy(np.asarray(x.feats, dtype=np.float32))
        cats[r, :n] = torch.tensor(x.cats).view(-1, 2)
        tags[r, :n] = torch.tensor([index.get(g, 0) for g in x.tags])
        if types is not None:
            allowed[r, :n] = allowed_tags(x.tags, types, partial)
    if items[0].subwords is not None:
        feats = (feats, subword_tensors([x.subwords for x in items], t))
    return feats, cats, lengths, allowed, tags


def subword_tensors(subwords, t: int):
    """Padded subword states ``[B, S, H]``, their lengths, and ``pool [B, T, S]`` averaging each word's pieces."""
    lengths = torch.tensor([len(s) for s, _ in subwords])
    states = torch.zeros(len(subwords), int(lengths.max()), subwords[0][0].shape[1])
    pool = torch.zeros(len(subwords), t, states.shape[1])
    for r, (s, pieces) in enumerate(subwords):
        states[r, : len(s)] = torch.from_numpy(s.astype(np.float32))
        pos = 1  # after <s>
        for w, n in enumerate(pieces):
            pool[r, w, pos : pos + n] = 1.0 / n
            pos += n
    return states, lengths, pool


@dataclass
class Part:
    """The training sentences of one corpus and how they are used."""

    corpus: str
    items: list[Item]
    rate: float  # sentences drawn per epoch, as a fraction of the corpus (> 1 repeats)
    group: int  # which output layer learns from it
    types: tuple[str, ...]  # the types the corpus annotates


def epoch_batches(parts: list[Part], size: int, partial: bool, rng: random.Random):
    """One epoch: each part's drawn sentences in length-sorted batches of ``size``, all batches shuffled.
    Yields ``(part, tensors)``."""
    plan = []
    for k, part in enumerate(parts):
        n, whole = len(part.items), int(part.rate)
        chosen = [i for _ in range(whole) for i in range(n)] + rng.sample(range(n), round((part.rate - whole) * n))
        chosen.sort(key=lambda i: len(part.items[i].words))
        plan += [(k, chosen[i : i + size]) for i in range(0, len(chosen), size)]
    rng.shuffle(plan)
    for k, idx in plan:
        part = parts[k]
        yield part, tensors([part.items[i] for i in idx], part.types, partial)


def eval_batches(items: list[Item], size: int = 64):
    order = sorted(range(len(items)), key=lambda i: len(items[i].words))
    for i in range(0, len(order), size):
        idx = order[i : i + size]
        yield idx, tensors([items[j] for j in idx])
