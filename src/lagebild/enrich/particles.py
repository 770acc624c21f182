"""Case endings written onto a name: Korean particles ("대한민국을", "이재명으로", "성남시의"), Finnish
case suffixes ("Marinin", "Berliinissä", "Venäjän", "Trumpille") and Hebrew proclitics ("בירושלים",
"in Jerusalem"; "בתל אביב", where NER tags only "אביב"), so NER's spans and a name's occurrences carry
them. The endings are a closed grammatical class (a list of endings, not of names); a name loses one
only where the text or the gazetteer knows the bare name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .. import lemmas
from ..model import Mention

# longest first, so "에서" is cut before "서" could be
PARTICLES = ("에서는", "에게서", "으로는", "으로서", "으로써", "에서", "에게", "께서", "으로", "부터", "까지", "처럼",
             "보다", "이나", "이며", "이다", "은", "는", "이", "가", "을", "를", "의", "에", "로", "와", "과", "도", "만")
_HANGUL = re.compile(r"[가-힣]")
# case particles of two or more syllables that no name ends in (locative, dative, source, instrumental,
# limits, "like"): cut without further evidence. A one-syllable particle ("도", "의", "이") is also the
# last syllable of many names ("제주도", "최민이"), so it needs the evidence below.
CASE_PARTICLES = frozenset(p for p in PARTICLES if len(p) >= 2) - {"보다", "이나", "이며", "이다"}  # not those
# four: a comparison, "or", "and" and the copula also follow a noun inside a name's phrase


def hangul(ch: str) -> bool:
    return bool(ch) and "가" <= ch <= "힣"


def particle_after(text: str, end: int) -> bool:
    """The Hangul letters right after ``end`` (if any) are one particle: the word ends at ``end``."""
    run = end
    while run < len(text) and hangul(text[run]):
        run += 1
    return run == end or text[end:run] in PARTICLES


def bare(word: str) -> str | None:
    """``word`` without the particle it ends in (at least two syllables left), else None."""
    for p in PARTICLES:
        if word.endswith(p) and len(word) - len(p) >= 2 and all(hangul(c) for c in word[:-len(p)]):
            return word[:-len(p)]
    return None


# Finnish: the case endings of the singular (genitive, the six local cases but the illative,
# translative, abessive), both vowel-harmony spellings. Loan names ending in a consonant take them after a linking
# "i" ("Putin" → "Putinin", "Trumpille", "Bidenistä"); native stems ending in a vowel take them directly
# ("Venäjä" → "Venäjän", "Kiinassa"). Endings that many names end in are left out: the partitive "-a",
# the illative "-an", the essive "-na" ("Marina", "Kristiina", "Ukraina" are names, not cases). Consonant gradation ("Helsinki" → "Helsingin")
# is not undone: such a form stays as NER gave it.
_FI_CASES = ("ssa", "ssä", "sta", "stä", "lla", "llä", "lta", "ltä", "lle", "ksi", "tta", "ttä", "n")
_FI_VOWELS = set("aeiouyäö")
_FI_WORD = re.compile(r"[A-ZÅÄÖ][a-zåäö-]+")


def fi_bare(word: str) -> list[str]:
    """The bare names ``word`` (a capitalised Finnish word) can be with one case ending off, most likely
    first; none when it cannot carry one."""
    if not _FI_WORD.fullmatch(word):
        return []
    out = []
    for end in _FI_CASES:
        if not word.endswith(end):
            continue
        stem = word[:-len(end)]
        if len(stem) >= 3 and stem[-1] in _FI_VOWELS:
            out.append(stem)  # "Venäjä|n", "Kiina|ssa", "Berliini|ssä"
        if len(stem) >= 4 and stem.endswith("i") and stem[-2] not in _FI_VOWELS:
            out.append(stem[:-1])  # "Putin|i|n", "Trump|i|lle"
    return list(dict.fromkeys(out))


def strip_particles(text: str, mentions: list[Mention], known=lambda name: False) -> list[Mention]:
    """Mentions ending in a Korean particle lose it where the bare name is tagged elsewhere in the
    text, stands alone elsewhere in it (before a space or punctuation), or ``known(name)`` (a gazetteer
    place); a particle of :data:`CASE_PARTICLES` always ("부산에서" -> "부산"). Hebrew mentions lose
    their proclitics on the same evidence (:func:`strip_proclitics`)."""
    def sure(m: Mention) -> bool:
        b = bare(m.text)
        return b is not None and m.text[len(b):] in CASE_PARTICLES

    korean = _stripped(text, mentions, known, lambda m: [bare(m.text)] if hangul(m.text[-1:]) else [], hangul, sure)
    return strip_proclitics(text, korean, known) if any(hebrew(m.text[:1]) for m in korean) else korean


# Hebrew: the one-letter words written onto the next word: "and" (ו), "that" (ש), the prepositions
# "in", "as", "to", "from" (ב כ ל מ) and the article (ה), also in sequence ("ובתל", "שבירושלים",
# "מהעיר"). Names begin with these letters too ("משה", "לוי", "הרצליה"), so one comes off only on evidence.
HE_PROCLITICS = "ובכלמשה"
_HE_LETTER = re.compile(r"[\u05d0-\u05ea]")


def hebrew(ch: str) -> bool:
    return bool(_HE_LETTER.fullmatch(ch or ""))


def he_bare(word: str) -> list[str]:
    """``word`` (Hebrew) without one, two or three proclitic letters (at least two letters left),
    fewest off first."""
    out = []
    for n in range(1, 4):
        if len(word) - n < 2 or word[n - 1] not in HE_PROCLITICS:
            break
        out.append(word[n:])
    return out


def strip_proclitics(text: str, mentions: list[Mention], known=lambda name: False) -> list[Mention]:
    """Hebrew mentions without the proclitics written onto them, where the rest is a name the text
    tags elsewhere, writes alone elsewhere or ``known(name)`` (the gazetteer): "בירושלים" ->
    "ירושלים". A mention whose name began in the word before it, behind a proclitic ("בתל אביב":
    NER tags "אביב"), takes that word's rest in when the two words are such a name ("תל אביב")."""
    tagged = {m.text for m in mentions}

    def evident(name: str) -> bool:
        return sum(c.isalpha() for c in name) >= 3 and (
            name in tagged or known(name) or _alone_elsewhere(text, name, hebrew))

    out = []
    for m in mentions:
        if not hebrew(m.text[:1]):
            out.append(m)
            continue
        first, sep, rest = m.text.partition(" ")
        name = next((b + sep + rest for b in he_bare(first) if evident(b + sep + rest)), None)
        if name:
            m = Mention(m.end - len(name), m.end, name, m.type, m.entity_id, m.confidence)
        elif (before := _word_before(text, m.start)) is not None:
            s, word = before
            name = next((f"{b} {m.text}" for b in [word, *he_bare(word)] if known(f"{b} {m.text}")), None)
            if name:  # the gazetteer only: a tag or a lone occurrence elsewhere would have been NER's
                m = Mention(m.end - len(name), m.end, name, m.type, m.entity_id, m.confidence)
        out.append(m)
    return out


