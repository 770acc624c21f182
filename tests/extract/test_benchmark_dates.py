"""benchmarks/extraction_dates.py: which pages show their expected date (the issue's date target counts only those)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _module():
    spec = importlib.util.spec_from_file_location("extraction_dates", ROOT / "benchmarks" / "extraction_dates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PAGE = b"""<html><head><meta property="article:published_time" content="2021-03-04T10:00:00Z"></head>
<body><h1>Ein Titel</h1><p>Aktualisiert am 7. Mai 2022 &ndash; 12:00</p><p>Updated Jun 9, 2023</p>
<span>26-10-2020</span></body></html>"""


def test_a_day_counts_when_written_anywhere_in_any_spelling():
    dates = _module()
    assert dates.shows_day(PAGE, "2021-03-04")  # markup
    assert dates.shows_day(PAGE, "2022-05-07T00:00:00")  # German month name, only the day compared
    assert dates.shows_day(PAGE, "2023-06-09")  # English month abbreviation
    assert dates.shows_day(PAGE, "2020-10-26")  # day-month-year with dashes
    assert dates.shows_day(b"<html></html>", "2017-07-12", "https://example.org/home/2017/7/12/post")  # the URL


def test_a_day_written_nowhere_does_not_count():
    dates = _module()
    assert not dates.shows_day(PAGE, "2021-03-05")
    assert not dates.shows_day(PAGE, "2022-05")  # a month is not a day
    assert not dates.shows_day(b"<p>Posted in 2019</p>", "2019-01-01")


def test_score_over_shown_pages_only(tmp_path):
    dates = _module()
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "a.html").write_bytes(PAGE)
    (tmp_path / "html" / "b.html").write_bytes(b"<p>no date here</p>")
    truth = {"a": {"date": "2021-03-04"}, "b": {"date": "2020-01-02"}}
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth))
    preds = tmp_path / "p.jsonl"
    preds.write_text(json.dumps({"page": "a", "published": "2021-03-04T10:00:00+00:00"}) + "\n"
                     + json.dumps({"page": "b", "published": None}) + "\n")
    assert dates.shown_date_score(tmp_path, preds, {}) == (1.0, 1)
