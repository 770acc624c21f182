#!/usr/bin/env python3
"""Train the quotation speaker ranker (``lagebild/enrich/quotes/ranker.py``) on the train and dev
documents of the German news quotation corpus (all five cross-validation folds; the test split is
never read), reproducibly.

    PYTHONPATH=src .venv/bin/python scripts/train_quotes.py ../shared/benchmarks/quotes/german_news_quotation_2024 \\
        --out ~/.cache/lagebild/quote_ranker.npz
    LAGEBILD_QUOTE_RANKER=~/.cache/lagebild/quote_ranker.npz lagebild enrich …

The weights are a few dozen numbers per feature (no text), but the corpus is CC BY-NC-SA 4.0 and the
shared data's terms say to ship no model trained on it, so they are written outside the repository
and used only where ``LAGEBILD_QUOTE_RANKER`` names them; without it the rules pick the speakers.
How well the ranker does on documents it did not see: ``benchmarks/quotes_cv.py --learned``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from lagebild.enrich.quotes.ranker import FEATURES, Scorer  # noqa: E402
from lagebild.enrich.quotes.scoring import fold_documents  # noqa: E402
from lagebild.enrich.quotes.training import accuracy, choices, fit  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", type=Path, help="the corpus folder (with data/train and data/dev)")
    ap.add_argument("--out", type=Path, required=True, help="the .npz to write (keep it outside the repository)")
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args()
    repo = Path(__file__).resolve().parents[1]
    if args.out.resolve().is_relative_to(repo):
        sys.exit(f"{args.out}: inside the repository; the corpus' terms forbid shipping a model trained on it")
    t = time.perf_counter()
    files = [f for fold in fold_documents(args.path, args.folds) for f in fold]
    groups = [c for f in files for c in choices(f)]
    arrays = fit(groups)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(args.out, **arrays)
    scorer = Scorer(arrays)
    print(f"{len(files)} documents, {len(groups)} direct quotations with a speaker; "
          f"in-sample accuracy rules {accuracy(None, groups):.3f}, ranker {accuracy(scorer, groups):.3f} "
          f"({time.perf_counter() - t:.0f} s) -> {args.out}")
    weights = arrays["w"] if "w" in arrays else None
    if weights is not None:
        top = sorted(zip(FEATURES, weights), key=lambda kv: -abs(kv[1]))[:12]
        print("largest weights:", ", ".join(f"{k} {v:+.2f}" for k, v in top))


if __name__ == "__main__":
    main()
