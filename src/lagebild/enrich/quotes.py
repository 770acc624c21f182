"""Quotations: direct quotes between quotation marks and German indirect speech, each with its
speaker resolved to an entity where the text allows.

Direct quotes are the top-level spans between „…“, »…«, «…», “…” or "…" (nested ‚…‘ stay inside).
A span of one to three words with no speech verb or colon to frame it is a scare quote or a title,
not a quote; a longer span or any attributed span is one.

The speaker is found from the *frame*, the unit's text outside its quotes (a unit is a sentence,
or several when a quote runs across sentence ends): a speech verb with its subject ("X sagte: …",
"…, sagte X", "…, so X", "laut X"), else a "X:" lead-in, else a person named in the sentence just
before or the subject of the sentence holding the quote, else the speaker of the speech just
before. A pronoun ("Er betonte") resolves to the person last named before it; a role ("der
Außenminister") to the person introduced with that role.

Indirect speech (kind="indirect", German) is a clause in Konjunktiv I ("seien", "habe", "werde") or a
"dass"/"ob" clause joined to a speech verb ("X sagte, <clause>", "<clause>, fügte er hinzu"), or a
sentence framed by "laut X" / "X zufolge" / "nach Angaben von X"; a following sentence still in
Konjunktiv I continues it with the same speaker.

The pieces: quotation marks (_quotemarks.py), frames and cues (_frames.py), speaker phrases
(_phrases.py), the lexicon (_speech.py); this module puts them together and resolves speakers.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..model import Mention, Quote
from ._frames import _QTOKENS, _SUBORDINATORS, _Cue, _cues, _frame_tokens, _marks_in, _ranked_cues, _units
from ._phrases import (_abstract, _clause_subject, _names_someone, _np_after, _nounish, _plausible,
                       _speaker_for_cue)
from ._quotemarks import quote_marks
from ._speech import DETERMINERS, PRONOUNS, PRONOUNS_M, is_konjunktiv
from ._text import Span, SpanIndex, tokens

# Nouns that announce a name or title in quotation marks, not speech ("der Film „…“").
_TITLE_CUES = set("""
titel motto film filme buch zeitung zeitschrift magazin album song lied operation aktion projekt programm
partei bewegung initiative kampagne verein sendung serie roman show stück ausstellung festival schiff preis
slogan schlagzeile begriff wort unwort stichwort sogenannt sogenannte sogenannten genannt genannte namens
spitzname beiname name bezeichnung marke kategorie gruppe band oper theaterstück hashtag motto rubrik
mission codename kennwort studie bericht gesetz called named dubbed titled entitled so-called term phrase
book film newspaper magazine album song operation campaign party movement show series""".split())


@dataclass(slots=True)
class Found:
    """A quotation with everything attribution found (offsets into the text)."""

    start: int  # the quotation itself, without its quotation marks
    end: int
    kind: str = "direct"
    cue: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_text: str | None = None
    speaker_id: str | None = None
    via: str = ""  # how the speaker was found: cue, colon, previous, embedding, subject (for tuning)

    def quote(self, text: str) -> Quote:
        return Quote(text=text[self.start:self.end], start=self.start, end=self.end, kind=self.kind,
                     speaker=self.speaker_text, speaker_entity_id=self.speaker_id, cue=self.cue)


_MAX_MARKS = 40  # quotations in one sentence
_MAX_UNIT = 20_000  # characters in one sentence (or quote-joined sentences)


# --- attribution --------------------------------------------------------------------------------


def find_quotes(text: str, mentions: list[Mention] | tuple = (), language: str | None = "de") -> list[Found]:
    """All quotations in ``text`` with their cue and speaker (see the module docstring)."""
    lang = "en" if language == "en" else "de"
    marks = quote_marks(text)
    out: list[Found] = []
    last_speaker: Found | None = None
    last_unit_end = -1
    prev_subject: Found | None = None  # the subject of the unit just before, if it names someone
    starts = [a for a, _ in marks]
    for unit in _units(text, marks):
        unit_marks = _marks_in(marks, starts, unit)
        if len(unit_marks) > _MAX_MARKS or unit.end - unit.start > _MAX_UNIT:
            continue  # not prose: a list of quoted names, a table, a run-on dump
        toks = _frame_tokens(text, unit, unit_marks)
        cues = _cues(toks, lang)
        attributed = _attribute(text, toks, cues, unit_marks[:1], lang)
        if attributed is None and unit_marks and (sp := _colon_lead(toks)):
            attributed = Found(0, 0, cue=":", speaker_start=sp[0], speaker_end=sp[1], speaker_text=text[sp[0]:sp[1]])
        continues = last_speaker is not None and _near(text, last_unit_end, unit.start)
        vague = continues and attributed is not None and attributed.speaker_start is not None \
            and attributed.cue == ":" and _abstract(toks, (attributed.speaker_start, attributed.speaker_end))
        first_attributed = attributed
        whole = _is_whole_unit(toks)
        for a, b in unit_marks:
            if len(unit_marks) > 1 and first_attributed is not None and first_attributed.cue != ":":
                attributed = _attribute(text, toks, cues, [(a, b)], lang) or first_attributed
            inner_s, inner_e = a + 1, b
            words = len(re.findall(r"\w+", text[inner_s:inner_e]))
            if _title_like(text, toks, a, b, words):
                continue
            if attributed is not None and attributed.speaker_start is not None \
                    and attributed.speaker_start <= a < attributed.speaker_end:
                continue  # „Die Zeit“ in "schrieb „Die Zeit“": the speaker, not a quote
            src = attributed if attributed is not None and attributed.speaker_text and not vague else None
            via = "cue" if src is not None else ""
            if src is None and (whole or words > 3 or _konj_unit(toks)) and prev_subject is not None \
                    and (not continues or last_unit_end < prev_subject.start) and _near(text, prev_subject.end, unit.start):
                src, via = prev_subject, "subject"  # "X verurteilte die Haltung der Regierung. „…“"
            if src is None and continues and not whole and _konj_unit(toks):
                src, via = last_speaker, "previous"  # reported speech goes on: "X betonte, …. Sie seien „…“"
            if src is None and not whole and words > 3:  # "Osterloh sieht darin einen „…“"
                src, via = _embedding_subject(text, toks, a), "embedding"
            if src is None and continues and (whole or words > 3 or _konj_unit(toks)):
                src, via = last_speaker, "previous"
            src = src or attributed
            if words <= 3 and src is None:
                continue
            if words == 0:
                continue
            f = Found(inner_s, inner_e, "direct", via=via)
            if src is not None:
                f.cue = src.cue if src is attributed else None
                f.speaker_start, f.speaker_end, f.speaker_text = src.speaker_start, src.speaker_end, src.speaker_text
            out.append(f)
        attributed = first_attributed
        indirect = _indirect(text, toks, cues, attributed, last_speaker if continues else None, lang)
        if indirect is not None:
            out.append(indirect)
        if attributed is not None and attributed.speaker_text:
            last_speaker = attributed
            last_unit_end = unit.end
        elif any(f.speaker_text for f in out if f.start >= unit.start):
            last_unit_end = unit.end
        prev_subject = None
        if toks and all(t.text != "<Q>" for t in toks):
            sp = _clause_subject(toks, len(toks) - 1 if toks[-1].text in {".", "!", "?"} else len(toks))
            if sp and _plausible(toks, sp) and _names_someone(toks, sp):
                prev_subject = Found(unit.start, unit.end, speaker_start=sp[0], speaker_end=sp[1], speaker_text=text[sp[0]:sp[1]])
    out.sort(key=lambda f: f.start)
    if mentions:
        resolve(text, out, list(mentions))
    return out


def _attribute(text: str, toks: list[Span], cues: list[_Cue], marks: list[tuple[int, int]], lang: str) -> Found | None:
    """The cue nearest to the quotation in ``marks`` that has a speaker, or the first cue alone."""
    attributed = None
    for cue in _ranked_cues(cues, marks, toks):
        ci = next(i for i, t in enumerate(toks) if t.start == cue.start)
        sp = _speaker_for_cue(toks, ci, cue, lang)
        if attributed is None:
            attributed = Found(0, 0, cue=cue.word)
        if sp:
            return Found(0, 0, cue=cue.word, speaker_start=sp[0], speaker_end=sp[1], speaker_text=text[sp[0]:sp[1]])
    return attributed


def _embedding_subject(text: str, toks: list[Span], a: int) -> Found | None:
    """A quotation embedded in a sentence with no speech verb ("Osterloh sieht darin einen „…“"):
    the subject of the clause that holds it."""
    qi = next((k for k, t in enumerate(toks) if t.start == a), None)
    if qi is None or qi == 0:
        return None
    sp = _clause_subject(toks, qi)
    if sp is None:  # "Mit den Worten „…“, verließ er den Saal": the subject follows the verb after it
        sp = _subject_after(toks, qi)
    if sp is None or not _plausible(toks, sp):
        return None
    return Found(0, 0, speaker_start=sp[0], speaker_end=sp[1], speaker_text=text[sp[0]:sp[1]])


def _subject_after(toks: list[Span], qi: int) -> tuple[int, int] | None:
    """The subject after the verb that follows a quotation in a fronted phrase and a comma."""
    k = qi if toks[qi].text in _QTOKENS else None
    if k is None or k + 2 >= len(toks) or toks[k + 1].text != ",":
        return None
    verb = toks[k + 2].text
    if not (verb.isalpha() and verb.islower()) or verb in DETERMINERS or verb in _SUBORDINATORS:
        return None
    return _np_after(toks, k + 2)


def _colon_lead(toks: list[Span]) -> tuple[int, int] | None:
    """"Merkel: „…“", "Im Kongress warb Obama mit den Worten: „…“" - the subject of the clause a
    colon joins to a quotation."""
    for i, t in enumerate(toks):
        if t.text == ":" and i + 1 < len(toks) and toks[i + 1].text in _QTOKENS and i > 0:
            if i <= 4 and _nounish(toks[0].text) and all(x.text != "<Q>" for x in toks[:i]):
                return toks[0].start, toks[i - 1].end
            sp = _clause_subject(toks, i)
            if sp and _plausible(toks, sp):
                return sp
    return None


def _near(text: str, prev_end: int, start: int) -> bool:
    """The unit follows the attributed one directly (same or next paragraph)."""
    return prev_end >= 0 and text[prev_end:start].count("\n\n") <= 1 and start - prev_end < 400


def _is_whole_unit(toks: list[Span]) -> bool:
    words = [t for t in toks if t.text not in _QTOKENS and t.text[:1].isalnum()]
    return len(words) <= 2


def _konj_unit(toks: list[Span]) -> bool:
    return any(t.text[:1].islower() and is_konjunktiv(t.text) for t in toks if t.text not in _QTOKENS)


def _title_like(text: str, toks: list[Span], a: int, b: int, words: int) -> bool:
    """A quoted name or title: announced by a noun like "Film", "Operation", "sogenannte"."""
    if words > 6:
        return False
    i = next((k for k, t in enumerate(toks) if t.start == a), None)
    if i is None:
        return False
    for t in toks[max(0, i - 2):i]:
        if t.text.casefold().strip("-") in _TITLE_CUES:
            return True
    nxt = toks[i + 1].text.casefold() if i + 1 < len(toks) else ""
    return nxt in {"genannt", "called"}


# --- indirect speech ------------------------------------------------------------------------------


def _indirect(text: str, toks: list[Span], cues: list[_Cue], attributed: Found | None,
              previous: Found | None, lang: str) -> Found | None:
    """Reported speech in the unit: a "dass"/"ob" clause or a Konjunktiv I clause joined to its
    speech verb, a sentence framed by "laut X" / "X zufolge" / "nach Angaben von X", or a
    Konjunktiv I sentence continuing the speech just before."""
    if lang == "en" or any(t.text == "<Q>" and len(re.findall(r"\w+", text[t.start:t.end])) > 6 for t in toks):
        return None
    konj = [i for i, t in enumerate(toks) if t.text[:1].islower() and is_konjunktiv(t.text)
            and not (i > 0 and toks[i - 1].text.casefold() == "ich")]
    verbs = [c for c in cues if not c.prep]
    if attributed is not None and attributed.speaker_text and cues:
        cue = _ranked_cues(cues, [], toks)[0]
        ci = next(i for i, t in enumerate(toks) if t.start == cue.start)
        span = _clause_span(toks, ci, konj, cue) if konj else None
        span = span or _that_clause(toks, ci) or (_framed_sentence(toks, ci, attributed) if cue.prep else None)
        if span is None:
            return None
        f = Found(span[0], span[1], "indirect", cue=cue.word)
        f.speaker_start, f.speaker_end, f.speaker_text = attributed.speaker_start, attributed.speaker_end, attributed.speaker_text
        return f
    if attributed is not None and verbs and konj:  # a Konjunktiv clause after a speech verb whose speaker is unclear
        ci = next(i for i, t in enumerate(toks) if t.start == verbs[0].start)
        span = _clause_span(toks, ci, konj, verbs[0])
        return Found(span[0], span[1], "indirect", cue=verbs[0].word) if span else None
    if konj and previous is not None and not verbs and konj[0] <= 6:
        s = toks[0].start
        e = toks[-1].start if toks[-1].text in {".", "!", "?"} else toks[-1].end
        f = Found(s, e, "indirect")
        f.speaker_start, f.speaker_end, f.speaker_text = previous.speaker_start, previous.speaker_end, previous.speaker_text
        return f
    return None


_THAT = {"dass", "daß", "ob"}


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


def _clause_span(toks: list[Span], ci: int, konj: list[int], cue: _Cue) -> tuple[int, int] | None:
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


# --- speaker resolution ---------------------------------------------------------------------------


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
        near = outside[bisect.bisect_left(starts, f.speaker_start - 300):bisect.bisect_left(starts, f.speaker_end)]
        inside = [m for m in near if m.start < f.speaker_end and m.end > f.speaker_start]
        if inside:
            best = sorted(inside, key=lambda m: ({"PER": 0, "ORG": 1}.get(m.type, 2), m.start))[0]
            f.speaker_id = best.entity_id
            continue
        words = re.findall(r"\w+", f.speaker_text or "")
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
