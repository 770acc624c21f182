"""Quotations in languages without a quotation model (French, Spanish, Portuguese, Italian, Polish,
Dutch, Turkish): only a quotation between matching marks that a verb of saying from the language's
list (languages.py) frames in the same sentence, a few words away. Its speaker is a name (a run of
capitalised words one of which is no dictionary word, so not "Alors" or "Article"), a subject
pronoun ("a-t-il déclaré") or nothing. Less output, never garbage: a quotation the rules cannot
tie to a verb of saying is dropped, a speaker they cannot tie to the verb is left empty.
"""

from __future__ import annotations

import re

from ... import lemmas
from ...model import Mention
from .. import casing
from ..tokens import Span
from .found import Found
from .frames import QTOKENS, frame_tokens, marks_in, quote_units
from .languages import LEXICONS, Lexicon, is_speech_verb
from .marks import quote_marks

_MIN_WORDS = 3  # shorter quoted text is a title, a name or a scare quote
_REACH = 8  # tokens between a quotation and its verb
_MAX_MARKS = 40
_SENTENCE_END = {".", "!", "?", ";"}


def find_marked(text: str, lang: str, mentions: list[Mention] | tuple = ()) -> list[Found]:
    """The direct quotations of ``text`` in ``lang`` that a verb of saying frames; [] for a language
    with no verb list. ``mentions`` (the article's entities) confirm a speaker that opens a sentence."""
    lex = LEXICONS.get(lang)
    if lex is None:
        return []
    marks = quote_marks(text)
    starts = [a for a, _ in marks]
    out: list[Found] = []
    for unit in quote_units(text, marks):
        unit_marks = marks_in(marks, starts, unit)
        if not unit_marks or len(unit_marks) > _MAX_MARKS:
            continue
        toks = frame_tokens(text, unit, unit_marks)
        cues = [i for i in range(len(toks)) if _is_cue(toks, i, lex, lang)]
        if not cues:
            continue
        for a, b in unit_marks:
            if len(re.findall(r"\w+", text[a + 1:b])) < _MIN_WORDS:
                continue
            qi = next((k for k, t in enumerate(toks) if t.start == a), None)
            ci = _attached(toks, qi, cues) if qi is not None else None
            if ci is None or _object_of(toks, ci, qi, lex):
                continue
            # French writes « … » with spaces inside the marks, Dutch and English a comma before the
            # closing mark: neither is quoted
            inner = text[a + 1:b]
            f = Found(a + 1 + len(inner) - len(inner.lstrip()), a + 1 + len(inner.rstrip().rstrip(",").rstrip()),
                      "direct", cue=_cue_words(toks, ci, lex), via="cue")
            sp = _opener_cut(text, _speaker(toks, ci, qi, lex, lang), lex, lang, mentions)
            if sp is not None:
                f.speaker_start, f.speaker_end, f.speaker_text = sp[0], sp[1], text[sp[0]:sp[1]]
            out.append(f)
    return out


def _object_of(toks: list[Span], ci: int, qi: int, lex: Lexicon) -> bool:
    """The quotation is the object of its cue, a preposition ("según «fuentes del gobierno»") or
    postposition: the source is what is quoted, not what it says."""
    low = toks[ci].text.casefold()
    return (low in lex.preps and qi == ci + 1) or (low in lex.postpositions and qi == ci - 1)


def _opener_cut(text: str, sp: tuple[int, int] | None, lex: Lexicon, lang: str,
                mentions) -> tuple[int, int] | None:
    """The speaker without a first word that opens its sentence and nothing shows to be a name ("Potem
    dodał: „…”": "then", not a surname): no entity mention covers it and the text never writes it
    capitalised inside a sentence. None when nothing named is left."""
    if sp is None:
        return None
    start, end = sp
    first = re.match(r"[^\s,]+", text[start:end])
    if first is None or not casing.sentence_start(text, start) or first.group().casefold() in lex.pronouns:
        return sp
    word = first.group()
    if any(m.start <= start < m.end and m.type in ("PER", "ORG") for m in mentions):
        return sp
    if any(not casing.sentence_start(text, hit.start()) for hit in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text)):
        return sp
    rest = re.match(r"[\s,]*", text[start + len(word):end])
    start += len(word) + rest.end()
    if start >= end or not any(_named(w, lang) for w in text[start:end].split()):
        return None
    return start, end


