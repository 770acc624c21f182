"""How a name sounds, in any script: the key a person's name written in Latin, Cyrillic, Arabic, kana
or Hangul letters meets at ("Trump", "Трамп", "ترامب", "トランプ", "트럼프" -> "TRNP").

The name is transliterated (anyascii) and its consonants reduced to classes that transliteration
and borrowing blur: p/b/f/v, t/d (and the "ch"/"ts" kana write for t before i and u), k/g/c/q,
s/z/sh/j/ts, l/r (one sound in Japanese and Korean), m/n (kana write every nasal before p as "n");
kana's "fu" is read "hu"; "j" at a word's edge is read "y", and "w", "ch" and a "j" after a vowel are
also read "v", "kh" and "y" (German and Slavic romanisations); vowels, h and y are dropped (Arabic
writes no short vowels), repeats collapse. Equal keys only
make two names *candidates*: :func:`likeness` compares the vowel-bearing forms, so "Putin" and
"Biden" (both "PTN") stay apart. Nothing here is a list of names.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from anyascii import anyascii

_CLUSTERS = (("sch", "s"), ("tch", "t"), ("tsu", "s"), ("ts", "s"), ("fu", "hu"), ("ch", "t"), ("sh", "s"), ("zh", "s"), ("th", "t"),
             ("ph", "p"), ("kh", "k"), ("ck", "k"), ("eu", ""), ("eo", "o"))
_CLASSES = str.maketrans("pbfvtdkgcqxszjlrmn", "PPPPTTKKKKKSSSRRNN")
_VOWELS = str.maketrans({"w": "u", "y": "i"})


# Letters German, Polish and Dutch romanisations write where English ones write others: "j" for "y"
# at a word's edge (Jelzin, Sergej, Selenskyj / Yeltsin, Sergei, Zelensky) and "tsch" for "ch" (Tschernyschow /
# Chernyshov), read so on every side. Others are second *readings*, since the same letters are
# another sound elsewhere: "w" for "v" (Wladimir, Lawrow, Medwedew / Vladimir, Lavrov, Medvedev),
# which English, kana and Arabic write for a vowel-like sound ("Wilson", "ウィルソン"); "ch" for "kh"
# (Chodorkowski, Charkiw, Mychajlo / Khodorkovsky, Kharkiv, Mykhailo), which English writes for
# "tsch"; and "j" after a vowel for the "y" of a diphthong (Mychajlo, Majdan / Mykhailo, Maidan), a
# consonant in Spanish or Dutch ("Bajo"). A word with such letters has a key for each reading
# (:func:`sounds`). Keys make candidates; likeness decides.
_ROMANISATIONS = (("tsch", "ch"),)
_J = re.compile(r"^j|j$")  # "j" for "y" opening or ending a word: mid-word it is often a consonant of its own
_READINGS = {"w": (re.compile("w"), "v"), "ch": (re.compile("(?<![ts])ch"), "kh"), "j": (re.compile("(?<=[aeiou])j"), "y")}


@lru_cache(maxsize=50_000)
def _letters(word: str) -> str:
    return re.sub(r"[^a-z]", "", anyascii(word).lower())


@lru_cache(maxsize=50_000)
def _plain(word: str, reading: tuple[str, ...] = ()) -> str:
    out = _letters(word)
    for name in reading:
        pattern, to = _READINGS[name]
        out = pattern.sub(to, out)
    out = _J.sub("y", out)
    for a, b in (*_ROMANISATIONS, *_CLUSTERS):
        out = out.replace(a, b)
    return out


def _readings(word: str) -> list[tuple[str, ...]]:
    """The readings of a word: as written, and with each set of the second readings its letters allow."""
    letters = _letters(word)
    names = [n for n, (pattern, _to) in _READINGS.items() if pattern.search(letters)]
    out: list[tuple[str, ...]] = [()]
    for name in names:
        out += [(*r, name) for r in out]
    return out


def sound(word: str, reading: tuple[str, ...] = ()) -> str:
    """The consonant key of one word ("" when it has no letters), as written or in a second reading."""
    key = _plain(word, reading).translate(_CLASSES)
    key = re.sub(r"[a-z]", "", key)
    return re.sub(r"(.)\1+", r"\1", key)


def sounds(word: str) -> tuple[str, ...]:
    """Every key of one word: :func:`sound` in each of its readings ("w" as "v", "ch" as "kh", …)."""
    return tuple(dict.fromkeys(sound(word, r) for r in _readings(word)))


def _vocal(word: str, reading: tuple[str, ...] = ()) -> str:
    """The word with consonant classes and its vowels (w, y read as u, i; repeats collapsed)."""
    return re.sub(r"(.)\1+", r"\1", _plain(word, reading).translate(_VOWELS).translate(_CLASSES).replace("h", ""))


def likeness(a: str, b: str) -> float:
    """0..1: how alike two words sound once their consonants agree (0 when no key of one is a key of
    the other), the best reading of each side."""
    best = 0.0
    for ra in _readings(a):
        for rb in _readings(b):
            if sound(a, ra) == sound(b, rb):
                best = max(best, SequenceMatcher(None, _vocal(a, ra), _vocal(b, rb), autojunk=False).ratio())
    return best


ONE_NAME = 0.8  # likeness two spellings of one first name reach ("Volodymyr" / "Voldomyr": 0.82)


def one_name(a: str, b: str) -> bool:
    """Whether two first names can be one name spelled twice — a typo or another language's form
    ("Volodymyr" / "Voldomyr", "Lukas" / "Лукаш"): they sound alike and end alike. "Daniel" /
    "Daniela", "Mario" / "Maria", "Jan" / "Jana" end differently, "Inna" / "Nina", "Elias" / "Ilias"
    begin differently, "Karin" / "Karen" differ in vowels only (a vowel for a vowel makes another
    name), "Noka" / "Nenoka" differ by two letters in a short name: names of two people. Initials and other words under three letters ("W.", "H.W.") are no
    spelling of anything but themselves."""
    pa, pb = _plain(a), _plain(b)
    if min(len(_letters(a)), len(_letters(b))) < 3 or pa[:1] != pb[:1] or pa[-1:] != pb[-1:]:
        return False
    if len(pa) == len(pb) and all(x == y or (x in "aeiouy" and y in "aeiouy") for x, y in zip(pa, pb)):
        return pa == pb
    if abs(len(pa) - len(pb)) >= 2 and min(len(pa), len(pb)) <= 5:
        return False  # two letters more in a short name make another name ("Nina" / "Antonina" alike)
    return likeness(a, b) >= ONE_NAME


__all__ = ["ONE_NAME", "likeness", "one_name", "sound", "sounds"]
