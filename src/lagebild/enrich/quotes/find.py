"""Finding quotations and their speakers unit by unit (the rules are in the package docstring)."""

from __future__ import annotations

import re

from ...model import Mention
from ..tokens import Span
from .found import Found
from .frames import QTOKENS, find_cues, frame_tokens, marks_in, quote_units
from .coref import resolve_speakers
from .indirect import indirect_speech
from .lexicon import PRONOUNS, PRONOUNS_M, is_konjunktiv
from .marked import find_marked
from .marks import quote_marks
from .phrases import abstract, clause_subject, names_someone, plausible
from .ranker import configured
from .resolve import resolve
from .speakers import attribute, colon_lead, embedding_subject
from .titles import titles


# Nouns that announce a name or title in quotation marks, not speech ("der Film „…“").
_TITLE_CUES = set("""
titel motto film filme buch zeitung zeitschrift magazin album song lied operation aktion projekt programm
partei bewegung initiative kampagne verein sendung serie roman show stück ausstellung festival schiff preis
slogan schlagzeile begriff wort unwort stichwort sogenannt sogenannte sogenannten genannt genannte namens
spitzname beiname name bezeichnung marke kategorie gruppe band oper theaterstück hashtag motto rubrik
mission codename kennwort studie bericht gesetz called named dubbed titled entitled so-called term phrase
book film newspaper magazine album song operation campaign party movement show series""".split())


_MAX_MARKS = 40  # quotations in one sentence
_MAX_UNIT = 20_000  # characters in one sentence (or quote-joined sentences)


CONFIGURED = object()  # find_quotes(ranker=...): the speaker ranker $LAGEBILD_QUOTE_RANKER names, if any


def find_quotes(text: str, mentions: list[Mention] | tuple = (), language: str | None = "de",
                ranker=CONFIGURED) -> list[Found]:
    """All quotations in ``text`` with their cue and speaker (see the package docstring). German
    (also when the language is unknown) and English have the full finder; other languages only
    quotations a verb of saying from their list frames (marked.py), none when there is no list.
    ``ranker`` (German only): an object whose ``choose(text, found, marks, lang)`` re-picks the
    direct quotations' speakers before coref (ranker.py); None keeps the rules' picks; by default the
    one ``$LAGEBILD_QUOTE_RANKER`` names, else none."""
    if language not in (None, "de", "en"):
        out = find_marked(text, language, mentions)
        if mentions:
            resolve(text, out, list(mentions))
        return out
    lang = "en" if language == "en" else "de"
    marks = quote_marks(text)
    out: list[Found] = []
    last_speaker: Found | None = None
    last_unit_end = -1
    prev_subject: Found | None = None  # the subject of the unit just before, if it names someone
    starts = [a for a, _ in marks]
    named = titles(text, marks)
    for unit in quote_units(text, marks):
        unit_marks = marks_in(marks, starts, unit)
        if len(unit_marks) > _MAX_MARKS or unit.end - unit.start > _MAX_UNIT:
            continue  # not prose: a list of quoted names, a table, a run-on dump
        toks = frame_tokens(text, unit, unit_marks)
        cues = find_cues(toks, lang)
        attributed = attribute(text, toks, cues, unit_marks[:1], lang)
        reporter = None
        if attributed is not None and _reported_by(toks) and (sp := colon_lead(toks)):
            # "Wie der Sender berichtet, gab X …: „…“": X speaks the quotation, the sender reports the rest
            reporter, attributed = attributed, None
        if attributed is None and unit_marks and (sp := colon_lead(toks)):
            attributed = Found(0, 0, cue=":", speaker_start=sp[0], speaker_end=sp[1], speaker_text=text[sp[0]:sp[1]])
        continues = last_speaker is not None and _near(text, last_unit_end, unit.start)
        vague = continues and attributed is not None and attributed.speaker_start is not None \
            and attributed.cue == ":" and abstract(toks, (attributed.speaker_start, attributed.speaker_end))
        first_attributed = attributed
        whole = _is_whole_unit(toks)
        for a, b in unit_marks:
            if len(unit_marks) > 1 and first_attributed is not None and first_attributed.cue != ":":
                attributed = attribute(text, toks, cues, [(a, b)], lang) or first_attributed
            inner_s, inner_e = a + 1, b
            words = len(re.findall(r"\w+", text[inner_s:inner_e]))
            if (a, b) in named or _title_like(text, toks, a, b, words):
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
                own = embedding_subject(text, toks, a) if words > 3 and not _konj_unit(
                    [t for t in toks if t.start < a]) else None  # a Konjunktiv main clause reports, it does not speak
                if own is not None and names_someone(toks, (own.speaker_start, own.speaker_end)) \
                        and (own.speaker_text or "").casefold() not in PRONOUNS - PRONOUNS_M:
                    src, via = own, "embedding"  # "Auch X, Sprecher der SPD, will „…“, ob …": its own subject; "er"
                    # names one man (coref.py resolves him), "Sie seien …" may be the group reported on
                else:
                    src, via = last_speaker, "previous"  # reported speech goes on: "X betonte, …. Sie seien „…“"
            if src is None and not whole and words > 3:  # "Osterloh sieht darin einen „…“"
                src, via = embedding_subject(text, toks, a), "embedding"
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
        near_subject = prev_subject if prev_subject is not None and _near(text, prev_subject.end, unit.start) else None
        indirect = indirect_speech(text, toks, cues, reporter or attributed, last_speaker if continues else None, lang,
                                   near_subject)
        if indirect is not None:
            out.append(indirect)
        if attributed is not None and attributed.speaker_text:
            last_speaker = _closing_speaker(text, toks, cues, unit_marks, lang) or attributed
            last_unit_end = unit.end
        elif any(f.speaker_text for f in out if f.start >= unit.start):
            last_unit_end = unit.end
        prev_subject = None
        if toks and all(t.text != "<Q>" for t in toks):
            sp = clause_subject(toks, len(toks) - 1 if toks[-1].text in {".", "!", "?"} else len(toks))
            if sp and plausible(toks, sp) and names_someone(toks, sp):
                prev_subject = Found(unit.start, unit.end, speaker_start=sp[0], speaker_end=sp[1], speaker_text=text[sp[0]:sp[1]])
    out.sort(key=lambda f: f.start)
    if ranker is CONFIGURED:
        ranker = configured()
    if ranker is not None and lang == "de":  # trained on German news only
        ranker.choose(text, out, marks, lang)
    resolve_speakers(text, out, marks)
    if mentions:
        resolve(text, out, list(mentions))
    return out