def _is_cue(toks: list[Span], i: int, lex: Lexicon, lang: str) -> bool:
    w = toks[i].text
    if w in QTOKENS or not w[:1].isalpha():
        return False
    low = w.casefold()
    if low in lex.preps or low in lex.postpositions:
        return True
    prev = toks[i - 1].text if i > 0 else ""
    head = w.split("-")[0] if "-" in w and _hyphen_pronoun(w, lex) else w  # "déclare-t-il", "a-t-il"
    return is_speech_verb(head, prev, lang) or (head.casefold() in lex.auxiliaries and i + 1 < len(toks)
                                                   and is_speech_verb(toks[i + 1].text, w, lang))


def _cue_words(toks: list[Span], ci: int, lex: Lexicon) -> str:
    """The cue as written: "a déclaré" for an auxiliary and its participle."""
    w = toks[ci].text
    head = w.split("-")[0].casefold()
    if head in lex.auxiliaries and ci + 1 < len(toks):
        return f"{w} {toks[ci + 1].text}"
    return w


def _hyphen_pronoun(word: str, lex: Lexicon) -> str | None:
    parts = word.split("-")
    return parts[-1] if len(parts) > 1 and parts[-1].casefold() in lex.pronouns else None


def _attached(toks: list[Span], qi: int, cues: list[int]) -> int | None:
    """The cue nearest to the quotation at ``qi`` with no sentence end or other quotation between."""
    best = None
    for ci in cues:
        lo, hi = sorted((ci, qi))
        if hi - lo > _REACH:
            continue
        between = toks[lo + 1:hi]
        if any(t.text in _SENTENCE_END or t.text == "<Q>" for t in between):
            continue
        if best is None or abs(ci - qi) < abs(best - qi):
            best = ci
    return best


def _speaker(toks: list[Span], ci: int, qi: int, lex: Lexicon, lang: str) -> tuple[int, int] | None:
    cue = toks[ci]
    pron = _hyphen_pronoun(cue.text, lex)
    if pron:  # "a-t-il déclaré", "dit-elle"
        return cue.end - len(pron), cue.end
    low = cue.text.casefold()
    if low in lex.preps:  # "selon X"
        return _name_after(toks, ci + 1, lex, lang)
    if low in lex.postpositions:  # "Erdoğan'a göre"
        return _name_before(toks, ci - 1, lex, lang)
    if lex.stems:  # verb-final: "Bakan Yılmaz, “…” dedi"
        k = qi - 1
        while k >= 0 and toks[k].text == ",":
            k -= 1
        return _name_before(toks, k, lex, lang)
    k = ci + 1
    while k < len(toks) and (toks[k].text.casefold() in lex.auxiliaries or is_speech_verb(toks[k].text, toks[k - 1].text, lang)):
        k += 1  # "a déclaré", "ha dicho"
    j = ci - 1
    while j >= 0 and toks[j].text.casefold() in lex.auxiliaries:
        j -= 1
    inverted = j < 0 or toks[j].text in QTOKENS or toks[j].text in {",", ":", "–", "—", "-"} | _SENTENCE_END
    # "« … », a déclaré X" / "X a déclaré : « … »": the subject follows an inverted verb, else precedes it
    return _name_after(toks, k, lex, lang) if inverted else _name_before(toks, j, lex, lang)


def _name_after(toks: list[Span], k: int, lex: Lexicon, lang: str) -> tuple[int, int] | None:
    """The name after an inverted verb or a preposition; after a role ("la maire, X", "wójt X") the
    name that follows it."""
    if k < len(toks) and toks[k].text.casefold() in lex.pronouns:
        return toks[k].start, toks[k].end
    name = _run_after(toks, k, lex, lang)
    if name is not None:
        return name
    j = k
    if lex.articles:
        if j >= len(toks) or toks[j].text.casefold() not in lex.articles:
            return None
        j += 1
    if not (j < len(toks) and toks[j].text.isalpha() and toks[j].text.islower() and len(toks[j].text) >= 3):
        return None
    j += 1  # one role noun: "la maire, X", "wójt X" (not "el senador por Florida")
    j += 1 if j < len(toks) and toks[j].text == "," else 0
    return _run_after(toks, j, lex, lang) if j < len(toks) and toks[j].text[:1].isupper() else None