def _word_before(text: str, start: int) -> tuple[int, str] | None:
    """The Hebrew word right before ``start`` across one space: (its start, it)."""
    if start < 2 or text[start - 1] != " " or not hebrew(text[start - 2]):
        return None
    s = start - 1
    while s > 0 and hebrew(text[s - 1]):
        s -= 1
    return s, text[s:start - 1]


_TR_SUFFIX = re.compile(r"(.*\w\w)['’]([^\W\d_]{1,12})")
# Turkish case and plural suffixes written after a name's apostrophe (accusative, dative, locative,
# ablative, genitive, instrumental, equative, "-ki", "-li", the copula), with their buffer consonants
# and both vowel harmonies, up to four in a row ("'dekilerden"): what follows an apostrophe only comes
# off when it is such endings, so a foreign name with an apostrophe ("O'Neal", "D'Alema", "Côte
# d'Ivoire", "Sant'Egidio") stays whole.
_TR_CASE = re.compile(r"(?:[yns]?[ıiuü]n?|[yn]?[ae]|n?[dt][ae]n?|ki|y?l[ae]|[cç][ae]|l[ıiuü]|[dt][ıiuü]r|l[ae]r){1,4}")


def _tr_suffix(mention: str, suffix: str) -> bool:
    """``suffix`` (after an apostrophe) is a Turkish case ending written in small letters, or in capitals
    within a mention all in capitals ("İZMİR'DE")."""
    if not suffix.islower() and not (suffix.isupper() and mention.isupper()):
        return False
    return bool(_TR_CASE.fullmatch(suffix.replace("I", "ı").replace("İ", "i").lower()))


