"""The scraped-text extractor on small pages written for these tests."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from lagebild.errors import ExtractionError
from lagebild.extract.text import CorpusStats, extract_text
from lagebild.extract.text._extract import _hysteresis
from lagebild.model import Page
from lagebild.settings import ExtractSettings

PARAS_DE = [
    "Der Stadtrat von Neustadt hat am Mittwochabend nach langer Debatte beschlossen, die alte Brücke über den "
    "Fluss bis zum Sommer des kommenden Jahres vollständig zu sanieren. Die Kosten werden auf rund vier Millionen "
    "Euro geschätzt, von denen das Land einen Teil übernehmen soll.",
    "Bürgermeisterin Anna Beispiel sagte nach der Sitzung, die Entscheidung sei lange überfällig gewesen. Die "
    "Brücke sei seit Jahren nur eingeschränkt befahrbar, und viele Pendler müssten einen Umweg von mehreren "
    "Kilometern in Kauf nehmen, was auch die Geschäfte in der Innenstadt spürten.",
    "Die Opposition kritisierte dagegen, dass der Rat keine Alternativen geprüft habe. Ein Neubau wäre nach "
    "Ansicht der Fraktion auf lange Sicht günstiger gewesen, weil die Sanierung alter Bauwerke erfahrungsgemäß "
    "teurer werde als geplant und zusätzliche Sperrungen nötig mache.",
]
NAV = ["Startseite", "Politik", "Wirtschaft", "Sport", "Kultur", "Suche", "Anmelden"]
FOOTER = ["Impressum", "Datenschutz", "Kontakt", "© 2024 Neustädter Tagblatt"]


def german_page(title: str = "Neustadt saniert die alte Brücke", paras=PARAS_DE) -> str:
    lines = [f"{title} | Neustädter Tagblatt", ""] + NAV + ["", "Lokales", title, "", "Von Max Muster",
                                                             "12.08.2016 14:30", ""]
    for p in paras:
        lines += [p, ""]
    return "\n".join(lines + FOOTER)


def extract(text: str, corpus: CorpusStats | None = None):
    return extract_text(Page(text, "text"), ExtractSettings(), corpus)


def test_german_article():
    art = extract(german_page())
    assert art.title == "Neustadt saniert die alte Brücke"
    assert art.published == "2016-08-12T14:30:00+02:00"
    assert art.authors == ["Max Muster"]
    assert art.language == "de"
    assert art.publisher == "Neustädter Tagblatt"
    assert "Bürgermeisterin Anna Beispiel" in art.text
    for junk in NAV + FOOTER + ["Von Max Muster", "12.08.2016"]:
        assert junk not in art.text.split("\n\n")
    assert art.page_type == "article"


def test_english_byline_reading_time_and_zone():
    paras = [
        "The city council voted on Wednesday night to repair the old bridge over the river by next summer, after "
        "a debate that lasted for more than four hours and drew a large crowd of residents to the town hall.",
        "The mayor said the decision was long overdue, because the bridge had been closed to heavy traffic for "
        "years and commuters had to take a detour of several miles every single day to reach the city centre.",
    ]
    text = "\n".join(["Home", "News", "", "Council votes to repair the old bridge", "By Jane Doe and John Roe",
                      "Aug 12, 2016 5:30 PM EDT", "5 min read", ""] + [p + "\n" for p in paras] + ["Advertisement"])
    art = extract(text)
    assert art.title == "Council votes to repair the old bridge"
    assert art.authors == ["Jane Doe", "John Roe"]
    assert art.reading_time == 5
    assert art.published == "2016-08-12T17:30:00-04:00"
    assert art.language == "en"
    assert "commuters" in art.text and "Advertisement" not in art.text


def test_corpus_repetition_is_counted_once_per_page():
    corpus = CorpusStats()
    page = german_page()
    corpus.observe(page)
    corpus.observe(page)
    assert corpus.pages == 1
    corpus.observe(german_page("Ein anderer Titel"))
    assert corpus.other_pages("impressum") == 1
    art = extract(page, corpus)
    assert "Impressum" not in art.text


def test_teaser_list_is_not_an_article():
    lines = ["Übersicht", ""]
    for i in range(6):
        lines += ["Politik", f"Ein Teaser Titel Nummer {i} über die Lage", "",
                  f"Kurzer Text zum Teaser {i}, der nur anreißt, worum es geht...", ""]
    art = extract("\n".join(lines))
    assert art.page_type == "other"
    assert len(art.related) == 6


@pytest.mark.parametrize("text", ["", "   \n\n  ", "\x00\x01", "Hallo"])
def test_empty_or_undecidable_input_raises(text):
    with pytest.raises(ExtractionError):
        extract(text)


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=600))
def test_arbitrary_text_raises_only_extraction_error(text):
    try:
        art = extract(text)
    except ExtractionError:
        return
    assert isinstance(art.text, str)


@hsettings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(NAV + FOOTER + PARAS_DE + ["", "12.08.2016", "Lesezeit: 3 min", "Von A B"]),
                max_size=40))
def test_shuffled_page_parts_raise_only_extraction_error(parts):
    try:
        extract("\n".join(parts))
    except ExtractionError:
        pass


def test_thresholds_follow_the_surest_line():
    """A page unlike the training pages scores low throughout; its text still stands out from its furniture."""
    assert _hysteresis(np.array([0.05, 0.6, 0.4, 0.1, 0.55])) == [1, 2, 4]
    assert _hysteresis(np.array([0.1, 0.2, 0.15])) == []  # nothing sure enough to be article text


def test_site_section_headline_title():
    """'Site - Section - Headline': the line copying the last piece is the headline."""
    text = german_page().replace("Neustadt saniert die alte Brücke | Neustädter Tagblatt",
                                 "Tagblatt - Lokales - Neustadt saniert die alte Brücke")
    article = extract_text(Page(text, "text"), ExtractSettings())
    assert article.title == "Neustadt saniert die alte Brücke"


def test_subheadings_over_short_paragraphs_stay_in_the_article():
    """Subheading + short paragraph has a teaser's shape; inside article text it is still article text."""
    sections = [
        ("Die Kosten steigen weiter", "Die Sanierung wird nach neuen Schätzungen deutlich teurer als geplant, "
         "weil die Preise für Stahl und Beton gestiegen sind."),
        ("Pendler müssen umplanen", "Während der Bauzeit bleibt die Brücke für Autos gesperrt, Radfahrer und "
         "Fußgänger dürfen sie aber weiter nutzen."),
        ("Das Land gibt Geld dazu", "Das Verkehrsministerium hat einen Zuschuss zugesagt, über dessen Höhe im "
         "Herbst entschieden werden soll."),
    ]
    paras = list(PARAS_DE)
    for head, text in sections:
        paras += [head, text]
    art = extract(german_page(paras=paras))
    assert art.page_type == "article"
    for head, text in sections:
        assert text in art.text


