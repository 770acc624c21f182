"""Scraped-text authors: the candidates read from short lines, their numbers, the learned choice, and the
training of the ranker (pages and names written for these tests)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from lagebild.extract.text import _authors as ta
from lagebild.extract.text import extract_text
from lagebild.extract.text._lines import split_lines
from lagebild.model import Page
from lagebild.settings import ExtractSettings

ROOT = Path(__file__).resolve().parents[2]


def _names(text: str) -> list[list[str]]:
    return [c.names for c in ta.candidates(split_lines(text))]


def test_a_byline_ending_in_a_role_offers_the_name_alone():
    found = ta.readings("Jane Doe, Staff Writer", 1)
    assert found[0][0] == ["Jane Doe", "Staff Writer"]
    assert (["Jane Doe"], 1, False) in found


def test_a_name_running_into_other_words_after_a_cue_is_cut():
    found = ta.readings("Jana Beispiel Redakteurin für Wirtschaft", 1)
    assert found[0] == (["Jana Beispiel Redakteurin"], 0, True)
    assert (["Jana Beispiel"], 0, True) in found
    assert ta.readings("Jana Beispiel Redakteurin für Wirtschaft", 0)[0][0] == ["Jana Beispiel Redakteurin"]
    assert ta.readings("eine Zeile ohne Namen", 0) == []


def test_an_agency_after_the_names_belongs_to_them_only_after_a_cue():
    assert ["Jana Beispiel", "Karl Muster", "dpa"] in _names("Von Jana Beispiel und Karl Muster, dpa")
    assert ["Jana Beispiel", "Karl Muster"] in _names("Von Jana Beispiel und Karl Muster, dpa")
    assert not any("dpa" in n for n in _names("Jana Beispiel und Karl Muster, dpa"))


def test_a_user_name_counts_only_after_a_cue():
    cands = ta.candidates(split_lines("von jdoe · 3. Mai 2023\n\njdoe\n\nvon der"))
    assert [(c.index, c.names, c.handle) for c in cands] == [(0, ["jdoe"], True)]


def test_names_after_a_date_that_opens_the_line():
    (cand,) = [c for c in ta.candidates(split_lines("12. März 2024 Otto Probe")) if c.names == ["Otto Probe"]]
    assert cand.after_date and cand.cue == 0


def test_a_cue_word_may_start_a_desk_name():
    names = _names("Redaktion Beispielstadt")
    assert ["Beispielstadt"] in names and ["Redaktion Beispielstadt"] in names
    assert ["Von Jana Beispiel"] not in _names("Von Jana Beispiel")


def test_rows_have_the_named_columns_and_tell_candidates_apart():
    lines = split_lines("Titel einer Seite | Beispielblatt\n\nVon Jana Beispiel\n\nLokales\n\n"
                        "Ein Absatz, der lang genug ist, um als Text zu gelten, und noch etwas länger wird.")
    cands = ta.candidates(lines)
    rows = ta.rows(lines, cands, np.linspace(0, 1, len(lines)), 0, [3], 1)
    assert rows.shape == (len(cands), len(ta.NAMES))
    by = {tuple(c.names): r for c, r in zip(cands, rows)}
    col = {n: i for i, n in enumerate(ta.NAMES)}
    assert by[("Jana Beispiel",)][col["cue"]] == 1.0 and by[("Jana Beispiel",)][col["rules"]] == 1.0
    vec = [col[f"vec{i}"] for i in range(3)]
    assert not np.allclose(by[("Jana Beispiel",)][vec], by[("Lokales",)][vec])


ARTICLE = [
    "Der Gemeinderat von Beispielstadt hat am Dienstag nach langer Beratung beschlossen, den alten Marktplatz "
    "im kommenden Frühjahr neu zu pflastern und mit zwanzig Bäumen zu bepflanzen.",
    "Die Arbeiten sollen im März beginnen und bis zum Stadtfest im Juli abgeschlossen sein. Für die Zeit der "
    "Bauarbeiten wird der Wochenmarkt in die Schulstraße verlegt, wie die Verwaltung mitteilte.",
    "Mehrere Händler äußerten sich erleichtert, dass der Markt nicht ganz ausfallen muss. Sie hoffen, dass die "
    "neuen Bäume im Sommer mehr Schatten spenden und mehr Kundschaft in die Innenstadt locken.",
]


def _page(byline: list[str]) -> str:
    head = ["Beispielstadt pflastert den Marktplatz neu | Beispielstädter Bote", "", "Startseite", "Lokales",
            "Sport", "Kultur", "", "Lokales", "Beispielstadt pflastert den Marktplatz neu", ""]
    body = [line for p in ARTICLE for line in (p, "")]
    return "\n".join(head + byline + [""] + body + ["Impressum", "Datenschutz", "Kontakt"])


@pytest.mark.skipif(not ta.WEIGHTS.exists(), reason="no textauthors.npz shipped")
def test_the_learned_ranker_reads_a_byline_without_a_cue():
    page = _page(["Jana Beispiel", "14.03.2024, 10:15 Uhr"])
    rules = extract_text(Page(page, "text"), ExtractSettings(learned=()))
    learned = extract_text(Page(page, "text"), ExtractSettings(learned=("text_author",)))
    assert rules.authors == []
    assert learned.authors == ["Jana Beispiel"]
    assert "Jana Beispiel" not in learned.text


@pytest.mark.skipif(not ta.WEIGHTS.exists(), reason="no textauthors.npz shipped")
def test_the_learned_ranker_drops_a_role_after_the_name():
    page = _page(["Von Jana Beispiel, Redakteurin", "14.03.2024, 10:15 Uhr"])
    assert extract_text(Page(page, "text"), ExtractSettings(learned=("text_author",))).authors == ["Jana Beispiel"]


@pytest.mark.skipif(not ta.WEIGHTS.exists(), reason="no textauthors.npz shipped")
def test_no_author_when_the_best_candidate_is_below_the_floor(tmp_path):
    lines = split_lines(_page(["Von Jana Beispiel", "14.03.2024, 10:15 Uhr"]))
    probs = np.full(len(lines), 0.5)
    nets = ta.load().nets
    for floor, expected in ((None, ["Jana Beispiel"]), (np.inf, [])):
        folder = tmp_path / str(floor)
        folder.mkdir()
        ta.save(folder / ta.WEIGHTS_NAME, nets, floor)
        assert ta.choose(lines, probs, 8, [11, 13, 15], ([], None), str(folder))[0] == expected


TEASERS = ["Weitere Artikel", "Neue Radwege für die Innenstadt geplant", "BSB", "Freibad öffnet zwei Wochen früher",
           "BSB", "Feuerwehr bekommt ein neues Löschfahrzeug", "BSB"]


@pytest.mark.skipif(not ta.WEIGHTS.exists(), reason="no textauthors.npz shipped")
def test_a_page_without_a_byline_gets_no_author_from_its_teasers():
    def authors(byline: list[str]) -> list[str]:
        page = _page(byline).replace("Impressum", "\n".join(TEASERS) + "\n\nImpressum")
        return extract_text(Page(page, "text"), ExtractSettings(learned=("text_author",))).authors

    assert authors(["14.03.2024, 10:15 Uhr"]) == []
    assert authors(["Von Jana Beispiel", "14.03.2024, 10:15 Uhr"]) == ["Jana Beispiel"]


@pytest.mark.skipif(not ta.WEIGHTS.exists(), reason="no textauthors.npz shipped")
def test_the_founding_example_without_a_byline_gets_no_author():
    path = ROOT.parent / "shared" / "examples" / "000_8ade2b66537ee1e2.txt"
    if not path.exists():
        pytest.skip("../shared is absent")
    page = path.read_text(encoding="utf-8")
    assert extract_text(Page(page, "text"), ExtractSettings(learned=("text_author",))).authors == []


def test_names_in_any_cased_script_and_with_particles_inside():
    assert ["Иван Петров"] in _names("By Иван Петров") and ["Łukasz Żak"] in _names("Łukasz Żak")
    assert ["Jana von Beispiel"] in _names("Jana von Beispiel 24. April 2020")  # "von" inside a name, not a cue
    assert ["Dr Jana van der Beispiel"] in _names("Written by Dr Jana van der Beispiel")
    assert _names("Artikel von") == []  # a particle ends no name


def test_two_cues_in_a_row_and_initials_with_an_agency():
    assert ["Jane Doe"] in _names("Text by Jane Doe")
    assert ["ab", "dpa"] in _names("Von: ab/dpa")
    assert ["Jana Beispiel"] in _names("Interview: Jana Beispiel")


def test_titles_before_a_name_may_be_left_out():
    names = _names("Von Prof. Dr. Jana Beispiel")
    assert ["Prof. Dr. Jana Beispiel"] in names and ["Dr. Jana Beispiel"] in names and ["Jana Beispiel"] in names


def test_a_long_line_counts_only_when_it_opens_with_a_credit():
    tail = " Tagged with: " + ", ".join(["Schule", "Eltern", "Lernen", "Musik", "Noten"] * 4)
    assert ["Jana Beispiel"] in _names("Posted by Jana Beispiel at 18:52" + tail)
    assert _names("Jana Beispiel" + tail) == []
