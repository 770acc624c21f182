"""How a name sounds, in any script: the key a person's name written in Latin, Cyrillic, Arabic, kana
or Hangul letters meets at ("Trump", "Трамп", "ترامب", "トランプ", "트럼프" -> "TRNP").

The name is transliterated (anyascii) and its consonants reduced to classes that transliteration
and borrowing blur: p/b/f/v, t/d (and the "ch"/"ts" kana write for t before i and u), k/g/c/q,
s/z/sh/j/ts, l/r (one sound in Japanese and Korean), m/n (kana write every nasal before p as "n");
kana's "fu" is read "hu"; "w" is read "v" and "j" at a word's edge "y" (German and Polish romanisations); vowels, h and y
are dropped (Arabic writes no short vowels), repeats collapse. Equal keys only
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
# Chernyshov), read so on every side; and "w" for "v" (Wladimir, Lawrow, Medwedew / Vladimir, Lavrov,
# Medvedev), which English, kana and Arabic write for a vowel-like sound ("Wilson", "ウィルソン"): a
# word with "w" has a second key with it read "v" (:func:`sounds`). Keys make candidates; likeness decides.
_ROMANISATIONS = (("tsch", "ch"),)
_J = re.compile(r"^j|j$")  # "j" for "y" opening or ending a word: mid-word it is often a consonant of its own


@lru_cache(maxsize=50_000)
def _plain(word: str, w_as_v: bool = False) -> str:
    out = re.sub(r"[^a-z]", "", anyascii(word).lower())
    if w_as_v:
        out = out.replace("w", "v")
    out = _J.sub("y", out)
    for a, b in (*_ROMANISATIONS, *_CLUSTERS):
        out = out.replace(a, b)
    return out


def sound(word: str, w_as_v: bool = False) -> str:
    """The consonant key of one word ("" when it has no letters)."""
    key = _plain(word, w_as_v).translate(_CLASSES)
    key = re.sub(r"[a-z]", "", key)
    return re.sub(r"(.)\1+", r"\1", key)


def sounds(word: str) -> tuple[str, ...]:
    """Every key of one word: :func:`sound`, and where it writes a "w", the key with it read "v"."""
    first = sound(word)
    second = sound(word, True) if "w" in _plain(word) else first
    return (first,) if second == first else (first, second)


def _vocal(word: str, w_as_v: bool = False) -> str:
    """The word with consonant classes and its vowels (w, y read as u, i; repeats collapsed)."""
    return re.sub(r"(.)\1+", r"\1", _plain(word, w_as_v).translate(_VOWELS).translate(_CLASSES).replace("h", ""))


def likeness(a: str, b: str) -> float:
    """0..1: how alike two words sound once their consonants agree (0 when no key of one is a key of
    the other), the best reading of a "w" on each side."""
    best = 0.0
    for va in ((False, True) if "w" in _plain(a) else (False,)):
        for vb in ((False, True) if "w" in _plain(b) else (False,)):
            if sound(a, va) == sound(b, vb):
                best = max(best, SequenceMatcher(None, _vocal(a, va), _vocal(b, vb), autojunk=False).ratio())
    return best


__all__ = ["likeness", "sound", "sounds"]
