"""The body's repair steps on small hand-written pages: what the markup says is not prose."""

from __future__ import annotations

import lxml.html

from lagebild.extract.html._blocks import drop_non_prose

PROSE = [
    "Der Gemeinderat hat am Montag über die neue Brücke beraten und einen Beschluss gefasst.",
    "Die Arbeiten sollen im Frühjahr beginnen und etwa zwei Jahre dauern, sagte die Bürgermeisterin.",
    "Anwohner hatten sich seit Jahren eine bessere Verbindung über den Fluss gewünscht.",
    "Die Kosten trägt zum größten Teil das Land, den Rest übernimmt die Gemeinde selbst.",
]


def _tree(inner: str):
    return lxml.html.document_fromstring(f"<html><body><article>{inner}</article></body></html>")


def _page(extra: str) -> str:
    return "".join(f"<p>{p}</p>" for p in PROSE[:2]) + extra + "".join(f"<p>{p}</p>" for p in PROSE[2:])


def test_caption_and_read_also_line_are_dropped():
    caption = "Die alte Brücke im Winter. Foto: Archiv"
    line = "Lesen Sie auch: Wie die Gemeinde ihre Straßen und Brücken saniert"
    tree = _tree(_page(f"<figure><img src='b.jpg'><figcaption>{caption}</figcaption></figure>"
                       f"<p>Lesen Sie auch: <a href='/x'>Wie die Gemeinde ihre Straßen und Brücken saniert</a></p>"))
    got = drop_non_prose(tree, [*PROSE[:2], caption, line, *PROSE[2:]])
    assert got == PROSE


def test_short_links_and_link_lists_stay():
    source = "[ Quelle ]"
    item = "Wie die Gemeinde ihre Straßen saniert und was das kostet"
    tree = _tree(_page(f"<p><a href='/q'>[ Quelle ]</a></p><ul><li><a href='/y'>{item}</a></li></ul>"))
    paragraphs = [*PROSE[:2], source, item, *PROSE[2:]]
    assert drop_non_prose(tree, paragraphs) == paragraphs


def test_a_gallery_told_in_captions_is_kept():
    captions = [f"Bild {i}: Die Brücke von der {side} Seite gesehen, im Licht des Abends." for i, side in
                enumerate(["linken", "rechten", "oberen", "unteren"])]
    tree = _tree("".join(f"<figure><figcaption>{c}</figcaption></figure>" for c in captions) + _page(""))
    paragraphs = [*captions, *PROSE]
    assert drop_non_prose(tree, paragraphs) == paragraphs


def test_a_short_report_with_a_table_is_an_article():
    from lagebild.extract.html._pagetype import prose_chars

    intro = "Nach den neuen Zahlen des Amtes stieg der Absatz von Heizstoffen im Jahr leicht an, um drei Prozent."
    lead_in = "Dabei zeigte sich im Einzelnen für die wichtigsten Sorten die folgende Entwicklung (Angaben in Tonnen):"
    item = "- der Export von Heizstoffen ist um sieben Prozent auf nun knapp zwölf Millionen Tonnen im Jahr gestiegen;"
    assert prose_chars([intro, lead_in, "| Sorte | 2020 | 2021 |", item]) == len(intro) + len(lead_in) + len(item)


def test_a_link_card_in_a_sentence_is_removed():
    from lagebild.extract.html._blocks import drop_link_cards

    tree = _tree(
        "<p>Die Klage richtet sich gegen <span class='person'><a href='/p/berta'>Berta Beispiel</a>"
        "<span class='card'><img src='b.jpg'><a href='/p/berta'>Berta Beispiel</a>"
        "<a href='/s/1'>Beispiel kündigt Rückzug aus dem Stadtrat an</a>"
        "<a href='/s/2'>Streit um die Brücke geht in die nächste Runde</a></span></span>"
        ", die Leiterin des Bauamts.</p>"
    )
    assert drop_link_cards(tree) == 1
    assert " ".join(tree.find(".//p").text_content().split()) == (
        "Die Klage richtet sich gegen Berta Beispiel, die Leiterin des Bauamts.")


def test_a_paragraph_of_links_is_not_a_card():
    from lagebild.extract.html._blocks import drop_link_cards

    tree = _tree("<p><span><a href='/a'>Erster Beitrag</a> und <a href='/b'>zweiter Beitrag</a></span></p>")
    assert drop_link_cards(tree) == 0


