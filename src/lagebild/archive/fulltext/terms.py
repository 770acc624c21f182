"""The index terms of a text as the tantivy documents hold them: space-separated, for the whitespace
tokenizer — the build's hot spot (~40% of a bulk ingest before this module).

A text is cut at whitespace first (``str.split``, in C), and each distinct chunk ("Regierung,",
"Ost-West.") is turned into its terms once per language and cached. No word (``textnorm.words``)
spans whitespace, so the chunks' words in order are the text's words in order: the terms, and their
positions, are those of ``textnorm.index_terms(text)`` split as FTS5 splits them.
"""

from __future__ import annotations

from ...query import fts_tokens
from ...textnorm import index_terms

MAX_CACHED = 500_000  # chunks per language; past it the cache starts again (a year of news: a few million)


def chunk_terms(chunk: str, lang: str | None) -> str:
    """The terms of one whitespace-free piece of text, space-joined."""
    return " ".join(fts_tokens(index_terms(chunk, lang)))  # as FTS5's unicode61 splits a term: ost-west -> ost west


class _Chunks(dict):
    """chunk -> its terms, space-joined ("" for none), in one language; a miss computes and keeps them."""

    def __init__(self, lang: str | None) -> None:
        super().__init__()
        self.lang = lang

    def __missing__(self, chunk: str) -> str:
        found = self[chunk] = chunk_terms(chunk, self.lang)
        return found


_CHUNKS: dict[str | None, _Chunks] = {}


def token_text(text: str | None, lang: str | None) -> str:
    """The index terms of ``text`` split as FTS5 splits them, space-separated. Each distinct chunk is
    computed once; the lookups and the join run in C."""
    cache = _CHUNKS.get(lang)
    if cache is None or len(cache) > MAX_CACHED:
        cache = _CHUNKS[lang] = _Chunks(lang)
    return " ".join(filter(None, map(cache.__getitem__, (text or "").split())))


def clear() -> None:
    """Forget the cached terms (textnorm may have changed)."""
    _CHUNKS.clear()


__all__ = ["chunk_terms", "clear", "token_text"]
