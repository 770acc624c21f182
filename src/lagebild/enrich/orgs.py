"""A small hand-written table of well-known organisations whose names no rule relates
("IS" and "ISIS", "Daesh", "Islamischer Staat", "Islamic State" are one group). Key -> display
name and spellings; the key becomes the id ("ORG:isis"). Acronym-expansion pairs a text spells out
("Bundesamt für ... (BAMF)") need no entry here: names.py matches those within an article.

:func:`scan_orgs` finds the table's organisations in a text where NER missed them."""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Mention
from ..textnorm import fold
from . import casing, places
from ._text import SpanIndex, key, slug, stem
from .alias_trust import lexicon
from .cores import DESCRIPTORS, NAME_STOP, clean, initials, is_acronym, name_words, org_core
from .languages import NOUN_CAPITALS

ORGS: dict[str, tuple[str, tuple[str, ...]]] = {
    "isis": ("Islamischer Staat", (
        "IS", "ISIS", "ISIL", "Daesh", "Daesch", "Daisch", "Islamischer Staat", "Islamic State",
        "Islamic State of Iraq and Syria", "Islamic State of Iraq and the Levant",
        "Islamischer Staat im Irak und in Syrien", "Islamischer Staat im Irak und der Levante")),
    "al-qaida": ("al-Qaida", ("al-Qaida", "al-Kaida", "al-Qaeda", "al Qaeda", "Al Kaida", "Al-Qaida")),
    "nato": ("NATO", ("NATO", "Nato", "North Atlantic Treaty Organization", "Nordatlantikpakt",
                      "Organisation des Nordatlantikvertrags", "OTAN")),
    "un": ("Vereinte Nationen", ("UN", "UNO", "Vereinte Nationen", "United Nations", "Nations Unies")),
    "eu": ("Europäische Union", ("EU", "Europäische Union", "European Union", "Union européenne")),
    "who": ("Weltgesundheitsorganisation", ("WHO", "Weltgesundheitsorganisation", "World Health Organization")),
    "imf": ("Internationaler Währungsfonds", ("IWF", "IMF", "Internationaler Währungsfonds",
                                              "International Monetary Fund")),
    "ecb": ("Europäische Zentralbank", ("EZB", "ECB", "Europäische Zentralbank", "European Central Bank")),
    "osce": ("OSZE", ("OSZE", "OSCE", "Organisation für Sicherheit und Zusammenarbeit in Europa",
                      "Organization for Security and Co-operation in Europe")),
    "pkk": ("PKK", ("PKK", "Arbeiterpartei Kurdistans", "Kurdistan Workers' Party")),
    "hamas": ("Hamas", ("Hamas", "Hamās")),
    "hezbollah": ("Hisbollah", ("Hisbollah", "Hezbollah", "Hizbollah", "Hizbullah")),
    "taliban": ("Taliban", ("Taliban", "Taleban")),
    "opec": ("OPEC", ("OPEC", "Opec", "Organisation erdölexportierender Länder",
                      "Organization of the Petroleum Exporting Countries")),
    "wto": ("WTO", ("WTO", "Welthandelsorganisation", "World Trade Organization")),
    "cdu": ("CDU", ("CDU", "Christlich Demokratische Union", "Christlich Demokratische Union Deutschlands")),
    "csu": ("CSU", ("CSU", "Christlich-Soziale Union", "Christlich-Soziale Union in Bayern")),
    "spd": ("SPD", ("SPD", "Sozialdemokratische Partei Deutschlands", "Sozialdemokraten")),
    "fdp": ("FDP", ("FDP", "Freie Demokratische Partei", "Freie Demokraten")),
    "afd": ("AfD", ("AfD", "Alternative für Deutschland")),
    "gruene": ("Bündnis 90/Die Grünen", ("Grüne", "Grünen", "Die Grünen", "Bündnis 90/Die Grünen")),
    "bnd": ("BND", ("BND", "Bundesnachrichtendienst")),
    "fbi": ("FBI", ("FBI", "Federal Bureau of Investigation")),
    "cia": ("CIA", ("CIA", "Central Intelligence Agency")),
    "icrc": ("Internationales Komitee vom Roten Kreuz", ("IKRK", "ICRC", "Internationales Komitee vom Roten Kreuz",
                                                         "International Committee of the Red Cross")),
}


_ORG_INDEX: dict[str, str] = {}


