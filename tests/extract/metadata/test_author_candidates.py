"""The author candidates beside the byline readers: author-page links, a name alone on the article's first or
last lines, the next byline elements, the site's name; and names cleaned of hyphenation hints."""

from __future__ import annotations

import lxml.html

from lagebild.extract.metadata._author_marks import linked_authors, signed_names
from lagebild.extract.metadata._authors import label_followed
from lagebild.extract.metadata._bylines import clean_authors
from lagebild.extract.metadata._read import read_candidates

_TEXT = "".join(f"<p>Absatz {k} über den Hafen und die neue Fähre, die im Frühjahr fahren soll.</p>" for k in range(4))


def tree_of(body: str, head: str = ""):
    return lxml.html.document_fromstring(f"<html><head>{head}</head><body>{body}</body></html>")


def sources_of(body: str, head: str = "", url: str = "https://hafen.example/a/1") -> dict[str, list[list[str]]]:
    cands, rows = read_candidates(tree_of(body, head), url)[1]["author"]
    assert len(rows) == len(cands)
    out: dict[str, list[list[str]]] = {}
    for cand in cands:
        for source in cand.sources:
            out.setdefault(source, []).append(cand.value)
    return out


def test_links_to_author_pages_name_the_authors_of_their_block():
    body = ("<h1>Neue Fähre</h1><div class='meta'>By <a href='/author/jana-beispiel/'>Jana Beispiel</a> and "
            "<a href='/author/ole-probe/'>Ole Probe</a> · Review Editors</div>" + _TEXT +
            "<aside><a href='/author/kim-anders/'>Kim Anders</a></aside>")
    assert linked_authors(tree_of(body)) == ["Jana Beispiel", "Ole Probe"]
    assert sources_of(body)["author_link"] == [["Jana Beispiel", "Ole Probe"]]
    # a query naming the author, a profile page; a link in the comments names a commenter, not the author
    assert linked_authors(tree_of("<p><a href='/library/?_author=Eva%20Nord'>Eva Nord</a></p>")) == ["Eva Nord"]
    assert linked_authors(tree_of("<div class='comments'><a href='/profile/77'>Max Leser</a></div>")) == []
    assert linked_authors(tree_of("<p><a href='/themen/hafen/'>Hafen Nord</a></p>")) == []


def test_a_name_alone_on_the_first_or_last_line_of_the_article():
    body = "<div><p><strong>Lena Muster/Tom Probe</strong></p>" + _TEXT + "<p><b><i>Ida Feld</i></b></p></div>"
    assert signed_names(tree_of(body)) == (["Lena Muster", "Tom Probe"], ["Ida Feld"])
    found = sources_of(body)
    assert found["lead_name"] == [["Lena Muster", "Tom Probe"]] and found["signature"] == [["Ida Feld"]]
    # in parentheses, with a role after a comma
    assert signed_names(tree_of("<div>" + _TEXT + "<p>(Jan Beispiel, Korrespondent)</p></div>"))[1] == ["Jan Beispiel"]
    # a sentence or a plain short line is no signature; nor is a bold heading of several words that reads as text
    assert signed_names(tree_of("<div>" + _TEXT + "<p><b>Viel Glück!</b></p></div>")) == ([], [])
    assert signed_names(tree_of("<div>" + _TEXT + "<p>Jan Beispiel</p></div>")) == ([], [])
    # a quoted subheading, a label and its value, a digit in what would be the name, a heading: no names
    for line in ("<p><strong>„Neue Wege“</strong></p>", "<p><em>Rubrik: Hafen Nord</em></p>",
                 "<p><strong>Top 10 Tipps</strong></p>", "<div><h3><em>Weitere Artikel</em></h3></div>"):
        assert signed_names(tree_of("<div>" + line + _TEXT + line + "</div>")) == ([], []), line
    # a date or time after the name's comma is the signature's stamp, not a subheading's mark (whether a
    # two-word line is a name or interface text like "Open Today, May 3" is the ranker's to weigh)
    assert signed_names(tree_of("<div>" + _TEXT + "<p><em>Ida Feld, 12:30</em></p></div>"))[1] == ["Ida Feld"]


