"""Scraped-text headlines read against the page's <title> line, and the learned pick among the headline readings
(extract/text/_titles.py, with a model made by hand here, not the shipped one) (pages written for these tests)."""

from __future__ import annotations

import numpy as np

from lagebild.extract.nets import Net
from lagebild.extract.text import _titles as tt
from lagebild.extract.text import extract_text
from lagebild.extract.text._extract import read_page
from lagebild.model import Page
from lagebild.settings import ExtractSettings

ARTICLE = [
    "Der Gemeinderat hat am Dienstag nach langer Beratung beschlossen, die Pflasterung im kommenden Frühjahr "
    "zu erneuern und zwanzig junge Linden zu setzen, wie der Beispielstädter Bote erfuhr.",
    "Die Arbeiten sollen im März beginnen und bis zum Stadtfest im Juli abgeschlossen sein. Für diese Zeit wird "
    "der Wochenmarkt in die Schulstraße verlegt, teilte die Verwaltung dem Beispielstädter Boten mit.",
    "Mehrere Händler äußerten sich gegenüber dem Beispielstädter Boten erleichtert, dass der Markt nicht ganz "
    "ausfallen muss. Sie hoffen auf mehr Schatten und mehr Kundschaft im Sommer.",
]


def _page(title_line: str, headline: str, footer: list[str] = ()) -> str:
    lines = [title_line, "", "Startseite", "Lokales", "Sport", "", headline, "", "Von Jana Beispiel", ""]
    lines += [line for p in ARTICLE for line in (p, "")]
    return "\n".join(lines + ["Impressum", "Datenschutz", *footer])


def _title(text: str) -> str:
    """The rules' title (the learned ranker, on by default, is tested below)."""
    rules = tuple(p for p in ExtractSettings().learned if p != "text_title")
    return extract_text(Page(text, "text"), ExtractSettings(learned=rules)).title


def test_a_kicker_shown_without_its_separator_keeps_the_title_spelling():
    page = _page("Marktplatz: Neue Linden für die Innenstadt | Beispielstädter Bote",
                 "Marktplatz Neue Linden für die Innenstadt")
    assert _title(page) == "Marktplatz: Neue Linden für die Innenstadt"


def test_the_site_name_the_text_mentions_is_not_the_headline():
    # the page's headline words it a little differently from its <title>
    page = _page("Neue Linden für die Innenstadt | Beispielstädter Bote", "Neue Linden für die ganze Innenstadt",
                 ["Beispielstädter Bote"])
    assert _title(page) == "Neue Linden für die ganze Innenstadt"


def test_a_web_address_ending_the_title_is_not_the_headline():
    page = _page("Neue Linden für die Innenstadt | Lokales | Beispielbote.co.uk",
                 "Neue Linden für die ganze Innenstadt", ["BEISPIELBOTE.CO.UK"])
    assert _title(page) == "Neue Linden für die ganze Innenstadt"


LEARNED_PAGE = _page("Neue Linden für die Innenstadt | Beispielstädter Bote", "Marktplatz: Neue Linden für die Innenstadt")


def _candidates(text: str) -> tuple[list[tt.Candidate], np.ndarray, str]:
    r = read_page(text, None)
    cands, rows = tt.page_candidates(r.lines, r.probs, r.keep, r.teaser_lines, r.title)
    return cands, rows, r.title


def test_candidates_hold_the_heading_its_cut_headline_and_the_title_parts():
    cands, rows, _ = _candidates(LEARNED_PAGE)
    by_text = {c.text: c for c in cands}
    assert "line" in by_text["Marktplatz: Neue Linden für die Innenstadt"].sources
    assert {"head", "cut"} <= by_text["Neue Linden für die Innenstadt"].sources  # the <title>'s part, and the heading
    assert "whole" in by_text["Neue Linden für die Innenstadt | Beispielstädter Bote"].sources
    assert rows.shape == (len(cands), len(tt.NAMES)) and np.isfinite(rows).all()
    assert len({" ".join(c.text.split()).casefold() for c in cands}) == len(cands)  # one candidate per spelling


def _picking(feature: str, tmp_path) -> str:
    """A folder with a one-net ranker whose score rises with one feature only."""
    k = len(tt.NAMES)
    w1 = np.zeros((k, 1), np.float32)
    w1[tt.NAMES.index(feature), 0] = 1.0
    net = Net({"mean": np.zeros(k, np.float32), "scale": np.ones(k, np.float32), "w1": w1,
               "b1": np.zeros(1, np.float32), "w2": np.ones(1, np.float32), "b2": np.zeros(1, np.float32)})
    folder = tmp_path / feature
    folder.mkdir()
    tt.save(folder / tt.WEIGHTS_NAME, [net])
    return str(folder)


def test_the_model_pick_replaces_the_rules_title_only_when_asked(tmp_path):
    rules = extract_text(Page(LEARNED_PAGE, "text"), ExtractSettings(learned=())).title
    whole = ExtractSettings(learned=("text_title",), model_dir=_picking("src_whole", tmp_path))
    assert extract_text(Page(LEARNED_PAGE, "text"), whole).title == "Neue Linden für die Innenstadt | Beispielstädter Bote"
    assert extract_text(Page(LEARNED_PAGE, "text"), ExtractSettings(learned=(), model_dir=whole.model_dir)).title == rules
    empty = tmp_path / "none"
    empty.mkdir()  # no weights in the folder: the rules' title
    assert extract_text(Page(LEARNED_PAGE, "text"), ExtractSettings(learned=("text_title",), model_dir=str(empty))).title == rules


def test_words_of_unspaced_scripts_are_counted_by_their_letters():
    from lagebild.extract.text._extract import words

    assert words("Die Regierung hat am Mittwoch") == 5 == len("Die Regierung hat am Mittwoch".split())
    assert words("政府宣布新的住房政策") == 5  # Chinese: ~2 letters a word
    assert words("รัฐบาลประกาศมาตรการใหม่") == 5  # Thai: ~5
    assert words("Tokio 東京") == 2 and words("") == 0


def test_a_page_in_an_unspaced_script_is_read_not_refused():
    # one line of Japanese is one whitespace "word": the page was refused as having too little text
    text = ("市議会は新しい公園の計画を承認した\n\n市長は記者会見で、工事は来年の春に始まり、二年後に完成する予定だと説明した。"
            "住民からは歓迎の声が上がっている。")
    article = extract_text(Page(text, "text"), ExtractSettings())
    assert article.page_type in ("article", "other")


def test_a_title_ending_in_its_site_and_a_date_offers_the_headline_alone():
    cands, _, _ = _candidates(_page("Marktplatz: Neue Linden für die Innenstadt, Beispielstädter Bote, 14.03.2024",
                                    "Neue Linden für die Innenstadt"))
    by_text = {c.text: c for c in cands}
    assert "dated" in by_text["Marktplatz: Neue Linden für die Innenstadt"].sources


def test_a_spelling_without_the_marks_of_a_twin_is_told_apart():
    page = _page("Marktplatz: Neue Linden für die Innenstadt | Beispielstädter Bote",
                 "Marktplatz Neue Linden für die Innenstadt")
    cands, rows, _ = _candidates(page)
    col = tt.NAMES.index("twin_marks")
    by_text = {c.text: r for c, r in zip(cands, rows)}
    assert by_text["Marktplatz Neue Linden für die Innenstadt"][col] > 0
    assert by_text["Marktplatz: Neue Linden für die Innenstadt"][col] == 0
