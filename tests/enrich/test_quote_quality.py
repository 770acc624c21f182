"""Quality floors on a small real sample: the first 40 dev documents of the German news quotation
dataset (CC BY-NC-SA 4.0, read from ../shared, nothing copied). The full figures come from
``lagebild eval quotes`` (see benchmarks/quotes.py)."""

from __future__ import annotations

import json

import pytest

from lagebild.enrich.quotes.scoring import Report, documents, score_document


def _report(shared) -> dict:
    path = shared / "benchmarks" / "quotes" / "german_news_quotation_2024"
    if not path.is_dir():
        pytest.skip("quotation dataset absent")
    r = Report()
    for f in documents(path, "dev")[:40]:
        score_document(json.loads(f.read_text(encoding="utf-8")), r)
    return r.to_dict()


def test_quote_quality_floors(shared):
    r = _report(shared)
    assert r["direct"]["token_f1"] >= 0.90
    assert r["direct"]["token_recall"] >= 0.95
    assert r["direct"]["speaker_accuracy"] >= 0.70
    assert r["indirect"]["token_precision"] >= 0.75
    assert r["indirect"]["speaker_accuracy"] >= 0.80