def test_a_name_in_the_middle_of_the_body_is_no_byline():
    from lagebild.extract.html._extract import _without_bylines

    middle = "Beispiel Kraft Riegel"
    paragraphs = ["Von Berta Beispiel", *PROSE[:2], middle, *PROSE[2:], *PROSE]
    assert _without_bylines(paragraphs, ["Beispiel"]) == [*PROSE[:2], middle, *PROSE[2:], *PROSE]


def test_credit_and_date_stamp_lines_are_dropped():
    from lagebild.extract.paragraphs import drop_stamps

    stamps = ["Die Brücke am Abend. © Bildagentur Muster", "Aktualisiert am 03.04.2021, 10:15", "2021-04-03"]
    long_credit = PROSE[0] + " " + PROSE[1] + " © steht hier nur als Zeichen im Satz, der lang genug ist."
    kept = [*PROSE, "Am 03.04.2021 beschloss der Rat mit großer Mehrheit den Bau.", long_credit]
    assert drop_stamps([stamps[0], *PROSE[:2], stamps[1], *PROSE[2:], stamps[2], *kept[4:]]) == kept


def test_the_pages_own_address_printed_alone_is_dropped():
    from lagebild.extract.paragraphs import drop_stamps

    url = "https://news.example/a/bruecke-123"
    other = "https://andere.example/quelle"
    assert drop_stamps([*PROSE[:2], "news.example/a/bruecke-123/", other, *PROSE[2:]], url) == [
        *PROSE[:2], other, *PROSE[2:]]


def test_a_caption_repeating_the_description_is_not_the_lead():
    from lagebild.extract.html._lead import visible_lead

    description = "Der Gemeinderat hat über die neue Brücke beraten und einen Beschluss gefasst, der lange erwartet wurde."
    tree = _tree(f"<figure><img src='b.jpg'><figcaption><p>{description}</p></figcaption></figure>"
                 + "".join(f"<p>{p}</p>" for p in PROSE))
    assert visible_lead(tree, description, PROSE) is None
    tree = _tree(f"<p class='lead'>{description}</p>" + "".join(f"<p>{p}</p>" for p in PROSE))
    assert visible_lead(tree, description, PROSE) == description


def test_lead_with_an_apostrophe_and_no_break_spaces_is_found():
    from lagebild.extract.html._lead import visible_lead

    description = "Der Rat hat's entschieden: Die neue Brücke über den Fluss kommt im nächsten Jahr, teurer als geplant."
    shown = description.replace(" ", "\u00a0", 6)  # the page writes no-break spaces where the description has plain ones
    tree = _tree(f"<p class='lead'>{shown}</p>" + "".join(f"<p>{p}</p>" for p in PROSE))
    assert " ".join(visible_lead(tree, description, PROSE).split()) == description


def test_author_box_and_italic_closing_note_are_dropped():
    bio = "Berta Beispiel schreibt seit zehn Jahren über Verkehr und Stadtplanung in der Region."
    note = "Dieser Beitrag erschien zuerst in unserer gedruckten Wochenendausgabe vom Samstag."
    tree = _tree(_page("") + f"<p><em>{note}</em></p>"
                 + f"<div class='author-bio'><div class='text'><p>{bio}</p></div></div>")
    assert drop_non_prose(tree, [*PROSE, bio, note]) == PROSE


def test_italic_paragraph_inside_the_body_stays():
    quote = "Eine Brücke verbindet nicht nur Ufer, sondern auch Menschen, schrieb einst ein Dichter."
    tree = _tree(f"<p>{PROSE[0]}</p><p><i>{quote}</i></p>" + "".join(f"<p>{p}</p>" for p in PROSE[1:]))
    paragraphs = [PROSE[0], quote, *PROSE[1:]]
    assert drop_non_prose(tree, paragraphs) == paragraphs


def test_tag_links_are_removed():
    from lagebild.extract.html._blocks import drop_tag_links

    tree = _tree(_page("<p>Schlagworte: <a rel='tag' href='/t/bruecke'>Brücke</a>, "
                       "<a rel='tag' href='/t/rat'>Gemeinderat</a></p><p>Mehr im <a href='/x'>Archiv</a>.</p>"))
    assert drop_tag_links(tree) == 2
    text = tree.find(".//body").text_content()
    assert "Gemeinderat</a>" not in text and "Brücke," not in text and "Archiv" in text


