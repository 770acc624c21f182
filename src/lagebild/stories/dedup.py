"""Near-duplicates: the same text published again, with another headline, other boilerplate or small edits.

Two tests, cheapest first:

* exact — :func:`exact_key`, a hash of the folded words of the text (spacing, case and accents
  do not matter);
* near — a MinHash signature over word 5-shingles of the folded text; its bands are the keys of
  an LSH index (``band_keys``), so finding candidates is a handful of key lookups however large
  the archive is. A candidate is a duplicate when the Jaccard estimate from the two signatures
  reaches ``jaccard``, or when the smaller text is nearly contained in the larger one
  (``containment``; a copy with a dropped tail or added boilerplate).

Signatures come from rensa (Rust, ~10x faster than datasketch here: 0.2 vs 1.9 ms for a
700-shingle article); datasketch is the fallback.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

from ..settings import DedupSettings
from ..textnorm import fold, words


@dataclass(slots=True)
class Fingerprint:
    """What dedup keeps of one article: the exact key, the signature and the shingle count."""

    exact: str
    signature: np.ndarray | None  # uint32[num_perm], None for texts too short for shingles
    size: int  # number of distinct shingles


def folded_words(text: str) -> list[str]:
    return [fold(w) for w in words(text)]


def exact_key(text: str) -> str:
    """A hash of the folded words: equal for texts that differ only in spacing, case or accents."""
    return hashlib.sha1(" ".join(folded_words(text)).encode()).hexdigest()[:20]


def shingles(tokens: list[str], n: int) -> set[str]:
    if len(tokens) < n:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def _signature(items: set[str], settings: DedupSettings) -> np.ndarray:
    try:
        import rensa

        m = rensa.RMinHash(num_perm=settings.num_perm, seed=settings.seed)
        m.update(list(items))
        return np.asarray(m.digest(), dtype=np.uint32)
    except ImportError:  # pragma: no cover - rensa is a dependency; datasketch is the fallback
        import datasketch

        m = datasketch.MinHash(num_perm=settings.num_perm, seed=settings.seed)
        m.update_batch([s.encode() for s in items])
        return np.asarray(m.digest(), dtype=np.uint32)


def fingerprint(text: str, settings: DedupSettings | None = None) -> Fingerprint:
    settings = settings or DedupSettings()
    tokens = folded_words(text)
    exact = hashlib.sha1(" ".join(tokens).encode()).hexdigest()[:20]
    items = shingles(tokens, settings.shingle)
    if len(items) < settings.min_shingles:
        return Fingerprint(exact, None, len(items))
    return Fingerprint(exact, _signature(items, settings), len(items))


def band_keys(signature: np.ndarray, settings: DedupSettings | None = None) -> list[int]:
    """One signed 63-bit key per LSH band (band number mixed in), ready for an integer column."""
    settings = settings or DedupSettings()
    keys = []
    for b in range(settings.bands):
        chunk = signature[b * settings.rows : (b + 1) * settings.rows].tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8, person=b.to_bytes(2, "little")).digest()
        keys.append(int.from_bytes(digest, "little", signed=True) >> 1)
    return keys


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """The Jaccard estimate of two signatures: the share of equal minima."""
    return float(np.count_nonzero(a == b)) / len(a)


def is_duplicate(a: Fingerprint, b: Fingerprint, settings: DedupSettings | None = None) -> tuple[bool, float]:
    """Whether ``a`` and ``b`` are near-duplicates, and the Jaccard estimate."""
    settings = settings or DedupSettings()
    if a.exact == b.exact:
        return True, 1.0
    if a.signature is None or b.signature is None:
        return False, 0.0
    j = jaccard(a.signature, b.signature)
    if j >= settings.jaccard:
        return True, j
    if j >= settings.min_containment_jaccard:
        # |A∩B| = J(|A|+|B|)/(1+J); containment of the smaller set in the larger
        inter = j * (a.size + b.size) / (1 + j)
        if inter / max(1, min(a.size, b.size)) >= settings.containment:
            return True, j
    return False, j
