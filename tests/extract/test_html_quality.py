"""Quality floors on a handful of real pages from ../shared (skipped when it is absent).

The full benchmark is ``benchmarks/extraction.py``; these floors only catch a regression that
breaks extraction on real pages. They use the datasets' own metrics through the reference scorer.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
from pathlib import Path

import pytest

from lagebild.errors import InputError
from lagebild.extract import extract
from lagebild.model import Page

SETS = Path(__file__).resolve().parents[2].parent / "shared" / "benchmarks" / "extraction"
PAGES = 30  # per set: the first N pages in name order


def _scorer():
    path = SETS / "score.py"
    if not path.is_file():
        pytest.skip("../shared/benchmarks/extraction is absent")
    spec = importlib.util.spec_from_file_location("extraction_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _predict(root: Path, names: list[str]) -> dict[str, dict]:
    preds = {}
    for name in names:
        try:
            article = extract(Page(content=(root / "html" / f"{name}.html").read_bytes(), kind="html"))
        except InputError:
            continue
        preds[name] = {"body": article.text, "title": article.title, "published": article.published,
                       "authors": article.authors}
    return preds


def test_scrapinghub_floor():
    score = _scorer()
    root = SETS / "scrapinghub"
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    names = sorted(truth)[:PAGES]
    preds = _predict(root, names)
    precisions, recalls = [], []
    for name in names:
        gold, pred = score._shingles(truth[name]["articleBody"]), score._shingles(preds.get(name, {}).get("body", ""))
        tp = sum((gold & pred).values())
        precisions.append(tp / max(1, sum(pred.values())))
        recalls.append(tp / max(1, sum(gold.values())))
    p, r = sum(precisions) / len(names), sum(recalls) / len(names)
    assert 2 * p * r / (p + r) >= 0.93


def test_trafilatura_eval_floor():
    score = _scorer()
    root = SETS / "trafilatura-eval"
    records = [json.loads(line) for line in (root / "evaldata.jsonl").open(encoding="utf-8")]
    for rec in records:
        rec["page"] = Path(rec["file"]).stem
    sample = sorted(records, key=lambda r: r["page"])[:PAGES]
    preds = _predict(root, [r["page"] for r in sample])
    _p, _r, f1 = score._snippets(sample, preds)
    assert f1 >= 0.88
    with contextlib.redirect_stdout(io.StringIO()):
        titled = [r for r in sample if r.get("title")]
        hits = sum(score._fold(r["title"]) == score._fold(preds.get(r["page"], {}).get("title")) for r in titled)
    assert hits >= 0.7 * len(titled)
