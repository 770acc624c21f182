"""Who did what to whom, from simple clause patterns (no parser): a clause opening with one or
more entity mentions ("Die Türkei und Russland …", "Cavusoglu …"), then its finite verb, then an
entity later in the same clause as the object ("… gegen die Terror-Miliz ISIS kämpfen").

The verb is the finite verb's lemma, or, after a modal or auxiliary ("wollen … kämpfen",
"will fight", "hat … getroffen"), the lemma of the clause-final infinitive or participle; a
separated particle joins its verb ("schlug … vor" -> "vorschlagen"). An entity behind a
locative preposition ("in Syrien") is a place, not an object. Events need an object: a bare
"X sagte" is a quote, not an event. Modest on purpose: precision over recall.
"""

from __future__ import annotations

import bisect

from ..model import Event, Mention
from .quotes.lexicon import PARTICLES
from ._text import lemma
from .tokens import Span, sentences, tokens

_MAX_SENTENCE = 1500  # characters; longer "sentences" are lists or dumps, not clauses
_DETS = {"der", "die", "das", "des", "dem", "den", "ein", "eine", "the", "a", "an"}
_MODALS_DE = {"wollen", "können", "müssen", "sollen", "dürfen", "werden", "haben", "sein", "möchten", "mögen"}
_MODALS_EN = {"will", "would", "can", "could", "may", "might", "must", "shall", "should", "has", "have",
              "had", "is", "are", "was", "were", "did", "does", "do"}
_LOCATIVE = {"in", "im", "aus", "nach", "bei", "an", "am", "auf", "vor", "über", "durch", "from", "at", "on",
             "to", "into", "across", "within", "near"}
_NOT_VERBS = {"und", "oder", "aber", "auch", "nicht", "noch", "nur", "and", "or", "but", "also", "not",
              "offenbar", "bereits", "schon", "jetzt", "heute", "gestern"}
_CLAUSE_END = {",", ";", ":", ".", "!", "?", "„", "“", "”", "\"", "»", "«", "(", ")", "–"}


def find_events(text: str, mentions: list[Mention], language: str | None = "de") -> list[Event]:
    """Events in ``text`` between canonicalised mentions (see the module docstring)."""
    lang = "en" if language == "en" else "de"
    linked = sorted((m for m in mentions if m.entity_id and m.type in ("PER", "ORG", "LOC")), key=lambda m: m.start)
    starts = [m.start for m in linked]
    out: list[Event] = []
    seen: set[tuple] = set()
    for sent in sentences(text):
        if sent.end - sent.start > _MAX_SENTENCE:
            continue
        in_sent = [m for m in linked[bisect.bisect_left(starts, sent.start):bisect.bisect_left(starts, sent.end)]
                   if m.end <= sent.end]
        if len(in_sent) < 2:
            continue
        for ev in _clause_events(text, sent, in_sent, lang):
            k = (ev.subject_id, ev.verb, ev.object_id)
            if k not in seen:
                seen.add(k)
                out.append(ev)
    return out


def _clause_events(text: str, sent: Span, mentions: list[Mention], lang: str) -> list[Event]:
    toks = tokens(sent.text, sent.start)
    at = {}  # token index -> mention
    for m in mentions:
        for i, t in enumerate(toks):  # a country nested in an organisation's mention: the organisation
            if m.start <= t.start < m.end and (i not in at or at[i].end - at[i].start < m.end - m.start):
                at[i] = m
    # clauses open at the sentence start and after a comma, "dass"/"that" or a semicolon
    starts = [0] + [i + 1 for i, t in enumerate(toks) if t.text in {",", ";"} or t.text.casefold() in {"dass", "that"}]
    out: list[Event] = []
    for start in starts:
        out += _events_from(toks, at, start, lang, sent.text)
    return out


def _events_from(toks: list[Span], at: dict[int, Mention], i: int, lang: str, sentence: str) -> list[Event]:
    subjects: list[str] = []
    while i < len(toks):
        low = toks[i].text.casefold()
        if i in at:
            m = at[i]
            if m.entity_id not in subjects:
                subjects.append(m.entity_id)
            while i in at and at[i] is m:
                i += 1
            continue
        if low in _DETS or (subjects and low in {"und", "and", "sowie"}):
            i += 1
            continue
        break
    if not subjects or i >= len(toks):
        return []
    verb = _verb(toks, i, lang)
    if verb is None:
        return []
    obj = _object(toks, at, i, subjects)
    if obj is None:
        return []
    return [Event(subject_id=s, verb=verb, object_id=obj, sentence=sentence) for s in subjects]


def _verb(toks: list[Span], i: int, lang: str) -> str | None:
    w = toks[i].text
    if not w.isalpha() or not w.islower() or w in _NOT_VERBS or w in _DETS:
        return None
    end = i + 1
    while end < len(toks) and toks[end].text not in _CLAUSE_END:
        end += 1
    clause = toks[i + 1:end]
    if lang == "en":
        lem = lemma(w, "en")
        if w in _MODALS_EN:
            nxt = next((t for t in clause if t.text.isalpha() and t.text.islower() and t.text not in _NOT_VERBS), None)
            return lemma(nxt.text, "en") if nxt else None
        return lem if (lem != w or w.endswith(("s", "ed"))) else None
    lem = lemma(w, "de")
    if not lem.endswith(("en", "ern", "eln")):
        return None
    if lem in _MODALS_DE:
        tail = [t for t in clause if t.text.isalpha() and t.text.islower()]
        if not tail or not lemma(tail[-1].text, "de").endswith(("en", "ern", "eln")):
            return None
        return lemma(tail[-1].text, "de")
    if clause and clause[-1].text.casefold() in PARTICLES:
        return clause[-1].text.casefold() + lem
    return lem


def _object(toks: list[Span], at: dict[int, Mention], verb_i: int, subjects: list[str]) -> str | None:
    for j in range(verb_i + 1, len(toks)):
        if toks[j].text in _CLAUSE_END:
            return None
        m = at.get(j)
        if m is None or m.entity_id in subjects or (j - 1 in at and at[j - 1] is m):
            continue
        before = [toks[k].text.casefold() for k in range(max(verb_i + 1, j - 2), j)]
        if any(b in _LOCATIVE for b in before) and m.type == "LOC":
            continue
        return m.entity_id
    return None