def org_index() -> dict[str, str]:
    """Inflection-blind key (``_text.key``) of every spelling in the table -> its key ("isis")."""
    if not _ORG_INDEX:
        for k, (_name, spellings) in ORGS.items():
            for s in spellings:
                _ORG_INDEX.setdefault(key(s), k)
    return _ORG_INDEX


_ORG_WORDS: set[str] = set()


def _org_words() -> set[str]:
    """Stems of every word of the table's spellings and of the descriptors."""
    if not _ORG_WORDS:
        for _k, (_n, spellings) in ORGS.items():
            for sp in spellings:
                _ORG_WORDS.update(stem(w) for w in re.findall(r"\w+", sp))
        _ORG_WORDS.update(stem(w) for w in DESCRIPTORS)
    return _ORG_WORDS


@lru_cache(maxsize=64)
def _starters(language: str | None) -> frozenset[str]:
    """Stems that open a phrase the scan looks at: the table's words and CLDR's names of its entries
    in ``language`` (once per language, not per text)."""
    return frozenset(_org_words() | {stem(w) for n in _cldr_names(language) for w in re.findall(r"\w+", n)})


@lru_cache(maxsize=1)
def _spellings() -> tuple[frozenset[str], frozenset[str]]:
    """The table's spellings as written, and the keys of those that inflect (not acronyms): computed
    once, not for every article (~950 keys, a third of the component's time when redone per text)."""
    exact = frozenset(sp for _k, (_n, sps) in ORGS.items() for sp in sps)
    return exact, frozenset(key(sp) for sp in exact if not sp.isupper())


def scan_orgs(text: str, taken: list[tuple[int, int]], language: str | None = None) -> list[Mention]:
    """Mentions of the well-known organisations (the table above) NER missed, in any spelling the table
    knows, inflected ("Islamischen Staates") or with a descriptor ("IS-Miliz"). Acronyms match
    in capitals only ("WHO", never "Who"); a spelling that is also a common word of ``language``
    only as the word cannot be meant (:func:`as_word`)."""
    exact, loose = _spellings()
    toks = [_unelided(m) for m in re.finditer(r"\w+(?:[-'’]\w+)*", text)]
    index = SpanIndex(taken)
    local = _cldr_orgs(language)  # "Unione europea", "Unión Europea": the table's entries in CLDR's words
    starters = _starters(language)
    out: list[Mention] = []
    for i in range(len(toks)):
        first = text[toks[i][0]:toks[i][1]]
        if not first[:1].isupper() or not any(stem(p) in starters for p in first.split("-")):
            continue  # no table word or descriptor opens a phrase here
        for n in (4, 3, 2, 1):
            if i + n > len(toks):
                continue
            s, e = toks[i][0], toks[i + n - 1][1]
            phrase = text[s:e]
            if not phrase[:1].isupper() or "\n" in phrase:
                continue
            core = org_core(phrase, "")
            if core not in exact and key(core) not in loose and key(core) not in local:
                continue
            if index.overlaps(s, e) or (out and out[-1].end > s) or as_word(core, e, text, language):
                continue
            out.append(Mention(s, e, phrase, "ORG"))
            break
    return _local_acronyms(text, toks, index, out, language)


def _unelided(m: re.Match) -> tuple[int, int]:
    """A token's span without an elided article or preposition written onto a name ("l'Union",
    "dell'Onu", "d'Europe" -> the name)."""
    tok = m.group()
    if "'" not in tok and "’" not in tok:
        return m.span()
    head, sep, tail = (re.split(r"(['’])", tok, maxsplit=1) + ["", ""])[:3]
    if sep and 1 <= len(head) <= 4 and head[:1].isalpha() and head[1:] == head[1:].lower() and tail[:1].isupper():
        return m.start() + len(head) + 1, m.end()
    return m.span()


def _local_acronyms(text: str, toks: list[tuple[int, int]], index: SpanIndex, out: list[Mention],
                    language: str | None) -> list[Mention]:
    """``out`` with the acronyms of the CLDR-named entries ("UE" of "Union européenne", "UE" of
    "Unión Europea"), in capitals or, two or three letters, written as a word ("Ue", as Italian
    papers write it), where ``text`` spells the name out in its language too (as words: "union
    européenne" inside "réunion européenne" is none)."""
    names = {initials(n): n for n in _cldr_names(language) if len(initials(n)) >= 2}
    wanted = {form for a, n in names.items() if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text, re.IGNORECASE)
              for form in (a, a.title()) if form == a or len(a) <= 3}
    if not wanted:
        return out
    found = [Mention(s, e, text[s:e], "ORG") for s, e in toks if text[s:e] in wanted and not index.overlaps(s, e)
             and not any(m.start < e and s < m.end for m in out)]
    return sorted(out + found, key=lambda m: m.start) if found else out