def test_closing_calls_to_action_are_dropped():
    from lagebild.extract.paragraphs import drop_closing_pleas

    pleas = ["Gefällt Ihnen dieser Text? Dann abonnieren Sie unseren Newsletter, er kommt jeden Freitag.",
             "Folgen Sie uns auf Facebook und Instagram, um nichts zu verpassen."]
    assert drop_closing_pleas([*PROSE, *pleas]) == PROSE


def test_pleas_inside_the_story_quotes_and_list_items_stay():
    from lagebild.extract.paragraphs import drop_closing_pleas

    quote = "„Wer die Zeitung abonniert, will auch lesen, was vor Ort passiert“, sagte die Verlegerin."
    item = "- Melden Sie sich mit der gleichen Adresse für das Paket an"
    plea = "Abonnieren Sie unseren Newsletter."
    paragraphs = [PROSE[0], plea, *PROSE[1:], quote, item]
    assert drop_closing_pleas(paragraphs) == paragraphs
    assert drop_closing_pleas([plea]) == [plea]  # the body itself is never emptied


def test_read_also_lines_and_teaser_blocks_are_dropped():
    from lagebild.extract.paragraphs import drop_pointers

    line = "Lesen Sie auch: Wie die Gemeinde ihre Straßen saniert"
    teasers = ["Auch interessant", "Neue Ampel am Marktplatz [VIDEO]", "Streit um Parkplätze im Zentrum"]
    got = drop_pointers([PROSE[0], line, PROSE[1], *teasers, *PROSE[2:], "Mehr Themen:"])
    assert got == PROSE


def test_lone_read_also_heading_before_prose_stays():
    from lagebild.extract.paragraphs import drop_pointers

    paragraphs = [PROSE[0], "Lesen Sie auch", *PROSE[1:]]
    assert drop_pointers(paragraphs) == paragraphs


def test_standfirst_the_markup_names_is_found_when_the_body_lacks_it():
    from lagebild.extract.html._lead import marked_standfirst

    standfirst = "Nach langem Streit steht fest: Die neue Brücke kommt, und sie wird teurer als geplant."
    article = "".join(f"<p>{p}</p>" for p in PROSE)
    tree = _tree(f"<h1>Die Brücke kommt</h1><div class='meta'>Von Berta Beispiel</div>"
                 f"<div class='article-teaser'><p>{standfirst}</p></div><div class='text'>{article}</div>")
    assert marked_standfirst(tree, PROSE) == standfirst
    assert marked_standfirst(tree, [standfirst, *PROSE]) is None  # already read
    tree = _tree(f"<h1>Die Brücke kommt</h1><p itemprop='description'>{standfirst}</p>{article}")
    assert marked_standfirst(tree, PROSE) == standfirst


def test_teaser_boxes_after_the_body_are_not_the_standfirst():
    from lagebild.extract.html._lead import marked_standfirst

    teaser = "Auch im Nachbarort wird gebaut: Die Umgehungsstraße soll im Herbst fertig werden."
    tree = _tree("<h1>Die Brücke kommt</h1>" + "".join(f"<p>{p}</p>" for p in PROSE)
                 + f"<div class='teaser'><p>{teaser}</p></div>")
    assert marked_standfirst(tree, PROSE) is None
    tree = _tree(f"<h1>Die Brücke kommt</h1><div class='related-teaser'><p>{teaser}</p></div>"
                 + "".join(f"<p>{p}</p>" for p in PROSE))
    assert marked_standfirst(tree, PROSE) is None


def test_labelled_credit_lines_are_dropped():
    from lagebild.extract.paragraphs import drop_stamps

    credits = ["Foto: Berta Beispiel / Bildagentur", "Quelle: Gemeindeverwaltung", "Source: News agencies",
               "Abbildung 2: Die Brücke im Querschnitt, Quelle Bauamt", "Beitragsbild : Archiv"]
    long_line = "Quelle: " + PROSE[0] + " " + PROSE[1]
    got = drop_stamps([credits[4], PROSE[0], credits[0], *PROSE[1:], credits[1], long_line, credits[2], credits[3]])
    assert got == [*PROSE, long_line]


def test_comment_prompts_closing_the_body_are_trimmed():
    from lagebild.extract.paragraphs import trim_boilerplate

    assert trim_boilerplate([*PROSE, "Tell us what YOU think...", "12 comments"]) == PROSE


