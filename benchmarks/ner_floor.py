#!/usr/bin/env python3
"""The NER confidence floor for languages the model was not trained on (issue 16, item 4).

Two steps, on different data:

``choose`` — on German and English dev sets with gold labels (GermEval 2014 dev, CoNLL-2003 dev;
nothing is reported on them here), every predicted PER/LOC/ORG mention gets its confidence (the
least CRF marginal of its word tags); the floor is the lowest confidence at which the mentions at
or above it are right (strict span and type) at least ``--precision`` of the time in each of the
sets: the floor is the strictest of the sets' (each set's kept mentions reach the precision).
Prints each set's precision/recall curve and the floor.

    PYTHONPATH=src .venv/bin/python benchmarks/ner_floor.py choose [--precision 0.95]

``pages`` — what the floor does on the entity-gold pages in other languages
(``benchmarks/entities/gold-*.jsonl``: tune to look, held-out to report once). Each referenced file
is tagged whole (as ``lagebild eval entities`` enriches it), its language detected as extraction
would; for the pages the floor applies to, gold PER/LOC/ORG mentions are matched by NER mentions
before and after the floor: recall = gold mentions with a NER mention of the same span (typed:
and type), precision = NER mentions that are a gold mention's span (exact) over NER mentions that
touch a gold *entity's* surface anywhere on the page or a gold non-entity span — the gold labels
every occurrence of the entities it chose, so a mention of an entity it did not choose is
neither right nor wrong. ``--list`` prints every mention the floor drops.

    PYTHONPATH=src .venv/bin/python benchmarks/ner_floor.py pages benchmarks/entities/gold-tune.jsonl --root ../shared
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from lagebild.enrich.ner import get_recognizer, recognize_many
from lagebild.enrich.ner.conll import read_conll, spans
from lagebild.enrich.ner.scoring import EVAL_TYPES
from lagebild.extract.finish import detect_language
from lagebild.settings import EnrichSettings

DEV_SETS = ("benchmarks/ner/germeval2014/conll_4class/dev.txt", "benchmarks/ner/conll2003_en/conll/dev.txt")


def scored_mentions(path: Path, mode: str) -> tuple[list[tuple[float, bool]], int]:
    """``(confidence, right)`` of every predicted PER/LOC/ORG mention of a CoNLL file, and the gold count."""
    sentences = read_conll(path)
    rows = get_recognizer(mode).tag_scored([w for w, _ in sentences])
    out, n_gold = [], 0
    for (_, gold), row in zip(sentences, rows):
        gs = {s for s in spans(gold) if s[2] in EVAL_TYPES}
        n_gold += len(gs)
        for i, j, kind in spans([t for t, _ in row]):
            if kind in EVAL_TYPES:
                out.append((min(p for _, p in row[i:j]), (i, j, kind) in gs))
    return out, n_gold


def floor_for(found: list[tuple[float, bool]], n_gold: int, precision: float, name: str) -> float:
    """The lowest confidence whose kept mentions (at or above it) are right ≥ ``precision`` of the time."""
    found = sorted(found, reverse=True)
    right, best = 0, None
    marks = [0.99, 0.98, 0.95, 0.9, 0.85, 0.8, 0.7, 0.6, 0.5]
    print(f"{name}\n  floor   kept  precision  recall")
    for k, (conf, ok) in enumerate(found, 1):
        right += ok
        if right / k >= precision:
            best = conf
        nxt = found[k][0] if k < len(found) else -1.0
        for m in marks:
            if nxt < m <= conf:
                print(f"  {m:5.2f} {k:6d}  {right / k:9.3f}  {right / n_gold:6.3f}")
    floor = round(best, 3) if best is not None else 1.0
    print(f"  floor for precision >= {precision}: {floor}")
    return floor


def choose(root: Path, mode: str, precision: float) -> float:
    """The floor at which *every* dev set's kept mentions reach ``precision`` (the strictest of the sets':
    outside its languages the model guesses like it does on its harder language, not its easier one)."""
    floors = []
    for name in DEV_SETS:
        found, n_gold = scored_mentions(root / name, mode)
        floors.append(floor_for(found, n_gold, precision, name))
    print(f"floor: {max(floors)}")
    return max(floors)


def pages(gold_path: Path, root: Path, mode: str, floor: float, trained: tuple[str, ...], show: bool) -> None:
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_file = defaultdict(list)
    for g in gold:
        by_file[g["file"]].append(g)
    files = sorted(by_file)
    texts = {f: (root / f).read_text(encoding="utf-8") for f in files}
    langs = {f: detect_language(texts[f]) for f in files}
    foreign = [f for f in files if langs[f] and langs[f] not in trained]
    found = dict(zip(foreign, recognize_many([texts[f] for f in foreign], mode)))
    totals = defaultdict(lambda: defaultdict(int))
    for f in foreign:
        text, golds = texts[f], by_file[f]
        ents = [g for g in golds if g["type"] in EVAL_TYPES]
        spans_gold = {(g["start"], g["end"]): g["type"] for g in ents}
        surfaces = {g["text"] for g in ents}
        nonent = [(g["start"], g["end"]) for g in golds if g["type"] == "O"]
        for stage, ms in (("before", found[f]), ("after", [m for m in found[f] if (m.confidence or 0) >= floor])):
            t = totals[(langs[f], stage)]
            t["gold"] += len(ents)
            t["predicted"] += len(ms)
            got = {(m.start, m.end): m.type for m in ms}
            t["found"] += sum(s in got for s in spans_gold)
            t["found_typed"] += sum(got.get(s) == k for s, k in spans_gold.items())
            judged = [m for m in ms if m.text in surfaces or any(a < m.end and m.start < b for a, b in spans_gold)
                      or any(a < m.end and m.start < b for a, b in nonent)]
            t["judged"] += len(judged)
            t["right"] += sum((m.start, m.end) in spans_gold for m in judged)
            t["pages"] += 1
        if show:
            for m in found[f]:
                if (m.confidence or 0) < floor:
                    tag = "gold" if (m.start, m.end) in spans_gold else ""
                    print(f"drop {langs[f]} {m.type:4} {m.confidence:.3f} {m.text!r} {tag}")
    print("lang stage  pages gold predicted | recall (span) recall (typed) | judged precision")
    for stage in ("before", "after"):
        sums = defaultdict(int)
        for (lang, st), t in sorted(totals.items()):
            if st != stage:
                continue
            for k, v in t.items():
                sums[k] += v
            line(lang, stage, t)
        line("all", stage, sums)


def line(lang: str, stage: str, t: dict) -> None:
    def r(a, b):
        return f"{a / b:.3f}" if b else "  -  "

    print(f"{lang:4} {stage:6} {t['pages']:5d} {t['gold']:4d} {t['predicted']:9d} | {r(t['found'], t['gold']):>13}"
          f" {r(t['found_typed'], t['gold']):>14} | {t['right']}/{t['judged']} = {r(t['right'], t['judged'])}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("step", choices=("choose", "pages"))
    ap.add_argument("gold", type=Path, nargs="?")
    ap.add_argument("--root", type=Path, default=Path("../shared"))
    ap.add_argument("--mode", default="accurate")
    ap.add_argument("--precision", type=float, default=0.95)
    ap.add_argument("--floor", type=float, default=EnrichSettings().ner_floor)
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args()
    if args.step == "choose":
        choose(args.root, args.mode, args.precision)
    else:
        pages(args.gold, args.root, args.mode, args.floor, EnrichSettings().ner_languages, args.list)


if __name__ == "__main__":
    main()