@lru_cache(maxsize=1)
def _one_word_spellings() -> dict[str, tuple[frozenset[str], bool]]:
    """``_text.key`` -> the table's one-word spellings (acronyms aside) with that key, folded, and
    whether all of them are capitalised. The table lists a one-word name's inflections itself
    ("Grüne", "Grünen"), so another word with the same key is another word ("Grün", "Grüner")."""
    out: dict[str, list] = {}
    for _k, (_n, spellings) in ORGS.items():
        for sp in spellings:
            if " " not in sp and not sp.isupper():
                folded, capital = out.setdefault(key(sp), [set(), True])
                folded.add(fold(sp))
                out[key(sp)][1] = capital and sp[:1].isupper()
    return {k: (frozenset(v), c) for k, (v, c) in out.items()}


def as_word(core: str, end: int, text: str, language: str | None) -> bool:
    """Whether ``core``, which matches a one-word spelling of the table, is another word: written
    otherwise than the table writes it (another inflection of a common word: "Grün", "Grüner" of the
    party's "Grüne"; lower-case where the table capitalises: "der grüne Bezirksvorsteher") or, as a
    common word of ``language`` where every noun is capitalised, directly before a capitalised word it
    qualifies ("Grüne Variante"; the party stands alone: "SPD und Grüne", "(Grüne)")."""
    found = _one_word_spellings().get(key(core))
    if found is None:
        return False
    spellings, capital = found
    plain = re.sub(r"['’]s?$", "", fold(core))  # a possessive: "Hamas'", "Taliban's"
    if plain not in spellings or capital and core[:1].islower():
        return True
    if language not in NOUN_CAPITALS or (words := lexicon(language)) is None or core.lower() not in words:
        return False
    after = text[end:end + 40]
    return re.match(r"[ \t]+[^\W\d_]", after) is not None and after.lstrip(" \t")[:1].isupper()


# Table entries that CLDR names as territories: their names in the text's language join the table's
# spellings ("Unión Europea", "Европейский союз", "Birleşmiş Milletler"), in that language only.
_CLDR_CODES = {"eu": "EU", "un": "UN"}


@lru_cache(maxsize=64)
def _cldr_orgs(language: str | None) -> dict[str, str]:
    """``_text.key`` of CLDR's name in ``language`` of each entry above -> the table's key."""
    return {key(name): k for name, k in _cldr_names(language).items()}


@lru_cache(maxsize=64)
def _cldr_names(language: str | None) -> dict[str, str]:
    """CLDR's name in ``language`` of each entry above -> the table's key."""
    if not language:
        return {}
    from .cldr_places import territories  # an unknown locale names nothing

    names = territories(language)
    return {names[code]: k for k, code in _CLDR_CODES.items() if names.get(code)}


