"""The body classifier's boosted trees: the numpy evaluator, the export from LightGBM, the shipped weights."""

from __future__ import annotations

import numpy as np
import pytest

from lagebild.extract import extract
from lagebild.extract.html import parse
from lagebild.extract.html._body import page_blocks
from lagebild.extract.html._model import load
from lagebild.extract.trees import Trees
from lagebild.model import Page
from lagebild.settings import ExtractSettings

_STORY = [
    "The harbour authority said on Monday that the northern pier will close for repairs from the first week of March.",
    "Engineers found cracks in two of the concrete supports during an inspection after the storms of last winter.",
    "Ferries to the islands will leave from the southern quay instead, which adds about ten minutes to each crossing.",
    "Local fishermen worry that the works will take longer than planned, as a similar project did six years ago.",
    "The authority expects the pier to reopen before the summer season and has set aside money for extra staff.",
]


def _page() -> Page:
    menu = "".join(f"<li><a href='/s{i}'>Section {i}</a></li>" for i in range(10))
    more = "".join(f"<div class='card'><a href='/n{i}'>Another short headline from the coast, number {i}</a></div>"
                   for i in range(6))
    comments = "".join(f"<div class='comment'><a href='/u{i}'>reader{i}</a> <span>great read</span></div>"
                       for i in range(4))
    story = "".join(f"<p>{p}</p>" for p in _STORY)
    html = (
        "<html lang='en'><head><title>Northern pier to close for repairs - Coast Courier</title>"
        "<meta property='og:title' content='Northern pier to close for repairs'></head><body>"
        f"<nav><ul>{menu}</ul></nav><div id='content'><div class='story'><h1>Northern pier to close for repairs</h1>"
        f"<div class='story-body'>{story}</div></div><div class='related'><h3>More news</h3>{more}</div>"
        f"<div class='comments'>{comments}</div></div>"
        "<footer><a href='/about'>About us</a> <a href='/privacy'>Privacy policy</a></footer></body></html>"
    )
    return Page(content=html.encode(), kind="html", url="https://coast-courier.example/news/pier-repairs")


def test_trees_walk_every_tree_to_its_leaf_and_sum_the_log_odds():
    # tree 0: x0 <= 0.5 ? (x1 <= 2 ? leaf 0 : leaf 1) : leaf 2; tree 1: one leaf (its root sends every row there)
    trees = Trees({
        "feature": np.array([[0, 1], [0, 0]], np.int32),
        "threshold": np.array([[0.5, 2.0], [0.0, 0.0]]),
        "left": np.array([[1, ~0], [~0, -1]], np.int32),
        "right": np.array([[~2, ~1], [~0, -1]], np.int32),
        "leaf": np.array([[-1.0, 0.5, 2.0], [0.25, 0.0, 0.0]]),
    })
    x = np.array([[0.0, 1.0], [0.5, 3.0], [0.9, 0.0]], np.float32)
    assert trees.log_odds(x).tolist() == [-0.75, 0.75, 2.25]
    assert np.allclose(trees.predict(x), 1 / (1 + np.exp(-np.array([-0.75, 0.75, 2.25]))))
    assert trees.log_odds(np.zeros((0, 2), np.float32)).shape == (0,)


def test_float32_rows_split_exactly_as_against_the_float64_thresholds():
    # LightGBM's thresholds are float64, the block features float32: a threshold between two float32 numbers
    # must send the lower one left and the upper one right, as the float64 comparison does
    rng = np.random.default_rng(5)
    thresholds = rng.normal(size=40)
    below = thresholds.astype(np.float32)
    below[below > thresholds] = np.nextafter(below[below > thresholds], np.float32(-np.inf))
    above = np.nextafter(below, np.float32(np.inf))
    trees = Trees({
        "feature": np.zeros((40, 1), np.int32),
        "threshold": thresholds[:, None],
        "left": np.full((40, 1), ~0, np.int32),
        "right": np.full((40, 1), ~1, np.int32),
        "leaf": np.tile([[0.0, 1.0]], (40, 1)) * (2.0 ** -np.arange(40))[:, None],
    })
    for rows in (below, above, thresholds.astype(np.float32)):
        x = rows[:, None].astype(np.float32)
        expected = [sum(2.0 ** -t for t in range(40) if float(v) > thresholds[t]) for v in rows]
        assert trees.log_odds(x).tolist() == expected
        assert trees.log_odds(x.astype(np.float64)).tolist() == expected


def test_the_export_gives_lightgbms_own_scores():
    lightgbm = pytest.importorskip("lightgbm")
    from lagebild.extract.trees import from_lightgbm

    rng = np.random.default_rng(3)
    x = rng.normal(size=(2000, 6)).astype(np.float32)
    y = ((x[:, 0] + x[:, 1] * x[:, 2]) > 0.2).astype(float)
    booster = lightgbm.train({"objective": "cross_entropy", "num_leaves": 15, "verbose": -1, "num_threads": 1},
                             lightgbm.Dataset(x, y), num_boost_round=30)
    assert np.allclose(from_lightgbm(booster).predict(x), booster.predict(x), atol=1e-9)


def test_the_shipped_block_model_keeps_the_story_and_drops_the_rest():
    tree = parse(_page(), ExtractSettings())
    found = page_blocks(tree, _page().url, "Northern pier to close for repairs", "", "")
    probs = load().predict(found.features, found.groups)
    texts = [b.text for b in found.blocks]
    story = [p for t, p in zip(texts, probs) if t in _STORY]
    rest = [p for t, p in zip(texts, probs) if t not in _STORY and "Northern pier" not in t]
    assert len(story) == len(_STORY) and rest
    assert min(story) > 0.5 > max(rest), list(zip(texts, probs.round(2)))


def test_the_mixed_body_keeps_the_rules_story_and_adds_nothing_from_the_menus():
    article = extract(_page(), ExtractSettings(learned=("body_mix",)))
    rules = extract(_page(), ExtractSettings(learned=()))
    assert all(p in article.text for p in _STORY[1:]), article.text
    assert "Section 3" not in article.text and "Another short headline" not in article.text
    assert "Privacy policy" not in article.text and "great read" not in article.text
    assert article.text == rules.text  # nothing to correct on a clean page: the classifier agrees with the rules


def test_the_mixed_body_drops_what_the_classifier_is_sure_is_not_body():
    from lagebild.extract.html._body import mixed_body

    tree = parse(_page(), ExtractSettings())
    found = page_blocks(tree, _page().url, "Northern pier to close for repairs", "", "")
    rules = [*_STORY, "Another short headline from the coast, number 2", "About us Privacy policy"]
    assert mixed_body(rules, found) == _STORY
