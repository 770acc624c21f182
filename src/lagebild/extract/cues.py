"""Cues both extraction paths read from a line of text: its words, its stop words, and its meaning.

The meaning is the mean multilingual-e5-small *input* embedding of the line's words (no transformer
layers: a table lookup), unit length, projected to :data:`EMBED_DIM` numbers by a fixed random matrix:
"Newsletter abonnieren" lands near "Subscribe to our newsletter". The scraped-text line classifier and
the HTML block classifier both use it; both were trained with this projection (seed 7).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

import numpy as np

from .nets import dot

WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
STOP_WORDS = frozenset(
    """der die das den dem des ein eine einer eines einem einen und oder aber auch nicht ist sind war waren
    wird werden wurde wurden hat haben hatte mit von zu zum zur im in auf an am aus bei für über nach vor
    sich sie er es wir ihr ich man dass als wie so noch nur schon mehr sehr dann denn wenn weil doch diese
    dieser dieses kann können soll sollen muss müssen the a an of to and or but in on at for with from by is
    are was were be been has have had it its this that these those which who as not no more than also into
    their they he she we you i his her our will would can could should there what when where after about
    le la les un une des du de et ou est sont dans pour avec sur par que qui pas plus il elle nous vous ce
    el los las una unos del y o es son en por para con que se no más lo al como""".split()
)
EMBED_DIM = 64


@lru_cache(maxsize=1)
def _embedder():
    # imported here: torch and the e5 weights load only when a classifier first needs them
    from ..models.vectors import StaticVectors

    vectors = StaticVectors()
    projection = np.random.default_rng(7).normal(0, 1 / math.sqrt(EMBED_DIM), (vectors.dim, EMBED_DIM))
    return vectors, projection.astype(np.float32)


def text_vectors(texts: list[str], max_words: int = 48) -> np.ndarray:
    """Each text's first ``max_words`` words as one vector (see the module docstring); zeros for a text
    without words."""
    return word_vectors([WORD.findall(text)[:max_words] for text in texts])


def word_vectors(words: list[list[str]]) -> np.ndarray:
    """:func:`text_vectors` for texts already split into (at most ``max_words``) words."""
    vectors, projection = _embedder()
    counts = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    out = np.zeros((len(words), EMBED_DIM))
    if not counts.sum():
        return out
    rows = vectors([w for ws in words for w in ws])
    has = counts > 0
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])[has]
    means = np.add.reduceat(rows, starts, axis=0) / counts[has, None]
    means /= np.linalg.norm(means, axis=1, keepdims=True) + 1e-6
    out[has] = dot(means, projection)
    return out