def strip_case_endings(text: str, mentions: list[Mention], known=lambda name: False,
                       language: str | None = None) -> list[Mention]:
    """Finnish: mentions whose last word carries a case ending ("Sanna Marin|in", "Berliini|ssä") lose
    it on the same evidence as Korean particles, unless the whole form is itself a known name ("Milan")
    and the text does not tag the bare name.
    Run after every mention is found: the inflected form, tagged once, is first found wherever else it
    stands, then each occurrence loses its ending. Turkish: a suffix written after an apostrophe comes
    off ("İZMİR'DE", "Galatasaray'ın"). Other languages: unchanged."""
    if language == "tr":
        return [Mention(m.start, m.start + len(hit.group(1)), hit.group(1), m.type, m.entity_id, m.confidence)
                if (hit := _TR_SUFFIX.fullmatch(m.text)) and _tr_suffix(m.text, hit.group(2)) else m
                for m in mentions]
    if language != "fi":
        return mentions

    tagged = {m.text for m in mentions}

    def names(m: Mention) -> list[str]:
        head, _, last = m.text.rpartition(" ")  # the last word carries the case
        bare = [f"{head} {b}" if head else b for b in fi_bare(last)]
        if known(m.text):  # a known name as it stands; unless the text tags the bare name itself
            return [b for b in bare if b in tagged]  # ("Sanna Marinin" reads San Marino by stems alone)
        return bare

    return _stripped(text, mentions, known, names, str.isalpha)


def _stripped(text: str, mentions: list[Mention], known, candidates, letter, sure=lambda m: False) -> list[Mention]:
    tagged = {m.text for m in mentions}
    out = []
    for m in mentions:
        name = next((n for n in candidates(m) if n and (sure(m) or n in tagged or known(n)
                                                         or _alone_elsewhere(text, n, letter))), None)
        if name:
            m = Mention(m.start, m.start + len(name), name, m.type, m.entity_id, m.confidence)
        out.append(m)
    return out


def _alone_elsewhere(text: str, name: str, letter=hangul) -> bool:
    """``name`` stands somewhere in ``text`` with no letter of its script right before or after it."""
    for hit in re.finditer(re.escape(name), text):
        s, e = hit.span()
        if (s == 0 or not letter(text[s - 1])) and (e == len(text) or not letter(text[e])):
            return True
    return False


# Languages whose names decline through endings the dictionary of simplemma knows for many names
# ("Warszawie" -> "Warszawa", "Polsce" -> "Polska", "Trumpem" -> "Trump", "Баварии" -> "Бавария",
# "Praze" -> "Praha"). Finnish (its own suffix rules above; the dictionary reads "Putinin" as "putti")
# and Turkish (suffixes after an apostrophe) are not among them.
DECLINING = {"pl": "pl", "cs": "cs", "sk": "sk", "ru": "ru", "uk": "uk", "sl": "sl", "lt": "lt", "lv": "lv",
             "bg": "bg", "hr": "hbs", "sr": "hbs", "bs": "hbs"}


