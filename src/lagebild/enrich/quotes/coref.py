"""Speaker pronouns and roles resolved to the person they refer to, across sentences, from the text
alone (no entity recogniser needed): "Er betonte: „…“" -> the man named last, "so letztere" -> the
later of the two women just named, "sagte der Sprecher" -> the person introduced as spokesman.

Rule-based coreference in the manner of Lappin & Leass (1994) and the Stanford sieves: the
candidates are the named persons outside quotations before the pronoun (a capitalised run with a
word no dictionary knows), each with what the text says of its gender ("Frau", "Herr", a feminine
role noun "Ministerin", "die Sprecherin"); a candidate must agree with the pronoun in gender, and
among those that agree the most salient wins: the current sentence over the one before (salience
halves with each sentence back), a subject (a run that opens its sentence) or an earlier speaker
over a name elsewhere. A role resolves only to a person the text introduced with that role
("Regierungssprecher X", "X, Sprecher der …").

The found phrase stays where it is (``speaker_start``/``speaker_end`` and ``speaker_phrase``);
``speaker_text`` becomes the name and ``named_at`` its offsets, so entity linking (resolve.py) can
start from the name.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache

from ... import lemmas
from ..tokens import Span, sentences, tokens
from .found import Found
from .lexicon import DETERMINERS
from .phrases import ROLE_HINTS, clause_subject

# Anaphors a speaker phrase can be, with the gender they require ("m", "f", or "" for either).
_PERSONAL = {"er": "m", "sie": "f"}
_LATTER = {"letzterer": "m", "letztere": "", "letzteres": "m"}
_FORMER = {"ersterer": "m", "erstere": "", "ersteres": "m"}
_FEMININE_ROLE_END = ("in", "innen")
_MALE_TITLES = {"herr", "herrn", "mr", "mr."}
_FEMALE_TITLES = {"frau", "mrs", "ms"}
_PARTICLES = {"van", "de", "di", "da", "al", "el", "bin", "ibn", "le", "la", "del"}
# Heads of names that are bodies, places or things, not persons.
_NOT_PERSON = set("""initiative forum gemeinde ort stadt dorf kreis land bundesland staat republik street straße
platz protokoll abkommen vertrag gesetz programm projekt bewegung authority union bund allianz front liga netzwerk
komitee rat club klub
fc verein institut universität hochschule schule kirche stiftung gruppe holding ag gmbh inc""".split())
_PLACE_PREPS = {"in", "im", "nach", "aus", "bei", "beim", "von", "vom", "an", "am", "auf", "über", "durch", "gegen",
                "für", "mit", "zwischen", "ins", "zur", "zum", "into", "from", "of"}
_ABSTRACT = ("ung", "heit", "keit", "schaft", "tion", "tät", "ismus")
_WINDOW = 4  # sentences back


@dataclass(slots=True)
class _Person:
    start: int
    end: int
    text: str
    gender: str  # "m", "f" or "" (unknown)
    roles: tuple[str, ...]  # casefolded role nouns the text gave the person ("sprecher", "innenminister")
    sentence: int
    subject: bool  # opens its sentence or spoke a quotation: more salient


def resolve_speakers(text: str, found: list[Found], marks: list[tuple[int, int]]) -> None:
    """Replace a pronoun or role speaker of each quotation by the person it refers to, where one is found."""
    todo = [f for f in found if f.speaker_start is not None and f.speaker_text and _anaphor(f.speaker_text)]
    if not todo:
        return
    refer = Referents(text, found, marks)
    for f in todo:
        best = refer.person(f.speaker_text, f.speaker_start)
        if best is not None:
            f.speaker_phrase = f.speaker_text
            f.speaker_text = best.text
            f.named_at = (best.start, best.end)


class Referents:
    """The named persons of a text, to resolve any pronoun or role phrase at a given offset (the
    speakers in ``found`` count as salient)."""

    def __init__(self, text: str, found: list[Found], marks: list[tuple[int, int]]):
        sents = sentences(text)
        self.sent_starts = [s.start for s in sents]
        self.people = _people(text, sents, marks, found)
        self.starts = [p.start for p in self.people]

    def person(self, phrase: str, at: int) -> _Person | None:
        """The person the pronoun or role ``phrase`` at offset ``at`` refers to, or None (also for a name)."""
        ana = _anaphor(phrase)
        if ana is None:
            return None
        kind, gender = ana
        here = max(0, bisect.bisect_right(self.sent_starts, at) - 1)
        before = [p for p in self.people[:bisect.bisect_left(self.starts, at)]
                  if here - p.sentence <= _WINDOW and p.end <= at]
        if kind == "role":
            return _by_role(before, phrase, gender)
        return _by_salience(before, here, gender, kind)


@lru_cache(maxsize=4096)
def _anaphor(phrase: str) -> tuple[str, str] | None:
    """("pronoun"|"latter"|"former"|"role", gender) for a phrase that names no one itself, else None."""
    words = phrase.split()
    low = [w.casefold() for w in words]
    if len(low) == 1:
        if low[0] in _PERSONAL:
            return "pronoun", _PERSONAL[low[0]]
        if low[0] in _LATTER:
            return "latter", _LATTER[low[0]]
        if low[0] in _FORMER:
            return "former", _FORMER[low[0]]
        return None
    if len(low) == 2 and low[0] in {"der", "die"} and _role_noun(words[1]):
        gender = "f" if low[0] == "die" or low[1].endswith(_FEMININE_ROLE_END) else "m"
        return "role", gender
    return None


def _role_noun(word: str) -> bool:
    """A capitalised dictionary word naming a person's function ("Sprecher", "Ministerin")."""
    low = word.casefold()
    return word[:1].isupper() and word.isalpha() and any(h in low for h in ROLE_HINTS) \
        and lemmas.is_known(word, "de")


