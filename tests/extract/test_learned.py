"""The learned parts of the extractor (ExtractSettings.learned): shipped weights, the switch, failure."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from lagebild.errors import ModelError
from lagebild.extract import extract
from lagebild.model import Page
from lagebild.settings import ExtractSettings

MODELS = Path(__file__).resolve().parents[2] / "src" / "lagebild" / "models"
LEARNABLE = ("body", "pagetype", "title", "date", "author")
WEIGHTS = {"htmlblocks.npz", "pagetype.npz", "metadata.npz", "textauthors.npz", "texttitles.npz"}

_PARAGRAPHS = [
    "Der Stadtrat hat am Dienstagabend nach langer Debatte beschlossen, die alte Brücke über den Kanal zu ersetzen.",
    "Die Bauarbeiten sollen im kommenden Frühjahr beginnen und nach Angaben der Verwaltung zwei Jahre dauern.",
    "Während der Arbeiten wird der Verkehr über eine Behelfsbrücke weiter nördlich geleitet, sagte die Baudezernentin.",
    "Anwohner hatten sich in einer Versammlung im Herbst für einen Neubau ausgesprochen, der auch Radwege vorsieht.",
    "Die Kosten von rund zwölf Millionen Euro teilen sich die Stadt und das Land, der Bund gibt einen Zuschuss.",
    "Kritik kam von der Opposition, die eine Sanierung für günstiger hält und ein weiteres Gutachten gefordert hatte.",
]


def _page() -> Page:
    nav = "".join(f"<li><a href='/r{i}'>Ressort Nummer {i}</a></li>" for i in range(12))
    teasers = "".join(f"<li><a href='/t{i}'>Weitere Meldung aus der Region mit Nummer {i} heute</a></li>"
                      for i in range(8))
    body = "".join(f"<p>{p}</p>" for p in _PARAGRAPHS)
    html = (
        "<html lang='de'><head><title>Neue Brücke für den Kanal | Beispielblatt</title>"
        "<meta property='og:title' content='Neue Brücke für den Kanal'>"
        "<meta property='article:published_time' content='2024-05-03T10:00:00+02:00'>"
        "<meta name='author' content='Jana Beispiel'></head><body>"
        f"<header><ul>{nav}</ul></header><main><article><h1>Neue Brücke für den Kanal</h1>"
        f"<p class='byline'>Von Jana Beispiel</p>{body}</article>"
        f"<aside><h2>Mehr aus der Region</h2><ul>{teasers}</ul></aside></main>"
        "<footer><a href='/impressum'>Impressum</a> <a href='/datenschutz'>Datenschutz</a></footer></body></html>"
    )
    return Page(content=html.encode(), kind="html", url="https://beispielblatt.example/lokales/neue-bruecke-123.html")


def test_the_shipped_weights_are_there_and_hold_no_text():
    for name in WEIGHTS:
        with np.load(MODELS / name, allow_pickle=False) as data:
            texts = [k for k in data.files if data[k].dtype.kind not in "fi"]
            assert texts in ([], ["names"]), (name, texts)  # numbers and feature names only, never page text
            assert data.files and all(data[k].dtype.kind in "fi" for k in data.files if k != "names")


def test_the_default_names_only_parts_that_exist():
    assert set(ExtractSettings().learned) <= {*LEARNABLE, "text_author", "text_title"}


@pytest.mark.parametrize("learned", [(), LEARNABLE])
def test_rules_and_learned_read_the_same_article(learned):
    article = extract(_page(), ExtractSettings(learned=learned))
    assert article.page_type == "article"
    assert article.title == "Neue Brücke für den Kanal"
    assert article.published.startswith("2024-05-03")
    assert article.authors == ["Jana Beispiel"]
    text = article.text
    assert all(p in text for p in _PARAGRAPHS[1:]), text
    assert "Ressort Nummer" not in text and "Weitere Meldung" not in text and "Impressum" not in text


def test_missing_weights_name_the_file(tmp_path):
    with pytest.raises(ModelError, match="htmlblocks.npz"):
        extract(_page(), ExtractSettings(learned=("body",), model_dir=str(tmp_path)))


def test_a_byline_split_over_two_elements_is_an_author_candidate():
    # the label alone in its element, the name in the next one: no rule reads it, the author ranker may
    html = ("<html><head><title>Wie man einen Kanal baut</title></head><body><article><h1>Wie man einen Kanal baut</h1>"
            + "".join(f"<p>{p}</p>" for p in _PARAGRAPHS)
            + "<div class='meta'><div><p>Written by</p><p>Jana Beispiel</p></div></div></article></body></html>")
    page = Page(content=html.encode(), kind="html", url="https://beispielblatt.example/kanal-bauen")
    assert extract(page, ExtractSettings(learned=())).authors == []
    assert extract(page, ExtractSettings(learned=("author",))).authors == ["Jana Beispiel"]


def test_the_page_type_row_ends_with_the_pages_word_vector():
    # the page-type numbers end with the mean of the blocks' word vectors, each block weighing by its characters
    from lagebild.extract.cues import EMBED_DIM
    from lagebild.extract.html import parse
    from lagebild.extract.html._body import page_blocks
    from lagebild.extract.html._features import feature_names
    from lagebild.extract.html._pagetype import PAGE_NAMES, page_row
    from lagebild.extract.metadata._read import read_candidates

    page = _page()
    tree = parse(page, ExtractSettings())
    md, _ = read_candidates(tree, page.url)
    found = page_blocks(tree, page.url, md.rules_title, md.description, md.article_body)
    row = page_row(tree, md, found.features, found.main_text, found.rule_text, [b.text for b in found.blocks])
    assert len(row) == len(PAGE_NAMES) and PAGE_NAMES[-EMBED_DIM:] == [f"vec{i}" for i in range(EMBED_DIM)]
    col = feature_names().index("vec0")
    chars = np.expm1(found.features[:, feature_names().index("loglen")].astype(np.float64))
    vectors = found.features[:, col:col + EMBED_DIM].astype(np.float64)
    assert np.allclose(row[-EMBED_DIM:], chars @ vectors / chars.sum())
    assert np.abs(row[-EMBED_DIM:]).sum() > 0  # the article's words have vectors
    empty = page_row(tree, md, found.features[:0], [], [], [])
    assert len(empty) == len(PAGE_NAMES) and not empty[-EMBED_DIM:].any()


def test_the_title_ranker_never_gives_the_site_name_while_there_is_more():
    from lagebild.extract.metadata._rank import SITE_NAME, Candidate, best, title_rows

    cands = [Candidate("Beispielzeitung", "beispielzeitung", {"tt_seg_first"}),
             Candidate("Ein Titel mit - Strich", "ein titel mit - strich", {"tt_strip", "cascade"})]
    rows = title_rows(cands, None, ["Beispielzeitung"])
    assert rows[:, SITE_NAME].tolist() == [1.0, 0.0]

    class Prefers:  # a "net" that scores the site name highest
        def predict(self, x):
            return np.where(x[:, SITE_NAME] == 1, 0.9, 0.2)

    assert best("title", [Prefers()], rows) == 1
    assert best("title", [Prefers()], rows[:1]) == 0  # the site name alone: it is all there is
    assert best("author", [Prefers()], rows) == 0  # only titles


def test_ranking_trees_are_stored_with_their_width_and_read_back(tmp_path):
    # the title ranker's boosted trees live in metadata.npz as plain arrays, with the width of the rows they were
    # trained on: a file from other features is refused by name, not misread
    from lagebild.extract.metadata import _rank
    from lagebild.extract.trees import Trees

    width = _rank.title_rows([_rank.Candidate("x", "x", {"ld"})], None).shape[1]
    col = _rank.TITLE_SOURCES.index("og")  # one split: a candidate from og:title scores 1, any other -1
    tree = Trees({"feature": np.array([[col]]), "threshold": np.array([[0.5]]), "left": np.array([[-1]]),
                  "right": np.array([[-2]]), "leaf": np.array([[-1.0, 1.0]])})
    arrays = {**tree.arrays("title_trees0_"), "title_width": np.array(width)}
    np.savez(tmp_path / "metadata.npz", **arrays)
    _rank._load.cache_clear()
    rankers = _rank.load(tmp_path)
    cands = [_rank.Candidate("Headline", "headline", {"ld"}), _rank.Candidate("Social", "social", {"og"})]
    assert rankers.choose("title", cands, _rank.title_rows(cands, None)).value == "Social"
    np.savez(tmp_path / "metadata.npz", **{**arrays, "title_width": np.array(width - 1)})
    _rank._load.cache_clear()
    with pytest.raises(ModelError, match="other features"):
        _rank.load(tmp_path)
    _rank._load.cache_clear()
