"""A few key terms of an article: the content words (German nouns, English words of four letters
or more) that are not entity names, by lemma, weighted by how often they occur and whether the
title has them."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from .. import lemmas
from ..model import Mention
from ..textnorm import fold
from ._text import SpanIndex, lemma
from .tokens import tokens

_STOP = set("""
der die das des dem den ein eine einer eines einem einen und oder aber auch nicht noch nur mit von zu zum zur
im in am an auf aus bei nach vor über unter für gegen um als wie wenn dass ob sich sie er es wir ihr ich man
sein seine ihre ihr dies diese dieser dieses jahr jahre jahren prozent uhr mehr thema artikel lesezeit
the a an and or but also not only with from to of in on at by for about against as like if that whether
this these those there their they them he she it we you i his her its our your will would could should
have has had been being was were are is be said says say year years percent more new one two three first
last after before over into than then when where which while who whom whose what why how very just mr mrs
""".split())


def key_terms(text: str, title: str = "", mentions: list[Mention] | tuple = (), language: str | None = "de",
              limit: int = 5) -> list[str]:
    """Up to ``limit`` key terms, most telling first."""
    lang = "en" if language == "en" else "de"
    taken = SpanIndex((m.start, m.end) for m in mentions)
    names = {fold(w) for m in mentions for w in m.text.split()}
    counts: Counter[str] = Counter()
    shown: dict[str, Counter[str]] = {}
    for source, weight, offset_ok in ((text, 1, True), (title, 2, False)):
        prev = "."
        for t in tokens(source):
            w = t.text
            ok = _content(w, prev, lang) and fold(w) not in names and not (offset_ok and taken.overlaps(t.start, t.start + 1))
            prev = w
            if not ok:
                continue
            lem = lemma(w, lang)
            k = fold(lem)
            counts[k] += weight
            shown.setdefault(k, Counter())[lem if lang == "en" else lem[:1].upper() + lem[1:]] += 1
    ranked = sorted(counts, key=lambda k: (-counts[k], -len(k), k))
    return [shown[k].most_common(1)[0][0] for k in ranked if counts[k] >= 2][:limit]


@lru_cache(maxsize=50_000)
def _noun_lemma(word: str) -> bool:
    try:
        return lemmas.lemmatize(word, lang="de")[:1].isupper()
    except (ValueError, KeyError):
        return False


@lru_cache(maxsize=50_000)
def _name_like(word: str, lang: str) -> bool:
    """A name, not a term: unknown to the lexicon, or a place the gazetteer knows."""
    from .places import lookup

    if word[:1].isupper() and not lemmas.is_known(word, lang):
        return True
    return word[:1].isupper() and lookup(word) is not None


def _content(word: str, prev: str, lang: str) -> bool:
    if len(word) < 4 or not word.replace("-", "").isalpha() or fold(word) in _STOP:
        return False
    if _name_like(word, lang):
        return False
    if lang == "de":
        # a capitalised word: a noun, unless it opens a sentence and its lemma is lower-case ("Heute")
        if not word[:1].isupper() or word.isupper():
            return False
        if prev in {".", "!", "?", ":", "„", "\""}:
            return _noun_lemma(word)
        return True
    return word.islower()
