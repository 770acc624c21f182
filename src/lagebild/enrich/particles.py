"""Korean case particles: written onto the word they mark ("대한민국을", "이재명으로", "성남시의"), so NER's
spans and a name's occurrences carry them. The particles are a closed grammatical class (a list of
endings, not of names); a name loses one only where the text or the gazetteer knows the bare name.
"""

from __future__ import annotations

import re

from ..model import Mention

# longest first, so "에서" is cut before "서" could be
PARTICLES = ("에서는", "에게서", "으로는", "으로서", "으로써", "에서", "에게", "께서", "으로", "부터", "까지", "처럼",
             "보다", "이나", "이며", "이다", "은", "는", "이", "가", "을", "를", "의", "에", "로", "와", "과", "도", "만")
_HANGUL = re.compile(r"[가-힣]")


def hangul(ch: str) -> bool:
    return bool(ch) and "가" <= ch <= "힣"


def particle_after(text: str, end: int) -> bool:
    """The Hangul letters right after ``end`` (if any) are one particle: the word ends at ``end``."""
    run = end
    while run < len(text) and hangul(text[run]):
        run += 1
    return run == end or text[end:run] in PARTICLES


def bare(word: str) -> str | None:
    """``word`` without the particle it ends in (at least two syllables left), else None."""
    for p in PARTICLES:
        if word.endswith(p) and len(word) - len(p) >= 2 and all(hangul(c) for c in word[:-len(p)]):
            return word[:-len(p)]
    return None


def strip_particles(text: str, mentions: list[Mention], known=lambda name: False) -> list[Mention]:
    """Mentions ending in a particle lose it where the bare name is tagged elsewhere in the text,
    stands alone elsewhere in it (before a space or punctuation), or ``known(name)`` (a gazetteer
    place)."""
    tagged = {m.text for m in mentions}
    out = []
    for m in mentions:
        name = bare(m.text) if hangul(m.text[-1:]) else None
        if name and (name in tagged or known(name) or _alone_elsewhere(text, name)):
            m = Mention(m.start, m.start + len(name), name, m.type, m.entity_id, m.confidence)
        out.append(m)
    return out


def _alone_elsewhere(text: str, name: str) -> bool:
    for hit in re.finditer(re.escape(name), text):
        s, e = hit.span()
        if (s == 0 or not hangul(text[s - 1])) and (e == len(text) or not hangul(text[e])):
            return True
    return False


__all__ = ["PARTICLES", "bare", "hangul", "particle_after", "strip_particles"]