def test_standfirst_follows_the_heading_that_reads_as_the_title():
    from lagebild.extract.html._lead import marked_standfirst

    standfirst = "Nach langem Streit steht fest: Die neue Brücke kommt, und sie wird teurer als geplant."
    script = "<div class='teaser'><script>var teaser = 'Eine Zeile Code, die wie ein Satz endet.';</script></div>"
    tree = lxml.html.document_fromstring(
        "<html><body><header><h1><a href='/lokales'>Lokales</a></h1></header><main>"
        f"<h2>Die Brücke kommt</h2>{script}<p class='subtitle'>{standfirst}</p>"
        + "".join(f"<p>{p}</p>" for p in PROSE) + "</main></body></html>")
    assert marked_standfirst(tree, PROSE, "Die Brücke kommt") == standfirst


def test_densest_paragraphs_are_the_last_resort_on_a_page_the_main_pass_fails():
    from lagebild.extract.html._recover import densest_paragraphs

    tree = _tree("<div class='promo'><p>Kurzer Werbesatz für die Seite selbst, der nichts erzählt.</p></div>"
                 "<div class='text'>" + "".join(f"<p>{p}</p>" for p in PROSE) + "<p></p></div>")
    assert densest_paragraphs(tree) == PROSE
    assert densest_paragraphs(_tree(f"<p>{PROSE[0]}</p><div><p>{PROSE[1]}</p></div>")) == []  # no body of text


def test_sibling_chunks_are_recovered_but_text_read_already_is_not_added_again():
    from lagebild.extract.html._recover import recover_siblings

    extra = "Im zweiten Abschnitt des Artikels geht es um die Kosten und um den Zeitplan der Arbeiten."
    tree = _tree("<div class='chunk'>" + "".join(f"<p>{p}</p>" for p in PROSE[:2]) + "</div>"
                 f"<div class='chunk'><p>{extra}</p><p>{PROSE[2]}<br>{PROSE[3]}</p></div>")
    # the main-text pass read the first chunk, and split the last <p> at its <br>
    assert recover_siblings(tree, [*PROSE[:2], PROSE[2], PROSE[3]]) == [*PROSE[:2], extra, PROSE[2], PROSE[3]]


def test_one_line_pleas_are_dropped_anywhere_unless_the_story_is_about_subscribing():
    from lagebild.extract.paragraphs import drop_closing_pleas

    line = "Zum Newsletter anmelden"
    assert drop_closing_pleas([PROSE[0], line, *PROSE[1:]]) == PROSE
    story = ("Wer den Newsletter der Gemeinde abonniert, erfährt künftig als Erster von neuen Baustellen "
             "und gesperrten Straßen im Ort.")
    paragraphs = [PROSE[0], line, story, *PROSE[1:]]
    assert drop_closing_pleas(paragraphs) == paragraphs
    unsubscribe = "Wer keine Post mehr will, kann sich mit einem Klick wieder austragen (unsubscribe)."
    assert drop_closing_pleas([*PROSE, unsubscribe]) == [*PROSE, unsubscribe]


def test_boilerplate_in_table_bars_or_behind_a_star_is_trimmed_but_list_items_stay():
    from lagebild.extract.paragraphs import trim_boilerplate

    assert trim_boilerplate(["*Werbung. Dieser Beitrag enthält bezahlte Links.", *PROSE, "| Kommentare: 0 |  |"]) == PROSE
    item = "- Werbung neuer Mitglieder"
    assert trim_boilerplate([item, *PROSE]) == [item, *PROSE]


def test_closing_author_bio_is_dropped_but_not_a_sentence_about_someone():
    from lagebild.extract.paragraphs import drop_closing_bio

    bio = "Jane Example is a senior writer for The Daily Example and covers transport."
    assert drop_closing_bio([*PROSE, bio]) == PROSE
    assert drop_closing_bio([*PROSE, "Anna Beispiel ist Redakteurin im Ressort Lokales.", PROSE[0]]) == [*PROSE, PROSE[0]]
    story = "Max Muster is a candidate for mayor and will face the council in May."  # no writer's role
    assert drop_closing_bio([*PROSE, story]) == [*PROSE, story]
    assert drop_closing_bio([bio]) == [bio]  # the opening paragraph is never a closing bio