def org_clusters(pending: list[tuple[Mention, str]], language: str | None = None,
                 text: str = "") -> dict[int, tuple[str, str]]:
    """Table entries first, then acronyms matching the initials of a spelled-out name (a table
    entry's name too: "Unión Europea (UE)"). Two letters are initials of too many names by chance
    ("AI" of "Allen Institute", "IT" of "IBM Training"): a two-letter acronym joins a name only as
    a text introduces one, the name first ("Volkswagen ... VW", "Верховный Суд ... ВС") or the two
    side by side in ``text`` ("AP (Associated Press)")."""
    table = org_index()
    local = _cldr_orgs(language)
    out: dict[int, tuple[str, str]] = {}
    orgs = [(m, core) for m, core in pending if m.type in ("ORG", "MISC", "LOC")]
    spelled: dict[str, set[str]] = {}  # initials of a table entry's name the text spells out -> its ids
    for m, core in orgs:
        k = table.get(key(core)) or local.get(key(core))
        if k and not as_word(core, m.end, text, language):
            out[id(m)] = (f"ORG:{k}", "ORG")
            if len(name_words(core)) >= 2:
                spelled.setdefault(initials(core), set()).add(f"ORG:{k}")
                if key(core) in local and len(initials(core)) <= 3:  # "Ue" of "Unione europea", written
                    spelled.setdefault(initials(core).title(), set()).add(f"ORG:{k}")  # as a word
    acronyms = {core: m for m, core in orgs if is_acronym(core) and id(m) not in out}
    first = _first_seen(orgs)
    spelling: dict[str, set[tuple[str, ...]]] = {}  # acronym -> the names of the text with its initials
    for m, core in orgs:
        if id(m) not in out and len(name_words(core)) >= 2 and initials(core) not in name_words(core):
            # inflected forms as one ("Городского комитета"); a name holding the acronym as a word
            # ("AP Photo") is no spelling of it
            spelling.setdefault(initials(core), set()).add(tuple(fold(w)[:3] for w in name_words(core)))
    for m, core in orgs:
        if id(m) not in out and (acr := _with_article(m, core, text)) and acr in acronyms:
            words = [w for w in name_words(core) if fold(w) not in NAME_STOP]  # "The Gateway Pundit" as one
            spelling.setdefault(acr, set()).add(tuple(fold(w)[:3] for w in words))
    spelled_out: set[str] = set()  # the acronyms the text spells out
    for m, core in orgs:
        if id(m) in out or len(name_words(core)) < 2:
            continue
        acr = initials(core)
        if acr in name_words(core):  # "AP Photo": named after the acronym, not spelling it out
            continue
        if acr not in acronyms:
            acr = _with_article(m, core, text) or acr  # "The Gateway Pundit" … "TGP"
        if acr in acronyms and len(spelling[acr]) == 1 and _introduced(acr, core, m.text, first, text, language):
            # one name only: "AI" amid "Allstate Ins Group", "Amer Intl Group" is none. The id is the
            # acronym's: giving the pair the name's id let the archive file every lone "ABC" or "ANC" of
            # other articles under the one article's expansion ("Always Be Closing", "Active Noise
            # Cancellation") — the coordinator's top-100 run of wave 14
            out[id(m)] = (f"ORG:{slug(acr)}", "ORG")
            spelled_out.add(acr)
    for m, core in orgs:
        if id(m) not in out and core in spelled_out:
            out[id(m)] = (f"ORG:{slug(core)}", "ORG")
        elif id(m) not in out and (core in acronyms or core.istitle()) and len(spelled.get(core, ())) == 1:
            out[id(m)] = (next(iter(spelled[core])), "ORG")
    _short_forms(orgs, out, language, text, first)
    return out


def _short_forms(orgs: list[tuple[Mention, str]], out: dict[int, tuple[str, str]], language: str | None,
                 text: str, first: dict[str, int]) -> None:
    """Short forms that the article's own longer names explain: a lone word that ends exactly one
    longer name ("Lakers" of "Los Angeles Lakers"), an acronym whose letters run, in order and no
    two of them side by side, through exactly one other name ("BAMF" through "Bundesamt für
    Migration und Flüchtlinge"; not "NET", "NFL" through "Netflix", "MIT" through "Microsoft"), or
    that ``text`` writes beside the name ("VW (Volkswagen)"; two letters, which run through too many
    names by chance, only after the name: "Volkswagen ... VW", not "AI ... Allen Institute"). Each
    joins that name's id."""
    longer: dict[str, str] = {}  # core -> id
    surface = {core: m.text for m, core in orgs}
    for m, core in orgs:
        if re.search(r"\b(?:and|und|et|y|&)\b|\b[a-z]+-[a-z]", core):
            continue  # "Clippers and the Lakers", "NBA-leading Lakers": a list or a phrase, no name
        if m.type == "ORG" and (len(name_words(core)) >= 2 or not is_acronym(core)):
            longer.setdefault(core, out.get(id(m), (f"ORG:{slug(core)}", "ORG"))[0])
    common = casing.stop_words(language)
    for m, core in orgs:
        if id(m) in out or core in longer and len(name_words(core)) >= 2:
            continue
        if is_acronym(core):
            letters = fold(core)
            hits = {cid for name, cid in longer.items() if name != core and core not in name_words(name)
                    and _runs_through(letters, fold(name)) and not _place_word(name, language)
                    and _introduced(core, name, surface[name], first, text, language)}
        elif len(name_words(core)) == 1 and core[:1].isupper() and fold(core) not in common and m.type != "LOC":
            # (a place named alone is not the organisation named after it: "England", "Police Federation of England")
            hits = {cid for name, cid in longer.items()
                    if len(words := name_words(name)) >= 2 and stem(words[-1]) == stem(core)}
        else:
            continue
        if len(hits) == 1:
            out[id(m)] = (hits.pop(), "ORG")


