"""Persons within one article: which PER mentions name one person (names.py gives the ids).

Full names meet by an inflection-blind key, lone surnames and first names join the full name they
end or begin, and a one-sign Korean or Chinese family name joins the one full name that begins with it.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

from .. import lemmas
from ..model import Mention
from ..textnorm import fold
from . import places
from ._text import EXACT_MARKS, slug, stem
from .cores import name_words
from .particles import nominative
from .sounds import one_name


# Languages whose names inflect (Russian "Вовк", "Вовка", "Вовку"; Finnish "Merkelin"; Polish
# "Polsce"): their words meet at a Snowball stem. German and English keep _text.stem, which only cuts
# a genitive and the German endings.
_INFLECTING = ("ru", "pl", "fi", "tr", "cs", "hu", "lt", "et", "sr", "el", "uk")
_SPACELESS = ("HANGUL", "CJK")  # names written without spaces: the family name is the first sign


def _word_key(language: str | None):
    if language in EXACT_MARKS:  # "Thủy" is not "Thúy": the word as written, case aside
        return lambda w: unicodedata.normalize("NFC", w.casefold())
    stemmer = places._snowball(language) if language in _INFLECTING else None
    if stemmer is None:
        return stem
    # "İ" folds to "i" and a combining dot: "ICARDİ", "İZMİR" in capitals meet "Icardi", "İzmir"; a
    # Latin name's letters without their marks, so "Çavuşoğlu" meets "Cavusoglu", "Wałęsa" "Walesa"
    return lambda w: stemmer.stemWord(fold(w) if _LATIN_NAME.fullmatch(w) else w.casefold().replace("i\u0307", "i"))


_LATIN_NAME = re.compile(r"[A-Za-z\u00c0-\u024f'’.-]+")


# Spellings that romanisations of one name differ by ("Dmitri" / "Dmitry", "Sergei" / "Sergey",
# "Alexei" / "Aleksei"): a first name's key reads them alike, so two full names with one surname
# that differ only so are one person in an article. Never vowels for vowels ("Maria" / "Mario").
_ROMANISED = ((re.compile(r"y"), "i"), (re.compile(r"x"), "ks"))


def _romanised(word: str) -> str:
    for pattern, to in _ROMANISED:
        word = pattern.sub(to, word)
    return word


# A fleeting vowel: the "e"/"o" before a first name's last consonant that its other cases drop
# ("Павел" / "Павла", "Paweł" / "Pawła", "Marek" / "Marka").
_FLEETING = re.compile(r"(?<=[^aeiouy])[eo](?=[^aeiouy]$)")


def _first_name_stem(word: str, language: str) -> str:
    """A first name's stem, transliterated, without a fleeting vowel: the cases of one name meet
    ("Павел" / "Павла" -> "pavl"). Never its consonants alone: "Анна" and "Нина", "Ali" and "Ela",
    "Олена" and "Ірина" are different names; so a vowel is fleeting only where another stays
    ("Нене" / "Ноне" are not both "nn")."""
    stem_ = anyascii(_word_key(language)(word)).lower()
    short = _FLEETING.sub("", stem_)
    return short if re.search("[aeiouy]", short) else stem_


@lru_cache(maxsize=20_000)
def _first_name_lemma(word: str, language: str) -> str:
    """A first name's lemma where the language's dictionary knows it ("Νίκου" -> "nikos", "Νίκη" ->
    "niki": one stem, two names), else its stem. Asked only where two spellings share a stem, since
    loading a language's dictionary costs a second (simplemma keeps eight)."""
    try:
        lemma = lemmas.lemmatize(word, lang=language) if lemmas.is_known(word, lang=language) else ""
    except (ValueError, KeyError):  # a language simplemma has no dictionary for
        lemma = ""
    if lemma[:2].casefold() == word[:2].casefold():  # a case changes a name's end, never its start
        return anyascii(lemma).lower()
    return _first_name_stem(word, language)


