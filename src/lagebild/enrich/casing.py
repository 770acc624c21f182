"""Which capitalised spans are words, not names: all-caps headings ("WHO IS THE FRONT-RUNNER?",
"FOLLOW US ON") and title-case function words ("Below", "Don't") make NER and the acronym tables
see entities that are not there.

A mention is dropped when its text, lower-cased, is a function word of the text's language
(spaCy's stop-word lists, which need no model) and either the text around it is capitals too or
it is cut out of a contraction ("Don" of "Don't"). A function word written in capitals inside
ordinary text ("said the WHO on Monday") stays: it is an acronym there.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Mention


@lru_cache(maxsize=64)
def stop_words(language: str | None) -> frozenset[str]:
    """spaCy's stop words for ``language`` (and English, which pages in every language carry)."""
    from ..stopwords import stop_words as listed

    out = listed("en") | listed(language or "en")
    return frozenset(w.casefold() for w in out)


@lru_cache(maxsize=1)
def calendar_words() -> frozenset[str]:
    """Month and weekday names, wide and abbreviated, folded, in the languages lagebild reads best
    (CLDR through babel): words a capitalised name is never followed by as its qualifier."""
    from babel import Locale

    from ..textnorm import fold

    out: set[str] = set()
    for lang in ("en", "de", "fr", "es", "it", "nl", "pt"):
        loc = Locale.parse(lang)
        for table in (loc.months["format"], loc.days["format"]):
            for width in ("wide", "abbreviated"):
                out.update(fold(name).rstrip(".") for name in table[width].values())
    return frozenset(out)


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


_SENTENCE_END = re.compile(r"[.!?。！？][\"'»”’」)]*\s|\n")


_QUOTE_MARK = re.compile(r"[\"“”„«»]")


def _caps_context(text: str, m: Mention) -> bool:
    """Most words of the mention's sentence (on its line), besides the mention, are written in
    capitals (at least two): a heading, or a shouted sentence inside a paragraph. A quotation is a
    sentence of its own here: a shouted quote ('the US President said: "NATO WASN'T THERE"') says
    nothing of the words that introduce it, nor they of it."""
    before = [e.end() for e in _SENTENCE_END.finditer(text, max(0, m.start - 400), m.start)]
    start = before[-1] if before else max(0, m.start - 400)
    quotes = [q.end() for q in _QUOTE_MARK.finditer(text, start, m.start)]
    start = quotes[-1] if quotes else start
    after = _SENTENCE_END.search(text, m.end, m.end + 400)
    end = after.start() + 1 if after else min(len(text), m.end + 400)
    if (quote := _QUOTE_MARK.search(text, m.end, end)) is not None:
        end = quote.start()
    words = [w for w in _WORD.findall(text[start:m.start] + " " + text[m.end:end]) if len(w) > 1]
    upper = sum(w.isupper() for w in words)
    return upper >= 2 and upper * 2 > len(words) or (len(words) == 1 and upper == 1)


def _shouted(text: str, m: Mention) -> bool:
    """The mention's sentence, the mention's words included, is mostly capitals (a heading the
    mention may fill): three words or more in capitals, more than half of its words (a dateline,
    "BERLIN (AP) —", is none)."""
    before = [e.end() for e in _SENTENCE_END.finditer(text, max(0, m.start - 400), m.start)]
    start = before[-1] if before else max(0, m.start - 400)
    after = _SENTENCE_END.search(text, m.end, m.end + 400)
    words = [w for w in _WORD.findall(text[start:after.start() + 1 if after else min(len(text), m.end + 400)])
             if len(w) > 1]
    upper = sum(w.isupper() for w in words)
    return upper >= 3 and upper * 2 > len(words)


def is_word(text: str, m: Mention, language: str | None) -> bool:
    """``m`` is a function word in capitals or title case, not a name (see the module doc)."""
    surface = m.text.strip()
    if " " in surface or not surface[:1].isalpha():
        return False
    if surface[-1:] in "nN" and re.match(r"['’][tT]\b", text[m.end:m.end + 3]):  # "Don" of "Don't"
        return True
    low = surface.casefold().replace("’", "'")
    if low not in stop_words(language) and low.split("'")[0] not in stop_words(language):
        return False
    if re.match(r"['’][a-zA-Z]\b", text[m.end:m.end + 3]):  # "WHO" of "WHO'S"
        return True
    if surface.isupper():
        return _caps_context(text, m)
    # a capitalised function word: in German and English always a word; elsewhere (where a stop list
    # may hold a name) when it opens a sentence, whose capital it carries ("Дарма …", "Alors …")
    return surface[:1].isupper() and surface[1:].islower() and (language in (None, "en", "de")
                                                                  or sentence_start(text, m.start))


