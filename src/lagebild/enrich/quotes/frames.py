"""Frames of quotations: sentences joined so that no quotation is split (units), their tokens outside
the quotation marks, and the speech cues in them ("sagte", "fügte … hinzu", "laut", "so")."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..tokens import Span, sentences, tokens
from .lexicon import PARTICLES, PREP_CUES, particle_verb, speech_lemma


SUBORDINATORS = {"dass", "daß", "wie", "was", "weil", "ob", "und", "doch", "aber", "that", "as", "indem",
                 "wobei", "womit", "wonach", "sodass", "falls", "sobald", "nachdem", "obgleich",
                 "wenn", "während", "obwohl", "da", "damit", "bevor", "because", "when", "while"}


RELATIVE = {"der", "die", "das", "welcher", "welche", "welches", "dessen", "deren", "denen", "who", "which"}


OBJECT_CASE = {"den", "dem", "einem", "einen", "ihm", "ihnen", "diesem", "diesen"}


CLAUSE_END = {".", ",", ";", ":", "!", "?", "<Q>"}


QTOKENS = {"<Q>", "<q>"}


_NACH_NOUNS = {"angaben", "ansicht", "meinung", "worten", "aussage", "aussagen", "einschätzung", "auffassung",
               "darstellung", "darstellungen", "informationen", "berichten", "erkenntnissen", "schätzungen",
               "ankündigung", "idee", "vorstellung", "vorstellungen", "plänen", "willen", "auskunft",
               "urteil", "bericht", "einschätzungen", "beobachtungen", "überzeugung", "sicht", "lesart", "darlegung"}


def quote_units(text: str, marks: list[tuple[int, int]]) -> list[Span]:
    starts = [a for a, _ in marks]

    def inside_quote(p: int) -> bool:
        k = bisect.bisect_left(starts, p) - 1
        return k >= 0 and marks[k][1] > p

    units: list[list[int]] = []
    for s in sentences(text):
        if units and inside_quote(units[-1][1]) and "\n\n" not in text[units[-1][1]:s.start]:
            units[-1][1] = s.end
        else:
            units.append([s.start, s.end])
    return [Span(a, b, text[a:b]) for a, b in units]


def marks_in(marks: list[tuple[int, int]], starts: list[int], unit: Span) -> list[tuple[int, int]]:
    """The quotations that open inside ``unit``."""
    return marks[bisect.bisect_left(starts, unit.start):bisect.bisect_left(starts, unit.end)]


@dataclass(slots=True)
class Cue:
    start: int
    end: int
    word: str
    lemma: str
    prep: bool = False


def frame_tokens(text: str, unit: Span, marks: list[tuple[int, int]]) -> list[Span]:
    """Tokens of the unit outside quotation marks; each quotation becomes one token "<Q>"."""
    out: list[Span] = []
    pos = unit.start
    for a, b in marks:
        if b < unit.start or a >= unit.end or a < pos:
            continue
        out += tokens(text[pos:a], pos)
        short = len(re.findall(r"\w+", text[a:b])) <= 3  # a name or fragment: part of the clause
        out.append(Span(a, b + 1, "<q>" if short else "<Q>"))
        pos = b + 1
    out += tokens(text[pos:unit.end], pos)
    return out


def find_cues(toks: list[Span], lang: str) -> list[Cue]:
    out: list[Cue] = []
    for i, t in enumerate(toks):
        w = t.text
        if w in QTOKENS or not w[:1].isalpha():
            continue
        low = w.casefold()
        if low in PREP_CUES or (low == "so" and i > 0 and toks[i - 1].text in {",", "<Q>", "<q>"}):
            out.append(Cue(t.start, t.end, w, low, prep=True))
            continue
        if low == "nach" and any(t2.text.casefold() in _NACH_NOUNS for t2 in toks[i + 1:i + 4]):
            out.append(Cue(t.start, t.end, w, "nach", prep=True))
            continue
        if w[:1].isupper() and i > 0 and toks[i - 1].text not in {".", ":", "<Q>", "!", "?"}:
            continue  # a noun ("Sagen"), not a verb
        lem = speech_lemma(w, lang)
        if lang != "en":
            part = _particle(toks, i)
            if part:
                pv = particle_verb(w, part)
                if pv:
                    lem = pv
                elif lem is None:
                    continue
        if lem == "heissen" and not any(toks[x].text == "es" for x in (i - 1, i + 1) if 0 <= x < len(toks)):
            continue
        if lem:
            part = _particle(toks, i) if lang != "en" else None
            word = f"{w} {part}" if part and lem.startswith(part) else w
            out.append(Cue(t.start, t.end, word, lem))
    return out


def _particle(toks: list[Span], i: int) -> str | None:
    """The separated particle closing the clause of the verb at ``i`` ("fügte … hinzu")."""
    last = None
    for t in toks[i + 1:]:
        if t.text in CLAUSE_END:
            break
        last = t
    if last is not None and last.text.casefold() in PARTICLES:
        return last.text.casefold()
    return None


def ranked_cues(cues: list[Cue], unit_marks: list[tuple[int, int]], toks: list[Span] | None = None) -> list[Cue]:
    """Main-clause verbs, then verbs in subordinate clauses, then prepositional cues; each group
    nearest to the first quotation first."""
    a, b = unit_marks[0] if unit_marks else (0, -10)

    def right_after(c: Cue) -> bool:  # "„…“, so X" / "„…“, sagte X": the cue that closes this very quotation
        return 0 < c.start - b <= 3 and "," in text_between(toks or [], b, c.start)

    return sorted(cues, key=lambda c: (not right_after(c), c.prep, _subordinate(toks or [], c), _participle(c),
                                       abs(c.start - a)))


def text_between(toks: list[Span], a: int, b: int) -> str:
    return "".join(t.text for t in toks if a <= t.start < b)


def _participle(cue: Cue) -> bool:
    """"gesprochen", "zugesichert": a participle, weaker evidence than a finite verb ("sagte")."""
    w = cue.word.split()[0].casefold()
    return w.endswith(("t", "en")) and ("ge" in w[:6]) and not w.startswith(("gegen", "geht", "geb"))


def _subordinate(toks: list[Span], cue: Cue) -> bool:
    """The cue's clause opens with "dass", "weil", "ob", … (it is not the main verb)."""
    i = next((k for k, t in enumerate(toks) if t.start == cue.start), 0)
    k = i - 1
    while k >= 0 and toks[k].text not in CLAUSE_END:
        k -= 1
    return k + 1 < i and toks[k + 1].text.casefold() in SUBORDINATORS
