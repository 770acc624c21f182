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
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from lagebild.enrich.quotes.scoring import cross_validate, fold_documents

from quotes import speaker_errors  # noqa: E402  (benchmarks/ is on sys.path when run as a script)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", type=Path)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--errors", type=int, default=0, help="print this many missed direct-quote speakers of --fold")
    ap.add_argument("--fold", type=int, default=0)
    args = ap.parse_args()
    if args.errors:
        files = fold_documents(args.path, args.folds)[args.fold]
        for err in speaker_errors(files, args.errors):
            print(err, "\n")
        return
    t = time.perf_counter()
    report = cross_validate(args.path, args.folds)
    report["seconds"] = round(time.perf_counter() - t, 1)
    json.dump(report, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
