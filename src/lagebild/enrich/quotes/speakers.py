"""The speaker of a unit's quotations: the phrase a speech cue points to ("X sagte", "laut X",
"heißt es in X", "zitiert … X"), the subject of a clause that embeds a quotation, or a "X:" lead-in."""

from __future__ import annotations

from ..tokens import Span
from .found import Found
from .frames import CLAUSE_END, QTOKENS, SUBORDINATORS, Cue, ranked_cues
from .lexicon import ADVERBIAL_LEAD, DETERMINERS, NP_STOP
from .phrases import (SOURCE_PREPS, clause_subject, names_someone, nounish, np_after, np_at, np_before, object_case,
                      plausible)


def _speaker_for_cue(toks: list[Span], ci: int, cue: Cue, lang: str) -> tuple[int, int] | None:
    """The speaker phrase of the cue at ``ci``, or None when no plausible subject is found."""
    found = [span for span in _speaker_candidates(toks, ci, cue) if span and plausible(toks, span)
             and (cue.prep or cue.lemma == "zitieren" or not object_case(toks, span))]
    return next((span for span in found if names_someone(toks, span)), found[0] if found else None)


def _speaker_candidates(toks: list[Span], ci: int, cue: Cue):
    if cue.prep:
        if cue.lemma == "zufolge":
            k = ci - 1
            while k > 0 and toks[k - 1].text[:1].isalnum() and toks[k - 1].text.casefold() not in NP_STOP:
                k -= 1
            yield (toks[k].start, toks[ci - 1].end) if 0 <= k < ci else None
        elif cue.lemma == "nach":  # "nach Angaben der Polizei", "nach Ansicht von X"
            yield np_at(toks, ci + 1)
            j = ci + 1
            if j + 1 < len(toks) and toks[j + 1].text.casefold() in {"von", "of"}:
                j += 1
            yield np_after(toks, j)
        elif cue.lemma == "according":
            yield np_after(toks, ci + 1 if ci + 1 < len(toks) and toks[ci + 1].text == "to" else ci)
        else:
            yield np_after(toks, ci)
        return
    prev = toks[ci - 1].text if ci > 0 else "."
    if cue.lemma == "heissen":  # "…, heißt es in der Erklärung", "Aus Paris hieß es, …"
        yield _source_pp(toks, ci)
        return
    if cue.lemma == "zitieren":  # "zitiert die Zeitung den Minister": the one quoted speaks
        yield from _quoted_person(toks, ci)
        return
    wie = _wie_subject(toks, ci)
    if wie is not None:  # "Wie Norman X, der …, dazu feststellt, verlangt „…“": X
        yield wie
    agent = _passive_agent(toks, ci)
    if agent is not None:  # "Seine Werke werden von Kennern als „…“ bezeichnet": the agent speaks
        yield agent
        return
    if prev.casefold() in {"und", "and", "aber", "but", "sowie"}:
        seg = ci - 1
        while seg > 0 and toks[seg - 1].text not in CLAUSE_END:
            seg -= 1
        if 0 < seg < ci and toks[seg - 1].text == "," and toks[seg].text.islower() and toks[seg].text.isalpha():
            yield np_after(toks, seg)  # "…, biss der Randalierer den Fluggast und rief"
        yield clause_subject(toks, ci)  # "X … und warnte": the subject is the first clause's
        return
    if prev == "," and _apposition_subject(toks, ci):  # "Das Staatsoberhaupt, die Königin X, bat Y, …"
        yield np_before(toks, ci)
    if prev in {",", "<Q>", ".", ":", "!", "?"} or prev.casefold() in ADVERBIAL_LEAD:
        yield np_after(toks, ci)
        yield np_before(toks, ci)
    else:
        yield np_before(toks, ci)
        yield np_after(toks, ci)
    yield clause_subject(toks, ci)


