#!/usr/bin/env python3
"""Quotations on the non-German, non-English pages of ../shared: how many, and how many are garbage
by two signs a machine can count (there is no gold for these pages).

    PYTHONPATH=src .venv/bin/python benchmarks/quotes_languages.py ../shared/benchmarks/extraction [--list]

Pages: every trafilatura-eval page whose ``lang`` is not de/en, and every Fundus page likewise,
extracted with lagebild's own extractor, then ``find_quotes(text, language=<the page's lang>)``.
Per language it prints the quotations found, those whose span starts right after a closing mark
(``»``/``”`` before the span in a language where they close: the text *between* two quotations),
those with a speaker, and speakers every word of which is a dictionary word in that language
(simplemma lemma in lower case: a sentence opener such as "Alors" or a verb such as "Biją"; a
pronoun from the language's list does not count). ``--list`` prints every quotation, for reading.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

import simplemma

from lagebild.enrich.quotes import find_quotes
from lagebild.enrich.quotes.languages import LEXICONS
from lagebild.errors import LagebildError
from lagebild.extract import extract
from lagebild.model import Page


def pages(root: Path):
    for line in (root / "trafilatura-eval" / "evaldata.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        if d.get("lang") not in ("de", "en", None):
            yield d["lang"], root / "trafilatura-eval" / d["file"]
    truth = json.loads((root / "fundus" / "ground-truth.json").read_text(encoding="utf-8"))
    for key, v in truth.items():
        if v.get("lang") not in ("de", "en", None):
            yield v["lang"], root / "fundus" / "html" / (key if key.endswith(".html") else key + ".html")


def common_word_speaker(speaker: str, lang: str) -> bool:
    lex = LEXICONS.get(lang)
    if lex is not None and speaker.casefold() in lex.pronouns:
        return False
    words = [w for w in speaker.split() if w[:1].isalpha()]
    try:
        return bool(words) and all(simplemma.lemmatize(w, lang=lang)[:1].islower() for w in words)
    except (ValueError, KeyError):
        return False


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("root", type=Path, help="../shared/benchmarks/extraction")
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args()
    stats: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for lang, path in pages(args.root):
        try:
            text = extract(Page(path.read_bytes(), "html")).text
        except (OSError, LagebildError) as exc:
            print(f"{path.name}: skipped ({exc})", file=sys.stderr)
            continue
        s = stats[lang]
        s["pages"] += 1
        for f in find_quotes(text, (), lang):
            s["quotes"] += 1
            s["between_quotes"] += text[f.start - 1:f.start] in "»”" and f.start > 0
            if f.speaker_text:
                s["with_speaker"] += 1
                s["speaker_common_word"] += common_word_speaker(f.speaker_text, lang)
            if args.list:
                print(f"{lang}\t{path.name[:40]}\t{f.speaker_text!r}\t{f.cue!r}\t{text[f.start:f.end][:100]!r}")
    json.dump({k: dict(v) for k, v in sorted(stats.items())}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
