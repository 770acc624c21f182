from __future__ import annotations

from texts import make
from texts import CHILE_DE_1, CHILE_EN, JAPAN_DE

from lagebild.model import Article
from lagebild.stories import dedup

BODY = (
    "Die Bundesregierung hat am Mittwoch in Berlin einen Gesetzentwurf zur Reform der Pflegeversicherung "
    "beschlossen. Gesundheitsminister Karl Lauterbach sagte, die Beiträge sollen zum 1. Juli um 0,35 "
    "Prozentpunkte steigen. Pflegebedürftige, die zu Hause versorgt werden, erhalten ab Januar fünf Prozent "
    "mehr Pflegegeld. Die Opposition kritisierte die Pläne als unzureichend. Der Sozialverband VdK forderte "
    "eine grundlegende Finanzreform. Die Krankenkassen warnten vor weiter steigenden Kosten in den kommenden "
    "Jahren. Der Bundestag soll das Gesetz noch vor der Sommerpause beraten. Die Länder müssen im Bundesrat "
    "zustimmen. Nach Schätzungen des Ministeriums bringt die Erhöhung rund 6,6 Milliarden Euro im Jahr."
)
EDITED = (
    "Startseite | Politik | Newsletter abonnieren\n\n"
    + BODY.replace("am Mittwoch in Berlin", "am Mittwoch")
    .replace(" Die Opposition kritisierte die Pläne als unzureichend.", "")
    .replace("rund 6,6", "etwa 6,6")
    + "\n\nMehr zum Thema\nImpressum · Datenschutz · Kontakt"
)


def test_edited_copy_is_a_near_duplicate_and_an_unrelated_text_is_not():
    original, copy = dedup.fingerprint(BODY), dedup.fingerprint(EDITED)
    same, j = dedup.is_duplicate(copy, original)
    assert same and j > 0.5
    other = dedup.fingerprint(CHILE_DE_1[1])
    assert not dedup.is_duplicate(other, original)[0]


def test_exact_key_ignores_case_spacing_and_accents():
    assert dedup.exact_key("Çavuşoğlu  sagte:\nJa") == dedup.exact_key("cavusoglu sagte: ja")


def test_index_links_the_copy_to_the_canonical_article(lexical_index):
    assert lexical_index.link(Article(title="Pflegereform beschlossen", text=BODY, language="de"), 1) == (None, 1)
    assert lexical_index.link(make(JAPAN_DE), 2)[0] is None
    dup, story = lexical_index.link(Article(title="Beiträge steigen", text=EDITED, language="de"), 3)
    assert (dup, story) == (1, 1)
    # a copy of the copy points at the canonical article, not at the copy
    assert lexical_index.link(Article(title="Kabinett", text=EDITED + "\nFoto: dpa", language="de"), 4)[0] == 1
    assert lexical_index.link(make(CHILE_EN), 5)[0] is None
    # linking again changes nothing
    assert lexical_index.link(Article(title="Beiträge steigen", text=EDITED, language="de"), 3) == (1, 1)
    assert lexical_index.store.story(1)["size"] == 3
