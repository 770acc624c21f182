"""Quotations: direct quotes between quotation marks and German indirect speech, each with its
speaker resolved to an entity where the text allows.

Direct quotes are the top-level spans between „…“, »…«, «…», “…” or "…" (nested ‚…‘ stay inside).
A span of one to three words with no speech verb or colon to frame it is a scare quote or a title,
not a quote; a longer span or any attributed span is one.

The speaker is found from the *frame*, the unit's text outside its quotes (a unit is a sentence,
or several when a quote runs across sentence ends): a speech verb with its subject ("X sagte: …",
"…, sagte X", "…, so X", "laut X"), else a "X:" lead-in, else the speaker of the quote or indirect
speech just before. A pronoun ("Er betonte") resolves to the person last named before it; a role
("der Außenminister") to the person introduced with that role.

Indirect speech (kind="indirect") is a clause in Konjunktiv I ("seien", "habe", "werde") joined to
a speech verb: "X sagte, <clause>", "<clause>, fügte er hinzu", "laut X <clause>"; a following
sentence still in Konjunktiv I continues it with the same speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Mention, Quote
from ._speech import (
    ADVERBIAL_LEAD, DETERMINERS, NP_STOP, PARTICLES, PREP_CUES, PRONOUNS, PRONOUNS_F, PRONOUNS_M,
    is_konjunktiv, particle_verb, speech_lemma,
)
from ._text import Span, sentences, tokens

_PAIRS = (("„", "“”"), ("»", "«"), ("«", "»"), ("“", "”"), ("‚", "‘’"))
_STRAIGHT = '"'
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

    def quote(self, text: str) -> Quote:
        return Quote(text=text[self.start:self.end], start=self.start, end=self.end, kind=self.kind,
                     speaker=self.speaker_text, speaker_entity_id=self.speaker_id, cue=self.cue)


def quote_marks(text: str) -> list[tuple[int, int]]:
    """Top-level quotation spans as (index of the opening mark, index of the closing mark)."""
    spans: list[tuple[int, int]] = []
    taken = bytearray(len(text))
    for open_, closers in _PAIRS:
        i = text.find(open_)
        while i != -1:
            j = _close(text, i, closers, open_)
            if j is not None and not any(taken[i:j + 1]):
                spans.append((i, j))
                taken[i:j + 1] = b"\x01" * (j + 1 - i)
                i = text.find(open_, j + 1)
            else:
                i = text.find(open_, i + 1)
    spans += _straight(text, taken)
    spans.sort()
    out: list[tuple[int, int]] = []
    for s, e in spans:  # drop spans nested in an earlier one
        if out and s < out[-1][1]:
            continue
        out.append((s, e))
    return out


def _close(text: str, i: int, closers: str, open_: str) -> int | None:
    """The index of the mark closing the one at ``i``, within the paragraph."""
    limit = text.find("\n\n", i)
    limit = len(text) if limit == -1 else limit
    depth = 0
    for j in range(i + 1, limit):
        c = text[j]
        if c == open_ and open_ not in closers:
            depth += 1
        elif c in closers:
            if depth == 0:
                return j if j > i + 1 else None
            depth -= 1
    return None


def _straight(text: str, taken: bytearray) -> list[tuple[int, int]]:
    out = []
    for para in re.finditer(r"[^\n]+", text):
        idx = [m.start() for m in re.finditer(_STRAIGHT, para.group())]
        k = 0
        while k + 1 < len(idx):
            a, b = para.start() + idx[k], para.start() + idx[k + 1]
            prev = text[a - 1] if a > 0 else " "
            if (prev.isspace() or prev in "([:—–-") and not text[a + 1:a + 2].isspace() and not any(taken[a:b + 1]):
                out.append((a, b))
                k += 2
            else:
                k += 1
    return out


# --- units: sentences merged so that no quote is split --------------------------------------


def _units(text: str, marks: list[tuple[int, int]]) -> list[Span]:
    sents = sentences(text)
    units: list[list[int]] = []
    for s in sents:
        if units and any(a < units[-1][1] < b for a, b in marks) and "\n\n" not in text[units[-1][1]:s.start]:
            units[-1][1] = s.end
        else:
            units.append([s.start, s.end])
    # a frame-only tail after a quote ("…“ Das sagte X.") belongs to its own unit: keep as is
    return [Span(a, b, text[a:b]) for a, b in units]


@dataclass(slots=True)
class _Cue:
    start: int
    end: int
    word: str
    lemma: str
    prep: bool = False


def _frame_tokens(text: str, unit: Span, marks: list[tuple[int, int]]) -> list[Span]:
    """Tokens of the unit outside quotation marks; each quotation becomes one token "<Q>"."""
    out: list[Span] = []
    pos = unit.start
    for a, b in marks:
        if b < unit.start or a >= unit.end:
            continue
        out += tokens(text[pos:a], pos)
        out.append(Span(a, b + 1, "<Q>"))
        pos = b + 1
    out += tokens(text[pos:unit.end], pos)
    return out


def _cues(toks: list[Span], lang: str) -> list[_Cue]:
    out: list[_Cue] = []
    for i, t in enumerate(toks):
        w = t.text
        if w == "<Q>" or not w[:1].isalpha():
            continue
        low = w.casefold()
        if low in PREP_CUES or (low == "so" and i > 0 and toks[i - 1].text in {",", "<Q>"}):
            out.append(_Cue(t.start, t.end, w, low, prep=True))
            continue
        if low == "nach" and i + 1 < len(toks) and toks[i + 1].text.casefold() in {"angaben", "ansicht", "meinung", "worten", "aussage", "aussagen", "einschätzung", "auffassung"}:
            out.append(_Cue(t.start, t.end, w, "nach", prep=True))
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
        if lem:
            out.append(_Cue(t.start, t.end, w, lem))
    return out


def _particle(toks: list[Span], i: int) -> str | None:
    """The separated particle closing the clause of the verb at ``i`` ("fügte … hinzu")."""
    last = None
    for t in toks[i + 1:]:
        if t.text in _CLAUSE_END:
            break
        last = t
    if last is not None and last.text.casefold() in PARTICLES:
        return last.text.casefold()
    return None


_CLAUSE_END = {".", ",", ";", ":", "!", "?", "<Q>"}


# --- speaker phrases ------------------------------------------------------------------------


def _np_after(toks: list[Span], i: int) -> tuple[int, int] | None:
    """The noun phrase starting right after token ``i`` (subject after an inverted verb)."""
    j = i + 1
    if j < len(toks) and toks[j].text.casefold() in {"sich", "sie", "es"} and toks[j].text.casefold() == "sich":
        j += 1
    start = None
    end = None
    k = j
    while k < len(toks):
        w = toks[k].text
        low = w.casefold()
        if w == "<Q>" or not (w[:1].isalnum() or w in {"-", "(", ")"}):
            if w == "," and start is not None and k + 1 < len(toks) and toks[k + 1].text[:1].isupper() and toks[k + 1].text.casefold() not in NP_STOP:
                k += 1  # apposition: "der Chef der Bundesagentur, Frank-Jürgen Weise"
                continue
            break
        if start is None and low in NP_STOP and low not in DETERMINERS:
            if low in {"am", "im"} or low in {"heute", "gestern", "weiter", "auch", "dazu", "noch", "zudem", "außerdem", "dann", "jedoch", "aber", "nun", "bereits", "später", "ebenfalls", "erneut", "jetzt", "daraufhin", "unterdessen", "inzwischen", "anschließend"}:
                # skip an adverb between verb and subject ("sagte auch der Minister")
                if low in {"am", "im"}:
                    k += 2
                else:
                    k += 1
                continue
            break
        if start is not None and low in NP_STOP and low not in DETERMINERS and low != "von":
            break
        if low in PRONOUNS and start is None:
            return toks[k].start, toks[k].end
        if start is None:
            start = toks[k].start
        end = toks[k].end
        k += 1
    if start is None or end is None:
        return None
    return start, end


def _np_before(toks: list[Span], i: int) -> tuple[int, int] | None:
    """The subject before the verb at ``i``: the clause start up to the verb, unless it is an
    adverbial (then the subject follows the verb: "Am Donnerstag sagte X")."""
    k = i - 1
    last_comma = None
    while k >= 0 and toks[k].text not in {".", ";", ":", "<Q>", "!", "?"}:
        if toks[k].text == "," and last_comma is None:
            last_comma = k
        k -= 1
    first = k + 1
    if last_comma is not None and last_comma + 1 < i:
        first = last_comma + 1  # "…, der Sprecher sagte"
    if first >= i:
        return None
    lead = toks[first].text.casefold()
    if lead in ADVERBIAL_LEAD or lead in _SUBORDINATORS:
        return None
    return toks[first].start, toks[i - 1].end


_SUBORDINATORS = {"dass", "daß", "wie", "was", "als", "weil", "ob", "und", "doch", "aber", "that", "as",
                  "nachdem", "wenn", "während", "obwohl", "da", "damit", "bevor", "because", "when", "while"}


def _speaker_for_cue(toks: list[Span], ci: int, cue: _Cue, lang: str) -> tuple[int, int] | None:
    if cue.prep:
        if cue.lemma == "zufolge":
            k = ci - 1
            while k > 0 and toks[k - 1].text[:1].isalnum():
                k -= 1
            return (toks[k].start, toks[ci - 1].end) if k < ci else None
        if cue.lemma == "nach":  # "nach Angaben der Polizei", "nach Ansicht von X"
            j = ci + 2
            if j < len(toks) and toks[j].text.casefold() in {"von", "des", "der", "of"}:
                j += 0 if toks[j].text.casefold() in {"des", "der"} else 1
            return _np_after(toks, j - 1)
        if cue.lemma == "according":
            return _np_after(toks, ci + 1 if ci + 1 < len(toks) and toks[ci + 1].text == "to" else ci)
        return _np_after(toks, ci)
    prev = toks[ci - 1].text if ci > 0 else "."
    if prev in {",", "<Q>", ".", ":"} or prev.casefold() in ADVERBIAL_LEAD or prev.casefold() in {"weiter", "so", "dazu", "außerdem", "auch"}:
        after = _np_after(toks, ci)
        if after:
            return after
    before = _np_before(toks, ci)
    if before:
        return before
    return _np_after(toks, ci)


# --- attribution --------------------------------------------------------------------------------


def find_quotes(text: str, mentions: list[Mention] | tuple = (), language: str | None = "de") -> list[Found]:
    """All quotations in ``text`` with their cue and speaker (see the module docstring)."""
    lang = "en" if language == "en" else "de"
    marks = quote_marks(text)
    out: list[Found] = []
    last_speaker: Found | None = None
    last_unit_end = -1
    for unit in _units(text, marks):
        toks = _frame_tokens(text, unit, marks)
        cues = _cues(toks, lang)
        unit_marks = [(a, b) for a, b in marks if unit.start <= a < unit.end]
        attributed: Found | None = None
        if cues:
            cue = _best_cue(toks, cues, unit_marks)
            ci = next(i for i, t in enumerate(toks) if t.start == cue.start)
            sp = _speaker_for_cue(toks, ci, cue, lang)
            attributed = Found(0, 0, cue=cue.word if not cue.prep else cue.word)
            if sp:
                attributed.speaker_start, attributed.speaker_end = sp
                attributed.speaker_text = text[sp[0]:sp[1]]
        elif unit_marks and _colon_lead(toks):
            sp = _colon_lead(toks)
            attributed = Found(0, 0, cue=":", speaker_start=sp[0], speaker_end=sp[1], speaker_text=text[sp[0]:sp[1]])
        continues = last_speaker is not None and _near(text, last_unit_end, unit.start)
        for a, b in unit_marks:
            inner_s, inner_e = a + 1, b
            words = len(re.findall(r"\w+", text[inner_s:inner_e]))
            whole = _is_whole_unit(toks)
            if _title_like(text, toks, a, b, words):
                continue
            src = attributed or (last_speaker if continues and (whole or words > 3 or _konj_unit(toks)) else None)
            if words <= 3 and src is None:
                continue
            if words == 0:
                continue
            f = Found(inner_s, inner_e, "direct")
            if src is not None:
                f.cue = src.cue if src is attributed else None
                f.speaker_start, f.speaker_end, f.speaker_text = src.speaker_start, src.speaker_end, src.speaker_text
            out.append(f)
        indirect = _indirect(text, toks, cues, attributed, last_speaker if continues else None, lang)
        if indirect is not None:
            out.append(indirect)
        if attributed is not None and attributed.speaker_text:
            last_speaker = attributed
            last_unit_end = unit.end
        elif any(f.speaker_text for f in out if f.start >= unit.start):
            last_unit_end = unit.end
    out.sort(key=lambda f: f.start)
    if mentions:
        resolve(text, out, list(mentions))
    return out


def _best_cue(toks: list[Span], cues: list[_Cue], unit_marks: list[tuple[int, int]]) -> _Cue:
    verbs = [c for c in cues if not c.prep]
    pool = verbs or cues
    if unit_marks:  # the cue nearest to a quotation
        a = unit_marks[0][0]
        return min(pool, key=lambda c: abs(c.start - a))
    return pool[0]


def _colon_lead(toks: list[Span]) -> tuple[int, int] | None:
    """"Merkel: „…“" - a short capitalised lead-in followed by a colon and a quotation."""
    for i, t in enumerate(toks):
        if t.text == ":" and i + 1 < len(toks) and toks[i + 1].text == "<Q>" and 0 < i <= 6:
            if toks[0].text[:1].isupper() and all(x.text != "<Q>" for x in toks[:i]):
                return toks[0].start, toks[i - 1].end
    return None


def _near(text: str, prev_end: int, start: int) -> bool:
    """The unit follows the attributed one directly (same or next paragraph)."""
    return prev_end >= 0 and text[prev_end:start].count("\n\n") <= 1 and start - prev_end < 400


def _is_whole_unit(toks: list[Span]) -> bool:
    words = [t for t in toks if t.text != "<Q>" and t.text[:1].isalnum()]
    return len(words) <= 2


def _konj_unit(toks: list[Span]) -> bool:
    return any(t.text[:1].islower() and is_konjunktiv(t.text) for t in toks if t.text != "<Q>")


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
    """A Konjunktiv I clause joined to the unit's speech verb, or continuing the speech before."""
    if lang == "en" or any(t.text == "<Q>" and len(re.findall(r"\w+", text[t.start:t.end])) > 6 for t in toks):
        return None
    konj = [i for i, t in enumerate(toks) if t.text[:1].islower() and is_konjunktiv(t.text)
            and not (i > 0 and toks[i - 1].text.casefold() == "ich")]
    if not konj:
        return None
    verbs = [c for c in cues if not c.prep]
    if attributed is not None and cues:
        cue = _best_cue(toks, cues, [])
        ci = next(i for i, t in enumerate(toks) if t.start == cue.start)
        span = _clause_span(toks, ci, konj, cue)
        if span is None:
            return None
        f = Found(span[0], span[1], "indirect", cue=cue.word)
        f.speaker_start, f.speaker_end, f.speaker_text = attributed.speaker_start, attributed.speaker_end, attributed.speaker_text
        return f if f.speaker_text else None
    if previous is not None and not verbs and konj[0] <= 6:
        s = toks[0].start
        e = toks[-1].start if toks[-1].text in {".", "!", "?"} else toks[-1].end
        f = Found(s, e, "indirect")
        f.speaker_start, f.speaker_end, f.speaker_text = previous.speaker_start, previous.speaker_end, previous.speaker_text
        return f
    return None


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
    outside = [m for m in mentions if not any(f.start <= m.start < f.end for f in found)]
    roles = _roles(text, outside)
    for f in found:
        if f.speaker_start is None:
            continue
        inside = [m for m in outside if m.start < f.speaker_end and m.end > f.speaker_start and m.entity_id]
        if inside:
            best = sorted(inside, key=lambda m: ({"PER": 0, "ORG": 1}.get(m.type, 2), m.start))[0]
            f.speaker_id = best.entity_id
            continue
        words = re.findall(r"\w+", f.speaker_text or "")
        low = [w.casefold() for w in words]
        if len(low) == 1 and low[0] in PRONOUNS:
            f.speaker_id = _antecedent(outside, f.speaker_start, low[0])
        elif words:
            f.speaker_id = _role_match(roles, words, f.speaker_start)


