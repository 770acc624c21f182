"""What an article can be looked up by in the presearcher: its index terms (the forms the archive's
full-text index uses) and pseudo-keys for its fields (``"\\0lang:de"``, ``"\\0source:example.org"``).

Split from :mod:`.match`, which reduces queries to groups of the same keys.
"""

from __future__ import annotations

import dataclasses

from ..query import Doc, fts_tokens
from ..textnorm import fold, index_terms, words

PSEUDO = "\0"  # field keys start with a byte no index term holds


def key(name: str, value: str) -> str:
    return f"{PSEUDO}{name}:{value}"


def doc_keys(doc: Doc) -> set[str]:
    """Everything an article can be looked up by: its index terms and its field keys."""
    keys = set(doc.terms)
    keys.add(key("lang", (doc.language or "").lower()))
    if doc.section is not None:
        keys.add(key("section", fold(doc.section)))
    if doc.source:
        labels = doc.source.split(".")
        keys.update(key("source", ".".join(labels[i:])) for i in range(len(labels)))
        keys.add(key("source", labels[0]))
    if doc.publisher:
        keys.add(key("source", fold(doc.publisher)))
    for author in doc.authors:
        keys.update(key("author", fold(w)) for w in words(author))
    for ident in doc.entity_ids:
        keys.add(key("entity", ident))
    for name in doc.entity_names:
        parts = name.split(" ")
        keys.update(key("entity", " ".join(parts[i:])) for i in range(len(parts)))
    return keys


_WORD_TERMS: dict[str | None, dict[str, tuple[str, ...]]] = {}  # lang -> word -> its index tokens
_WORD_TERMS_MAX = 500_000


def _terms(text: str, lang: str | None) -> list[str]:
    """The index tokens of ``text``: ``index_terms`` maps word by word, so caching each word's
    tokens and concatenating them gives exactly the text's tokens, at a fraction of the cost."""
    cache = _WORD_TERMS.get(lang)
    if cache is None or len(cache) > _WORD_TERMS_MAX:
        cache = _WORD_TERMS[lang] = {}
    get = cache.get
    out: list[str] = []
    extend = out.extend
    for w in words(text):
        tokens = get(w)
        if tokens is None:
            tokens = cache[w] = tuple(fts_tokens(index_terms(w, lang)))
        extend(tokens)
    return out


def fast_doc(article) -> Doc:
    """``query.Doc.of(article)``, with the word-to-term work cached per distinct word.

    The fields other than the terms come from ``Doc.of`` itself (on the article without its text),
    so they follow query/match.py; a test keeps the two equal."""
    lang = article.language
    text = article.text or "\n\n".join([article.lead, *article.body])
    shell = Doc.of(dataclasses.replace(article, title="", text="", lead="", body=[]))
    title_terms = _terms(article.title or "", lang)
    return dataclasses.replace(shell, terms=title_terms + _terms(text, lang), title_terms=title_terms)


__all__ = ["PSEUDO", "doc_keys", "fast_doc", "key"]
