"""Speaker phrases to entity ids: a mention inside the phrase, a pronoun's antecedent, or the person
introduced with the role the phrase names."""

from __future__ import annotations

import bisect
import re

from ...model import Mention
from .._text import SpanIndex
from ..tokens import tokens
from .found import Found
from .lexicon import PRONOUNS, PRONOUNS_M


def resolve(text: str, found: list[Found], mentions: list[Mention]) -> None:
    """Set ``speaker_id`` of each quotation from the mentions: a mention inside the speaker phrase,
    a pronoun's antecedent, or the person introduced with the role the phrase names."""
    quoted = SpanIndex((f.start, f.end) for f in found)
    outside = sorted((m for m in mentions if m.entity_id and not quoted.overlaps(m.start, m.start + 1)),
                     key=lambda m: m.start)
    starts = [m.start for m in outside]
    roles = _roles(text, outside)
    for f in found:
        if f.speaker_start is None:
            continue
        s, e = f.named_at or (f.speaker_start, f.speaker_end)  # a resolved pronoun: start from the name
        near = outside[bisect.bisect_left(starts, s - 300):bisect.bisect_left(starts, e)]
        inside = [m for m in near if m.start < e and m.end > s]
        if inside:
            best = sorted(inside, key=lambda m: ({"PER": 0, "ORG": 1}.get(m.type, 2), m.start))[0]
            f.speaker_id = best.entity_id
            continue
        words = re.findall(r"\w+", f.speaker_phrase or f.speaker_text or "")
        low = [w.casefold() for w in words]
        if len(low) == 1 and low[0] in PRONOUNS:
            f.speaker_id = _antecedent(outside, starts, f.speaker_start, low[0])
        elif words:
            f.speaker_id = _role_match(roles, words, f.speaker_start)


def _antecedent(mentions: list[Mention], starts: list[int], before: int, pronoun: str) -> str | None:
    """The last person before ``before`` ("er"); for "sie"/"they" the last person or organisation."""
    types = ("PER",) if pronoun in PRONOUNS_M else ("PER", "ORG")
    k = bisect.bisect_left(starts, before) - 1
    steps = 0
    while k >= 0 and steps < 2000:
        m = mentions[k]
        if m.end <= before and m.type in types:
            return m.entity_id
        k -= 1
        steps += 1
    return None


def _roles(text: str, mentions: list[Mention]) -> dict[str, list[tuple[int, str]]]:
    """Role word -> [(offset, entity id)] for persons introduced with a role: "Außenminister X"."""
    out: dict[str, list[tuple[int, str]]] = {}
    for m in mentions:
        if m.type != "PER" or not m.entity_id:
            continue
        before = tokens(text[max(0, m.start - 60):m.start], max(0, m.start - 60))
        for t in reversed(before[-3:]):
            if t.text[:1].isupper() and t.text.isalpha() or "-" in t.text:
                out.setdefault(t.text.split("-")[-1].casefold(), []).append((m.start, m.entity_id))
                break
            if not t.text[:1].isalpha():
                break
    return out


def _role_match(roles: dict[str, list[tuple[int, str]]], words: list[str], at: int) -> str | None:
    """The person last introduced before ``at`` with the role the phrase's last noun names."""
    nouns = [w.split("-")[-1].casefold() for w in words if w[:1].isupper()]
    if not nouns:
        return None
    head = nouns[-1]
    best: tuple[int, str] | None = None
    for role, seen in roles.items():
        if role == head or role.endswith(head):
            k = bisect.bisect_right([start for start, _ in seen], at) - 1
            if k >= 0 and (best is None or seen[k][0] > best[0]):
                best = seen[k]
    return best[1] if best else None
