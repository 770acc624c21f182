"""The scraped-text line model: labels from a benchmark's ground truth, and a weights folder's own model."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import numpy as np

from lagebild.extract.text import _model
from lagebild.extract.text._lines import split_lines

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import train_textlines  # noqa: E402

PAGE = "\n".join([
    "Startseite", "Politik", "",
    "Der Gemeinderat von Kleinfeld hat am Dienstag beschlossen, das alte Hallenbad im Frühjahr zu schließen.",
    "Eine Sanierung wäre nach Angaben der Verwaltung teurer geworden als ein Neubau am Stadtrand.",
    "",
    "Impressum", "Lesen Sie auch: Neue Radwege für die Innenstadt geplant, der Rat stimmt im Mai ab",
])
BODY = ("Der Gemeinderat von Kleinfeld hat am Dienstag beschlossen, das alte Hallenbad im Frühjahr zu schließen.\n"
        "Eine Sanierung wäre nach Angaben der Verwaltung teurer geworden als ein Neubau am Stadtrand.")


def test_gold_labels_from_a_full_body():
    lines = split_lines(PAGE)
    y = train_textlines.gold_labels(lines, {"articleBody": BODY}, "")
    assert [line.text for line, v in zip(lines, y) if v] == BODY.split("\n")


def test_gold_labels_from_snippets_override_the_html_labels():
    lines = split_lines(PAGE)
    # the HTML extraction took the teaser too; the snippets say it is not text, and the second sentence is
    html = BODY.split("\n")[0] + "\nLesen Sie auch: Neue Radwege für die Innenstadt geplant, der Rat stimmt im Mai ab"
    record = {"with": ["teurer geworden als ein Neubau"], "without": ["Neue Radwege für die Innenstadt"]}
    y = train_textlines.gold_labels(lines, record, html)
    kept = [line.text for line, v in zip(lines, y) if v]
    assert kept == BODY.split("\n")


def test_a_weights_folder_without_a_line_model_falls_back_to_the_shipped_one(tmp_path):
    assert _model.load_from(str(tmp_path)) is _model.load()
    assert _model.load_from(None) is _model.load()


def test_a_weights_folder_with_a_line_model_uses_it(tmp_path):
    shutil.copy(_model.WEIGHTS, tmp_path / _model.WEIGHTS.name)
    own = _model.load_from(str(tmp_path))
    assert own is not _model.load()
    x = np.zeros((2, len(own.first.params["mean"])))
    assert np.allclose(own.predict(x), _model.load().predict(x))
