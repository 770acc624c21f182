"""benchmarks/entities/linker_cv.py: grouped cross-validation of a learned "same entity?" link."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

from lagebild.enrich.entity_eval import GoldMention
from lagebild.model import Mention

ROOT = Path(__file__).resolve().parents[2]


def _module():
    spec = importlib.util.spec_from_file_location("linker_cv", ROOT / "benchmarks" / "entities" / "linker_cv.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_folds_deal_pages_round_robin_in_path_order():
    cv = _module()
    assert cv.folds_of(["c", "a", "b", "d"], 2) == {"a": 0, "b": 1, "c": 0, "d": 1}


def test_a_pair_is_scored_by_a_model_that_saw_neither_of_its_folds():
    cv = _module()
    rng = np.random.default_rng(3)
    x = np.hstack([np.ones((400, 1)), rng.normal(size=(400, 1))])
    y = (x[:, 1] > 0.5).astype(float)
    folds = rng.integers(0, 4, size=(400, 2))
    # a pair of folds {0, 1} whose label flips: a model that had seen them could not get them all right
    poisoned = ((folds[:, 0] == 0) & (folds[:, 1] == 1))
    y_seen = y.copy()
    y_seen[poisoned] = 1 - y_seen[poisoned]
    out = cv.grouped_scores(x, y_seen, folds, 4)
    assert np.isfinite(out).all()
    # the poisoned pairs were predicted by models trained without folds 0 and 1: they follow the clean rule
    assert ((out[poisoned] >= 0.5) == (y[poisoned] == 1)).mean() > 0.9


def test_features_see_transliteration_acronyms_and_extra_words():
    cv = _module()

    def node(name, type_="PER", page="p1", id_=None):
        return {"page": page, "id": id_ or name, "type": type_, "forms": [name], "keys": [cv.key(name)],
                "name": name, "count": 2, "script": "Latin", "lang": "en"}

    table = {"cos": np.eye(3), "nn": np.array([1, 0, 0]), "top": np.zeros((3, 3)), "mean5": np.zeros(3)}
    names = dict(zip(cv.FEATURES, cv.features(node("Вовк"), node("Vovk"), 0, 1, table, False)))
    assert names["key_sim"] == 1.0 and names["sound"] == 1.0 and names["mutual_nn"] == 1.0
    names = dict(zip(cv.FEATURES, cv.features(node("Nord West Gruppe", "ORG"), node("NWG", "ORG"), 0, 2, table, True)))
    assert names["acronym"] == 1.0 and names["cooccur"] == 1.0 and names["same_type"] == 1.0
    pair = cv.features(node("Erika Kessler"), node("Kessler Stiftung", "ORG"), 1, 2, table, False)
    names = dict(zip(cv.FEATURES, pair))
    assert names["overlap"] == 1.0 and names["contain"] == 0.0 and names["same_type"] == 0.0


def test_links_join_ids_and_are_scored_with_the_official_arithmetic():
    cv = _module()
    text = "Erika Kessler spoke. Kessler left. Frau Kessler again."
    gold = [GoldMention("p", 0, 13, "Erika Kessler", "PER", "k", "de"),
            GoldMention("p", 21, 28, "Kessler", "PER", "k", "de"),
            GoldMention("p", 40, 47, "Kessler", "PER", "k", "de")]
    assert all(text[g.start:g.end] == g.text for g in gold)
    found = {"p": [Mention(0, 13, "Erika Kessler", "PER", "PER:erika-kessler"),
                   Mention(21, 28, "Kessler", "PER", "PER:kessler"), Mention(40, 47, "Kessler", "PER", "PER:kessler")]}
    alone = cv.score(gold, found, [])
    joined = cv.score(gold, found, [("PER:kessler", "PER:erika-kessler")])
    assert alone["identity_recall"] == pytest.approx(1 / 3, abs=1e-3)
    assert joined["identity_recall"] == 1.0 and joined["identity_precision"] == 1.0


def test_the_held_out_half_is_refused(monkeypatch, tmp_path):
    cv = _module()
    path = tmp_path / "gold-heldout.jsonl"
    path.write_text("")
    monkeypatch.setattr(sys, "argv", ["linker_cv.py", str(path)])
    with pytest.raises(SystemExit, match="held-out"):
        cv.main()
