"""A language's name used as the language ("in Spanish", "spoken English", "auf Deutsch"), not as
the nationality adjective it is spelt like ("a Spanish court", "English Ivy").

Many languages write the language and the adjective of its country alike (English "French", French
"français"); filed under the country, "her native Spanish" made Spain's entity hold the language. A
language is an entity of its own, one id in every language of the text: ``MISC:language:<ISO 639>``
("Spanish", "Spanisch", "espagnol" -> ``MISC:language:es``). Which sense a word has is read from the
syntax around it, for every language name alike:

* after a word of speaking ("speaks", "native", "fluent", "translated") or such a noun and "of" or
  "in" ("speakers of Spanish", "courses in English") it is the language;
* a word that modifies a following noun is the adjective ("French officials", "a Spanish court"),
  unless the noun is one a language forms ("English version", "Spanish speakers");
* otherwise it is the language ("in French.", "speaks Spanish and German", "English is hard"),
  unless an article stands before it ("the French voted": the people, the country's);
* in German and Luxembourgish, which capitalise every noun, a language's name written capitalised
  is the language ("auf Deutsch", "Englisch lernen") and the lower-case adjective is not.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..textnorm import fold
from .cldr_places import language_names, territories

# Nouns a language name forms a phrase with as the language (written by hand, in the languages
# whose language names are adjectives too).
LANGUAGE_NOUNS = frozenset("""
version versions translation translations subtitle subtitles language languages speaker speakers speaking
teacher teachers class classes course courses lesson lessons word words text texts edition editions dub
dubbing audio dictionary grammar proficiency skills fluency name names title titles teaching learning
instruction phrase phrases sentence sentences expression expressions vocabulary idiom idioms accent learner learners
""".split())

# Words before a language name that make it the language whatever follows (English; by hand).
SPEAKING = frozenset("""
speak speaks speaking spoke spoken native fluent learn learns learning learned learnt teach teaches teaching
taught understand understands understood translate translates translated dubbed subtitled
""".split())

# Articles before a nationality word make it the people ("the French"), not the language.
_ARTICLES = frozenset("the a an les la le los las el il lo gli".split())

_WORD = re.compile(r"[^\W\d_][\w'’-]*")


# Languages that capitalise every noun: there a language's name written capitalised is the
# language ("auf Deutsch", "Englisch lernen"), while the adjective is lower-case ("deutsche").
NOUN_CAPITALS = ("de", "lb")


def language_name(word: str, language: str | None) -> bool:
    """``word`` is, as written, the name of a language in ``language`` where that language writes the
    name of a language otherwise than the country's adjective ("Deutsch", "Englisch" in German)."""
    return language in NOUN_CAPITALS and word[:1].isupper() and word in _written_names(language)


@lru_cache(maxsize=8)
def _written_names(language: str) -> frozenset[str]:
    return frozenset(language_names(language).values())


@lru_cache(maxsize=16)
def _names(language: str) -> dict[str, str]:
    """Folded name of a language in ``language`` -> its two-letter code (CLDR through babel); a
    name two codes share is dropped, and so is one the locale also gives a territory (English
    "Nauru", German "Fidschi"): the place is the likelier sense, and no cue tells them apart."""
    places = {fold(name) for name in territories(language).values()}
    owners: dict[str, set[str]] = {}
    for code, name in language_names(language).items():
        if fold(name) not in places and len(code) == 2 and " " not in name:
            owners.setdefault(fold(name), set()).add(code)
    return {name: next(iter(codes)) for name, codes in owners.items() if len(codes) == 1}


def _capitalised(language: str | None) -> bool:
    """``language`` writes the names of languages capitalised (English "English", German "Deutsch";
    not French "anglais", Finnish "suomi"); an unknown locale as English."""
    return language_names(language or "en").get("en", "E")[:1].isupper()


def code(word: str, language: str | None) -> str | None:
    """The ISO 639 code of the language ``word`` names in ``language``, as a name (no use checked)."""
    return _names(language).get(fold(word.strip())) if language else None


def language_use(text: str, start: int, end: int, language: str | None) -> str | None:
    """The code of the language the word ``text[start:end]`` names, where it is used as the language
    (see the module doc), else None."""
    word = text[start:end]
    found = code(word, language)
    if found is None or word[:1].isupper() and not _capitalised(language):
        return None  # Finnish "Suomi" is Finland; the language is written "suomi"
    if language in NOUN_CAPITALS:
        return found if language_name(word, language) else None
    before = _WORD.findall(text[max(0, start - 20):start])
    if before and fold(before[-1]) in SPEAKING:
        return found  # "speaks Spanish fluently", "her native French"
    if len(before) >= 2 and fold(before[-1]) in ("of", "in") and fold(before[-2]) in LANGUAGE_NOUNS:
        return found  # "speakers of Spanish", "courses in English"
    nxt = _next_word(text, end)
    while nxt and nxt[2] in _CONJUNCTIONS and (after := _next_word(text, nxt[1])) and code(after[2], language):
        nxt = _next_word(text, after[1])  # "English and French versions": what follows the list
    if nxt is not None:
        noun = nxt[2]
        if noun in LANGUAGE_NOUNS or noun.split("-")[-1] in LANGUAGE_NOUNS:
            return found  # "English version", "Spanish-language"
        if noun not in _function_words(language):
            return None  # "French officials", "a Spanish court": the adjective
    if before and fold(before[-1]) in _ARTICLES:
        return None  # "the French": the people
    return found


_CONJUNCTIONS = frozenset("and or und oder et ou y o e och eller og".split())
_NEXT = re.compile(r"[ \t]*-?[ \t]*([^\W\d_][\w'’-]*)")


def _next_word(text: str, pos: int) -> tuple[int, int, str] | None:
    """The next word after ``pos`` on the same line (start, end, folded), with nothing but spaces or
    a hyphen before it; None where punctuation or a line break comes first."""
    m = _NEXT.match(text, pos)
    return None if m is None else (m.start(1), m.end(1), fold(m.group(1)))


@lru_cache(maxsize=16)
def _function_words(language: str | None) -> frozenset[str]:
    from ..stopwords import stop_words  # as casing.stop_words reads them

    return frozenset(fold(w) for w in stop_words("en") | stop_words(language or "en"))


PREFIX = "MISC:language:"


def entity_id(lang_code: str) -> str:
    return PREFIX + lang_code


def display_name(lang_code: str, language: str | None) -> str:
    """The language's name in the text's language ("Spanisch" in German), else in English, else the code."""
    return language_names(language or "en").get(lang_code) or language_names("en").get(lang_code, lang_code)