def _by_salience(before: list[_Person], here: int, gender: str, kind: str) -> _Person | None:
    fits = [p for p in before if _agrees(p.gender, gender)]
    if not fits:
        return None
    if kind in ("latter", "former"):  # the later or earlier of the two persons named last
        last = fits[-2:]
        return last[-1] if kind == "latter" or len(last) < 2 else last[0]
    return max(reversed(fits), key=lambda p: 100 / 2 ** (here - p.sentence) + 80 * p.subject)


def _agrees(have: str, want: str) -> bool:
    if want == "f":
        return have == "f"  # "sie" is also plural and the feminine of things: only a known woman
    return have != "f" if want == "m" else True


def _by_role(before: list[_Person], phrase: str, gender: str) -> _Person | None:
    head = phrase.split()[-1].casefold()
    for p in reversed(before):
        if any(r == head or r.endswith(head) for r in p.roles) and _agrees(p.gender, gender if gender == "f" else ""):
            return p
    return None


def _people(text: str, sents: list[Span], marks: list[tuple[int, int]], found: list[Found]) -> list[_Person]:
    """Named persons outside quotations, sentence by sentence, in text order."""
    quoted = sorted((a, b + 1) for a, b in marks)
    q_starts = [a for a, _ in quoted]
    spoke = {(f.speaker_start, f.speaker_end) for f in found if f.speaker_start is not None}
    out: list[_Person] = []
    for si, sent in enumerate(sents):
        toks = tokens(text[sent.start:sent.end], sent.start)
        upto = len(toks) - 1 if toks and toks[-1].text in {".", "!", "?", ":"} else len(toks)
        subj = clause_subject(toks, upto) if upto > 0 else None
        if subj is not None:  # with its apposition: "Der Vorsitzende der X, Jonas Kettler, stellte …"
            after = next((x for x, t in enumerate(toks) if t.start >= subj[1]), len(toks))
            if after < len(toks) and toks[after].text == ",":
                close = next((x for x in range(after + 1, min(len(toks), after + 8)) if toks[x].text == ","), None)
                if close is not None:
                    subj = (subj[0], toks[close - 1].end)
        pos = 0
        while pos < len(toks):
            i, j = _name_run(toks, pos)
            if i == j:
                pos = max(pos + 1, j)
                continue
            pos = j
            k = bisect.bisect_right(q_starts, toks[i].start) - 1
            if k >= 0 and quoted[k][1] > toks[i].start:
                continue  # a name inside a quotation does not speak
            if i > 0 and toks[i - 1].text.casefold() in _PLACE_PREPS:
                continue  # "in Hamburg", "nach Paris": a place
            roles, gender = _described(toks, i, j)
            s, e = toks[i].start, toks[j - 1].end
            subject = subj is not None and subj[0] <= s and e <= subj[1]
            spoke_here = any(a <= s and e <= b for a, b in spoke)
            if subject or spoke_here or roles or gender:  # a name elsewhere may be a place or a thing
                out.append(_Person(s, e, text[s:e], gender, roles, si, subject=subject or spoke_here))
    return out


def _name_run(toks: list[Span], i: int) -> tuple[int, int]:
    """The person's name in the capitalised run starting at ``i``: (start, end) token indices, empty
    at the run's end when there is none. The run without its leading articles, titles and role
    nouns ("Die Ministerin Frau Berta Wollny" -> "Berta Wollny"); it names a person when it has two
    words or a word no dictionary knows. Acronyms ("SPD") are organisations, not persons."""
    j = i
    while j < len(toks):
        w = toks[j].text
        if w[:1].isupper() and w.replace("-", "").isalpha() and not w.isupper():
            j += 1
        elif j > i and w.casefold() in _PARTICLES and j + 1 < len(toks) and toks[j + 1].text[:1].isupper():
            j += 1
        else:
            break
    if any(toks[x].text.casefold() in _NOT_PERSON for x in range(i, j)):
        return j, j  # "Tibet Initiative Deutschland", "Gemeinde Dörverden": a body or a place
    k = i
    while k < j and _not_name(toks[k].text):
        k += 1
    while j - k >= 2 and lemmas.is_known(toks[k].text, "de") and (
            j - k >= 3 or k > 0 and toks[k - 1].text.casefold() in DETERMINERS):
        k += 1  # "der Vermittler Tarek Yildirim": after an article a noun, not a first name
    if any(_role_noun(toks[x].text) for x in range(k, j)):
        return j, j  # "Bank Austria": a role or body noun inside the name
    if k < j and toks[k].text.casefold() in DETERMINERS and k > 0:
        return j, j  # "die Rockband Die Happy": a title, not a person
    if k < j and (j - k >= 2 or _unknown(toks[k].text) and not _inflected_compound(toks[k].text)):
        return k, j
    return j, j


