"""The body chooser ("body_pick"): the rules' body or the classifier's, per page."""

from __future__ import annotations

import numpy as np
import pytest

from lagebild.errors import ModelError
from lagebild.extract import extract
from lagebild.extract.html import parse
from lagebild.extract.html._body import page_blocks, picked_body
from lagebild.extract.html._choose import NAMES, page_row
from lagebild.extract.html._model import WEIGHTS_NAME, _load, load
from lagebild.extract.trees import Trees
from lagebild.settings import ExtractSettings

from test_block_trees import _STORY, _page


def _constant(log_odds: float) -> Trees:
    """One tree of one leaf: the same verdict for every page."""
    return Trees({"feature": np.array([[0]], np.int32), "threshold": np.array([[0.0]]),
                  "left": np.array([[~0]], np.int32), "right": np.array([[~0]], np.int32),
                  "leaf": np.array([[log_odds]])})


def _found():
    tree = parse(_page(), ExtractSettings())
    return page_blocks(tree, _page().url, "Northern pier to close for repairs", "", "")


def _model_dir(tmp_path, log_odds: float):
    model = load()
    chosen = type(model)(model.first, model.second, _constant(log_odds))
    tmp_path.mkdir()
    chosen.save(tmp_path / WEIGHTS_NAME)
    _load.cache_clear()
    return str(tmp_path)


def test_the_row_says_how_far_the_rules_and_the_kept_blocks_agree():
    found = _found()
    texts = [b.text for b in found.blocks]
    probs = np.array([1.0 if t in _STORY else 0.0 for t in texts])
    same = dict(zip(NAMES, page_row(list(_STORY), texts, found.features, probs)))
    assert len(same) == len(NAMES)
    assert same["kept_in_rules"] == 1.0 and same["rules_in_kept"] == 1.0 and same["disagreement"] == 0.0
    menu = ["Another short headline from the coast, number 2"]
    other = dict(zip(NAMES, page_row(menu, texts, found.features, probs)))
    assert other["kept_in_rules"] < 0.2 and other["rules_in_kept"] == 0.0 and other["rules_in_sure_out"] == 1.0
    assert other["log_kept_only_words"] > other["log_rules_only_words"] > 0


def test_the_chooser_decides_which_body_the_page_gets(tmp_path):
    rules = [*_STORY[:2], "About us Privacy policy"]
    found = _found()
    assert picked_body(rules, found, _page().url, "", _model_dir(tmp_path / "no", -5.0)) is rules
    learned = picked_body(rules, found, _page().url, "", _model_dir(tmp_path / "yes", 5.0))
    assert all(p in " ".join(learned) for p in _STORY) and "Privacy policy" not in " ".join(learned)
    _load.cache_clear()


def test_weights_without_a_chooser_keep_the_rules(tmp_path):
    model = load()
    type(model)(model.first, model.second).save(tmp_path / WEIGHTS_NAME)
    _load.cache_clear()
    rules = ["Only what the rules read."]
    assert picked_body(rules, _found(), _page().url, "", str(tmp_path)) is rules
    _load.cache_clear()


def test_a_chooser_of_other_features_is_refused(tmp_path):
    model = load()
    type(model)(model.first, model.second, _constant(1.0)).save(tmp_path / WEIGHTS_NAME)
    with np.load(tmp_path / WEIGHTS_NAME) as data:
        arrays = dict(data)
    arrays["c_key"] = np.array(arrays["c_key"] + 1)  # as if trained on other page numbers
    np.savez(tmp_path / WEIGHTS_NAME, **arrays)
    _load.cache_clear()
    with pytest.raises(ModelError, match="chooser"):
        load(tmp_path)
    _load.cache_clear()


def test_the_shipped_chooser_keeps_the_story_of_a_clean_page():
    assert load().chooser is not None
    article = extract(_page(), ExtractSettings(learned=("body_pick",)))
    assert all(p in article.text for p in _STORY[1:]), article.text
    assert "Section 3" not in article.text and "Privacy policy" not in article.text


def test_the_chooser_learns_from_the_bodies_run_time_weighs():
    # the trainer's rules' body is the one extraction has when the chooser looks (lead put back, bylines dropped),
    # also on a page the rules then refuse as an article; its classifier's body is choose_body's, not raw blocks
    from lagebild.extract.html._body import choose_body, learned_paragraphs
    from lagebild.extract.html._extract import rules_reading
    from lagebild.extract.html._lead import split_lead

    settings = ExtractSettings(learned=())
    paragraphs, md = rules_reading(_page(), settings)
    lead, body = split_lead(paragraphs, md.description, md.title)
    text = extract(_page(), settings).text
    assert ([lead] if lead else []) + body == [p for p in text.split("\n") if p.strip()]
    found = _found()
    probs = load().predict(found.features, found.groups)
    texts = [b.text for b in found.blocks]
    assert learned_paragraphs(texts, probs, _page().url, "") == choose_body(found, _page().url, "", None, probs)
    assert learned_paragraphs(texts, np.zeros(len(texts)), _page().url, " ".join(_STORY * 2)) == [" ".join(_STORY * 2)]
