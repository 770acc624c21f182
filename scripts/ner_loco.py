"""Leave-one-corpus-out rows: for each German corpus, train without it and score its held-out split.

    .venv/bin/python scripts/ner_loco.py --cache /tmp/lagebild_ner [--corpora germeval,wikiann] \
        [--results loco.json] -- <train_ner.py options of the recipe>

Each run is ``train_ner.py <options> --without X --out <tmp>`` (the epoch is chosen on the *other* corpora's dev
splits), then the head is scored on X's test split from the cached e5 features (GermEval: dev and test, both
unseen when it is left out). Rows are appended to ``--results`` (JSON lines) and printed; ``lagebild eval ner``
prints them under the per-corpus table when given that file.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from lagebild.enrich.ner.scoring import score
from ner_batches import load
from ner_corpora import GERMAN, ROLES, language_of
from ner_ensemble import decode, emissions, heads_for
import train_ner


def held_out(corpus: str) -> list[str]:
    return ["germeval_dev", "germeval_test"] if corpus == "germeval" else [ROLES[corpus][2]]


def score_sets(path: Path, cache: Path, sets: list[str]) -> dict[str, dict]:
    out = {}
    for name in sets:
        heads, data = heads_for(path, language_of(name)), load(cache, name)
        pred = decode(heads, [emissions(h, data) for h in heads], data)
        s = score([x.tags for x in data], pred)
        out[name] = {k: {"p": v.precision, "r": v.recall, "f1": v.f1} for k, v in s.items()}
    return out


def main() -> None:
    argv = sys.argv[1:]
    rest = argv[argv.index("--") + 1 :] if "--" in argv else []
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", default="/tmp/lagebild_ner")
    ap.add_argument("--corpora", default=",".join(GERMAN))
    ap.add_argument("--results", default="ner_loco.json")
    args = ap.parse_args(argv[: argv.index("--")] if "--" in argv else argv)
    for corpus in args.corpora.split(","):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / f"loco_{corpus}.pt"
            sys.argv = ["train_ner.py", *rest, "--cache", args.cache, "--without", corpus, "--out", str(out)]
            print(f"== without {corpus}: {' '.join(sys.argv[1:])}", flush=True)
            train_ner.main()
            scores = score_sets(out, Path(args.cache), held_out(corpus))
        for name, s in scores.items():
            row = {"without": corpus, "set": name, "recipe": " ".join(rest), "scores": s}
            with open(args.results, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(row) + "\n")
            o = s["overall"]
            print(f"LOCO without {corpus:10} on {name:15} P {o['p']:.3f} R {o['r']:.3f} F1 {o['f1']:.4f}  "
                  + " ".join(f"{t} {s[t]['f1']:.3f}" for t in ("PER", "LOC", "ORG")), flush=True)


if __name__ == "__main__":
    main()
