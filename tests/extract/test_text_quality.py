"""Quality floors of the scraped-text path on small samples of the extraction benchmarks (../shared).

The full runs are ``benchmarks/extraction_text.py``; these pin the level so that a change that breaks the
line classifier fails here. Metrics as in the benchmarks' score.py.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from lagebild.errors import ExtractionError
from lagebild.extract.text import CorpusStats, extract_text
from lagebild.model import Page
from lagebild.settings import ExtractSettings

TOKEN = re.compile(r"\w+")


def _bench(shared: Path, name: str) -> Path:
    root = shared / "benchmarks" / "extraction" / name
    if not (root / "text").is_dir():
        pytest.skip(f"benchmark {name} is absent")
    return root


def _bodies(root: Path, pages: list[str]) -> dict[str, str]:
    texts = {p: (root / "text" / f"{p}.txt").read_text(encoding="utf-8", errors="replace") for p in pages}
    corpus = CorpusStats()
    for text in texts.values():
        corpus.observe(text)
    out = {}
    for page, text in texts.items():
        try:
            out[page] = extract_text(Page(text, "text"), ExtractSettings(), corpus).text
        except ExtractionError:
            out[page] = ""
    return out


def _shingles(text: str) -> Counter:
    t = TOKEN.findall(text)
    return Counter(tuple(t[i:i + 4]) for i in range(max(1, len(t) - 3)) if t[i:i + 4])


def test_scrapinghub_sample_floor(shared):
    root = _bench(shared, "scrapinghub")
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = sorted(truth)[:15]
    bodies = _bodies(root, pages)
    precision, recall = [], []
    for page in pages:
        gold, pred = _shingles(truth[page]["articleBody"]), _shingles(bodies[page])
        tp = sum((gold & pred).values())
        precision.append(tp / max(1, sum(pred.values())))
        recall.append(tp / max(1, sum(gold.values())))
    p, r = sum(precision) / len(pages), sum(recall) / len(pages)
    assert 2 * p * r / (p + r) >= 0.85


def test_trafilatura_eval_german_sample_floor(shared):
    root = _bench(shared, "trafilatura-eval")
    records = [json.loads(line) for line in (root / "evaldata.jsonl").open(encoding="utf-8")]
    records = [r for r in records if r.get("lang") == "de"][:20]
    bodies = _bodies(root, [Path(r["file"]).stem for r in records])
    space = lambda t: re.sub(r"\s+", " ", t).strip()  # noqa: E731
    tp = fp = fn = 0
    for rec in records:
        body = space(bodies[Path(rec["file"]).stem])
        found = sum(space(s) in body for s in rec["with"])
        tp, fn = tp + found, fn + len(rec["with"]) - found
        fp += sum(space(s) in body for s in rec["without"])
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    assert 2 * p * r / (p + r) >= 0.80
