"""The HTML path's faster tree walks (issue 15, speed) on hand-written pages: each reads what the slower walk it
replaced read — control characters, the raw UTF-8 bytes, byline / breadcrumb / headline elements found through
their attributes, the lines above the headline, the lead behind no-break spaces, author boxes and italic notes."""

from __future__ import annotations

import lxml.html
import pytest

from lagebild.errors import ExtractionError
from lagebild.extract import extract
from lagebild.extract.html import parse
from lagebild.extract.html._blocks import drop_non_prose
from lagebild.extract.html._lead import visible_lead
from lagebild.extract.metadata import read_metadata
from lagebild.extract.metadata._bylines import _byline_elements
from lagebild.model import Page
from lagebild.settings import ExtractSettings

PROSE = [
    "Die Fähre über den See fährt ab dem ersten Mai wieder jede Stunde, teilte der Betreiber am Dienstag mit.",
    "Im Winter war sie wegen niedrigen Wassers nur zweimal am Tag gefahren, was viele Pendler geärgert hatte.",
    "Für die Saison wurden zwei neue Anleger gebaut, einer davon ist auch für Rollstühle gut zu erreichen.",
]


def _page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def _tree(body: str, head: str = ""):
    return lxml.html.document_fromstring(_page(body, head))


def _paragraph_texts(tree) -> list[str]:
    return [" ".join(p.text_content().split()) for p in tree.iter("p")]


# --- parsing: control characters, non-characters, the bytes handed to the parser ---------------------------


def test_control_characters_and_noncharacters_become_spaces_however_the_page_arrives():
    html = _page("<p>Die Fähre\x01fährt\x0bwieder\x0cjede\x1fStunde\ufffeab\uffffMai.</p>")
    expected = ["Die Fähre fährt wieder jede Stunde ab Mai."]
    for content in (html, html.encode("utf-8"), html.replace("\ufffe", " ").replace("\uffff", " ").encode("cp1252")):
        tree = parse(Page(content=content, kind="html"), ExtractSettings())
        assert [p.text for p in tree.iter("p")] == expected, type(content)  # as written: not whitespace-normalised


def test_a_declared_latin1_page_is_decoded_before_parsing():
    html = '<html><head><meta charset="iso-8859-1"></head><body><p>Grüße aus Köln, schöne Straße.</p></body></html>'
    tree = parse(Page(content=html.encode("latin-1"), kind="html"), ExtractSettings())
    assert _paragraph_texts(tree) == ["Grüße aus Köln, schöne Straße."]


def test_utf8_page_with_a_stray_byte_is_reencoded_with_a_replacement_character():
    text = "Die Brücke über die Spree ist wieder offen, sagt die Stadt. Grüße, schöne Straße, Köln. " * 3
    data = _page(f"<p>{text}Endlich!</p>").encode().replace(b"Endlich", b"End\xfflich")
    paragraph = _paragraph_texts(parse(Page(content=data, kind="html"), ExtractSettings()))[0]
    assert paragraph.startswith("Die Brücke über die Spree ist wieder offen")
    assert paragraph.endswith("End\ufffdlich!")


@pytest.mark.parametrize(("content", "reason"), [
    (b"\x01\x02\x03 \x1f", "empty page"),
    ("\x01\ufffe", "empty page"),
    (b"Die Brucke ist offen, \x01 sagt die Stadt", "no HTML markup in the page"),
])
def test_unusable_pages_are_refused_with_their_reason(content, reason):
    with pytest.raises(ExtractionError, match=reason):
        parse(Page(content=content, kind="html"), ExtractSettings())


# --- the lead behind no-break spaces -------------------------------------------------------------------------


