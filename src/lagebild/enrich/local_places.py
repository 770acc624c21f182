"""Country names in the text's own language, for languages NER was not trained on: CLDR's names
(babel) as written, in kana, Hangul or Han at the edges of a word, and, in inflecting languages, a
capitalised word whose Snowball stem is a name's ("Saksan" of "Saksa"). places.py finds German and
English names and every country adjective; this module the rest.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Mention
from . import places
from ._text import SpanIndex
from .particles import hangul, particle_after


@lru_cache(maxsize=64)
def _local_names(language: str) -> dict[str, str]:
    """The country names CLDR gives in ``language`` -> code (babel; names no other country shares)."""
    from .cldr_places import territories  # an unknown locale has no names

    names = territories(language)
    return {name: code for code, name in names.items() if len(code) == 2 and code in places._data()["countries"]
            and len(name) >= 2 and not places.person_name(name)}


_SPACELESS = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff가-힣]+$")


def scan_local(text: str, taken: list[tuple[int, int]], language: str | None) -> list[Mention]:
    """Country names in the text's own language beyond German and English, which NER trained on
    other languages misses: CLDR's name as written (kana, Hangul, Han: at the edges of a word of its
    script; a Korean particle may follow) or, in inflecting languages, a capitalised word whose
    stem is the name's ("Saksan" of "Saksa")."""
    if not language or language in ("en", "de"):
        return []
    index = SpanIndex(taken)
    out: list[Mention] = []
    names = _local_names(language)
    spaceless = [n for n in names if _SPACELESS.match(n)]
    if spaceless:
        for hit in re.finditer("|".join(map(re.escape, sorted(spaceless, key=len, reverse=True))), text):
            s, e = hit.span()
            before, after = text[s - 1:s], text[e:e + 1]
            if _same_script(before, text[s]) or index.overlaps(s, e):
                continue
            if hangul(text[e - 1]) and not particle_after(text, e) or not hangul(text[e - 1]) and _same_script(after, text[e - 1]):
                continue
            out.append(Mention(s, e, hit.group(), "LOC", f"LOC:{names[hit.group()]}"))
    if places._stemmed_names(language):
        for hit in re.finditer(r"(?<!\w)[^\W\d_][\w-]{3,}", text):
            s, e = hit.span()
            if hit.group()[:1].isupper() and not hit.group().isupper() and not index.overlaps(s, e) \
                    and (code := places.stemmed_country(hit.group(), language)) and not places.person_name(hit.group()):
                out.append(Mention(s, e, hit.group(), "LOC", f"LOC:{code}"))
    return out


def _same_script(a: str, b: str) -> bool:
    """Both characters are katakana (with the long-vowel mark), both hiragana, both Han or both Hangul;
    "語" after a name makes a language's name ("ドイツ語"), no country."""
    def kind(ch: str) -> str:
        if not ch:
            return ""
        if "\u30a0" <= ch <= "\u30ff":
            return "katakana"
        if "\u3040" <= ch <= "\u309f":
            return "hiragana"
        if ch == "語":
            return kind(b) or "han"
        if "\u4e00" <= ch <= "\u9fff":
            return "han"
        return "hangul" if "가" <= ch <= "힣" else ""
    return bool(kind(a)) and kind(a) == kind(b)


__all__ = ["scan_local"]
