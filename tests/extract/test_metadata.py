"""Metadata from hand-written HTML snippets: the date shown by the headline, bylines, titles."""

from __future__ import annotations

import lxml.html

from lagebild.extract.metadata import read_metadata


def metadata(body: str, head: str = "", url: str | None = "https://news.example/politik/a-1"):
    tree = lxml.html.document_fromstring(f"<html><head>{head}</head><body>{body}</body></html>")
    return read_metadata(tree, url)


def day(value) -> str:
    return value[:10] if isinstance(value, str) else value.date().isoformat()


def test_date_shown_by_the_headline_beats_an_older_meta_date():
    head = '<meta property="article:published_time" content="2021-01-10T09:00:00+01:00">'
    body = "<h1>Neue Brücke für den Ort</h1><p>Aktualisiert: 14.03.2021, 10:05 Uhr</p><p>Ein langer Text.</p>"
    assert day(metadata(body, head).published) == "2021-03-14"


def test_date_in_a_sentence_by_the_headline_is_not_the_page_date():
    head = '<meta property="article:published_time" content="2021-01-10T09:00:00+01:00">'
    body = "<h1>Neue Brücke</h1><p>Der Bau soll am 14. März 2021 beginnen, sagte die Bürgermeisterin.</p>"
    assert day(metadata(body, head).published) == "2021-01-10"


def test_ambiguous_shown_date_is_read_the_way_the_metadata_reads_it():
    head = '<meta property="og:locale" content="en_GB"><meta property="article:published_time" content="2020-04-12T08:00:00+00:00">'
    body = "<h1>Olive bread</h1><span>12/04/2020</span>"
    assert day(metadata(body, head).published) == "2020-04-12"


def test_shown_date_on_a_page_without_metadata():
    body = "<h1>Trail report</h1><div class='meta'>May 6, 2019</div><p>We walked.</p>"
    assert day(metadata(body).published) == "2019-05-06"


def test_credit_line_by_the_headline_names_the_author():
    body = "<h1>Ein Titel</h1><div class='x1'><span>Von</span> <a href='/p/1'>Erika Probe</a> | 12.03.2024</div>"
    assert metadata(body).authors == ["Erika Probe"]


def test_labelled_credit_lines_across_languages():
    assert metadata("<h1>T</h1><p><strong>Autor:</strong> <a>Jan Zufall</a><br><strong>Tags:</strong> x</p>").authors == [
        "Jan Zufall"]
    assert metadata("<h1>T</h1><div>Auteur : Lise Exemple</div>").authors == ["Lise Exemple"]
    assert metadata("<h1>T</h1><div>Posted on May 3, 2020 by Sam Sample</div>").authors == ["Sam Sample"]


def test_copyright_and_picture_credits_are_not_authors():
    body = ("<h1>T</h1><figure><figcaption>Quelle: Pia Bildner</figcaption></figure>"
            "<div>© 2020 by Firma Muster</div><p>Der Weg von Aachen nach Bonn ist lang.</p>")
    assert metadata(body).authors == []


def test_handle_in_metadata_gives_way_to_the_name_in_the_byline():
    head = '<meta name="author" content="jane_roe">'
    body = "<h1>T</h1><p class='byline'>Von Jane Roé</p>"
    assert metadata(body, head).authors == ["Jane Roé"]


def test_site_name_as_author_only_when_no_person_is_credited():
    head = '<meta property="og:site_name" content="Beispielbund"><meta name="author" content="Beispielbund">'
    assert metadata("<h1>T</h1><p>Text.</p>", head).authors == ["Beispielbund"]
    head += '<meta name="author" content="Beispielbund - Ida Muster">'
    assert metadata("<h1>T</h1><p>Text.</p>", head).authors == ["Ida Muster"]


def test_byline_in_the_article_footer_counts_but_not_in_the_page_footer():
    body = ("<article><h1>T</h1><p>Text.</p><footer><address itemprop='author'><span itemprop='name'>Ola Nord"
            "</span></address></footer></article>")
    assert metadata(body).authors == ["Ola Nord"]
    body = "<article><h1>T</h1><p>Text.</p></article><footer><div class='author'>Ola Nord</div></footer>"
    assert metadata(body).authors == []


