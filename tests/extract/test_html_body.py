"""The body's repair steps on small hand-written pages: what the markup says is not prose."""

from __future__ import annotations

import lxml.html

from lagebild.extract._html_blocks import drop_non_prose

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
