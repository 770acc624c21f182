"""How a name sounds, in any script: the key a person's name written in Latin, Cyrillic, Arabic, kana
or Hangul letters meets at ("Trump", "Трамп", "ترامب", "トランプ", "트럼프" -> "TRNP").

The name is transliterated (anyascii) and its consonants reduced to classes that transliteration
and borrowing blur: p/b/f/v, t/d (and the "ch"/"ts" kana write for t before i and u), k/g/c/q,
s/z/sh/j/ts, l/r (one sound in Japanese and Korean), m/n (kana write every nasal before p as "n");
kana's "fu" is read "hu"; vowels, h, w and y are dropped (Arabic writes no short vowels), repeats collapse. Equal keys only
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


@lru_cache(maxsize=50_000)
def _plain(word: str) -> str:
    out = re.sub(r"[^a-z]", "", anyascii(word).lower())
    for a, b in _CLUSTERS:
        out = out.replace(a, b)
    return out


def sound(word: str) -> str:
    """The consonant key of one word ("" when it has no letters)."""
    key = _plain(word).translate(_CLASSES)
    key = re.sub(r"[a-z]", "", key)
    return re.sub(r"(.)\1+", r"\1", key)


def _vocal(word: str) -> str:
    """The word with consonant classes and its vowels (w, y read as u, i; repeats collapsed)."""
    return re.sub(r"(.)\1+", r"\1", _plain(word).translate(_VOWELS).translate(_CLASSES).replace("h", ""))


def likeness(a: str, b: str) -> float:
    """0..1: how alike two words sound once their consonants agree (0 when their keys differ)."""
    if sound(a) != sound(b):
        return 0.0
    return SequenceMatcher(None, _vocal(a), _vocal(b), autojunk=False).ratio()


__all__ = ["likeness", "sound"]
