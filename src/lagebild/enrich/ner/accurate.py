"""The accurate recognizer: e5 hidden states (our torch forward pass) → BiLSTM-CRF head."""

from __future__ import annotations

from pathlib import Path

import torch

from ...errors import ModelError
from .e5 import E5Encoder
from .features import word_vectors
from .gazetteer import Gazetteer
from .tagger import Tagger, word_categories

CHUNK = 256  # sentences per forward pass of the head


def fast_dtype() -> torch.dtype:
    """bfloat16 where the CPU multiplies it natively (AVX512-BF16 / AMX), else float32."""
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return torch.float32
    return torch.bfloat16 if ("avx512_bf16" in flags or "amx_bf16" in flags) else torch.float32


def load_checkpoint(path: Path) -> dict:
    if not path.exists():
        raise ModelError(f"{path}: NER weights missing (train them with scripts/train_ner.py)")
    try:
        return torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # noqa: BLE001 - any unpickling failure means unusable weights
        raise ModelError(f"{path}: cannot load NER weights ({exc})") from exc


def fill_empty(recognizer, sentences: list[list[str]]) -> list[list[str]]:
    """Tags of ``sentences`` where some are empty: tag the others, give the empty ones ``[]``."""
    full = iter(recognizer.tag([s for s in sentences if s]))
    return [next(full) if s else [] for s in sentences]


def load_state(ckpt: dict) -> dict:
    """The float32 state dict of a checkpoint (older ones named the shape embedding ``shape.``)."""
    return {
        ("cats." + k if k.startswith("shape.") else k): v.float() if v.is_floating_point() else v
        for k, v in ckpt["state"].items()
    }


class AccurateRecognizer:
    """Tags sentences of words with BIO labels; one instance per process (it holds ~100 MB)."""

    def __init__(self, path: Path):
        ckpt = load_checkpoint(path)
        self.layers = tuple(ckpt["layers"])
        self.model = Tagger(**ckpt["config"])
        try:
            self.model.load_state_dict(load_state(ckpt))
        except RuntimeError as exc:
            raise ModelError(f"{path}: weights do not fit the tagger ({exc})") from exc
        self.model.eval()
        self.gazetteer = Gazetteer.from_list(ckpt["gazetteer"]) if ckpt.get("gazetteer") else None
        self.encoder = E5Encoder(n_layers=max(self.layers), dtype=fast_dtype())

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        if not all(sentences):
            return fill_empty(self, sentences)
        out: list[list[str]] = []
        for i in range(0, len(sentences), CHUNK):
            out += self._tag(sentences[i : i + CHUNK])
        return out

    @torch.inference_mode()
    def _tag(self, sentences: list[list[str]]) -> list[list[str]]:
        vecs = word_vectors(self.encoder, sentences, self.layers)
        lengths = torch.tensor([len(s) for s in sentences])
        t = max(1, int(lengths.max()))
        feats = torch.zeros(len(sentences), t, *vecs[0].shape[1:])
        cats = torch.zeros(len(sentences), t, 2, dtype=torch.long)
        for r, (v, c) in enumerate(zip(vecs, word_categories(sentences, self.gazetteer))):
            feats[r, : len(v)] = torch.from_numpy(v)
            cats[r, : len(v)] = torch.tensor(c, dtype=torch.long).view(-1, 2)
        return self.model.predict(feats, cats, lengths)
