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

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

import simplemma

from ..model import Mention, Quote
from ._speech import (
    ADVERBIAL_LEAD, DETERMINERS, NP_STOP, PARTICLES, PREP_CUES, PRONOUNS, PRONOUNS_F, PRONOUNS_M,
    is_konjunktiv, particle_verb, speech_lemma,
)
from ._text import Span, SpanIndex, sentences, tokens

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
    via: str = ""  # how the speaker was found: cue, colon, previous, embedding, subject (for tuning)

    def quote(self, text: str) -> Quote:
        return Quote(text=text[self.start:self.end], start=self.start, end=self.end, kind=self.kind,
                     speaker=self.speaker_text, speaker_entity_id=self.speaker_id, cue=self.cue)


_MAX_QUOTE = 6000  # characters: a longer "quotation" is an unclosed mark
_MAX_MARKS = 40  # quotations in one sentence
_MAX_UNIT = 20_000  # characters in one sentence (or quote-joined sentences)


def quote_marks(text: str) -> list[tuple[int, int]]:
    """Top-level quotation spans as (index of the opening mark, index of the closing mark), in
    order and disjoint. Linear in the text up to a log factor, whatever its marks."""
    taken = _Intervals()
    breaks = [m.start() for m in re.finditer(r"\n\n", text)]
    for open_, closers in _PAIRS:
        closing = [m.start() for m in re.finditer("[" + re.escape(closers) + "]", text)]
        opening = [m.start() for m in re.finditer(re.escape(open_), text)]
        skip_until = -1
        for i in opening:
            if i <= skip_until:
                continue
            k0 = k = bisect.bisect_right(closing, i)
            closed = False
            while k < len(closing) and closing[k] - i <= _MAX_QUOTE:  # nested „…„…“…“: skip inner pairs
                inner = bisect.bisect_left(opening, closing[k]) - bisect.bisect_right(opening, i)
                if inner <= k - k0:
                    closed = True
                    break
                k = k0 + inner
            if not closed:
                continue
            j = closing[k]
            para_end = breaks[bisect.bisect_right(breaks, i)] if bisect.bisect_right(breaks, i) < len(breaks) else len(text)
            if j > i + 1 and j < para_end and j - i <= _MAX_QUOTE and taken.free(i, j):
                taken.add(i, j)
                skip_until = j
    for a, b in _straight(text, taken):
        taken.add(a, b)
    return taken.spans()


