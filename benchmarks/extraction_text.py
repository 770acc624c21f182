#!/usr/bin/env python3
"""Run the scraped-text extractor over a benchmark set's ``text/`` dumps and score it with the set's score.py.

    .venv/bin/python benchmarks/extraction_text.py ../shared/benchmarks/extraction/scrapinghub
    .venv/bin/python benchmarks/extraction_text.py DATASET_DIR [--out preds.jsonl] [--weights model.npz] [--no-corpus]
    .venv/bin/python benchmarks/extraction_text.py DATASET_DIR --cross DEV.npz CHECK.npz [--half dev|check]
    .venv/bin/python benchmarks/extraction_text.py DATASET_DIR --loso DIR

``--loso DIR`` scores every page with the weights of its leave-site-out fold, ``DIR/<k>/`` (the line model of
``scripts/train_textlines.py --folds DIR`` and the byline and title rankers of ``scripts/train_extract.py --folds
DIR``): held-out figures. Without it the shipped weights score pages they were trained on (in-sample).

``--cross`` scores every page with a model that has not seen it: DEV.npz (trained with
``scripts/train_textlines.py --half dev``) extracts the pages of the check half, CHECK.npz the dev half's.
``--half`` extracts and scores one half of the pages only (the corpus statistics still see them all).

One CorpusStats is shared by the whole set; every page is observed before extraction, as a batch run would.
Prints score.py's output and the median milliseconds per page (wall clock and CPU time).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from extraction import assign_folds, half_of, samples, subset  # noqa: E402

from lagebild.errors import ExtractionError  # noqa: E402
from lagebild.extract.text import _model as _text_model  # noqa: E402
from lagebild.extract.text import CorpusStats, extract_text  # noqa: E402
from lagebild.model import Origin, Page  # noqa: E402
from lagebild.settings import ExtractSettings  # noqa: E402


def fold_dirs(dataset: Path, folds: Path) -> dict[str, str]:
    """Each page's leave-site-out weights folder; an error naming the command when a fold has no line model."""
    from extraction_sites import FOLDS

    from lagebild.extract.text._authors import WEIGHTS_NAME as AUTHORS
    from lagebild.extract.text._titles import WEIGHTS_NAME as TITLES

    # without a fold's rankers the page would silently get the rules' title and author, not the fold's
    needed = (_text_model.WEIGHTS.name, AUTHORS, TITLES)
    missing = [k for k in range(FOLDS) if any(not (folds / str(k) / name).exists() for name in needed)]
    if missing or not (folds / "sites.json").exists():
        raise SystemExit(f"{folds}: no leave-site-out line model or text rankers for folds {missing or 'all'} "
                         f"(run scripts/train_textlines.py --folds {folds} --no-ship, then scripts/train_extract.py "
                         f"--folds {folds} --no-ship --what textauthors,texttitles)")
    items = samples(dataset)
    assign_folds(dataset, items, folds)
    return {item.name: item.model_dir for item in items}


def predictions(dataset: Path, use_corpus: bool, cross: tuple[Path, Path] | None = None, half: str | None = None,
                folds: Path | None = None) -> tuple[list[dict], list[float], list[float]]:
    texts = {p.stem: p.read_text(encoding="utf-8", errors="replace") for p in sorted((dataset / "text").glob("*.txt"))}
    corpus = CorpusStats() if use_corpus else None
    if corpus is not None:
        for text in texts.values():
            corpus.observe(text)
    model_dirs = fold_dirs(dataset, folds) if folds else {}
    rows, times, cpu = [], [], []
    for name, text in texts.items():
        if half and half_of(name) != half:
            continue
        if cross:  # the model trained on the other half
            _text_model.WEIGHTS = cross[0] if half_of(name) == "check" else cross[1]
        settings = ExtractSettings(model_dir=model_dirs.get(name))
        began, began_cpu = time.perf_counter(), time.process_time()
        try:
            art = extract_text(Page(text, "text", Origin(path=name)), settings, corpus)
            row = {"page": name, "body": art.text, "title": art.title, "published": art.published,
                   "authors": art.authors}
        except ExtractionError as exc:
            row = {"page": name, "body": "", "error": str(exc)}
        times.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
        rows.append(row)
    return rows, times, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dataset", type=Path)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--weights", type=Path, help="line model to use instead of the shipped one")
    ap.add_argument("--no-corpus", action="store_true", help="extract each page alone (corpus=None)")
    ap.add_argument("--cross", nargs=2, type=Path, metavar=("DEV", "CHECK"),
                    help="models trained on the dev and the check half: each extracts the other half's pages")
    ap.add_argument("--half", choices=("dev", "check"), help="only one half of the set (MD5 of the page name)")
    ap.add_argument("--loso", type=Path, metavar="DIR", help="each page with its leave-site-out fold's weights")
    args = ap.parse_args()
    if args.weights:
        _text_model.WEIGHTS = args.weights
    rows, times, cpu = predictions(args.dataset, not args.no_corpus, args.cross, args.half, args.loso)
    out = args.out or Path(tempfile.mkstemp(suffix=".jsonl")[1])
    with out.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    score = args.dataset.parent / "score.py"
    with tempfile.TemporaryDirectory() as tmp:
        # score.py counts a page missing from the predictions as empty: score one half against its own view
        root = subset(args.dataset, {r["page"] for r in rows}, Path(tmp)) if args.half else args.dataset
        result = subprocess.run([sys.executable, str(score), str(root), str(out)], capture_output=True, text=True)
    print(result.stdout + result.stderr, end="")
    print(f"pages={len(rows)} median ms/page={statistics.median(times):.1f} (cpu {statistics.median(cpu):.1f}) "
          f"predictions={out}")


if __name__ == "__main__":
    main()