def _run_after(toks: list[Span], k: int, lex: Lexicon, lang: str) -> tuple[int, int] | None:
    while k < len(toks) and (toks[k].text.casefold() in lex.honorifics or toks[k].text == "."):
        k += 1
    j = k
    while j < len(toks) and j - k < 6 and _name_part(toks[j].text, lex):
        j += 1
    return _valid(toks, k, j, lex, lang)


def _name_before(toks: list[Span], k: int, lex: Lexicon, lang: str) -> tuple[int, int] | None:
    if 0 <= k and toks[k].text.casefold() in lex.pronouns:
        return toks[k].start, toks[k].end
    j = k
    while j >= 0 and k - j < 6 and _name_part(toks[j].text, lex):
        j -= 1
    return _valid(toks, j + 1, k + 1, lex, lang)


def _name_part(word: str, lex: Lexicon) -> bool:
    return word.casefold() in lex.particles or (word[:1].isupper() and word.replace("-", "").replace("'", "")
                                                 .replace("’", "").isalpha())


def _valid(toks: list[Span], i: int, j: int, lex: Lexicon, lang: str) -> tuple[int, int] | None:
    """The name in tokens i..j: particles trimmed from its ends, a sentence-initial common word
    ("Alors", "Article") dropped; it must hold a word that is no dictionary word or an acronym."""
    while i < j and toks[i].text.casefold() in lex.particles and not _leading_particle(toks, i):
        i += 1
    while j > i and toks[j - 1].text.casefold() in lex.particles:
        j -= 1
    if lang == "tr":  # "Belediye Başkanı Kemal Aydınoğlu": the name follows the inflected title
        titled = [x for x in range(i, j - 1) if _common(toks[x].text, lang)]
        i = titled[-1] + 1 if titled else i
    initial = i < j and (i == 0 or toks[i - 1].text in _SENTENCE_END | QTOKENS | {":"})
    if initial and (_common(toks[i].text, lang) or (lang == "tr" and j - i == 1 and not _suffixed(toks[i].text))):
        i += 1  # the capital is the sentence's, not a name's
    if i >= j or not any(_named(t.text, lang) for t in toks[i:j]):
        return None
    if any(is_speech_verb(t.text, "", lang) for t in toks[i:j]):
        return None
    end = toks[j - 1].end
    last = toks[j - 1].text
    cut = max(last.find("'"), last.find("’"))
    if cut > 0:  # Turkish case suffix: "Erdoğan'a"
        end = toks[j - 1].start + cut
    return toks[i].start, end


def _leading_particle(toks: list[Span], i: int) -> bool:
    """A capitalised particle inside a sentence opens a surname used alone ("zei De Vries", "selon
    De Gaulle"); at the sentence's start its capital is the sentence's ("De minister zei")."""
    return toks[i].text[:1].isupper() and i > 0 and toks[i - 1].text not in _SENTENCE_END | QTOKENS | {":"}


def _suffixed(word: str) -> bool:
    """"Aydınoğlu'na": Turkish marks a proper noun's case ending with an apostrophe."""
    return "'" in word or "’" in word


def _common(word: str, lang: str) -> bool:
    """A dictionary word, not a name. Turkish's dictionary holds names too, so there only an
    inflected word ("Başkanı" -> "başkan") counts."""
    if lang == "tr":
        return not _suffixed(word) and lemmas.lemmatize(word, lang="tr") != word.casefold()
    try:
        return lemmas.lemmatize(word, lang=lang)[:1].islower()
    except (ValueError, KeyError):
        return False


def _named(word: str, lang: str) -> bool:
    """A name: an acronym, or a capitalised word whose lemma keeps its capital (no common word)."""
    core = re.split(r"['’]", word)[0]
    if len(core) >= 2 and core.isupper():
        return True
    if lang == "tr":
        return core[:1].isupper()
    return core[:1].isupper() and not _common(core, lang)
