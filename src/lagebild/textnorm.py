"""Word forms for search and matching, shared by the archive's full-text index and the alert
matcher so that a query finds the same articles in both.

Every token is indexed as one term: its lemma in the article's language (simplemma), stemmed
(Snowball) and folded (lowercase, no diacritics). Lemmas join irregular forms ("gesprochen" ->
"sprechen"), the stem joins what the lemma dictionary misses ("Russlands" -> "russland"), and
folding joins spellings ("Çavuşoğlu" -> "cavusoglu"). One term per token keeps phrase positions
intact. A query word, whose language is unknown, is expanded to its terms in German and English
plus its plain folded form (which is how words of other languages are indexed).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

from . import lemmas

_WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)
_STEMMERS = {"de": snowballstemmer.stemmer("german"), "en": snowballstemmer.stemmer("english")}
_LEMMA_LANGS = tuple(_STEMMERS)
# German participles and past forms of -ieren verbs ("evakuiert", "kooperierten") are often
# adjective entries in the lemma dictionary; map them to the infinitive before lemmatising.
_GERMAN_IERT = re.compile(r"iert(?:e|en|er|es|em)?$")


def words(text: str) -> list[str]:
    """Word tokens of ``text`` in order (hyphenated compounds stay one token)."""
    return _WORD.findall(text)


# Letters that carry their stroke or ligature in the code point itself, so NFKD leaves them alone.
_UNDECOMPOSED = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae",
                               "œ": "oe", "ħ": "h", "ŀ": "l"})


def fold(word: str) -> str:
    """Lowercase without diacritics: "Çavuşoğlu" -> "cavusoglu", "Słubice" -> "slubice"."""
    if word.isascii():  # nothing to decompose or map (the bulk of words, ~10x faster)
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_UNDECOMPOSED)


@lru_cache(maxsize=200_000)
def lemma(word: str, lang: str) -> str:
    """The lemma of one word in ``lang`` (lowercased); the word itself when unknown."""
    try:
        return lemmas.lemmatize(word, lang=lang).casefold()
    except (ValueError, KeyError):
        return word.casefold()


@lru_cache(maxsize=400_000)
def term(word: str, lang: str | None) -> str:
    """The index term of one word in ``lang``; the folded word for languages without a stemmer."""
    stemmer = _STEMMERS.get(lang or "")
    if stemmer is None:
        return fold(word)
    if lang == "de":
        word = _GERMAN_IERT.sub("ieren", word)
    return fold(stemmer.stemWord(lemma(word, lang)))


def index_terms(text: str, lang: str | None) -> list[str]:
    """The terms an article's text is indexed under, one per word, in order."""
    lang = lang if lang in _STEMMERS else None
    return [term(w, lang) for w in words(text)]


def query_forms(word: str) -> set[str]:
    """The index terms a query word may match: its terms in German and English and its folded form."""
    forms = {fold(word)}
    for lang in _LEMMA_LANGS:
        forms.add(term(word, lang))
    return forms


def phrase_forms(phrase_words: tuple[str, ...] | list[str]) -> set[tuple[str, ...]]:
    """The term sequences a phrase may be indexed as: as typed (folded), in German, in English."""
    variants = {tuple(fold(w) for w in phrase_words)}
    for lang in _LEMMA_LANGS:
        variants.add(tuple(term(w, lang) for w in phrase_words))
    return variants