def test_author_box_link_labels_are_not_part_of_the_name():
    body = "<h1>T</h1><div class='author-box'><a>Alles von Kai Beispiel</a></div>"
    assert metadata(body).authors == ["Kai Beispiel"]


def test_headline_in_an_h2_when_the_h1_is_the_site_name():
    head = "<title>Kleiner Hafen » Neue Fähre ab Mai</title>"
    body = "<h1>Kleiner Hafen</h1><h2>Neue Fähre ab Mai</h2><p>Text.</p>"
    assert metadata(body, head, url="https://kleiner-hafen.example/f").title == "Neue Fähre ab Mai"


def test_section_heading_is_not_the_headline():
    head = "<title>Amt online - Meldungen - Neue Regeln für Zollanträge</title>"
    body = "<h1>Amt</h1><h1>Meldungen</h1><h1>Neue Regeln für Zollanträge</h1>"
    assert metadata(body, head, url="https://amt.example/m/1").title == "Neue Regeln für Zollanträge"


def test_site_heading_does_not_replace_the_headline():
    head = "<title>Neue Regeln für Zollanträge | AMT.DE</title>"
    body = "<h1>Neue Regeln für Zollanträge</h1><div class='headline'>AMT.de</div>"
    assert metadata(body, head, url="https://www.amt.de/m/1").title == "Neue Regeln für Zollanträge"


def test_author_label_and_name_in_separate_elements():
    body = "<h1>T</h1><div><h4>Autor</h4><p><a href='/p/9'>Uwe Zeile</a><b>, </b></p></div>"
    assert metadata(body).authors == ["Uwe Zeile"]


def test_credit_line_ends_where_another_role_begins():
    body = "<h1>T</h1><p>Text von Rita Probe Illustration von Max Farbe</p>"
    assert metadata(body).authors == ["Rita Probe"]


def test_update_stamp_beside_the_published_one_is_not_the_shown_date():
    body = ('<h1>Frost im Garten</h1><span><time class="updated" datetime="2021-02-03">3. Februar 2021</time>'
            '<time class="entry-date published" datetime="2021-02-04">4. Februar 2021</time></span><p>Text.</p>')
    assert day(metadata(body).published) == "2021-02-04"
    body = ('<h1>Frost</h1><time itemprop="dateModified">2021-05-09 10:00</time>'
            '<span class="hidden">2021-05-09</span><span>02.05.2021 08:00</span>')
    assert day(metadata(body).published) == "2021-05-02"


def test_a_lone_updated_class_still_marks_the_shown_date():
    body = '<h1>Frost</h1><time class="entry-date updated" datetime="2021-03-07">7 March, 2021</time><p>Text.</p>'
    assert day(metadata(body).published) == "2021-03-07"


def test_shown_date_is_read_by_the_article_headline_not_the_logo_heading():
    body = ('<h1 class="logo"><a href="/">Beispielblatt</a></h1><nav><a href="/a">Start</a></nav>'
            '<div>Meldung vom 02.01.2020</div>'
            '<h1>Neuer Radweg am Fluss wird im Frühjahr eröffnet</h1><p>Datum: 18.10.2021</p><p>Ein Text.</p>')
    head = "<title>Neuer Radweg am Fluss wird im Frühjahr eröffnet</title>"
    assert day(metadata(body, head).published) == "2021-10-18"


def test_date_in_a_link_to_another_page_is_not_the_shown_date():
    url = "https://news.example/2021/06/04/radweg"
    body = ('<h1>Radweg</h1><p>Posted by <a href="https://social.example/p/9">Verein</a> on '
            '<a href="https://social.example/p/9">Monday, June 7, 2021</a></p>'
            f'<p><a href="{url}/" rel="bookmark"><time>4. Juni 2021</time></a></p>')
    assert day(metadata(body, url=url).published) == "2021-06-04"


def test_a_hidden_heading_is_not_the_headline_the_date_stands_by():
    body = ('<h1 class="visuallyhidden">Neue Bäume für den Stadtpark</h1><nav><a href="/a">Start</a>'
            '<span>Stand 01.01.2020</span></nav>'
            '<h2 class="title">Neue Bäume für den Stadtpark</h2><p>Kurz.</p><time>25.01.2022</time>')
    head = "<title>Neue Bäume für den Stadtpark</title>"
    assert day(metadata(body, head).published) == "2022-01-25"