def person_clusters(pending: list[tuple[Mention, str]], language: str | None = None) -> dict[int, tuple[str, str]]:
    """Full names cluster by key; a lone word joins the last full name it ends (or, failing that,
    the first), else the one full name it begins (a first name used alone: "LeBron"); lone words
    with no full name cluster by their own key. A cluster's id is its shortest spelling (in an
    inflecting language, the likeliest nominative; where the dictionary knows the names, their
    nominative: "Donaldem Trumpem" -> "Donald Trump"), so other articles meet it."""
    wkey = _word_key(language)
    exact = language in EXACT_MARKS

    def coarse_key(words: list[str]) -> str:
        return " ".join([*(_first_name_stem(w, language) for w in words[:-1]), wkey(words[-1])])

    # Full names whose first names share a stem but are spelt differently ("Νίκος" / "Νίκη", "Paweł" /
    # "Pawła"): the dictionary decides whether they are cases of one name; elsewhere the stem does.
    spellings: dict[str, set[str]] = {}
    if language in _INFLECTING:
        for m, core in pending:
            if m.type == "PER" and len(words := name_words(core)) >= 2:
                spellings.setdefault(coarse_key(words), set()).add(" ".join(words[:-1]).casefold())
    doubtful = {k for k, v in spellings.items() if len(v) > 1}

    def name_key(words: list[str]) -> str:
        if language in _INFLECTING and len(words) >= 2:
            key = coarse_key(words)
            if key in doubtful:
                key += " | " + " ".join(_first_name_lemma(w, language) for w in words[:-1])
            return key
        if exact:  # Vietnamese: the marks tell names apart, "y" and "i" too ("Thụy", "Thụi")
            return " ".join(wkey(w) for w in words)
        return " ".join([*(_romanised(wkey(w)) for w in words[:-1]), wkey(words[-1])])

    surname_keys = {wkey(w[-1]) for m, core in pending if m.type == "PER" and len(w := name_words(core)) >= 2}

    def genitive_phrase(words: list[str]) -> bool:
        """"Trumps Falschbehauptung": NER ran a surname's genitive on into the noun it governs."""
        return (len(words) == 2 and words[0].endswith("s") and wkey(words[0][:-1]) in surname_keys
                and wkey(words[0][:-1]) != wkey(words[1]))

    groups: dict[str, list[str]] = {}  # name key -> cores
    for m, core in pending:
        words = name_words(core)
        if genitive_phrase(words):
            continue
        if m.type == "PER" and len(words) >= 2:
            groups.setdefault(name_key(words), []).append(core)
        elif m.type == "PER" and len(words) == 1:
            groups.setdefault(name_key(words), [])
    def shortest(cores: list[str]) -> str:  # in a language whose names decline, of the nominatives
        forms = [nominative(c, language) or c for c in cores]
        return min(forms, key=lambda c: (len(c), forms.index(c)))

    ids = {k: "PER:" + slug(shortest(cores), exact) for k, cores in groups.items() if cores}
    ids.update(_one_person(groups, ids, wkey))
    full: list[tuple[int, str, str]] = []  # (start, surname key, id)
    out: dict[int, tuple[str, str]] = {}
    first_names: dict[str, set[str]] = {}
    for m, core in pending:
        words = name_words(core)
        if m.type == "PER" and len(words) >= 2 and not genitive_phrase(words):
            cid = ids[name_key(words)]
            out[id(m)] = (cid, "PER")
            full.append((m.start, wkey(words[-1]), cid))
            first_names.setdefault(wkey(words[0]), set()).add(cid)
    by_surname: dict[str, list[tuple[int, str]]] = {}
    for start, sur, cid in full:
        by_surname.setdefault(sur, []).append((start, cid))
    # a word NER typed a person alone somewhere in the text, and something else elsewhere ("LeBron"
    # as ORG): the text's own tag says the other occurrences may be the first name too
    tagged_alone = {core for m, core in pending if m.type == "PER" and len(name_words(core)) == 1}
    lone: dict[str, list[str]] = {}
    for m, core in pending:
        words = name_words(core)
        if id(m) in out or len(words) not in (1, 2):
            continue
        if len(words) == 2:
            if not genitive_phrase(words):
                continue
            words = [words[0][:-1]]
        same = by_surname.get(wkey(words[0]))
        if same and len({cid for _, cid in same}) > 1:
            # "Anne Moreau et Inès Moreau … Moreau a souri": the surname alone could be either; it
            # stays a person of its own rather than a guess at one of them
            lone.setdefault(wkey(words[0]), []).append(core) if m.type == "PER" else None
        elif same:  # the last full name before the mention, else the first one after it
            k = bisect.bisect_right(same, (m.start, "\uffff")) - 1
            out[id(m)] = (same[k][1] if k >= 0 else same[0][1], "PER")
        elif (m.type == "PER" or core in tagged_alone) and len(first_names.get(wkey(words[0]), ())) == 1:
            out[id(m)] = (next(iter(first_names[wkey(words[0])])), "PER")
        elif m.type == "PER":
            lone.setdefault(wkey(words[0]), []).append(core)
    lone_ids = {k: "PER:" + slug(shortest(cores), exact) for k, cores in lone.items()}
    spaceless = _spaceless_names(pending)
    for m, core in pending:
        if id(m) in out or m.type != "PER" or len(name_words(core)) != 1:
            continue
        if m.entity_id and m.entity_id.startswith("PER~"):  # "이 당선인": the one "이…" with that title
            hint = m.entity_id[4:]
            out[id(m)] = (lone_ids.get(wkey(hint)) or "PER:" + slug(hint, exact), "PER")  # the id the full name got
        elif core in spaceless:  # "이" alone: the one "이…" named in the text
            out[id(m)] = (spaceless[core], "PER")
        else:
            out[id(m)] = (lone_ids[wkey(core)], "PER")
    return out