def _closing_speaker(text: str, toks: list[Span], cues, unit_marks, lang: str) -> Found | None:
    """The speaker of a cue right after the unit's last quotation ("„…“ betont sie."): the one who
    speaks on in the next unit, even when the unit's first quotation had another cue."""
    if not unit_marks:
        return None
    b = unit_marks[-1][1]
    closing = [c for c in cues if 0 < c.start - b <= 3]
    found = attribute(text, toks, closing, unit_marks[-1:], lang) if closing else None
    return found if found is not None and found.speaker_text else None


def _reported_by(toks: list[Span]) -> bool:
    """The unit opens with "Wie X berichtet(e)," and its first quotation follows a colon."""
    if not toks or toks[0].text.casefold() != "wie":
        return False
    q = next((k for k, t in enumerate(toks) if t.text in QTOKENS), None)
    return q is not None and q > 0 and toks[q - 1].text == ":"


def _near(text: str, prev_end: int, start: int) -> bool:
    """The unit follows the attributed one directly (same or next paragraph)."""
    return prev_end >= 0 and text[prev_end:start].count("\n\n") <= 1 and start - prev_end < 400


def _is_whole_unit(toks: list[Span]) -> bool:
    words = [t for t in toks if t.text not in QTOKENS and t.text[:1].isalnum()]
    return len(words) <= 2


_KONJ2 = {"hätte", "wäre", "würde"}  # stand in for Konjunktiv I in reported speech ("Außerdem hätte der Sender …")


def _konj_unit(toks: list[Span]) -> bool:
    return any(t.text[:1].islower() and (is_konjunktiv(t.text) or t.text in _KONJ2)
               for t in toks if t.text not in QTOKENS)


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