def test_lead_written_with_no_break_spaces_is_found_and_a_text_that_only_shares_words_is_not():
    description = "Nach zwei Jahren Bauzeit ist der neue Anleger am See fertig und wird am Samstag eröffnet."
    shown = description.replace(" ", "\u00a0", 4)
    tree = _tree(f"<div><p>Nach zwei Jahren Bauzeit</p></div><div class='intro'>{shown}</div>"
                 + "".join(f"<p>{p}</p>" for p in PROSE))
    assert visible_lead(tree, description, PROSE) == description
    decoy = _tree("<p>Nach zwei Jahren Bauzeit wurde gestritten.</p>" + "".join(f"<p>{p}</p>" for p in PROSE))
    assert visible_lead(decoy, description, PROSE) is None


# --- byline, breadcrumb and headline elements found through their attributes ----------------------------


def test_byline_elements_by_kind_in_page_order_and_only_in_byline_tags():
    tree = _tree("<section class='author-info'>Redaktion</section>"
                 "<span class='byline'>Von Jana Muster</span>"
                 "<a rel='author' href='/jana'>Jana Muster</a>"
                 "<div id='post-author'>Jana Muster</div>"
                 "<p itemprop='author'>Jana Muster</p>"
                 "<byline>Jana Muster</byline>")
    itemprop, rel, marked = _byline_elements(tree)
    assert [el.tag for el in itemprop] == ["p"]
    assert [el.tag for el in rel] == ["a"]
    assert [el.tag for el in marked] == ["span", "div", "byline"]  # not the <section>: no byline tag


def test_itemprop_author_comes_before_a_byline_class_earlier_on_the_page():
    body = ("<h1>Neue Fähre</h1><div class='byline'><a href='/ole'>Ole Beispiel</a></div>"
            "<span itemprop='author'>Jana Muster</span>" + "".join(f"<p>{p}</p>" for p in PROSE))
    assert read_metadata(_tree(body), "https://see.example/faehre-1").authors == ["Jana Muster"]


def test_the_first_breadcrumb_trail_in_page_order_names_the_section():
    body = ("<nav aria-label='Breadcrumb'><a href='/'>Start</a> <a href='/verkehr'>Verkehr</a></nav>"
            "<h1>Neue Fähre</h1>" + "".join(f"<p>{p}</p>" for p in PROSE)
            + "<div class='breadcrumbs'><a href='/'>Start</a> <a href='/kultur'>Kultur</a></div>")
    md = read_metadata(_tree(body), "https://see.example/2024/faehre-1")
    assert md.section == "Verkehr"


def test_headline_from_a_marked_div_but_not_from_a_marked_section():
    head = "<title>Seebote | Die Fähre fährt wieder stündlich</title>"
    body = ("<section class='headline-box'>Seebote</section><div class='entry-title'>Die Fähre fährt wieder stündlich</div>"
            + "".join(f"<p>{p}</p>" for p in PROSE))
    md = read_metadata(_tree(body, head), "https://seebote.example/a-1")
    assert md.title == "Die Fähre fährt wieder stündlich"


# --- the lines above the headline ------------------------------------------------------------------------------


def test_date_line_just_above_the_headline_is_read_past_scripts_and_older_lines():
    body = ("<div>Archiv: 02.01.2019</div><div>Wetter</div><div>Verkehr</div>"
            "<p class='date'>14.03.2021</p><script>var x = 1;</script>\n<script>var y = 2;</script>\n"
            "<h1>Neue Fähre</h1>" + "".join(f"<p>{p}</p>" for p in PROSE))
    published = read_metadata(_tree(body), None).published
    assert (published if isinstance(published, str) else published.date().isoformat())[:10] == "2021-03-14"


def test_only_the_last_three_lines_above_the_headline_count():
    head = '<meta property="article:published_time" content="2021-01-10T09:00:00+01:00">'
    lines = "<div>Wetter</div><div>Verkehr</div><div>Kultur</div>"
    rest = "<h1>Neue Fähre</h1><p>Ohne Datum geht es weiter mit einem Satz über die Fähre auf dem See.</p>"
    for above, day in ((lines[:-len("<div>Kultur</div>")], "2021-03-14"), (lines, "2021-01-10")):
        published = read_metadata(_tree(f"<p class='date'>14.03.2021</p>{above}{rest}", head), None).published
        assert (published if isinstance(published, str) else published.date().isoformat())[:10] == day