# Endings a Cyrillic name has in the nominative: possessive surnames ("Песков", "Малинин", "Іванов")
# and adjectival names ("Толстой", "Навальная", "Белая", "Зелёный"). The Russian, Ukrainian and
# Bulgarian dictionaries read many of them as another word's case ("песок", "малинина", "толстый"), so
# in those languages a word with one is taken as written (the Polish and Czech ones know their names'
# cases: there the dictionary's lemma stands, "Jarosława Kaczyńskiego" -> "Jarosław Kaczyński").
_NOMINATIVE_ENDS = {"ru": ("ов", "ев", "ёв", "ин", "ын", "ой", "ый", "ий", "ая", "яя", "ская", "цкая"),
                    "uk": ("ов", "ев", "єв", "ін", "їн", "ий", "ій", "ой", "ська", "цька"),
                    "bg": ("ов", "ев", "ин", "ски", "ска")}


def nominative(name: str, language: str | None, written=frozenset()) -> str | None:
    """``name`` with each capitalised word in the form the language's dictionary gives as its lemma,
    where that differs ("Donaldem Trumpem" -> "Donald Trump", "Unii Europejskiej" -> "Unia
    Europejski": both cases of one name meet), else None. Only a lemma that keeps the word's start
    counts (a case changes a name's end, never its beginning); acronyms stay. In Russian, Ukrainian
    and Bulgarian a word already in the nominative stays: one the dictionary has as a lemma ("Лев", "Волков"), one with a nominative name
    ending ("Песков", "Навальная"), one whose lemma is longer ("Малинин" is no case of "малинина");
    so does a whole name one of whose words the dictionary knows as its own lemma ("Анна Попова": the
    words of a name share their case), and a lone word the dictionary knows only as a common word's
    case ("Газе": "газ"), unless the text writes that word as a name too (``written``: "Арсенала"
    beside "Арсенал")."""
    lang = DECLINING.get(language or "")
    if lang is None:
        return None
    words = name.split(" ")
    out = [_word_nominative(w, lang) for w in words]
    if out == words:
        return None
    if lang not in _NOMINATIVE_ENDS:  # the Latin-script dictionaries know their names' cases
        return " ".join(out)
    if len(words) > 1 and any(o == w and _is_nominative(w, lang) for w, o in zip(words, out)):
        return None  # one word in the nominative: so are the others
    if len(words) == 1 and out[0][:1] != _lemma(words[0], lang)[:1] and out[0] not in written:
        return None  # only the small-letter entry knows it: a common word's case, not this name's
    return " ".join(out)


def _lemma(word: str, lang: str) -> str:
    try:
        return lemmas.lemmatize(word, lang) if lemmas.is_known(word, lang) else word
    except (ValueError, KeyError):  # no dictionary for the language
        return word


def _is_nominative(word: str, lang: str) -> bool:
    """``word`` is its own lemma in the dictionary (not merely a word it does not know)."""
    return len(word) >= 3 and word.isalpha() and _lemma(word, lang) == word and lemmas.is_known(word, lang)


@lru_cache(maxsize=50_000)
def _word_nominative(word: str, lang: str) -> str:
    if len(word) < 3 or not word[:1].isupper() or word.isupper() or not word.isalpha():
        return word
    lemma = _lemma(word, lang)
    if lemma == word:
        return word
    if lang in _NOMINATIVE_ENDS and (word.casefold().endswith(_NOMINATIVE_ENDS[lang]) or len(lemma) > len(word)
                                     or lemmas.is_lemma(word, lang)):
        return word
    lemma = lemma[:1].upper() + lemma[1:]  # adjectives and some names come in small letters
    shared = next((i for i, (a, b) in enumerate(zip(word.casefold(), lemma.casefold())) if a != b),
                  min(len(word), len(lemma)))
    if shared < min(3, len(lemma)) or abs(len(word) - len(lemma)) > 3 or " " in lemma:
        return word  # "Trumpo" -> "trumpas" is fine; a lemma of another stem is not this name's
    return lemma


__all__ = ["CASE_PARTICLES", "DECLINING", "HE_PROCLITICS", "PARTICLES", "bare", "fi_bare", "hangul", "he_bare", "hebrew",
           "nominative", "particle_after", "strip_case_endings", "strip_particles", "strip_proclitics"]