def _apposition_subject(toks: list[Span], ci: int) -> bool:
    """The sentence up to the verb at ``ci`` is a noun phrase with appositions between commas ("Der
    Vorsitzende der X, Frank Bsirske, würdigte Y als „…“"): it opens with an article, holds no
    quotation and no verb (only capitalised words, articles, adjectives, commas, "ver.di", "II.")."""
    k = ci - 1
    while k >= 0 and toks[k].text not in {"!", "?", ";", ":", "<Q>", "<q>"} and not (
            toks[k].text == "." and k > 0 and len(toks[k - 1].text) > 3 and not toks[k - 1].text.isupper()):
        k -= 1
    head = toks[k + 1:ci]
    return len(head) >= 4 and head[0].text.casefold() in DETERMINERS and sum(t.text == "," for t in head) >= 2 \
        and all(t.text[:1].isupper() or t.text in {",", ".", "(", ")"} or t.text.casefold() in DETERMINERS
                or (t.text.isalpha() and t.text.islower() and t.text.endswith(("e", "en", "er", "es", "em")))
                or (t.text.islower() and "." in t.text) for t in head)


def _wie_subject(toks: list[Span], ci: int) -> tuple[int, int] | None:
    """The noun phrase after a sentence-opening "Wie" whose clause the cue at ``ci`` ends ("Wie X, der …,
    dazu feststellt"), across one relative clause between commas."""
    k = ci - 1
    while k >= 0 and (toks[k].text not in {".", "!", "?", ";", ":", "<Q>"}
                      or toks[k].text == "." and k > 0 and toks[k - 1].text.isdigit()):  # "am 20. August"
        k -= 1
    first = k + 1
    if first + 1 >= ci or toks[first].text != "Wie" or sum(t.text == "," for t in toks[first:ci]) not in (0, 2):
        return None
    return np_at(toks, first + 1)


_PASSIVE = {"wird", "wurde", "werden", "wurden", "worden"}


def _passive_agent(toks: list[Span], ci: int) -> tuple[int, int] | None:
    """The "von X" of a passive clause whose participle is the cue ("wurde von X als … bezeichnet"); not
    for a verb right after a comma, which opens a main clause after a fronted one ("Nachdem er von X
    gefragt wurde, entgegnete Y")."""
    if ci > 0 and toks[ci - 1].text == ",":
        return None
    k = ci - 1
    while k >= 0 and toks[k].text not in {".", "!", "?", ";", ":"}:
        k -= 1
    clause = range(k + 1, ci)
    if not any(toks[x].text.casefold() in _PASSIVE for x in clause):
        return None
    von = next((x for x in clause if toks[x].text.casefold() in {"von", "vom"}), None)
    return np_at(toks, von + 1) if von is not None and von + 1 < ci else None


def _source_pp(toks: list[Span], ci: int) -> tuple[int, int] | None:
    """The source of "heißt es": a prepositional phrase after "es" or opening the clause."""
    j = ci + 1
    while j < len(toks) and toks[j].text.casefold() in {"es", "dazu", "darin", "weiter", "auch", "zudem"}:
        j += 1
    if j < len(toks) and toks[j].text.casefold() in SOURCE_PREPS:
        np = np_at(toks, j + 1)
        if np:
            return toks[j].start, np[1]
    k = ci - 1
    while k >= 0 and toks[k].text not in CLAUSE_END:
        k -= 1
    if k + 1 < ci and toks[k + 1].text.casefold() in SOURCE_PREPS:
        np = np_at(toks, k + 2)
        if np:
            return toks[k + 1].start, np[1]
    return None


def _quoted_person(toks: list[Span], ci: int):
    """Speaker of "zitieren": passive "X wird … zitiert" -> X; active "(A) zitiert(e) (A) B" -> B."""
    k = ci - 1
    while k >= 0 and toks[k].text not in CLAUSE_END:
        k -= 1
    clause_start = k + 1
    aux = _passive_aux(toks, ci)
    if aux is not None and aux < clause_start:  # "„…“, wird X, Sprecher der Firma, zitiert"
        clause_start = aux
    words = [t.text.casefold() for t in toks[clause_start:ci]]
    if any(w in {"wird", "wurde", "werden", "wurden"} for w in words):
        aux = clause_start + next(i for i, w in enumerate(words) if w in {"wird", "wurde", "werden", "wurden"})
        yield np_after(toks, aux) if aux > clause_start else None
        yield np_before(toks, aux) if aux > clause_start else np_after(toks, aux)
        return
    first = np_after(toks, ci)
    if first is None:
        return
    end = next((x for x in range(ci, len(toks)) if toks[x].end == first[1]), None)
    before = np_before(toks, ci)
    if before is not None or end is None:
        yield first  # "Ein Fernsehsender zitierte Papandreou"
        return
    second = np_after(toks, end)
    yield second
    yield first