# --- author boxes and italic closing notes found without XPath calls -------------------------------------


def test_author_box_six_levels_up_is_dropped_but_not_seven():
    bio = "Jana Muster schreibt seit vielen Jahren über Schifffahrt und den See."
    near = "<div class='author-bio'><div><div><div><div><div><p>" + bio + "</p></div></div></div></div></div></div>"
    far = "<div class='author-bio'><div><div><div><div><div><div><p>" + bio + "</p></div></div></div></div></div></div></div>"
    for box, kept in ((near, PROSE), (far, [*PROSE, bio])):
        tree = _tree("<article>" + "".join(f"<p>{p}</p>" for p in PROSE) + box + "</article>")
        assert drop_non_prose(tree, [*PROSE, bio]) == kept


def test_closing_note_in_italics_is_dropped_a_plain_one_and_a_partly_slanted_one_stay():
    note = "Dieser Text erschien zuerst in der gedruckten Ausgabe vom Samstag."
    for markup, dropped in ((f"<p><em>{note}</em></p>", True), (f"<p><i>Dieser Text</i> {note[11:]}</p>", False),
                            (f"<p>{note}</p>", False)):
        tree = _tree("<article>" + "".join(f"<p>{p}</p>" for p in PROSE) + markup + "</article>")
        assert drop_non_prose(tree, [*PROSE, note]) == (PROSE if dropped else [*PROSE, note]), markup


def test_caption_inside_a_figcaption_deeper_down_is_dropped():
    caption = "Die neue Fähre am Anleger im Abendlicht, aufgenommen vom Ufer aus."
    tree = _tree("<article>" + "".join(f"<p>{p}</p>" for p in PROSE)
                 + f"<figure><figcaption><div><p>{caption}</p></div></figcaption></figure></article>")
    assert drop_non_prose(tree, [*PROSE, caption]) == PROSE


def test_a_whole_page_reads_the_same_through_the_faster_walks():
    body = ("<header><nav aria-label='breadcrumb'><a href='/'>Start</a> <a href='/see'>See</a></nav></header>"
            "<article><h1>Die Fähre fährt wieder stündlich</h1><p class='date'>14.03.2021</p>"
            "<span class='byline'>Von Jana Muster</span>"
            + "".join(f"<p>{p}</p>" for p in PROSE) + "<p><em>Dieser Text erschien zuerst gedruckt.</em></p></article>")
    article = extract(Page(content=_page(body).encode(), kind="html", url="https://seebote.example/see/faehre"))
    assert article.title == "Die Fähre fährt wieder stündlich"
    assert article.authors == ["Jana Muster"]
    assert article.section == "See"
    assert (article.published or "")[:10] == "2021-03-14"
    assert article.text.split("\n\n") == PROSE


# --- the garbage collector around htmldate ----------------------------------------------------------------


def test_htmldate_runs_with_the_collector_paused_and_it_resumes_even_when_htmldate_fails(monkeypatch):
    import gc

    import htmldate

    from lagebild.extract.metadata._date import _htmldate

    seen = []

    def fake(*args, **kwargs):
        seen.append(gc.isenabled())
        if kwargs.get("extensive_search"):
            raise RuntimeError("a parser error")
        return "2021-03-14"

    monkeypatch.setattr(htmldate, "find_date", fake)
    assert gc.isenabled()
    assert _htmldate(_tree("<p>x</p>"), None, extensive=False) == "2021-03-14"
    assert _htmldate(_tree("<p>x</p>"), None, extensive=True) is None
    assert seen == [False, False] and gc.isenabled()
    gc.disable()
    try:  # a caller that switched the collector off keeps it off
        _htmldate(_tree("<p>x</p>"), None, extensive=False)
        assert not gc.isenabled()
    finally:
        gc.enable()