def _antecedent(mentions: list[Mention], before: int, pronoun: str) -> str | None:
    types = ("PER",) if pronoun in PRONOUNS_M else ("PER", "ORG") if pronoun in PRONOUNS_F else ("PER", "ORG")
    cands = [m for m in mentions if m.end <= before and m.type in types and m.entity_id]
    if not cands:
        return None
    persons = [m for m in cands if m.type == "PER"]
    return (persons or cands)[-1].entity_id if pronoun in PRONOUNS_M else cands[-1].entity_id


def _roles(text: str, mentions: list[Mention]) -> list[tuple[int, str, str]]:
    """(offset, role word, entity id) for persons introduced with a role: "Außenminister X"."""
    out = []
    for m in mentions:
        if m.type != "PER" or not m.entity_id:
            continue
        before = tokens(text[max(0, m.start - 60):m.start], max(0, m.start - 60))
        for t in reversed(before[-3:]):
            if t.text[:1].isupper() and t.text.isalpha() or "-" in t.text:
                out.append((m.start, t.text.split("-")[-1].casefold(), m.entity_id))
                break
            if not t.text[:1].isalpha():
                break
    return out


def _role_match(roles: list[tuple[int, str, str]], words: list[str], at: int) -> str | None:
    nouns = [w.split("-")[-1].casefold() for w in words if w[:1].isupper()]
    if not nouns:
        return None
    head = nouns[-1]
    hits = [eid for start, role, eid in roles if start <= at and (role == head or role.endswith(head))]
    return hits[-1] if hits else None