def sentence_start(text: str, start: int) -> bool:
    """``start`` opens the text, a line or a sentence (after end punctuation and any quotation mark)."""
    k = start
    while k > 0 and text[k - 1] in " \t\"'«»„“”‚‘’「」()[]-–—":
        k -= 1
    return k == 0 or text[k - 1] in "\n.!?。！？:;…"


def drop_words(text: str, mentions: list[Mention], language: str | None) -> list[Mention]:
    """``mentions`` without the function words (see :func:`is_word`), without those that hold no
    letter (a number, a dash) or no capital in a script that has capitals ("euros"), without lone
    letters (:func:`_lone_letter`), and with those in
    a heading cut to what the text confirms (:func:`heading_part`); a word that is also part of a
    person's full name in the text, as written ("May" of "Theresa May"), stays."""
    in_names = {w for m in mentions if m.type == "PER" and " " in m.text.strip() for w in m.text.split()}
    out = []
    for m in mentions:
        if not any(c.isalpha() for c in m.text) or (_uncapitalised(m.text) and not _adjective(m.text)):
            continue
        if m.text.strip() not in in_names and (is_word(text, m, language) or _lone_letter(text, m)):
            continue
        if (m := heading_part(text, m)) is not None:
            out.append(m)
    return out


def _lone_letter(text: str, m: Mention) -> bool:
    """One letter of a script with capitals, perhaps with a dot ("C", "B."), that names nothing of
    its own: a unit or a vitamin ("20 °C", "5 K", "vitamin C") whatever NER called it, and otherwise
    any lone letter NER did not call an organisation (a grade, an initial, a programming language).
    An organisation may be one letter ("wrote on X"); a letter standing in a person's full name the
    text writes stays ("Wilfried L.")."""
    letters = [c for c in m.text if c.isalnum()]
    if len(letters) != 1 or not _cased(letters[0]):
        return False
    return m.type != "ORG" or _unit_or_vitamin(text, m.start)


def _unit_or_vitamin(text: str, start: int) -> bool:
    """A digit or degree sign, or a word of "vitamin", stands right before ``start``."""
    before = text[max(0, start - 16):start].rstrip(" \t\u00a0-")
    if before[-1:].isdigit() or before.endswith("°"):
        return True
    words = before.split()
    return bool(words) and words[-1].casefold().startswith("vitamin")


def _cased(c: str) -> bool:
    return c.lower() != c.upper()


def _adjective(surface: str) -> bool:
    """A country's adjective ("türkische"): written small, and a mention of the country all the same."""
    from . import places

    return bool(places.adjective(surface.strip(" .,;:!?()\"'")))


def _uncapitalised(surface: str) -> bool:
    """Written in a script with capitals, and not one of them: a common word ("euros"), no name."""
    letters = [c for c in surface if _cased(c)]
    return bool(letters) and not any(c.isupper() for c in letters)


def heading_part(text: str, m: Mention) -> Mention | None:
    """A mention NER found in capitals inside a heading or a shouted sentence: capitals say nothing
    there, so it is a name only as far as the text confirms it: the longest run of its words that
    the text also writes capitalised outside capitals, not merely opening a sentence ("GENOVA" of
    "PORTO DI GENOVA" by "Genova"; "NATO" by "NATO" in a sentence). None when no part is confirmed ("СТРАЙК У ПОРТУ ОДЕСИ", "ĐÌNH
    CÔNG"). A mention the gazetteer knows, or that it or an institution table placed (it has an id),
    is kept whole."""
    letters = [c for c in m.text if _cased(c)]
    if m.entity_id or not letters or not all(c.isupper() for c in letters) or not _shouted(text, m):
        return m
    from . import places

    if places.readings(m.text, None):  # the gazetteer knows the name ("TÜRKEI", "KAHRAMANMARAŞ")
        return m
    words = list(re.finditer(r"[^\s,;:!?()\"«»„“”'’]+", m.text))  # "İZMİR'DE": the name before a suffix too
    for n in range(len(words), 0, -1):
        for i in range(len(words) - n + 1):
            run = m.text[words[i].start():words[i + n - 1].end()]
            pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in run.split()) + r"(?!\w)"
            for hit in re.finditer(pattern, text, re.IGNORECASE):
                if m.start <= hit.start() < m.end or not hit.group()[:1].isupper():
                    continue
                later = hit.group().split()[1:]  # a capital after the first word is no sentence's
                if sentence_start(text, hit.start()) and not hit.group().isupper() and not (
                        later and all(w[:1].isupper() for w in later)):
                    continue  # "Công nhân …": a sentence's capital, not a name's ("Mersin Limanı" is one)
                if not _shouted(text, Mention(hit.start(), hit.end(), hit.group(), m.type)):
                    a, b = words[i].start(), words[i + n - 1].end()
                    return m if (a, b) == (0, len(m.text)) else Mention(
                        m.start + a, m.start + b, m.text[a:b], m.type, None, m.confidence)
    return None
