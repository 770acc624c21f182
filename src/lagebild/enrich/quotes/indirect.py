"""German indirect speech: a Konjunktiv I or "dass"/"ob" clause joined to a speech verb, a sentence
framed by "laut X" / "X zufolge", a Konjunktiv I sentence continuing the speech before it, or a main
clause whose finite verb is Konjunktiv I even with no speech before (German uses that mood in main
clauses for reported speech; its speaker is then the subject of the sentence before, if any)."""

from __future__ import annotations

import re

from ..tokens import Span
from .found import Found
from .frames import Cue, ranked_cues
from .lexicon import is_konjunktiv


def indirect_speech(text: str, toks: list[Span], cues: list[Cue], attributed: Found | None,
                    previous: Found | None, lang: str, subject: Found | None = None) -> Found | None:
    """Reported speech in the unit: a "dass"/"ob" clause or a Konjunktiv I clause joined to its
    speech verb, a sentence framed by "laut X" / "X zufolge" / "nach Angaben von X", or a
    Konjunktiv I sentence continuing the speech just before."""
    if lang == "en" or any(t.text == "<Q>" and len(re.findall(r"\w+", text[t.start:t.end])) > 6 for t in toks):
        return None
    konj = [i for i, t in enumerate(toks) if t.text[:1].islower() and is_konjunktiv(t.text)
            and not (i > 0 and toks[i - 1].text.casefold() == "ich")]
    verbs = [c for c in cues if not c.prep]
    if attributed is not None and attributed.speaker_text and cues:
        cue = ranked_cues(cues, [], toks)[0]
        ci = next(i for i, t in enumerate(toks) if t.start == cue.start)
        span = _clause_span(toks, ci, konj, cue) if konj else None
        span = span or _that_clause(toks, ci) or (_framed_sentence(toks, ci, attributed) if cue.prep else None) \
            or _as_clause(toks, ci) or (None if cue.prep else _infinitive_clause(toks, ci))
        if span is None:
            return None
        f = Found(span[0], span[1], "indirect", cue=cue.word)
        f.speaker_start, f.speaker_end, f.speaker_text = attributed.speaker_start, attributed.speaker_end, attributed.speaker_text
        return f
    if attributed is not None and verbs:  # a Konjunktiv or infinitive clause after a speech verb, speaker unclear
        ci = next(i for i, t in enumerate(toks) if t.start == verbs[0].start)
        span = (_clause_span(toks, ci, konj, verbs[0]) if konj else None) or _infinitive_clause(toks, ci)
        if span is not None or konj:
            return Found(span[0], span[1], "indirect", cue=verbs[0].word) if span else None
    if konj and not verbs and konj[0] <= 6 and (previous is not None or _first_konj(toks, konj[0])):
        # a main clause in Konjunktiv I is reported speech even with no speech verb before it ("Eine der Optionen
        # sei ein Börsengang"): its speaker is the one speaking just before, else the subject of the sentence before
        s = toks[0].start
        e = toks[-1].start if toks[-1].text in {".", "!", "?"} else toks[-1].end
        f = Found(s, e, "indirect")
        src = previous or subject
        if src is not None:
            f.speaker_start, f.speaker_end, f.speaker_text = src.speaker_start, src.speaker_end, src.speaker_text
        return f
    return None


def _first_konj(toks: list[Span], i: int) -> bool:
    """The finite verb of the main clause is a Konjunktiv I form (not "hätte", "wäre", "würde", which also
    make conditionals): it comes second, after the sentence's first phrase."""
    w = toks[i].text.casefold()
    if w.startswith(("hätt", "wär", "würd")):
        return False
    return all(t.text not in {",", ":", "<Q>", "<q>"} for t in toks[:i])


_THAT = {"dass", "daß", "ob"}


def _as_clause(toks: list[Span], ci: int) -> tuple[int, int] | None:
    """"Wie X berichtet, <main clause>": the main clause after the "wie" clause that holds the cue."""
    if not toks or toks[0].text.casefold() != "wie" or ci <= 0:
        return None
    j = ci + 1
    while j < len(toks) and toks[j].text != ",":
        if toks[j].text in {".", "!", "?", ";", ":", "<Q>"}:
            return None
        j += 1
    k = len(toks) - 1
    while k > j and toks[k].text in {".", "!", "?"}:
        k -= 1
    if k - j < 4 or any(t.text == "<Q>" for t in toks[j:k + 1]):
        return None
    return toks[j + 1].start, toks[k].end


