"""benchmarks/extraction.py --loso: the fold weights a run needs are trained when a fold folder lacks them."""

from __future__ import annotations

import json
import sys

from test_benchmark_ratios import ROOT, _module  # noqa: F401 - the same loader of the benchmark module


def test_the_rows_asked_name_the_parts_they_read():
    bench = _module()
    assert bench.needed_parts([bench.SCRAPED]) == ["textauthors", "texttitles", "textlines"]
    assert bench.needed_parts(["lagebild", "trafilatura"]) == ["blocks", "meta", "pagetype"]
    assert bench.needed_parts(["trafilatura"]) == []


def test_only_the_missing_parts_are_trained(tmp_path, monkeypatch):
    bench = _module()
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from extraction_sites import FOLDS
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    files = bench.fold_parts()
    (tmp_path / "sites.json").write_text(json.dumps({}))
    for k in range(FOLDS):
        (tmp_path / str(k)).mkdir()
        (tmp_path / str(k) / files["textauthors"]).write_bytes(b"")
    (tmp_path / "0" / files["texttitles"]).write_bytes(b"")  # one fold only: still missing
    calls = []
    monkeypatch.setattr(bench.subprocess, "run", lambda cmd, check: calls.append(cmd))
    shared = tmp_path / "shared" / "benchmarks" / "extraction" / "fundus"
    bench.ensure_folds(tmp_path, [shared], ["textauthors", "texttitles"])
    assert len(calls) == 1 and calls[0][calls[0].index("--what") + 1] == "texttitles"
    calls.clear()
    bench.ensure_folds(tmp_path, [shared], ["textauthors"])
    assert calls == []


def test_a_missing_line_model_is_trained_by_its_own_script(tmp_path, monkeypatch):
    """The scraped-text rows read each fold's line model; a folder without it is filled by train_textlines.py."""
    bench = _module()
    files = bench.fold_parts()
    (tmp_path / "sites.json").write_text(json.dumps({}))
    for k in range(5):
        (tmp_path / str(k)).mkdir()
        for part in ("textauthors", "texttitles"):
            (tmp_path / str(k) / files[part]).write_bytes(b"")
    calls = []
    monkeypatch.setattr(bench.subprocess, "run", lambda cmd, check: calls.append(cmd))
    shared = tmp_path / "shared" / "benchmarks" / "extraction" / "fundus"
    bench.ensure_folds(tmp_path, [shared], ["textauthors", "texttitles", "textlines"])
    assert len(calls) == 1 and calls[0][1].endswith("train_textlines.py") and "--what" not in calls[0]


def test_the_scraped_text_rows_refuse_a_folds_folder_without_the_text_rankers(tmp_path, monkeypatch):
    """extraction_text.py --loso: a fold without its title/author rankers would score them with the rules."""
    import pytest

    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    import extraction_text

    (tmp_path / "sites.json").write_text(json.dumps({}))
    for k in range(5):
        (tmp_path / str(k)).mkdir()
        (tmp_path / str(k) / "textlines.npz").write_bytes(b"")
    with pytest.raises(SystemExit, match="text rankers"):
        extraction_text.fold_dirs(tmp_path / "fundus", tmp_path)