class _Intervals:
    """Disjoint intervals kept sorted, with a logarithmic overlap test."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def free(self, i: int, j: int) -> bool:
        k = bisect.bisect_right(self.starts, j)
        return k == 0 or self.ends[k - 1] < i

    def add(self, i: int, j: int) -> None:
        k = bisect.bisect_right(self.starts, i)
        self.starts.insert(k, i)
        self.ends.insert(k, j)

    def spans(self) -> list[tuple[int, int]]:
        return list(zip(self.starts, self.ends))


def _straight(text: str, taken: _Intervals) -> list[tuple[int, int]]:
    """Pairs of straight double quotes within a line, the opening one after a space or bracket."""
    out = []
    for para in re.finditer(r"[^\n]+", text):
        idx = [m.start() for m in re.finditer(_STRAIGHT, para.group())]
        k = 0
        while k + 1 < len(idx):
            a, b = para.start() + idx[k], para.start() + idx[k + 1]
            prev = text[a - 1] if a > 0 else " "
            if (prev.isspace() or prev in "([:—–-") and not text[a + 1:a + 2].isspace() and b - a <= _MAX_QUOTE \
                    and taken.free(a, b):
                out.append((a, b))
                k += 2
            else:
                k += 1
    return out


# --- units: sentences merged so that no quote is split --------------------------------------


def _units(text: str, marks: list[tuple[int, int]]) -> list[Span]:
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


def _marks_in(marks: list[tuple[int, int]], starts: list[int], unit: Span) -> list[tuple[int, int]]:
    """The quotations that open inside ``unit``."""
    return marks[bisect.bisect_left(starts, unit.start):bisect.bisect_left(starts, unit.end)]


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
        if b < unit.start or a >= unit.end or a < pos:
            continue
        out += tokens(text[pos:a], pos)
        short = len(re.findall(r"\w+", text[a:b])) <= 3  # a name or fragment: part of the clause
        out.append(Span(a, b + 1, "<q>" if short else "<Q>"))
        pos = b + 1
    out += tokens(text[pos:unit.end], pos)
    return out


def _cues(toks: list[Span], lang: str) -> list[_Cue]:
    out: list[_Cue] = []
    for i, t in enumerate(toks):
        w = t.text
        if w in _QTOKENS or not w[:1].isalpha():
            continue
        low = w.casefold()
        if low in PREP_CUES or (low == "so" and i > 0 and toks[i - 1].text in {",", "<Q>", "<q>"}):
            out.append(_Cue(t.start, t.end, w, low, prep=True))
            continue
        if low == "nach" and any(t2.text.casefold() in _NACH_NOUNS for t2 in toks[i + 1:i + 4]):
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
        if lem == "heissen" and not any(toks[x].text == "es" for x in (i - 1, i + 1) if 0 <= x < len(toks)):
            continue
        if lem:
            part = _particle(toks, i) if lang != "en" else None
            word = f"{w} {part}" if part and lem.startswith(part) else w
            out.append(_Cue(t.start, t.end, word, lem))
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


_NACH_NOUNS = {"angaben", "ansicht", "meinung", "worten", "aussage", "aussagen", "einschätzung", "auffassung",
               "darstellung", "darstellungen", "informationen", "berichten", "erkenntnissen", "schätzungen",
               "ankündigung", "idee", "vorstellung", "vorstellungen", "plänen", "willen", "auskunft", "überzeugung",
               "urteil", "bericht", "einschätzungen", "beobachtungen", "überzeugung", "sicht", "lesart", "darlegung"}
_CLAUSE_END = {".", ",", ";", ":", "!", "?", "<Q>"}
_QTOKENS = {"<Q>", "<q>"}


# --- speaker phrases ------------------------------------------------------------------------


_SKIP_AFTER_VERB = {"heute", "gestern", "weiter", "auch", "dazu", "noch", "zudem", "außerdem", "dann", "jedoch",
                    "aber", "nun", "bereits", "später", "ebenfalls", "erneut", "jetzt", "daraufhin", "unterdessen",
                    "inzwischen", "anschließend", "sich", "damals", "nochmals", "also", "then", "later"}


def _np_after(toks: list[Span], i: int) -> tuple[int, int] | None:
    """The noun phrase right after token ``i`` (the subject after an inverted verb), skipping
    "sich", adverbs and an "am Montag"."""
    k = i + 1
    while k < len(toks):
        low = toks[k].text.casefold()
        if low in _SKIP_AFTER_VERB:
            k += 1
        elif low in {"am", "im"} and k + 1 < len(toks):
            k += 2
        else:
            break
    if k < len(toks) and toks[k].text.casefold() in PRONOUNS:
        return toks[k].start, toks[k].end
    return _np_at(toks, k)


@lru_cache(maxsize=50_000)
def _nounish(word: str) -> bool:
    """A capitalised word that is a noun or a name (not a sentence-initial adverb or adjective)."""
    if not word[:1].isupper() and not word[:1].isdigit():
        return False
    if "-" in word or word.isupper():
        return True
    low = word.casefold()
    if low in ADVERBIAL_LEAD or low in _SUBORDINATORS:
        return False
    try:
        lem = simplemma.lemmatize(word, lang="de")
    except (ValueError, KeyError):
        return True
    # sentence-initial adverbs and adjectives: a lower-case lemma and an adverb-like ending
    if lem == low:  # its own lower-case lemma: an adverb or adjective ("Zwar", "Derzeit", "Höhnisch")
        return False
    if low.endswith(_ADVERB_ENDINGS) and (lem[:1].islower() or not simplemma.is_known(word, "de")):
        return False
    return True


_ADVERB_ENDINGS = ("lich", "ig", "isch", "end", "weise", "mals", "falls", "bar", "sam", "los", "haft", "wärts")


def _lowercase_np(toks: list[Span], k: int) -> tuple[int, int] | None:
    """An English noun phrase: a determiner and up to three lower-case words ("the union leaders")."""
    n = len(toks)
    if k >= n or toks[k].text.casefold() not in DETERMINERS:
        return None
    j = k + 1
    while j < n and j <= k + 3:
        w = toks[j].text
        if not (w.isalpha() and w.islower()) or w in NP_STOP or speech_lemma(w, "en"):
            break
        j += 1
    return (toks[k].start, toks[j - 1].end) if j > k + 1 else None


def _np_at(toks: list[Span], k: int) -> tuple[int, int] | None:
    """A noun phrase starting at token ``k``: determiners, adjectives, nouns and names, then
    genitive or "von" attachments, a parenthesis and one apposition."""
    n = len(toks)
    j = k
    while j < n and toks[j].text.casefold() in DETERMINERS:
        j += 1
    seen = False
    while j < n:
        w = toks[j].text
        if w == "<q>" or (w != "<Q>" and _nounish(w)):
            seen = True
            j += 1
        elif not seen and w.isalpha() and w.islower() and w.casefold() not in NP_STOP and j + 1 < n and toks[j + 1].text[:1].isalpha():
            j += 1  # an adjective before the noun
        else:
            break
    if not seen:
        return _lowercase_np(toks, k)
    end = j
    while end < n:
        low = toks[end].text.casefold()
        if low in {"des", "der", "von", "vom", "of"} and end + 1 < n:
            sub = _np_at(toks, end + 1 if low in {"von", "vom", "of"} else end)
            if sub is None:
                break
            end = next(x for x in range(end, n) if toks[x].end == sub[1]) + 1
        elif toks[end].text == "(":
            close = next((x for x in range(end, min(n, end + 6)) if toks[x].text == ")"), None)
            if close is None:
                break
            end = close + 1
        else:
            break
    return toks[k].start, toks[end - 1].end


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
    while first < i and toks[first].text in {"<q>", ","}:  # a short quote opening the sentence
        first += 1
    if last_comma is not None and last_comma + 1 < i:
        first = last_comma + 1  # "…, der Sprecher sagte"
    elif last_comma is not None:  # "…, die Sprecherin der Fraktion, Sandra Boser, erklärte"
        prev = next((x for x in range(last_comma - 1, first - 1, -1) if toks[x].text == ","), None)
        if prev is not None and prev + 1 < last_comma and toks[prev + 1].text not in _RELATIVE:
            first = prev + 1
    if first >= i:
        return None
    lead = toks[first].text.casefold()
    if lead in ADVERBIAL_LEAD or lead in _OBJECT_CASE:
        return None  # "Den Flüchtlingen sicherte Präsident X zu": the subject follows the verb
    if toks[first].text.isalpha() and toks[first].text.islower() and lead not in DETERMINERS \
            and lead not in PRONOUNS and lead not in _SUBORDINATORS and first > 0 and toks[first - 1].text == ",":
        return _np_after(toks, first)  # "Wie X berichtete, soll Anelka gesagt haben"
    if lead in _SUBORDINATORS:  # "…, weil die Regierung X als „…“ bezeichnet hat"
        if first + 1 < i and toks[first + 1].text.casefold() in PRONOUNS:
            return toks[first + 1].start, toks[first + 1].end
        return _np_at(toks, first + 1) if first + 1 < i else None
    if not _nounish(toks[first].text) and lead not in DETERMINERS and lead not in PRONOUNS:
        return None  # "Unmissverständlich sagt das Gericht": the subject follows the verb
    np = _np_at(toks, first)
    if np is not None and np[1] <= toks[i - 1].end:
        return np
    return toks[first].start, toks[i - 1].end


_RELATIVE = {"der", "die", "das", "welcher", "welche", "welches", "dessen", "deren", "denen", "who", "which"}
_OBJECT_CASE = {"den", "dem", "einem", "einen", "ihm", "ihnen", "diesem", "diesen"}
_SUBORDINATORS = {"dass", "daß", "wie", "was", "weil", "ob", "und", "doch", "aber", "that", "as", "indem",
                  "wobei", "womit", "wonach", "sodass", "falls", "sobald", "nachdem", "obgleich",
                  "nachdem", "wenn", "während", "obwohl", "da", "damit", "bevor", "because", "when", "while"}


def _speaker_for_cue(toks: list[Span], ci: int, cue: _Cue, lang: str) -> tuple[int, int] | None:
    """The speaker phrase of the cue at ``ci``, or None when no plausible subject is found."""
    found = [span for span in _speaker_candidates(toks, ci, cue) if span and _plausible(toks, span)]
    return next((span for span in found if _names_someone(toks, span)), found[0] if found else None)


def _speaker_candidates(toks: list[Span], ci: int, cue: _Cue):
    if cue.prep:
        if cue.lemma == "zufolge":
            k = ci - 1
            while k > 0 and toks[k - 1].text[:1].isalnum() and toks[k - 1].text.casefold() not in NP_STOP:
                k -= 1
            yield (toks[k].start, toks[ci - 1].end) if 0 <= k < ci else None
        elif cue.lemma == "nach":  # "nach Angaben der Polizei", "nach Ansicht von X"
            yield _np_at(toks, ci + 1)
            j = ci + 1
            if j + 1 < len(toks) and toks[j + 1].text.casefold() in {"von", "of"}:
                j += 1
            yield _np_after(toks, j)
        elif cue.lemma == "according":
            yield _np_after(toks, ci + 1 if ci + 1 < len(toks) and toks[ci + 1].text == "to" else ci)
        else:
            yield _np_after(toks, ci)
        return
    prev = toks[ci - 1].text if ci > 0 else "."
    if cue.lemma == "heissen":  # "…, heißt es in der Erklärung", "Aus Paris hieß es, …"
        yield _source_pp(toks, ci)
        return
    if cue.lemma == "zitieren":  # "zitiert die Zeitung den Minister": the one quoted speaks
        yield from _quoted_person(toks, ci)
        return
    if prev.casefold() in {"und", "and", "aber", "but", "sowie"}:
        seg = ci - 1
        while seg > 0 and toks[seg - 1].text not in _CLAUSE_END:
            seg -= 1
        if 0 < seg < ci and toks[seg - 1].text == "," and toks[seg].text.islower() and toks[seg].text.isalpha():
            yield _np_after(toks, seg)  # "…, biss der Randalierer den Fluggast und rief"
        yield _clause_subject(toks, ci)  # "X … und warnte": the subject is the first clause's
        return
    if prev in {",", "<Q>", ".", ":", "!", "?"} or prev.casefold() in ADVERBIAL_LEAD:
        yield _np_after(toks, ci)
        yield _np_before(toks, ci)
    else:
        yield _np_before(toks, ci)
        yield _np_after(toks, ci)
    yield _clause_subject(toks, ci)


_SOURCE_PREPS = {"in", "im", "vom", "von", "aus", "bei", "seitens", "auf"}


def _source_pp(toks: list[Span], ci: int) -> tuple[int, int] | None:
    """The source of "heißt es": a prepositional phrase after "es" or opening the clause."""
    j = ci + 1
    while j < len(toks) and toks[j].text.casefold() in {"es", "dazu", "darin", "weiter", "auch", "zudem"}:
        j += 1
    if j < len(toks) and toks[j].text.casefold() in _SOURCE_PREPS:
        np = _np_at(toks, j + 1)
        if np:
            return toks[j].start, np[1]
    k = ci - 1
    while k >= 0 and toks[k].text not in _CLAUSE_END:
        k -= 1
    if k + 1 < ci and toks[k + 1].text.casefold() in _SOURCE_PREPS:
        np = _np_at(toks, k + 2)
        if np:
            return toks[k + 1].start, np[1]
    return None


def _quoted_person(toks: list[Span], ci: int):
    """Speaker of "zitieren": passive "X wird … zitiert" -> X; active "(A) zitiert(e) (A) B" -> B."""
    k = ci - 1
    while k >= 0 and toks[k].text not in _CLAUSE_END:
        k -= 1
    clause_start = k + 1
    words = [t.text.casefold() for t in toks[clause_start:ci]]
    if any(w in {"wird", "wurde", "werden", "wurden"} for w in words):
        aux = clause_start + next(i for i, w in enumerate(words) if w in {"wird", "wurde", "werden", "wurden"})
        yield _np_after(toks, aux) if aux > clause_start else None
        yield _np_before(toks, aux) if aux > clause_start else _np_after(toks, aux)
        return
    first = _np_after(toks, ci)
    if first is None:
        return
    end = next((x for x in range(ci, len(toks)) if toks[x].end == first[1]), None)
    before = _np_before(toks, ci)
    if before is not None or end is None:
        yield first  # "Ein Fernsehsender zitierte Papandreou"
        return
    second = _np_after(toks, end)
    yield second
    yield first


def _clause_subject(toks: list[Span], upto: int) -> tuple[int, int] | None:
    """The subject of the main clause ending before ``upto``: the noun phrase it opens with, or,
    after an adverbial opening ("Im Kongress warb Obama"), the one after its verb. When the opening
    phrase names no one but the one after the verb does (a fronted object: "Die Anwendung stellte
    der Vorsitzende X in Frage"), the latter."""
    k = upto - 1
    while k >= 0 and toks[k].text not in {".", "!", "?", "<Q>", ";"}:
        k -= 1
    first = k + 1
    if first >= upto:
        return None
    lead = toks[first].text.casefold()
    if lead in PRONOUNS:
        return toks[first].start, toks[first].end
    if lead in {"auch", "doch", "aber", "zudem", "und", "so", "selbst", "sogar", "also"} and first + 1 < upto:
        sp = _np_at(toks, first + 1)
        if sp:
            return sp
    opening = None
    if lead not in ADVERBIAL_LEAD and lead not in _SUBORDINATORS and (lead in DETERMINERS or _nounish(toks[first].text)):
        opening = _np_at(toks, first)
        if opening is None:
            return None
        start = next((x for x in range(first, upto) if toks[x].start >= opening[1]), upto)
    else:
        start = first + 1
    after = None
    for j in range(start, upto):
        w = toks[j].text
        if _verb_like(toks, j, first, upto):
            after = _np_after(toks, j)
            break
    if opening is None:
        return after
    if after is not None and not _names_someone(toks, opening) and _names_someone(toks, after):
        return after
    return opening


def _verb_like(toks: list[Span], j: int, first: int, upto: int) -> bool:
    w = toks[j].text
    if not (w.isalpha() and w.islower()) or w.casefold() in DETERMINERS or w.casefold() in NP_STOP:
        return False
    adjective = (j + 1 < upto and toks[j + 1].text[:1].isupper() and w.endswith(("e", "en", "er", "es", "em"))
                 and j > first + 1 and toks[j - 1].text.casefold() in DETERMINERS
                 and simplemma.lemmatize(w, lang="de")[:1].islower() and not is_konjunktiv(w) and len(w) > 5)
    return not adjective


_ROLE_HINTS = (
    "sprecher", "minister", "präsident", "vorsitzend", "chef", "kanzler", "leiter", "direktor", "trainer",
    "sekretär", "politiker", "experte", "anwalt", "richter", "polizei", "regierung", "bürgermeister", "abgeordnet",
    "gericht", "partei", "verband", "gewerkschaft", "behörde", "könig", "papst", "kaiser", "premier", "bischof",
    "botschafter", "kommissar", "gouverneur", "senator", "general", "kommandeur", "manager", "autor", "journalist",
    "analyst", "ökonom", "forscher", "wissenschaftler", "arzt", "ärztin", "professor", "zeuge", "bewohner",
    "demonstrant", "aktivist", "vertreter", "mitglied", "gründer", "inhaber", "kandidat", "kritiker", "befürworter",
    "gegner", "anhänger", "unterstützer", "veranstalter", "initiator", "verteidiger", "kläger", "angeklagt",
    "polizist", "soldat", "sänger", "schauspieler", "spieler", "kapitän", "landrat", "ministerium", "institut",
    "stiftung", "verein", "zeitung", "agentur", "sender", "magazin", "unternehmen", "konzern", "firma", "bank")
_ABSTRACT = ("ung", "heit", "keit", "schaft", "tion", "tät", "ismus", "ment", "enz", "anz", "nis", "tum")


def _names_someone(toks: list[Span], span: tuple[int, int]) -> bool:
    """The phrase names a person or body: an unknown capitalised word (a name) anywhere, or a role
    noun as its head (its first noun: "der Sprecher der Polizei", not "die Haltung der Regierung")."""
    head_seen = False
    for t in toks:
        if not (span[0] <= t.start and t.end <= span[1]):
            continue
        w = t.text
        low = w.casefold()
        if low in PRONOUNS:
            return True
        if w[:1].isupper() and not head_seen:
            head_seen = True
            if any(h in low for h in _ROLE_HINTS):
                return True
        if w[:1].isupper() and w.isalpha() and not simplemma.is_known(w, "de") and not low.endswith(_ABSTRACT):
            return True
    return False


def _abstract(toks: list[Span], span: tuple[int, int]) -> bool:
    """The phrase names no one: each of its nouns is abstract or a text ("die Worte", "Seite")."""
    if _names_someone(toks, span):
        return False
    nouns = [t.text.casefold() for t in toks if span[0] <= t.start and t.end <= span[1]
             and t.text[:1].isupper() and t.text.isalpha()]
    return not nouns or all(n.endswith(_ABSTRACT) or n in _TEXT_NOUNS for n in nouns)


# Nouns for texts and sayings, not speakers ("die Worte", "die Parole", "als Begründung").
_TEXT_NOUNS = set("""worte wort parole aufschrift text satz zitat erklärung mitteilung begründung beispiel seite
idee aussage aussagen antrag papier vorwurf vorwürfe behauptung motto titel überschrift frage antwort
meldung nachricht botschaft kommentar schreiben brief passus artikel absatz paragraph""".split())


def _plausible(toks: list[Span], span: tuple[int, int]) -> bool:
    """A speaker phrase starts with a determiner, a capital or a pronoun, names something and is
    not a whole clause."""
    inside = [t for t in toks if span[0] <= t.start and t.end <= span[1]]
    if not inside or len(inside) > 14 or any(t.text == "<Q>" for t in inside):
        return False
    first = inside[0].text
    low = first.casefold()
    if low in PRONOUNS:
        return len(inside) == 1
    if low in _SOURCE_PREPS and len(inside) > 1:  # "in einer Erklärung" (heißt es …)
        first, low = inside[1].text, inside[1].text.casefold()
    if not (first[:1].isupper() or low in DETERMINERS or first[:1].isdigit() or first == "<q>"):
        return False
    if low in DETERMINERS and len(inside) >= 2 and all(t.text.isalpha() for t in inside):
        return True  # "the union", "the minister"
    return any(t.text[:1].isupper() or t.text == "<q>" for t in inside)


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
        if attributed is None and unit_marks and _colon_lead(toks):
            sp = _colon_lead(toks)
            attributed = Found(0, 0, cue=":", speaker_start=sp[0], speaker_end=sp[1], speaker_text=text[sp[0]:sp[1]])
        continues = last_speaker is not None and _near(text, last_unit_end, unit.start)
        vague = continues and attributed is not None and attributed.speaker_start is not None \
            and attributed.cue == ":" and _abstract(toks, (attributed.speaker_start, attributed.speaker_end))
        first_attributed = attributed
        for a, b in unit_marks:
            if len(unit_marks) > 1 and first_attributed is not None and first_attributed.cue != ":":
                attributed = _attribute(text, toks, cues, [(a, b)], lang) or first_attributed
            inner_s, inner_e = a + 1, b
            words = len(re.findall(r"\w+", text[inner_s:inner_e]))
            whole = _is_whole_unit(toks)
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
    if sp is None or not _plausible(toks, sp):
        return None
    return Found(0, 0, speaker_start=sp[0], speaker_end=sp[1], speaker_text=text[sp[0]:sp[1]])


def _ranked_cues(cues: list[_Cue], unit_marks: list[tuple[int, int]], toks: list[Span] | None = None) -> list[_Cue]:
    """Main-clause verbs, then verbs in subordinate clauses, then prepositional cues; each group
    nearest to the first quotation first."""
    a = unit_marks[0][0] if unit_marks else 0
    return sorted(cues, key=lambda c: (c.prep, _subordinate(toks or [], c), _participle(c), abs(c.start - a)))


def _participle(cue: _Cue) -> bool:
    """"gesprochen", "zugesichert": a participle, weaker evidence than a finite verb ("sagte")."""
    w = cue.word.split()[0].casefold()
    return w.endswith(("t", "en")) and ("ge" in w[:6]) and not w.startswith(("gegen", "geht", "geb"))


def _subordinate(toks: list[Span], cue: _Cue) -> bool:
    """The cue's clause opens with "dass", "weil", "ob", … (it is not the main verb)."""
    i = next((k for k, t in enumerate(toks) if t.start == cue.start), 0)
    k = i - 1
    while k >= 0 and toks[k].text not in _CLAUSE_END:
        k -= 1
    return k + 1 < i and toks[k + 1].text.casefold() in _SUBORDINATORS


def _best_cue(toks: list[Span], cues: list[_Cue], unit_marks: list[tuple[int, int]]) -> _Cue:
    verbs = [c for c in cues if not c.prep]
    pool = verbs or cues
    if unit_marks:  # the cue nearest to a quotation
        a = unit_marks[0][0]
        return min(pool, key=lambda c: abs(c.start - a))
    return pool[0]


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