def test_author_from_a_written_by_card_label_and_a_cxense_tag():
    head = '<meta name="twitter:label1" content="Verfasst von"><meta name="twitter:data1" content="Jana Beispiel">'
    assert metadata("<h1>T</h1><p>Text.</p>", head).authors == ["Jana Beispiel"]
    head = ('<meta property="og:site_name" content="Musterblatt"><meta name="author" content="Musterblatt">'
            '<meta property="cXenseParse:author" content="Lena Probe">')
    assert metadata("<h1>T</h1><p>Text.</p>", head).authors == ["Lena Probe"]


def test_second_author_listed_by_creator_or_meta_but_not_json_ld_author():
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "T",'
          ' "author": {"@type": "Person", "name": "Jana Beispiel"}, "creator": ["Jana Beispiel", "Tom Probe"]}</script>')
    assert metadata("<h1>T</h1><p>Text.</p>", ld).authors == ["Jana Beispiel", "Tom Probe"]
    head = ld.replace(', "creator": ["Jana Beispiel", "Tom Probe"]', "") + '<meta name="author" content="Jana Beispiel, TK">'
    assert metadata("<h1>T</h1><p>Text.</p>", head).authors == ["Jana Beispiel"]


def test_phrases_and_theme_credits_in_the_author_tag_are_not_names():
    head = '<meta name="author" content="unseren Lesern">'
    body = "<h1>T</h1><p>Von Erika Probe</p><p>Ein Text.</p>"
    assert metadata(body, head).authors == ["Erika Probe"]
    head = '<meta name="author" content="Max Muster und Theme designed">'
    assert metadata("<h1>T</h1><p>Text.</p>", head).authors == ["Max Muster"]
    head = '<meta name="author" content="Ludwig van Beethoven">'
    assert metadata("<h1>T</h1><p>Text.</p>", head).authors == ["Ludwig van Beethoven"]


def test_author_of_a_web_page_graph_without_an_article_object():
    ld = ('<script type="application/ld+json">{"@graph": [{"@type": "WebPage", "@id": "https://news.example/a#page",'
          ' "author": {"@id": "https://news.example/#p1"}}, {"@type": "Person", "@id": "https://news.example/#p1",'
          ' "name": "kmuster"}]}</script>')
    assert metadata("<h1>T</h1><p>Text.</p>", ld).authors == ["kmuster"]
    assert metadata("<h1>T</h1><p>Text: Jana Beispiel</p><p>Ein Text.</p>", ld).authors == ["Jana Beispiel"]


def test_von_line_ends_at_its_line_break():
    body = ("<h1>T</h1><p>Von <strong><a href='/a'>Erika Probe</a></strong> und <strong>Max Muster</strong>"
            "<br>Bonn/Deutschland</p><p>Ein langer Text über den Ort.</p>")
    assert metadata(body).authors == ["Erika Probe", "Max Muster"]


def test_citation_authors_before_a_stray_author_tag():
    head = ('<meta name="author" content="AB. Cited, CD. Other,"><meta name="citation_author" content="Jana Beispiel">'
            '<meta name="citation_author" content="Tom Probe">')
    assert metadata("<h1>T</h1><p>Text.</p>", head).authors == ["Jana Beispiel", "Tom Probe"]


def test_byline_element_and_agency_code_beside_the_name():
    body = "<h1>T</h1><byline>Von Jana Beispiel, dpa</byline><p>Ein Text über den Ort.</p>"
    assert metadata(body).authors == ["Jana Beispiel"]


def test_person_that_the_blog_is_named_after():
    head = ('<meta property="og:site_name" content="Jana Beispiel schreibt">'
            '<script type="application/ld+json">{"@graph": [{"@type": "BlogPosting", "headline": "T",'
            ' "author": {"@id": "#p"}}, {"@type": ["Person", "Organization"], "@id": "#p", "name": "Jana Beispiel"}]}'
            '</script>')
    body = ('<h1>T</h1><span class="author vcard"><a rel="author" href="/author/jb">Jana Beispiel</a></span>'
            '<p>Ein Text.</p><h6>Text: Mein Motto im Winter</h6>')
    assert metadata(body, head).authors == ["Jana Beispiel"]