@lru_cache(maxsize=50_000)
def _inflected_compound(word: str) -> bool:
    """A compound noun the dictionary does not hold whose last part is an inflected noun it does
    ("Armeeeinheiten", "Lesegeräte"): a plural or genitive thing, not a name (names do not inflect,
    so "Steinmeier" ends in "Meier", not in a plural)."""
    for k in range(4, len(word) - 4):
        part = word[k:].capitalize()
        if lemmas.is_known(part, "de"):
            lemma = lemmas.lemmatize(part, lang="de")
            return lemma[:1].isupper() and lemma != part
    return False


def _not_name(word: str) -> bool:
    """A word before a name in its capitalised run: an article, a title, a role, an abstract noun, or
    a word whose dictionary lemma is lower case (an adjective "Russischen", an opener "Am")."""
    low = word.casefold()
    return low in DETERMINERS or low in _FEMALE_TITLES or low in _MALE_TITLES or _role_noun(word.split("-")[-1]) \
        or low.endswith(_ABSTRACT) or _lower_lemma(low)


@lru_cache(maxsize=50_000)
def _lower_lemma(low: str) -> bool:
    """The dictionary knows the word with a lower-case lemma: an adjective, verb or adverb. First
    names keep their capital there ("sebastian" -> "Sebastian"), adjectives do not ("deutsche" -> "deutsch")."""
    return lemmas.is_known(low, "de") and lemmas.lemmatize(low, lang="de")[:1].islower()


@lru_cache(maxsize=50_000)
def _unknown(word: str) -> bool:
    """No dictionary knows the word (of a compound, its last part: "Bundestags-Innenausschusses" is known)."""
    word = word.split("-")[-1] or word
    return word[:1].isupper() and not word.isupper() and not lemmas.is_known(word, "de") \
        and not lemmas.is_known(word.casefold(), "de")


def _described(toks: list[Span], i: int, j: int) -> tuple[tuple[str, ...], str]:
    """The roles the text gives the name at ``i:j`` (a noun right before it, or an apposition after a
    comma) and the gender they, a title or an article show."""
    roles: list[str] = []
    gender = ""
    first = i
    while first > 0 and toks[first - 1].text[:1].isupper() and toks[first - 1].text.isalpha() \
            and not _role_noun(toks[first - 1].text) and toks[first - 1].text.casefold() not in DETERMINERS:
        first -= 1  # over first names the name itself left out
    if first > 0 and toks[first - 1].text == ",":
        first -= 1  # "die Sprecherin der Stadt, Karin Olbrecht"
    for k in range(first - 1, max(-1, first - 7), -1):
        w = toks[k].text
        low = w.casefold()
        if low in _FEMALE_TITLES:
            gender = gender or "f"
        elif low in _MALE_TITLES:
            gender = gender or "m"
        elif w[:1].isupper() and w.replace("-", "").isalpha() and _role_noun(w.split("-")[-1]):
            roles.append(low.split("-")[-1])
            if low.endswith(_FEMININE_ROLE_END):
                gender = gender or "f"
        elif low in {"die", "eine"} and roles and k + 1 < len(toks) and roles[-1] == toks[k + 1].text.casefold():
            gender = gender or "f"
        elif low in {"und", "sowie", "oder"} and not (k > 0 and _role_noun(toks[k - 1].text)):
            break  # the roles of another name: "Kanzlerkandidatin X sowie Y" (but "Sängerin und Moderatorin X")
        elif low in {"als", "wie", "mit"} or _unknown(w) or \
                not (w[:1].isupper() or low in DETERMINERS or w.isalpha() and w.islower()):
            break  # the roles of another name: "Kanzlerkandidatin X sowie Y"
    if j + 2 < len(toks) and toks[j].text == ",":  # "X, Sprecherin der Partei, …" / "X, die Sprecherin …"
        k = j + 1
        if toks[k].text.casefold() in {"der", "die", "ein", "eine"}:
            k += 1
        w = toks[k].text
        if _role_noun(w.split("-")[-1]):
            roles.append(w.casefold().split("-")[-1])
            if w.casefold().endswith(_FEMININE_ROLE_END) or toks[k - 1].text.casefold() in {"die", "eine"}:
                gender = gender or "f"
    return tuple(roles), gender
