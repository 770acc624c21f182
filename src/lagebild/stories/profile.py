"""Sparse weighted vectors of articles and stories, and the similarity that links them.

An article's profile is frozen when it arrives: TF-IDF over lemmas (IDF from the document
frequencies seen so far), IDF-weighted names, and an optional sentence embedding. A story's
profile is the running sum of its members' profiles — lemma centroids kept per language, since
German and English lemmas never meet — truncated to its heaviest terms so that it stays small.

:func:`score` turns (lexical, names, embedding, time gap) into one number; it is the single
similarity behind clustering, related articles and the SemEval benchmark. Its weights are a fit of
the SemEval-2022 Task 8 "same story" grade; only the join threshold and the bonus a join gives to
shared names come from ECB+ (StorySettings).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import repeat
from operator import mul

import numpy as np

from ..settings import Weights  # the score's weights are settings (StorySettings.mono/cross/plain)

Vec = dict[str, float]


def normalize(vec: Vec, limit: int | None = None) -> Vec:
    if limit is not None and len(vec) > limit:
        vec = dict(sorted(vec.items(), key=lambda kv: -kv[1])[:limit])
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {k: v / norm for k, v in vec.items()} if norm else {}


def dot(a: Vec, b: Vec) -> float:
    if len(a) > len(b):
        a, b = b, a
    # sum(v * b.get(k, 0.0) for k, v in a.items()), the same additions in the same order, without a
    # Python frame per term: linking scores ~25 stories per article, this is most of its time
    return sum(map(mul, a.values(), map(b.get, a.keys(), repeat(0.0))))


def _norm(a: Vec) -> float:
    values = a.values()
    return math.sqrt(sum(map(mul, values, values)))


def cosine(a: Vec, b: Vec) -> float:
    na, nb = _norm(a), _norm(b)
    return dot(a, b) / (na * nb) if na and nb else 0.0


def add_into(total: Vec, vec: Vec, limit: int) -> Vec:
    for k, v in vec.items():
        total[k] = total.get(k, 0.0) + v
    if len(total) > limit * 2:  # prune lazily, keep the heaviest
        total = dict(sorted(total.items(), key=lambda kv: -kv[1])[:limit])
    return total


@dataclass(slots=True)
class ArticleProfile:
    id: int
    language: str | None
    time: float | None  # published, else a dateline in the text, else None
    title: str
    terms: Vec  # l2-normalised TF-IDF
    names: Vec  # l2-normalised IDF-weighted names
    vector: np.ndarray | None = None  # l2-normalised embedding
    story_id: int | None = None
    duplicate_of: int | None = None


@dataclass(slots=True)
class StoryProfile:
    id: int
    size: int = 0
    active: float = 0.0  # arrival clock of its latest article: what the time window looks at
    first: float | None = None
    last: float | None = None
    label: str = ""
    label_article: int | None = None
    terms: dict[str, Vec] = field(default_factory=dict)  # language -> summed TF-IDF
    names: Vec = field(default_factory=dict)
    vector: np.ndarray | None = None  # summed embeddings

    def add(self, art: ArticleProfile, limit: int = 400) -> None:
        lang = art.language or "?"
        self.terms[lang] = add_into(dict(self.terms.get(lang, {})), art.terms, limit)
        self.names = add_into(dict(self.names), art.names, limit // 2)
        if art.vector is not None:  # a vector of another size: the archive switched embedders, start over
            same = self.vector is not None and self.vector.shape == art.vector.shape
            self.vector = self.vector + art.vector if same else art.vector.astype(np.float32)
        if art.time is not None:
            self.first = art.time if self.first is None else min(self.first, art.time)
            self.last = art.time if self.last is None else max(self.last, art.time)
        self.size += 1


@dataclass(slots=True)
class Signals:
    lexical: float | None  # TF-IDF cosine (across languages only names, numbers and loanwords meet)
    names: float
    embedding: float | None
    gap_days: float  # time between the article and the other side's span, 0 inside or unknown
    same_language: bool = True


def _vec_cos(a: np.ndarray | None, b: np.ndarray | None) -> float | None:
    if a is None or b is None or a.shape != b.shape:  # None too across embedders (an archive that switched)
        return None
    na, nb = float(np.linalg.norm(a)), float(np.linalg.norm(b))
    return float(a @ b) / (na * nb) if na and nb else None


def _gap(t: float | None, first: float | None, last: float | None) -> float:
    if t is None or first is None or last is None:
        return 0.0
    if first <= t <= last:
        return 0.0
    return min(abs(t - first), abs(t - last)) / 86400.0


def signals_story(art: ArticleProfile, story: StoryProfile) -> Signals:
    lang = art.language or "?"
    same = lang in story.terms
    if same:
        lex = cosine(art.terms, story.terms[lang])
    else:
        lex = max((cosine(art.terms, terms) for terms in story.terms.values()), default=0.0)
    return Signals(lex, cosine(art.names, story.names), _vec_cos(art.vector, story.vector),
                   _gap(art.time, story.first, story.last), same)


def signals_pair(a: ArticleProfile, b: ArticleProfile) -> Signals:
    same = (a.language or "?") == (b.language or "?")
    return Signals(dot(a.terms, b.terms), dot(a.names, b.names), _vec_cos(a.vector, b.vector),
                   _gap(a.time, b.time, b.time), same)


def score(sig: Signals, mono: Weights, cross: Weights, plain: Weights | None = None) -> float:
    """``mono`` / ``cross`` for same- / cross-language pairs with an embedding, ``plain`` without one."""
    w = mono if sig.same_language else cross
    if sig.embedding is None and plain is not None:
        w = plain
    s = w.bias + w.names * sig.names - w.gap * math.log1p(max(0.0, sig.gap_days - w.grace_days))
    if sig.lexical is not None:
        s += w.lexical * sig.lexical
    if sig.embedding is not None:
        s += w.embedding * (sig.embedding - w.emb_floor) + w.knee * max(0.0, sig.embedding - w.emb_knee)
    return s