def test_two_letter_author_handle_from_structured_data():
    head = '<meta name="author" content="kb">'
    assert metadata("<h1>T</h1><p>Text.</p>", head).authors == ["kb"]


def test_meta_author_the_page_never_shows_gives_way_to_the_byline():
    head = '<meta name="author" content="Muster Verlag GmbH">'
    body = ('<h1>T</h1><table><tr><td>26 | 01 | 2022</td><td class="authorbold">Text & Fotos: Tom Probe</td></tr>'
            '</table><p>Ein langer Text über den Ort.</p>')
    assert metadata(body, head).authors == ["Tom Probe"]
    head = '<meta name="author" content="Jana Beispiel">'
    body = '<h1>T</h1><p class="byline">Von Tom Probe</p><p>Jana Beispiel schrieb den Text.</p>'
    assert metadata(body, head).authors == ["Jana Beispiel"]


def test_logo_heading_at_the_tail_of_the_title_tag_is_not_the_headline():
    head = "<title>Frost kommt am Mittwoch zurück l BEISPIEL RADIO</title>"
    body = ('<h1 class="logo"><a href="/">BEISPIEL RADIO</a></h1><h1>Frost kommt am Mittwoch zurück</h1>'
            '<p class="date">Written: 2023-11-07 15:03:30</p><p>Ein Text.</p>')
    md = metadata(body, head, url=None)
    assert md.title == "Frost kommt am Mittwoch zurück"
    assert day(md.published) == "2023-11-07"


def test_two_digit_year_after_a_month_name_where_the_bracket_closes():
    from lagebild.extract.dates import find_dates

    assert [d.day.isoformat() for d in find_dates("( Ortsname, 14 Gennaio 20 )", "it")] == ["2020-01-14"]
    assert find_dates("Am 5. März 20 Menschen", "de") == []
    body = "<h1>Ein Bär im Park</h1><p>( Ortsname, 14 Gennaio 20 )</p><p>Ein Text.</p>"
    assert day(metadata(body).published) == "2020-01-14"


def test_date_labelled_as_the_publication_on_a_page_without_metadata():
    body = ("<h1>Folge 12: Sterne</h1>" + "<p>Ein langer Absatz über Sterne und Teilchen.</p>" * 20
            + "<p>Veröffentlicht am 16.08.2019<br>Dauer: 1 Stunde</p>"
            + '<div class="comments"><a href="/k/1"><time datetime="2019-08-24T03:36:11+02:00">24. August 2019</time></a></div>')
    assert day(metadata(body).published) == "2019-08-16"


def test_date_after_the_author_name_below_a_long_teaser_list():
    head = ('<meta name="author" content="Jana Beispiel">'
            '<meta property="article:published_time" content="2019-05-01T10:00:00+02:00">')
    teasers = "".join(f"<li><a href='/t/{i}'>Anderes Thema {i}</a></li>" for i in range(20))
    body = (f"<h1>Ananaskuchen</h1><ul>{teasers}</ul><div><span>By</span> <span>Jana Beispiel</span></div>"
            "<div>Updated June 13, 2019</div><p>Ein Text.</p>")
    assert day(metadata(body, head).published) == "2019-06-13"
    comments = body.replace("<div><span>By</span>", "<section class='comments'><div><span>By</span>").replace(
        "2019</div>", "2019</div></section>")
    assert day(metadata(comments, head).published) == "2019-05-01"


def test_plain_date_by_the_headline_beats_an_update_line():
    body = ("<div>Politik | 30 septembre 2018</div><h2>Deux ans en ville</h2><p>Un texte.</p>"
            "<p><i>Article mis à jour le 7 janvier 2020</i></p>")
    head = "<title>Deux ans en ville</title>"
    assert day(metadata(body, head).published) == "2018-09-30"
    assert day(metadata("<h1>Neue Brücke</h1><p>Aktualisiert: 14.03.2021</p>").published) == "2021-03-14"


