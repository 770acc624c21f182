"""The learned speaker ranker (enrich/quotes/ranker.py, training.py) on sentences written for these
tests; one test trains on the quotation corpus in ../shared (skipped without it) and checks the
founding example keeps both direct quotes with Cavusoglu."""

from __future__ import annotations

import numpy as np
import pytest

from lagebild.enrich.quotes import find_quotes
from lagebild.enrich.quotes import ranker as ranker_mod
from lagebild.enrich.quotes.ranker import ENV, FEATURES, Document, Scorer, load
from lagebild.enrich.quotes.training import Choice, accuracy, fit
from lagebild.errors import ModelError

TEXT = ("Die Bürgermeisterin Anna Rothkegel eröffnete am Morgen die neue Halle. "
        "„Das ist ein guter Tag für die Stadt“, sagte sie. "
        "Der Kämmerer Paul Weißgerber widersprach ihr: „Das Geld für den Betrieb fehlt noch.“")


class _Keep:
    """Collects the candidates the finder offers a ranker, keeping the rules' picks."""

    def __init__(self):
        self.seen = {}

    def choose(self, text, found, marks, lang):
        doc = Document(text, found, marks, lang)
        for f in found:
            if f.kind == "direct":
                cands = doc.candidates(f)
                self.seen[text[f.start:f.end]] = (cands, doc.rows(f, cands))


def _weights(**w) -> dict[str, np.ndarray]:
    """A linear scorer that adds the given weight for each named feature (unit scale, no centring)."""
    vec = np.zeros(len(FEATURES), np.float32)
    for name, value in w.items():
        vec[FEATURES.index(name)] = value
    return {"features": np.array(FEATURES), "mean": np.zeros(len(FEATURES), np.float32),
            "scale": np.ones(len(FEATURES), np.float32), "w": vec}


def test_candidates_hold_the_rules_pick_the_previous_speaker_and_names():
    keep = _Keep()
    find_quotes(TEXT, ranker=keep)
    cands, rows = keep.seen["Das Geld für den Betrieb fehlt noch."]
    by_text = {c.text: c for c in cands}
    assert cands[0].sources.get("rule") == 1.0  # the rules' pick comes first
    assert "Der Kämmerer Paul Weißgerber" in by_text and by_text["Der Kämmerer Paul Weißgerber"].sources.get("rule")
    assert by_text["sie"].sources.get("prev_speaker") == 1.0  # the speaker of the quotation before
    assert by_text["sie"].resolved == "Anna Rothkegel"  # coref names the pronoun
    assert "Anna Rothkegel" in by_text  # a name two sentences back
    assert rows.shape == (len(cands), len(FEATURES))
    assert rows[cands.index(by_text["sie"]), FEATURES.index("before_quote")] == 1.0


def test_scorer_re_picks_the_speaker_and_coref_names_the_pronoun():
    rules = find_quotes(TEXT, ranker=None)
    assert [f.speaker_text for f in rules] == ["Anna Rothkegel", "Der Kämmerer Paul Weißgerber"]
    keep_rule = Scorer(_weights(rule=5.0))
    assert [f.speaker_text for f in find_quotes(TEXT, ranker=keep_rule)] == [f.speaker_text for f in rules]
    prefer_previous = Scorer(_weights(prev_speaker=5.0, rule=1.0))
    got = find_quotes(TEXT, ranker=prefer_previous)
    assert got[1].speaker_text == "Anna Rothkegel"  # the pronoun "sie" picked, then resolved by coref
    assert got[1].via == "ranker" and got[1].speaker_phrase == "sie"


def test_fit_learns_which_feature_marks_the_right_candidate():
    rng = np.random.default_rng(3)

    def choice(n: int) -> Choice:
        rows = rng.normal(size=(n, len(FEATURES))).astype(np.float32)
        right = int(rng.integers(n))
        rows[:, FEATURES.index("cue_pick")] = 0.0
        rows[right, FEATURES.index("cue_pick")] = 1.0  # only the right one is the cue's pick
        hits = np.zeros(n, bool)
        hits[right] = True
        return Choice(rows, hits, rule=int(rng.integers(n)))

    train = [choice(int(rng.integers(2, 8))) for _ in range(200)]
    held = [choice(int(rng.integers(2, 8))) for _ in range(100)]
    scorer = Scorer(fit(train))
    assert accuracy(scorer, held) > 0.95
    assert accuracy(None, held) < 0.6  # the random "rule" picks
    net = Scorer(fit(train, hidden=4, nets=1, l2=1e-2))
    assert accuracy(net, held) > 0.9


def test_configured_ranker_is_read_from_the_environment(tmp_path, monkeypatch):
    path = tmp_path / "ranker.npz"
    np.savez(path, **_weights(prev_speaker=5.0, rule=1.0))
    monkeypatch.setattr(ranker_mod, "_CONFIGURED", {})
    monkeypatch.delenv(ENV, raising=False)
    assert find_quotes(TEXT)[1].speaker_text == "Der Kämmerer Paul Weißgerber"  # no weights: the rules
    monkeypatch.setenv(ENV, str(path))
    assert find_quotes(TEXT)[1].speaker_text == "Anna Rothkegel"


def test_weights_of_other_features_are_refused_with_the_file_named(tmp_path):
    path = tmp_path / "old.npz"
    arrays = _weights(rule=1.0)
    arrays["features"] = np.array(FEATURES[:-1])
    np.savez(path, **arrays)
    with pytest.raises(ModelError, match="features differ"):
        load(path)
    (tmp_path / "junk.npz").write_text("not an archive")
    with pytest.raises(ModelError, match="junk.npz"):
        load(tmp_path / "junk.npz")


@pytest.mark.slow
def test_ranker_trained_on_the_corpus_keeps_the_founding_example(shared, founding_example):
    from lagebild.enrich.quotes.scoring import fold_documents
    from lagebild.enrich.quotes.training import choices

    path = shared / "benchmarks" / "quotes" / "german_news_quotation_2024"
    if not path.is_dir():
        pytest.skip("quotation corpus absent")
    files = [f for fold in fold_documents(path) for f in fold]
    scorer = Scorer(fit([c for f in files for c in choices(f)]))
    text = founding_example.read_text(encoding="utf-8")
    quotes = {text[f.start:f.end]: f.speaker_text for f in find_quotes(text, ranker=scorer) if f.kind == "direct"}
    assert "Cavusoglu" in quotes["über alle Details"]
    assert "Cavusoglu" in quotes["Der Vorschlag ist immer noch auf dem Tisch."]


def test_english_keeps_the_rules_speakers():
    text = ("Mayor Anna Rothkegel opened the new hall. \"This is a good day for the city,\" she said. "
            "Treasurer Paul Weissgerber disagreed: \"The money for running it is still missing.\"")
    rules = [f.speaker_text for f in find_quotes(text, language="en", ranker=None)]
    assert rules and rules == [f.speaker_text for f in find_quotes(text, language="en",
                                                                   ranker=Scorer(_weights(prev_speaker=5.0)))]
