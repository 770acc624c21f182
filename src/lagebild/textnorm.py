"""Word forms for search and matching, shared by the archive's full-text index and the alert
matcher so that a query finds the same articles in both.

Every token is indexed as its lowercase form plus its lemma (simplemma) in the article's language,
so "kooperiert" and "kooperieren" meet at "kooperieren". A query word, whose language is unknown,
is expanded to its lemmas in German and English.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import simplemma

_WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)
_LEMMA_LANGS = ("de", "en")


def words(text: str) -> list[str]:
    """Word tokens of ``text`` in order (hyphenated compounds stay one token)."""
    return _WORD.findall(text)


def fold(word: str) -> str:
    """Lowercase without diacritics: "Çavuşoğlu" -> "cavusoglu"."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ı", "i")


@lru_cache(maxsize=200_000)
def lemma(word: str, lang: str) -> str:
    """The lemma of one word in ``lang`` (lowercased); the word itself when unknown."""
    try:
        return simplemma.lemmatize(word, lang=lang).casefold()
    except (ValueError, KeyError):
        return word.casefold()


def index_terms(text: str, lang: str | None) -> list[str]:
    """The terms an article's text is indexed under: each word's lemma in the article language."""
    lang = lang if lang in _LEMMA_LANGS else None
    out = []
    for w in words(text):
        out.append(fold(lemma(w, lang)) if lang else fold(w))
    return out


def query_forms(word: str) -> set[str]:
    """The index terms a query word may match: its folded form and its German and English lemmas."""
    forms = {fold(word)}
    for lang in _LEMMA_LANGS:
        forms.add(fold(lemma(word, lang)))
    return forms
