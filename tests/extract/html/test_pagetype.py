"""Page type: the rules' fallback without weights, and the training script's breakdown of the non-article
pages by labelled kind (which kinds the learned verdict lets through)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import numpy as np

from lagebild.extract.html._pagetype import PAGE_NAMES, is_other

ROOT = Path(__file__).resolve().parents[3]


def _train_script():
    spec = importlib.util.spec_from_file_location("train_extract_pt", ROOT / "scripts" / "train_extract.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_without_weights_the_rules_verdict_decides(tmp_path):
    row = np.zeros(len(PAGE_NAMES))
    assert not is_other(row, str(tmp_path))  # an empty folder: no page-type weights there
    row[PAGE_NAMES.index("rules_other")] = 1.0
    assert is_other(row, str(tmp_path))


def test_non_article_pages_are_keyed_by_kind_as_the_page_type_rows_are(tmp_path):
    script = _train_script()
    labelled = tmp_path / "labelled"
    (labelled / "other").mkdir(parents=True)
    lines = [{"id": "0007", "page_type": "article", "file": "html/0007.html"},
             {"id": "0101", "page_type": "forum", "file": "other/0101.html"},
             {"id": "0102", "page_type": "product", "file": "other/0102.html"},
             {"id": "0103", "page_type": "service", "file": None}]
    (labelled / "pagetypes.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    plain = tmp_path / "plain"
    plain.mkdir()
    kinds = script.page_kinds({"labelled": labelled, "plain": plain})
    assert kinds == {"labelled/other/0101": "forum", "labelled/other/0102": "product"}