def _that_clause(toks: list[Span], ci: int) -> tuple[int, int] | None:
    """"X sagte, dass …" / "X bezweifelt, ob …": from "dass" to the end of the sentence."""
    j = ci + 1
    while j < len(toks) and toks[j].text not in {".", "!", "?", ";", "<Q>"}:
        if toks[j].text == "," and j + 1 < len(toks) and toks[j + 1].text.casefold() in _THAT:
            k = len(toks) - 1
            while k > j and toks[k].text in {".", "!", "?"}:
                k -= 1
            return toks[j + 1].start, toks[k].end
        if toks[j].text == "," and j + 1 < len(toks) and toks[j + 1].text[:1].isupper():
            j += 1  # an apposition after the subject
            continue
        if toks[j].text == ",":
            return None
        j += 1
    return None


_NOT_REPORTED = {"um", "ohne", "statt", "anstatt", "als", "wie"}  # purpose and comparison, not what was said
_NOT_REPORTED_OR_THAT = _NOT_REPORTED | _THAT
_ZU_INFINITIVE = re.compile(r"[a-zäöü]{2,}zu[a-zäöü]{3,}en")  # "einzuleiten", "niederzulegen"


def _infinitive_clause(toks: list[Span], ci: int) -> tuple[int, int] | None:
    """"X forderte Y auf, sein Mandat niederzulegen" / "kündigte an, … mitwirken zu wollen": the
    infinitive clause that follows the speech verb's clause after a comma, to the end of the sentence.
    The clause's first stretch (up to its next comma) must end in a zu-infinitive."""
    j = ci + 1
    while j < len(toks) and toks[j].text != ",":
        if toks[j].text in {".", "!", "?", ";", ":", "<Q>", "<q>"}:
            return None
        j += 1
    start = j + 1
    if start >= len(toks) or toks[start].text.casefold() in _NOT_REPORTED_OR_THAT:
        return None
    k = start
    while k < len(toks) and toks[k].text not in {",", ".", "!", "?", ";", ":", "<Q>", "<q>"}:
        k += 1
    last = k - 1
    if last <= start:
        return None
    word = toks[last].text
    if not (word.isalpha() and word.islower()):
        return None
    if not (toks[last - 1].text.casefold() == "zu" or _ZU_INFINITIVE.fullmatch(word)):
        return None
    end = len(toks) - 1
    while end > last and toks[end].text in {".", "!", "?"}:
        end -= 1
    if any(t.text == "<Q>" for t in toks[start:end + 1]):
        return None
    return toks[start].start, toks[end].end


def _framed_sentence(toks: list[Span], ci: int, attributed: Found) -> tuple[int, int] | None:
    """"Laut X …" / "… sei laut X …" / "X zufolge …": the sentence without its cue phrase."""
    end = len(toks) - 1
    while end > 0 and toks[end].text in {".", "!", "?"}:
        end -= 1
    sp_end = attributed.speaker_end or toks[ci].end
    after = next((k for k in range(ci, len(toks)) if toks[k].start >= sp_end), None)
    if ci <= 1 and after is not None and after <= end:  # the cue phrase opens the sentence
        start = after + 1 if toks[after].text == "," else after
        return (toks[start].start, toks[end].end) if start <= end else None
    words = [t for t in toks if t.text[:1].isalnum()]
    return (toks[0].start, toks[end].end) if len(words) >= 6 else None


def _clause_span(toks: list[Span], ci: int, konj: list[int], cue: Cue) -> tuple[int, int] | None:
    """The reported clause: after "sagte X," up to the sentence end, or before ", sagte X"."""
    end_punct = {".", "!", "?"}
    # reported clause after the cue: first comma (or "dass") after the verb, then to the end
    after = [k for k in konj if k > ci]
    if after:
        j = ci + 1
        while j < len(toks) and toks[j].text not in {",", ":"} and j < after[0]:
            j += 1
        if j < after[0]:
            s = toks[j + 1].start
            k = len(toks) - 1
            while k > j and toks[k].text in end_punct:
                k -= 1
            return s, toks[k].end
        if cue.prep:  # "Laut X seien …": the clause is the rest of the sentence
            return None
    before = [k for k in konj if k < ci]
    if before:
        j = ci - 1
        while j > 0 and toks[j].text != ",":
            j -= 1
        if j > before[-1] and toks[j].text == ",":
            return toks[0].start, toks[j - 1].end
    return None
