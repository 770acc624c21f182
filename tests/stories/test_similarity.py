"""The e5 embedder and the score that turns signals into a predicted "same story" grade."""

from __future__ import annotations

import numpy as np
import pytest
from texts import CHILE_DE_1, CHILE_EN, JAPAN_DE

from lagebild.stories import embed
from lagebild.settings import StorySettings, Weights
from lagebild.stories.profile import Signals, score


def _text(item) -> str:
    title, text, _lang, _date = item
    return embed.embed_text(title, text, 2000)


def test_e5_rows_are_unit_vectors_in_input_order_whatever_the_batching():
    e5 = embed.get("e5")
    texts = [_text(CHILE_EN), "Kurz.", _text(JAPAN_DE)]
    together = e5(texts)
    assert together.shape == (3, 384)
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-4)
    alone = np.vstack([e5([t]) for t in texts])  # length-sorted batches must not reorder rows
    assert np.allclose(together, alone, atol=2e-2)


def test_e5_puts_a_translation_closer_than_the_same_kind_of_event_elsewhere():
    de, en, japan = embed.get("e5")([_text(CHILE_DE_1), _text(CHILE_EN), _text(JAPAN_DE)])
    assert float(de @ en) > float(de @ japan) + 0.02


def test_the_knee_makes_the_embedding_term_steeper_above_it():
    w = Weights(lexical=0.0, names=0.0, embedding=1.0, emb_knee=0.8, knee=10.0)
    at = lambda e: score(Signals(0.0, 0.0, e, 0.0), w, w)  # noqa: E731
    assert at(0.7) - at(0.6) == pytest.approx(0.1)
    assert at(0.9) - at(0.8) == pytest.approx(1.1)


def test_without_an_embedding_the_plain_weights_score():
    mono = Weights(lexical=0.0, embedding=5.0)
    plain = Weights(lexical=1.0, names=0.5, bias=4.6)
    sig = Signals(0.4, 0.2, None, 0.0)
    assert score(sig, mono, mono, plain) == pytest.approx(4.6 + 0.4 + 0.1)


def test_settings_take_the_weights_tuned_for_their_embedder_unless_given():
    e5, use, off = StorySettings(), StorySettings(embedder="use"), StorySettings(embedder="off")
    assert e5.embedder == "e5" and e5.mono.knee > 0 and use.mono.knee == 0
    assert use.threshold != e5.threshold
    assert off.plain.bias == e5.threshold - 0.5  # lexical + names/2 = 0.5 joins, as before embeddings
    mine = StorySettings(threshold=1.0, mono=Weights(lexical=2.0))
    assert mine.threshold == 1.0 and mine.mono.lexical == 2.0 and mine.cross.knee > 0
    e5.mono.lexical = 9.0  # the tuned weights are copies: changing one settings object changes no other
    assert StorySettings().mono.lexical == 0.0


def test_an_archive_that_switched_embedders_keeps_linking(tmp_path):
    """Stories stored with USE vectors (512 dims) meet articles embedded by e5 (384 dims)."""
    import sqlite3

    from texts import make
    from texts import CHILE_DE_2

    from lagebild.archive.stories import SQLiteStoryStore
    from lagebild.stories.index import StoryIndex

    store = SQLiteStoryStore(sqlite3.connect(tmp_path / "a.db"))
    old = StoryIndex(store, StorySettings(embedder="use"))
    old.link(make(CHILE_DE_1), 1)
    new = StoryIndex(store, StorySettings(embedder="e5"))
    _, story = new.link(make(CHILE_DE_2), 2)
    _, other = new.link(make(JAPAN_DE), 3)
    assert story != other


def test_a_join_counts_shared_names_only_where_the_embedding_decides():
    """Two same-kind events read alike to an embedding; their names tell them apart at join time."""
    from lagebild.archive.stories import SQLiteStoryStore
    from lagebild.stories.index import StoryIndex
    from lagebild.stories.profile import ArticleProfile, StoryProfile

    settings = StorySettings()
    assert settings.join_names > 0 and StorySettings(embedder="use").join_names == 0.0
    index = StoryIndex(SQLiteStoryStore.memory(), settings, embedder=False)
    vec = np.ones(4, np.float32) / 2.0
    art = ArticleProfile(1, "de", None, "t", {"beben": 1.0}, {"chile": 1.0}, vec)
    same_place = StoryProfile(10, size=1, terms={"de": {"beben": 1.0}}, names={"chile": 1.0}, vector=vec.copy())
    elsewhere = StoryProfile(11, size=1, terms={"de": {"beben": 1.0}}, names={"japan": 1.0}, vector=vec.copy())
    index._cache(elsewhere)
    index._cache(same_place)
    best, value = index.best_story(art, [11, 10])
    assert best.id == 10
    _, without = index.best_story(art, [11])
    assert value - without == pytest.approx(settings.join_names)
