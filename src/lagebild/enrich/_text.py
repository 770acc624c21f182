"""Text helpers the enrichers share beside the tokenizer (tokens.py): the inflection-blind key two
spellings of one name meet at, lemmas, and overlap queries over spans."""

from __future__ import annotations

import bisect
import hashlib
import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

from .. import lemmas
from ..textnorm import fold

_DE_SUFFIXES = ("es", "en", "er", "em", "s", "n", "e")


def stem(word: str) -> str:
    """A crude inflection-blind form of one word: folded, apostrophes gone, a German/English
    inflection ending cut when the rest stays four letters or longer ("Russlands" -> "russland",
    "Islamischen" -> "islamisch", "Staates" -> "staat")."""
    if not _latin(word):  # fold() would drop the voicing marks of kana; no Latin endings to cut
        return unicodedata.normalize("NFC", word.casefold())
    w = fold(word).replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.rstrip("'")
    for suf in _DE_SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            return w[: -len(suf)]
    return w


def key(name: str) -> str:
    """The inflection-blind key of a multi-word name ("Islamischen Staates" == "Islamischer Staat")."""
    return " ".join(stem(w) for w in re.findall(r"\w+", name))


def _latin(text: str) -> bool:
    return all(ord(c) < 0x250 or not c.isalpha() for c in text)


# Alphabets anyascii maps letter by letter (near enough one to one) onto Latin: a name in them keeps
# its transliteration as its key, so "Путин" meets "Putin". Elsewhere the mapping loses letters (Han
# readings without tones, Arabic letters that share a Latin one: "ترامب" -> "trmb") or the boundaries
# between signs of a syllabary, whose spellings run together ("김민아" and "김미나" both read "gimmina",
# "하나" and "한아" "hana", "カンア" and "カナ" "kana", "キャ" and "キヤ" "kiya"), and two different
# names could meet; there the key also carries a hash of the name as written.
_INJECTIVE = ("LATIN", "CYRILLIC", "GREEK")


# Vietnamese writes tones and vowels with marks folding drops, and its names differ by them alone
# ("Thủy" and "Thúy", "Dũng" and "Dung", "Lan" and "Lân"): letters only its orthography uses.
VIETNAMESE = re.compile("[\u1ea0-\u1ef9ăĂơƠưƯ]")
# Languages whose names differ by their diacritics alone: there a name's key keeps them.
EXACT_MARKS = ("vi",)


@lru_cache(maxsize=100_000)
def slug(name: str, exact: bool = False) -> str:
    """A stable id part in ASCII, for a name in any script: folded, transliterated (anyascii),
    non-alphanumerics to single hyphens ("Çavuşoğlu" -> "cavusoglu", "Путин" -> "putin",
    "이재명" -> "ijaemyeong-b6109aac"). Distinct names never share one: where transliteration could merge
    two (see ``_INJECTIVE``; Vietnamese letters; any diacritic when ``exact``, for a name in a
    language of ``EXACT_MARKS``) or leaves nothing ("€"), a hash of the written name is appended."""
    written = unicodedata.normalize("NFC", re.sub(r"\s+", " ", name.strip().casefold()))
    # fold() strips combining marks, which would also drop the voicing marks of kana ("プ" -> "フ")
    out = re.sub(r"[^a-z0-9]+", "-", fold(written) if _latin(written) else anyascii(written).lower()).strip("-")
    lossy = (exact and not written.isascii()) or bool(VIETNAMESE.search(written)) or any(
        c.isalpha() and not unicodedata.name(c, "").startswith(_INJECTIVE) for c in written)
    if lossy or not out:
        digest = hashlib.blake2s(written.encode("utf-8"), digest_size=4).hexdigest()
        out = f"{out}-{digest}" if out else digest
    return out


@lru_cache(maxsize=100_000)
def lemma(word: str, lang: str) -> str:
    """simplemma's lemma, lower-cased but keeping "ß" (textnorm.lemma casefolds it to "ss")."""
    try:
        return lemmas.lemmatize(word, lang=lang).lower()
    except (ValueError, KeyError):
        return word.lower()


class SpanIndex:
    """Overlap queries over many (start, end) spans, which may themselves overlap."""

    def __init__(self, spans) -> None:
        pairs = sorted((s, e) for s, e in spans)
        self.starts = [s for s, _ in pairs]
        self.max_end: list[int] = []
        top = -1
        for _, e in pairs:
            top = max(top, e)
            self.max_end.append(top)

    def overlaps(self, s: int, e: int) -> bool:
        """Some span overlaps [s, e) (a span [a, b) with a < e and b > s)."""
        k = bisect.bisect_left(self.starts, e)
        return k > 0 and self.max_end[k - 1] > s
