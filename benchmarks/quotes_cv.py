#!/usr/bin/env python3
"""Five-fold cross-validation of quotation detection and speaker attribution over the train and
dev documents of the German news quotation dataset (Petersen-Frey & Biemann 2024, CC BY-NC-SA 4.0:
evaluation only). The test split is never read.

    PYTHONPATH=src .venv/bin/python benchmarks/quotes_cv.py ../shared/benchmarks/quotes/german_news_quotation_2024
    lagebild eval quotes ../shared/benchmarks/quotes/german_news_quotation_2024 --folds 5

Documents are sorted by file name and dealt round-robin into the folds (``fold_documents``), so
every run and every helper sees the same folds. The finder is hand-written (nothing is fitted on
the folds), so each fold's figure is what it scores on documents it was not *fitted* to; the rules
were tuned by reading errors of folds 0-3 only (``--errors N --fold K``), fold 4 is the check that
no rule was written for it. ``--errors`` prints missed direct-quote speakers of one fold.

``--learned``: also the learned speaker ranker (``lagebild/enrich/quotes/ranker.py``) under true
cross-validation — for each fold k a ranker trained on the other four folds only (its weight penalty
chosen by a cross-validation inside those four) re-picks the speakers of fold k — next to the rules
in the same run. Prints ``{"rules": <report>, "learned": <report>}`` and a one-line-per-fold table on
stderr. Spans are the rules' in both rows; only speakers differ.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from lagebild.enrich.quotes import find_quotes
from lagebild.enrich.quotes.ranker import Scorer
from lagebild.enrich.quotes.scoring import cross_validate, fold_documents
from lagebild.enrich.quotes.training import choices, fit

from quotes import speaker_errors  # noqa: E402  (benchmarks/ is on sys.path when run as a script)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", type=Path)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--errors", type=int, default=0, help="print this many missed direct-quote speakers of --fold")
    ap.add_argument("--fold", type=int, default=0)
    ap.add_argument("--learned", action="store_true", help="also the learned speaker ranker, trained per fold")
    ap.add_argument("--hidden", type=int, default=0, help="with --learned: three tanh nets of this many units "
                    "instead of the linear scorer")
    args = ap.parse_args()
    if args.errors:
        files = fold_documents(args.path, args.folds)[args.fold]
        for err in speaker_errors(files, args.errors):
            print(err, "\n")
        return
    t = time.perf_counter()
    if args.learned:
        report = {"rules": cross_validate(args.path, args.folds),
                  "learned": cross_validate(args.path, args.folds, fit=_trainer(args.hidden))}
        _table(report)
    else:
        report = cross_validate(args.path, args.folds)
    report["seconds"] = round(time.perf_counter() - t, 1)
    json.dump(report, sys.stdout, indent=2)
    print()


def _trainer(hidden: int = 0):
    """``fit`` for :func:`cross_validate`: a ranker trained on the given files' choices (each file's
    choices computed once and kept: they do not depend on what is learned)."""
    cache: dict[Path, list] = {}

    def train(files: list[Path]):
        for f in files:
            if f not in cache:
                cache[f] = choices(f)
        groups = [c for f in files for c in cache[f]]
        scorer = Scorer(fit(groups, hidden=hidden))
        return lambda text: find_quotes(text, ranker=scorer)

    return train


def _table(report: dict) -> None:
    for name in ("rules", "learned"):
        r = report[name]
        cells = [f"{fold['direct']['speaker_accuracy']:.3f}" for fold in r["folds"]]
        print(f"{name:8} direct speaker acc. per fold {' / '.join(cells)}; mean {r['mean']['direct']['speaker_accuracy']:.4f};"
              f" direct token F1 {r['mean']['direct']['token_f1']:.4f}; indirect token F1 "
              f"{r['mean']['indirect']['token_f1']:.4f}", file=sys.stderr)


if __name__ == "__main__":
    main()