def _passive_aux(toks: list[Span], ci: int) -> int | None:
    """The "wird"/"wurde" opening the clause of a passive "zitiert" across an apposition's commas."""
    k = ci - 1
    while k > 0 and toks[k].text not in {".", "!", "?", ";", "<Q>", "<q>", ":"}:
        if toks[k].text.casefold() in {"wird", "wurde", "werden", "wurden"}:
            return k if toks[k - 1].text in {",", "<q>", "<Q>"} else None
        k -= 1
    return None


def cue_phrases(toks: list[Span], ci: int, cue: Cue, lang: str) -> tuple[list[tuple[int, int]], tuple[int, int] | None]:
    """Every phrase the cue at ``ci`` could point to, in the rules' order, and the one the rules take
    (for the learned speaker ranker, ranker.py)."""
    seen = [span for span in _speaker_candidates(toks, ci, cue) if span]
    return list(dict.fromkeys(seen)), _speaker_for_cue(toks, ci, cue, lang)


def attribute(text: str, toks: list[Span], cues: list[Cue], marks: list[tuple[int, int]], lang: str) -> Found | None:
    """The cue nearest to the quotation in ``marks`` that has a speaker, or the first cue alone."""
    attributed = None
    for cue in ranked_cues(cues, marks, toks):
        ci = next(i for i, t in enumerate(toks) if t.start == cue.start)
        sp = _speaker_for_cue(toks, ci, cue, lang)
        if attributed is None:
            attributed = Found(0, 0, cue=cue.word)
        if sp:
            return Found(0, 0, cue=cue.word, speaker_start=sp[0], speaker_end=sp[1], speaker_text=text[sp[0]:sp[1]])
    return attributed


def embedding_subject(text: str, toks: list[Span], a: int) -> Found | None:
    """A quotation embedded in a sentence with no speech verb ("Osterloh sieht darin einen „…“"):
    the subject of the clause that holds it."""
    qi = next((k for k, t in enumerate(toks) if t.start == a), None)
    if qi is None or qi == 0:
        return None
    sp = clause_subject(toks, qi)
    if sp is None:  # "Mit den Worten „…“, verließ er den Saal": the subject follows the verb after it
        sp = _subject_after(toks, qi)
    if sp is None or not plausible(toks, sp):
        return None
    return Found(0, 0, speaker_start=sp[0], speaker_end=sp[1], speaker_text=text[sp[0]:sp[1]])


def _subject_after(toks: list[Span], qi: int) -> tuple[int, int] | None:
    """The subject after the verb that follows a quotation in a fronted phrase and a comma."""
    k = qi if toks[qi].text in QTOKENS else None
    if k is None or k + 2 >= len(toks) or toks[k + 1].text != ",":
        return None
    verb = toks[k + 2].text
    if not (verb.isalpha() and verb.islower()) or verb in DETERMINERS or verb in SUBORDINATORS:
        return None
    return np_after(toks, k + 2)


def colon_lead(toks: list[Span]) -> tuple[int, int] | None:
    """"Merkel: „…“", "Im Kongress warb Obama mit den Worten: „…“" - the subject of the clause a
    colon joins to a quotation."""
    for i, t in enumerate(toks):
        if t.text == ":" and i + 1 < len(toks) and toks[i + 1].text in QTOKENS and i > 0:
            if i <= 4 and nounish(toks[0].text) and all(x.text != "<Q>" for x in toks[:i]):
                return toks[0].start, toks[i - 1].end
            sp = clause_subject(toks, i)
            if toks[0].text == "Wie":  # "Wie der Sender berichtet, gab X …: „…“": the subject after the main verb
                comma = next((x for x in range(1, i - 1) if toks[x].text == ","), None)
                sp = np_after(toks, comma + 1) if comma is not None else sp
            if sp and plausible(toks, sp):
                return sp
    return None