def test_read_also_pointers_in_more_languages_and_a_name_that_looks_like_one():
    from lagebild.extract.paragraphs import drop_pointers, trim_boilerplate

    pointers = ["Lea también: El puente nuevo abre en mayo", "Das könnte Dich auch interessieren: Neue Brücke eröffnet",
                "PUEDES VER: ¿Qué cambia en la ciudad?"]
    assert drop_pointers([PROSE[0], *pointers, PROSE[1]]) == PROSE[:2]
    name = "Lea Müller sagte am Abend, die Brücke werde rechtzeitig fertig"
    assert drop_pointers([PROSE[0], name, PROSE[1]]) == [PROSE[0], name, PROSE[1]]
    assert trim_boilerplate([*PROSE, "Schlagworte:", "Tags:"]) == PROSE


def test_text_after_an_empty_anchor_or_icon_stays_in_the_body():
    from lagebild.extract.html._body import body_paragraphs

    more = ["Der Kreistag muss dem Plan noch zustimmen, gilt aber als sicher, heißt es aus dem Rathaus der Stadt.",
            "Ein Gutachten hatte schon vor drei Jahren gezeigt, dass die alten Pfeiler nicht mehr lange halten.",
            "Radfahrer bekommen auf der neuen Brücke einen eigenen Weg, getrennt von den Autos und den Bussen.",
            "Für Fußgänger entstehen an beiden Ufern neue Treppen und ein Aufzug, der auch im Winter fahren soll.",
            "Die Anwohner wurden im Herbst zu zwei Abenden eingeladen, an denen die Pläne gezeigt worden sind.",
            "Während der Bauzeit wird eine Fähre eingerichtet, die tagsüber alle zwanzig Minuten übersetzen soll.",
            "Die alte Brücke aus den fünfziger Jahren wird danach abgerissen, ihr Stahl soll verkauft werden."]
    first = PROSE + more[:5]  # over 700 characters: the precision pass alone is read, no fuller pass after it
    tree = _tree("<h1>Neue Brücke</h1>" + "".join(f"<p>{p}</p>" for p in first)
                 + f"<p><span id='more-12'></span>{more[5]}</p><p><i class='icon'></i>{more[6]}</p>")
    # the precision pass drops an empty element with the text that follows it
    assert body_paragraphs(tree, None, "") == ["Neue Brücke", *PROSE, *more]  # the headline goes in split_lead


def test_empty_elements_without_text_after_them_are_left_alone():
    from lagebild.extract.html._blocks import free_loose_text

    tree = _tree(f"<p>{PROSE[0]}<span class='x'></span></p><div></div><p><b></b> </p>")
    assert free_loose_text(tree) == 0
    tree = _tree(f"<p>Am Ufer <span id='more-3'></span>steht ein Haus.</p>")
    assert free_loose_text(tree) == 1
    assert [p.text for p in tree.iter("p")] == ["Am Ufer steht ein Haus."]


def test_a_subheading_between_two_body_paragraphs_is_put_back():
    from lagebild.extract.html._recover import recover_headings

    tree = _tree(f"<p>{PROSE[0]}</p><p>{PROSE[1]}</p><h2>Was die Brücke kostet</h2><figure><img src='b.jpg'></figure>"
                 f"<p>{PROSE[2]}</p><p>{PROSE[3]}</p><h2>Weitere Artikel</h2><h3>Mehr aus der Gemeinde</h3>")
    assert recover_headings(tree, PROSE) == [*PROSE[:2], "Was die Brücke kostet", *PROSE[2:]]


def test_headings_that_are_links_boilerplate_or_not_between_read_paragraphs_stay_out():
    from lagebild.extract.html._recover import recover_headings

    linked = "<h2><a href='/bruecke'>Alles zur Brücke im Überblick</a></h2>"
    boiler = "<h3>Kommentare</h3>"
    skipped = "<h2>Ein Abschnitt, dessen Absatz fehlt</h2><p>Ein Absatz, den der Text nicht enthält, dazwischen.</p>"
    for between in (linked, boiler, skipped):
        tree = _tree(f"<p>{PROSE[0]}</p><p>{PROSE[1]}</p>{between}<p>{PROSE[2]}</p><p>{PROSE[3]}</p>")
        assert recover_headings(tree, PROSE) == PROSE, between
    long_heading = "<h2>" + "Ein sehr langer Satz in einer Überschrift, der eigentlich ein Absatz ist. " * 3 + "</h2>"
    tree = _tree(f"<p>{PROSE[1]}</p>{long_heading}<p>{PROSE[2]}</p>")
    assert recover_headings(tree, [PROSE[1], PROSE[2]]) == [PROSE[1], PROSE[2]]