def test_server_warnings_and_contact_lines_are_not_the_headline():
    """A PHP warning printed before the page, an e-mail address or a credit line with a web address never
    reads as the headline; the warnings are not page text at all."""
    warning = "Warning: mysql_connect(): Access denied for user 'web' in /www/htdocs/site/db.php on line 12"
    text = german_page().replace("Lokales\nNeustadt saniert die alte Brücke\n",
                                 "Lokales\nredaktion@tagblatt.example\n")
    art = extract(f"{warning}\n{warning}\n\n{text}\n\nred, neustadt.example/ Agenturen")
    assert art.title == "Neustadt saniert die alte Brücke"
    assert "mysql_connect" not in art.text and "Warning:" not in art.text


def test_line_vectors_place_the_same_furniture_near_across_languages():
    from lagebild.extract.text._features import EMBED_DIM, line_vectors
    from lagebild.extract.text._lines import split_lines

    lines = split_lines("Newsletter abonnieren\nSubscribe to our newsletter\n"
                        "Der Stadtrat beschloss am Mittwoch die Sanierung der alten Brücke.\n---")
    v = line_vectors(lines)
    assert v.shape == (4, EMBED_DIM) and not v[3].any()  # a line without words has no meaning to place
    unit = v[:3] / np.linalg.norm(v[:3], axis=1, keepdims=True)
    assert unit[0] @ unit[1] > unit[0] @ unit[2] + 0.2


def test_a_comment_section_heading_marks_the_lines_after_it():
    from lagebild.extract.text._features import feature_names, page_features
    from lagebild.extract.text._lines import split_lines

    lines = split_lines("\n".join([PARAS_DE[0], "3 Kommentare", "@Anna: Da haben Sie recht.", "Antworten", PARAS_DE[1]]))
    x = page_features(lines, lambda key: 0.0)
    names = feature_names()
    assert list(x[:, names.index("after_comment_head")]) == [0, 0, 1, 1, 1]
    assert list(x[:, names.index("comment_cue")]) == [0, 0, 1, 1, 0]


def test_read_also_lines_and_a_closing_bio_leave_scraped_text_too():
    pointer = "Lesen Sie auch: Neue Ampel an der Kreuzung kommt im Herbst"
    bio = "Max Muster ist Redakteur im Ressort Lokales und schreibt über Verkehr."
    art = extract(german_page(paras=[PARAS_DE[0], pointer, *PARAS_DE[1:], bio]))
    assert pointer not in art.text and bio not in art.text
    assert all(p in art.text for p in PARAS_DE[1:])


@pytest.mark.parametrize("headline, piece", [("Zeitphilosophie", "Zeitphilosophie Archiv"),
                                             ("Protokoll der Sitzung vom 10. Oktober 2019", "Protokoll der Sitzung")])
def test_a_short_or_dated_line_copying_the_title_is_the_headline(headline, piece):
    """One word, or a date with few other words, does not read as a headline on its own; copying the
    <title>'s headline part, it is one, and beats a menu line holding a piece of the title."""
    text = german_page(title=headline).replace("Startseite\n", f"Startseite\n{piece}\n")
    assert extract(text).title == headline
