"""The author ranker's "no author": a page's best candidate is named only when it scores above the "no author"
row by the ranker's floor, unless the page declares that person its author in JSON-LD; and the two
numbers that mark a candidate as the page's interface text."""

from __future__ import annotations

import lxml.html
import numpy as np

from lagebild.extract.metadata import _rank
from lagebild.extract.metadata._author_marks import interface_texts
from lagebild.extract.metadata._read import read_metadata
from lagebild.extract.trees import Trees

_PAGE = ("<html><head><title>Die neue Fähre</title></head><body><nav><a href='/'>Start</a>"
         "<a href='/impressum'>Impressum</a></nav><article><h1>Die neue Fähre</h1>"
         "<p class='byline'>Von Jana Beispiel</p>"
         + "".join(f"<p>Absatz {k} über den Hafen und die Fähre, die im Frühjahr fahren soll.</p>" for k in range(4))
         + "</article><footer><button>Alle Einstellungen verwalten</button></footer></body></html>")


def _ranker(folder, floor: float | None) -> None:
    # one split on the "no author" column: a candidate scores 1, the "no author" row 0
    width = _rank.author_rows([_rank.Candidate(["A B"], "a b", {"ld"})], "").shape[1]
    tree = Trees({"feature": np.array([[width - 1]]), "threshold": np.array([[0.5]]), "left": np.array([[-1]]),
                  "right": np.array([[-2]]), "leaf": np.array([[1.0, 0.0]])})
    arrays = {**tree.arrays("author_trees0_"), "author_width": np.array(width)}
    if floor is not None:
        arrays["author_floor"] = np.array(floor)
    np.savez(folder / "metadata.npz", **arrays)
    _rank._load.cache_clear()


def test_the_author_is_named_only_above_the_floor(tmp_path):
    tree = lxml.html.document_fromstring(_PAGE)
    for floor, expected in ((None, ["Jana Beispiel"]), (0.5, ["Jana Beispiel"]), (1.5, [])):
        _ranker(tmp_path, floor)
        md = read_metadata(tree, "https://hafen.example/a/1", str(tmp_path), ranked=("author",))
        assert md.authors == expected, floor
    _rank._load.cache_clear()


_DECLARED = ("<html><head><title>{title}</title>{head}</head><body><nav><a href='/'>Home</a><a href='/harbour'>"
             "Harbour</a></nav><article><h1>{title}</h1>"
             + "".join(f"<p>Paragraph {k} on the ferry that should sail from the north pier next spring.</p>"
                       for k in range(6)) + "</article></body></html>")
_LD_PERSON = ('<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
              '"headline":"A ferry for the north pier","author":{"@type":"Person","name":"Pim Voorbeeld"},'
              '"publisher":{"@type":"Organization","name":"Pier Courier"}}</script>'
              '<meta property="og:site_name" content="Pier Courier">')


def test_a_json_ld_person_is_named_below_the_floor_an_organisation_or_meta_author_not(tmp_path):
    org = _LD_PERSON.replace('"@type":"Person","name":"Pim Voorbeeld"', '"@type":"Organization","name":"Pier Desk"')
    for head, expected in ((_LD_PERSON, ["Pim Voorbeeld"]), (org, []),
                           ("<meta name='author' content='Pim Voorbeeld'>", [])):
        tree = lxml.html.document_fromstring(_DECLARED.format(title="A ferry for the north pier", head=head))
        _ranker(tmp_path, 1.5)  # every candidate scores below this floor
        md = read_metadata(tree, "https://pier.example/news/ferry", str(tmp_path), ranked=("author",))
        assert md.authors == expected, head
    _rank._load.cache_clear()


def test_shipped_ranker_names_a_json_ld_person_without_a_visible_byline():
    tree = lxml.html.document_fromstring(_DECLARED.format(title="A ferry for the north pier", head=_LD_PERSON))
    md = read_metadata(tree, "https://pier.example/news/ferry", None, ranked=("title", "date", "author"))
    assert md.authors == ["Pim Voorbeeld"]


def test_interface_texts_mark_menu_and_button_words_not_the_article():
    tree = lxml.html.document_fromstring(_PAGE)
    texts, words = interface_texts(tree)
    assert "impressum" in texts and "alle einstellungen verwalten" in texts
    assert "jana" not in words and "hafen" not in words
    cands = [_rank.Candidate(["Alle Einstellungen verwalten"], "x", {"byline"}),
             _rank.Candidate(["Einstellungen Beispiel"], "y", {"byline"}),
             _rank.Candidate(["Jana Beispiel"], "z", {"meta"})]
    rows = _rank.author_rows(cands, "", (), "", (texts, words))
    assert rows[:, -5].tolist() == [1.0, 0.0, 0.0]  # the whole text of an interface element
    assert rows[:, -4].tolist() == [1.0, 0.5, 0.0]  # the share of its words in the interface
    assert not rows[:, -1].any()  # the "no author" column