def test_every_byline_element_and_the_site_are_candidates():
    body = ("<h1>Neue Fähre</h1><div class='post-author'><h4 class='author-heading'>Insights from</h4>"
            "<div class='author-name'>Liza Probe</div></div>" + _TEXT)
    head = "<meta property='og:site_name' content='Hafenblatt'>"
    found = sources_of(body, head)
    assert ["Liza Probe"] in found["byline"] + found.get("byline_other", [])
    assert found["site"] == [["Hafenblatt"]]


def test_names_lose_hyphenation_hints_and_caseless_scripts_are_names():
    assert clean_authors(["Von Mat\u00adthi\u00adas Pro\u00adbe"]) == ["Matthias Probe"]
    assert clean_authors(["山田 太郎"]) == ["山田 太郎"]
    assert clean_authors(["김민수"]) == ["김민수"]


def test_a_double_label_stands_alone_before_the_name():
    tree = tree_of("<ul><li><strong>Autorin/Autor</strong> Roman Beispiel</li></ul>")
    assert label_followed(tree) == ["Roman Beispiel"]


def test_a_block_of_many_credit_words_is_cut_into_lines_once(monkeypatch):
    # one <div> of a thousand short lines that each say "von" but credit no one: the block must be split once,
    # not once per element (that cost the square of the page's size)
    import lxml.html

    from lagebild.extract.metadata import _credits

    calls = []
    real = _credits._lines
    monkeypatch.setattr(_credits, "_lines", lambda block: calls.append(block) or real(block))
    body = "".join(f"<span>Es ging um die Frage von Antrag {i} im Rat</span><br>" for i in range(1000))
    tree = lxml.html.document_fromstring(f"<html><body><div>{body}<span>Von Jana Beispiel</span></div></body></html>")
    assert _credits.authors_from_credit_lines(tree) == ["Jana Beispiel"]
    assert len(calls) == len(set(map(id, calls))) == 1


def test_a_credit_word_before_a_function_word_credits_no_one():
    from lagebild.extract.metadata._credits import _credited

    assert _credited("Posted on May 3 by the") == []  # the sentence goes on in the next element
    assert _credited("Beitrag von dpa") == ["dpa"]  # a lower-case agency or handle is still a credit
    assert _credited("Autor: jsteinhardt") == ["jsteinhardt"]


def test_names_written_with_vowel_signs_are_names():
    # Devanagari and Thai write vowels as combining marks, which a regular expression's \w leaves out
    import lxml.html

    from lagebild.extract.metadata._read import read_metadata

    body = "<p>The council met on Tuesday to discuss the new budget and reached no decision at all.</p>" * 4
    for name in ("अनीता वर्मा", "มานี มีนา"):
        tree = lxml.html.document_fromstring(
            f"<html><head><title>x</title></head><body><article><h1>x</h1><span class='author'>{name}</span>"
            f"{body}</article></body></html>")
        assert read_metadata(tree, "https://example.org/a", None, ("title", "author")).authors == [name]


def test_a_reporter_after_a_korean_or_japanese_name_is_no_part_of_it():
    assert clean_authors(["신현주 기자", "松岡大地 記者", "大渡 美咲"]) == ["신현주", "松岡大地", "大渡 美咲"]
    assert clean_authors(["김민 선임기자", "山田太郎 編集委員"]) == ["김민", "山田太郎"]  # a rank written into the role


def test_author_rows_mark_handles_and_names_holding_the_site():
    from lagebild.extract.metadata._rank import Candidate, author_rows

    cands = [Candidate(["jana.beispiel"], "jana.beispiel", {"ld"}), Candidate(["Hafenblatt Kamera"], "k", {"signature"}),
             Candidate(["Jana Beispiel"], "jana beispiel", {"byline"})]
    rows = author_rows(cands, "Jana Beispiel schreibt", ["Hafenblatt"], "hafenblatt")
    # the last three columns: the name holds the site's name, the name is a handle, the "no author" row's own
    assert rows[:, -3].tolist() == [0.0, 1.0, 0.0] and rows[:, -2].tolist() == [1.0, 0.0, 0.0]
    assert not rows[:, -1].any()
