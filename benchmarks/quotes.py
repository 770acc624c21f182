#!/usr/bin/env python3
"""Quotation detection and speaker attribution on the German news quotation dataset
(Petersen-Frey & Biemann 2024, CC BY-NC-SA 4.0: evaluation only, nothing trained on it ships).

    .venv/bin/python benchmarks/quotes.py ../shared/benchmarks/quotes/german_news_quotation_2024 [--split dev]
    lagebild eval quotes ../shared/benchmarks/quotes/german_news_quotation_2024 --split dev

Scores direct quotes (type Direct) and indirect speech (Indirect, IndirectFreeIndirect, FreeIndirect)
separately: token F1 (headline), exact-span F1 and speaker accuracy; the metric definitions are in
``lagebild/enrich/quotes/scoring.py``. Runs without NER (the dataset gives no mentions), so speakers
are scored as the phrases the attribution finds, not as entity ids. ``--errors N`` prints N direct
quotes whose speaker was missed, for tuning on the train split.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from lagebild.enrich.quotes import evaluate, find_quotes
from lagebild.enrich.quotes.scoring import KINDS, documents, speaker_matches, token_positions


def speaker_errors(files: list[Path], n: int, seed: int = 0) -> list[str]:
    out = []
    for file in files:
        doc = json.loads(file.read_text(encoding="utf-8"))
        text = doc["originalText"]
        found = [f for f in find_quotes(text, ranker=None) if f.kind == "direct"]  # the rules (see rules_only)
        for a in doc["annotations"]:
            if KINDS.get(a["type"]) != "direct" or not a.get("speaker") or not a["speaker"]["spans"]:
                continue
            spans = [(s["charBegin"], s["charEnd"]) for s in a["quote"]["spans"]]
            toks = token_positions(text, spans)
            best = max(found, key=lambda f: len(toks & token_positions(text, [(f.start, f.end)])), default=None)
            if best is None or 2 * len(toks & token_positions(text, [(best.start, best.end)])) < max(1, len(toks)):
                continue
            sp = [(s["charBegin"], s["charEnd"]) for s in a["speaker"]["spans"]]
            if not speaker_matches(best, sp, a["speaker"]["text"]):
                s, e = spans[0][0], spans[-1][1]
                out.append(f"…{text[max(0, s - 160):s]}[[{text[s:e][:80]}]]…\n"
                           f"   gold={a['speaker']['text']!r} predicted={best.speaker_text!r} cue={best.cue!r}")
    random.Random(seed).shuffle(out)
    return out[:n]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", type=Path)
    ap.add_argument("--split", default="dev")
    ap.add_argument("--errors", type=int, default=0, help="print this many missed direct-quote speakers")
    args = ap.parse_args()
    t = time.perf_counter()
    report = evaluate(args.path, args.split).to_dict()
    report["seconds"] = round(time.perf_counter() - t, 1)
    json.dump(report, sys.stdout, indent=2)
    print()
    for err in speaker_errors(documents(args.path, args.split), args.errors):
        print(err, "\n")


if __name__ == "__main__":
    main()
