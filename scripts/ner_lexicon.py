"""Name lists from ../shared/benchmarks/ner/gazetteers as a ``Gazetteer`` (per-word match features of the head).

    .venv/bin/python scripts/ner_lexicon.py [--lists laender,personen]     # prints entry counts and a sample

The lists (sources and licences in the gazetteers' README, credited in the project README):

* ``laender`` — German state names (GovData, an official work, free of rights) → LOC
* ``staedte`` — German city names (OpenStreetMap via datendieter.de, CC BY-SA 2.0) → LOC
* ``landschaften`` — geographic names GN250 (BKG) → LOC
* ``firmen`` — German company names (OpenStreetMap via datendieter.de, CC BY-SA 2.0) → ORG
* ``personen`` — surnames (GermaNER, Apache-2.0) → PER

Entries are split into words by the runtime tokenizer; where lists disagree, the earlier one above wins. A
word's feature is the type of the longest entry covering it (first word / other words), as for the gazetteer
of training names (``enrich/ner/gazetteer.py``), so the shipped checkpoint carries the entries it was trained
with and the runtime needs no change.
"""

from __future__ import annotations

import argparse

from lagebild.enrich.ner.gazetteer import MAX_LEN, Gazetteer
from lagebild.enrich.tokens import words as word_spans
from ner_corpora import DATA

LISTS = {
    "laender": ("laendernamen.list", "LOC"),
    "staedte": ("stadtnamen.list", "LOC"),
    "landschaften": ("landschaftsbezeichnungen.list", "LOC"),
    "firmen": ("firmennamen.list", "ORG"),
    "personen": ("personennamen.list", "PER"),
}


def entries(name: str) -> list[tuple[str, ...]]:
    """The word tuples of one list (an official long form "Syrien, Arabische Republik" → "Syrien")."""
    path = DATA / "gazetteers" / LISTS[name][0]
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split(",")[0].strip()
        key = tuple(line[a:b] for a, b in word_spans(line))
        if key and len(key) <= MAX_LEN and any(c.isupper() for c in key[0][:1]):
            out.append(key)
    return out


def build_lexicon(names: list[str]) -> Gazetteer:
    table: dict[tuple[str, ...], str] = {}
    for name in names:
        kind = LISTS[name][1]
        for key in entries(name):
            table.setdefault(key, kind)
    return Gazetteer(table)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lists", default=",".join(LISTS))
    args = ap.parse_args()
    for name in args.lists.split(","):
        e = entries(name)
        print(f"{name}: {len(e)} entries, e.g. {[' '.join(k) for k in e[:: max(1, len(e) // 5)]]}")
    lex = build_lexicon(args.lists.split(","))
    print(f"lexicon: {len(lex.names)} names")
    sample = "Angela Merkel sprach in Bad Ems mit Vertretern der Deutschen Bahn und von Siemens über Syrien .".split()
    print(list(zip(sample, lex.ids(sample))))


if __name__ == "__main__":
    main()
