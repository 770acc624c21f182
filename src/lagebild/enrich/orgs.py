"""A small hand-written table of well-known organisations whose names no rule relates
("IS" and "ISIS", "Daesh", "Islamischer Staat", "Islamic State" are one group). Key -> display
name and spellings; the key becomes the id ("ORG:isis"). Acronym-expansion pairs a text spells out
("Bundesamt für ... (BAMF)") need no entry here: names.py matches those within an article.

:func:`scan_orgs` finds the table's organisations in a text where NER missed them."""

from __future__ import annotations

import re

from ..model import Mention
from ._text import SpanIndex, key, stem
from .cores import DESCRIPTORS, org_core

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


def scan_orgs(text: str, taken: list[tuple[int, int]]) -> list[Mention]:
    """Mentions of the well-known organisations (the table above) NER missed, in any spelling the table
    knows, inflected ("Islamischen Staates") or with a descriptor ("IS-Miliz"). Acronyms match
    in capitals only ("WHO", never "Who")."""
    index = org_index()
    exact = {sp for _k, (_n, sps) in ORGS.items() for sp in sps}
    loose = {key(sp) for sp in exact if not sp.isupper()}  # inflectable spellings
    toks = [(m.start(), m.end()) for m in re.finditer(r"\w+(?:[-'’]\w+)*", text)]
    index = SpanIndex(taken)
    starters = _org_words()
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
            if core not in exact and key(core) not in loose:
                continue
            if index.overlaps(s, e) or (out and out[-1].end > s):
                continue
            out.append(Mention(s, e, phrase, "ORG"))
            break
    return out