def _one_person(groups: dict[str, list[str]], ids: dict[str, str], wkey) -> dict[str, str]:
    """Full names of one article with one surname whose first names are one name spelled twice
    (:func:`.sounds.one_name`: "Volodymyr Zelenskyj" and, a typo, "Voldomyr Zelenskyj"; "Лукаш" and
    "Лукас Подольски") name one person: each such key -> the id of the spelling named most (ties: the
    first), so a lone surname has one full name to join. Keys of two first names stay apart when
    any pair of them is not one name ("Joe" / "Hunter Biden", "Daniel" / "Daniela Klein")."""
    named: list[tuple[str, list[str], str, int]] = []  # (key, first names, surname key, mentions)
    for k, cores in groups.items():
        if cores and len(words := name_words(cores[0])) >= 2:
            named.append((k, words[:-1], wkey(words[-1]), len(cores)))
    out: dict[str, str] = {}
    for k, first, sur, _n in named:
        alike = [(n, -j, key) for j, (key, f2, s2, n) in enumerate(named) if s2 == sur and len(f2) == len(first)
                 and (key == k or all(a == b or one_name(a, b) for a, b in zip(first, f2)))]
        if len(alike) > 1:
            out[k] = ids[max(alike)[2]]
    return out


def _spaceless_names(pending: list[tuple[Mention, str]]) -> dict[str, str]:
    """A one-sign family name -> the id of the one 2-4 sign person name in the text that begins with it
    (Korean and Chinese names, written without spaces)."""
    heads: dict[str, set[str]] = {}
    for m, core in pending:
        if m.type == "PER" and 2 <= len(core) <= 4 and all(unicodedata.name(c, "").startswith(_SPACELESS) for c in core):
            heads.setdefault(core[0], set()).add("PER:" + slug(core))
    return {h: next(iter(ids)) for h, ids in heads.items() if len(ids) == 1}