def test_microdata_publication_date_beats_a_generic_date_tag():
    head = '<meta name="date" content="2022-01-21">'  # a generic tag that often dates the site build, not the article
    body = ("<article><h1>Neue Brücke</h1><p>Ein langer Text über die Brücke.</p>"
            "<footer><time itemprop='datePublished' datetime='2022-01-14T10:31:00+01:00'>vor einer Woche</time></footer></article>")
    assert metadata(body, head).published.isoformat()[:16] == "2022-01-14T10:31"


def test_byline_pieces_set_apart_by_style_only_give_the_name_alone():
    # "By", the name and the role in elements of their own, no space between them: the joined text would be
    # "ByJana BeispielStaff Writer"; the name stands alone in its piece
    body = ("<h1>T</h1><div class='author'><span>By</span><a href='/a/jb'>Jana Beispiel</a>"
            "<span>Staff Writer</span></div><p>Text.</p>")
    assert metadata(body).authors == ["Jana Beispiel"]
    body = "<h1>T</h1><div class='author'><span>About the author</span><a>Ida Muster</a></div><p>Text.</p>"
    assert metadata(body).authors == ["Ida Muster"]  # a label piece names nobody
    body = "<h1>T</h1><div class='author'><span>Un reportage de</span><a>Ida Muster</a></div><p>Text.</p>"
    assert metadata(body).authors == ["Ida Muster"]
    body = "<h1>T</h1><div class='author'>Von <a href='/a/kb'>Kai Beispiel</a> und Ola Nord</div>"
    assert metadata(body).authors == ["Kai Beispiel", "Ola Nord"]  # spaced pieces: the whole line as before


def test_the_first_name_of_a_glued_byline_is_an_author_candidate():
    from lagebild.extract.metadata._read import read_candidates

    tree = lxml.html.document_fromstring(
        "<html><body><h1>T</h1><p class='byline'><a>Jana Beispiel</a><i>Gardener, Astrologer</i></p>"
        "<p>Text.</p></body></html>")
    cands, rows = read_candidates(tree, "https://news.example/a")[1]["author"]
    assert [c.value for c in cands if "byline_piece" in c.sources] == [["Jana Beispiel"]]
    assert len(rows) == len(cands)


def test_a_name_split_over_pieces_is_read_whole_not_by_half():
    from lagebild.extract.metadata._bylines import byline_piece

    # given and family name in spans of their own (schema.org's givenName / familyName), a space between them;
    # a first letter set in bold: the pieces are parts of one name, not names
    for byline in ("<span itemprop='author'><span>Mira</span> <span>Feldhaus</span></span>",
                   "<div class='author'><b>M</b>ira Feldhaus</div>",
                   "<div class='author'><span>Mira</span>\n<span>Feldhaus</span></div>"):
        body = f"<h1>T</h1>{byline}<p>Text.</p>"
        assert metadata(body).authors == ["Mira Feldhaus"], byline
        tree = lxml.html.document_fromstring(f"<html><body>{body}</body></html>")
        assert byline_piece(tree) in ([], ["Mira Feldhaus"]), byline
    # a one-word credit set apart by style from the word after it stays whole, as does one before a comma
    body = "<h1>T</h1><div class='author'><span>DPA</span><span>Nachrichtenagentur</span></div><p>Text.</p>"
    assert metadata(body).authors == ["DPA"]
    body = "<h1>T</h1><div class='author'><span>Reuters, </span><span> Genf</span></div><p>Text.</p>"
    tree = lxml.html.document_fromstring(f"<html><body>{body}</body></html>")
    assert byline_piece(tree) == ["Reuters"]


def test_credit_line_read_in_document_order_not_split_at_the_sources_newlines():
    # the source's own newlines are spaces on screen; the date after the name (a month before a number) ends it
    body = ("<h1>T</h1><p class='meta'>\n<span>\nBy\n<a href='/p/jb'>Jana Beispiel</a>\n</span>\n"
            "<span>April 12, 2024</span></p><p>Text.</p>")
    assert metadata(body).authors == ["Jana Beispiel"]
    body = ("<h1>T</h1><h2>Leute <span>06.11.2023 13:30 von Olga</span> <span>Symbolbild Agentur</span></h2>"
            "<p>Text.</p>")
    assert metadata(body).authors == ["Olga"]  # a picture credit after the name is not part of it
