#!/usr/bin/env python3
"""Run the scraped-text extractor over a benchmark set's ``text/`` dumps and score it with the set's score.py.

    .venv/bin/python benchmarks/extraction_text.py ../shared/benchmarks/extraction/scrapinghub
    .venv/bin/python benchmarks/extraction_text.py DATASET_DIR [--out preds.jsonl] [--weights model.npz] [--no-corpus]
    .venv/bin/python benchmarks/extraction_text.py DATASET_DIR --cross DEV.npz CHECK.npz [--half dev|check]

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

from extraction import half_of, subset  # noqa: E402

from lagebild.errors import ExtractionError  # noqa: E402
from lagebild.extract.text import _model as _text_model  # noqa: E402
from lagebild.extract.text import CorpusStats, extract_text  # noqa: E402
from lagebild.model import Origin, Page  # noqa: E402
from lagebild.settings import ExtractSettings  # noqa: E402


def predictions(dataset: Path, use_corpus: bool, cross: tuple[Path, Path] | None = None, half: str | None = None
                ) -> tuple[list[dict], list[float], list[float]]:
    texts = {p.stem: p.read_text(encoding="utf-8", errors="replace") for p in sorted((dataset / "text").glob("*.txt"))}
    corpus = CorpusStats() if use_corpus else None
    if corpus is not None:
        for text in texts.values():
            corpus.observe(text)
    settings = ExtractSettings()
    rows, times, cpu = [], [], []
    for name, text in texts.items():
        if half and half_of(name) != half:
            continue
        if cross:  # the model trained on the other half
            _text_model.WEIGHTS = cross[0] if half_of(name) == "check" else cross[1]
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
    args = ap.parse_args()
    if args.weights:
        _text_model.WEIGHTS = args.weights
    rows, times, cpu = predictions(args.dataset, not args.no_corpus, args.cross, args.half)
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