def _place_word(name: str, language: str | None) -> bool:
    """A one-word name that is a place's: a club or firm named for its town ("Nashville" typed an
    organisation), whose letters an acronym runs through by chance ("NHL")."""
    return len(name_words(name)) == 1 and bool(places.readings(name, language))


_ARTICLES = ("The", "Der", "Die", "Das", "Le", "La", "El", "Il")  # a name's capitalised article: "The Gateway Pundit"
_ARTICLE_BEFORE = re.compile(rf"(?:{'|'.join(_ARTICLES)}) $")


def _with_article(m: Mention, core: str, text: str) -> str | None:
    """The initials of a name written with its capitalised article ("The Gateway Pundit" -> "TGP"),
    three letters at least, where the name opens with one, in the mention or just before it."""
    before = _ARTICLE_BEFORE.search(text, max(0, m.start - 4), m.start) if text else None
    words = name_words(clean((before.group() if before else "") + m.text))
    if len(words) < 3 or not words[0][:1].isupper() or words[0].capitalize() not in _ARTICLES:
        return None
    return words[0][0].upper() + initials(core)


def _introduced(acronym: str, core: str, surface: str, first: dict[str, int], text: str,
                language: str | None = None) -> bool:
    """Whether the text introduces ``acronym`` as the name ``core`` (written ``surface``): always for
    three letters and more; two letters are initials of too many names by chance, so only the two
    side by side ("VW (Volkswagen)", a kicker "VW" over "Volkswagen ..."), or where the letters are
    the name's words' initials exactly: the name first ("Associated Press ... AP"), or the acronym
    first where the text sets it apart as a label, not in running prose ("WASHINGTON (AP) — ...
    the Associated Press", "Foto: X/AP", "| DW |"; not "The AI boom ... the Allen Institute"),
    and the letters are no place's ("(US)" is the country, whatever name it abbreviates). Two letters
    that merely run through one word are none of its initials: "RR" after "Reuters", "MS" (multiple
    sclerosis) after "Microsoft"."""
    if len(acronym) >= 3 or side_by_side(text, surface, acronym):
        return True
    if initials(core) != acronym.upper():
        return False
    return first[core] < first[acronym] or (
        labelled(text, acronym) and not places.readings(acronym, language))


def labelled(text: str, acronym: str) -> bool:
    """``text`` writes ``acronym`` somewhere as a label set apart from the prose: alone in brackets,
    between dashes or bars, or after a slash or dash at a line's end ("(AP)", "– DW –", "Foto: X/AP")."""
    a = re.escape(acronym)
    return re.search(rf"(?:^|[(\[/|–—]|\s-)[ \t]*{a}[ \t]*(?:$|[)\]|–—]|-\s)", text, re.MULTILINE) is not None


def _first_seen(orgs: list[tuple[Mention, str]]) -> dict[str, int]:
    """Where each core is first named in the text."""
    first: dict[str, int] = {}
    for m, core in orgs:
        first[core] = min(first.get(core, m.start), m.start)
    return first


def _runs_through(acronym: str, name: str) -> bool:
    """The acronym's letters occur in ``name`` in order, the first one opening it and no two of them
    next to each other ("who", "weltgesundheitsorganisation"; not "net", "netflix")."""
    if not name.startswith(acronym[:1]):
        return False
    pos = 2
    for ch in acronym[1:]:
        pos = name.find(ch, pos)
        if pos < 0:
            return False
        pos += 2
    return True


def side_by_side(text: str, name: str, acronym: str) -> bool:
    """``text`` writes the acronym and the name next to each other, at most three signs apart and
    nothing else between ("Volkswagen (VW)", "VW (Volkswagen)", a kicker "VW" over "Volkswagen ...")."""
    if not text or not name or not acronym:
        return False
    n, a = re.escape(name), re.escape(acronym)
    return re.search(rf"(?<!\w){n}[^\w]{{1,3}}{a}(?!\w)|(?<!\w){a}[^\w]{{1,3}}{n}(?!\w)", text) is not None
