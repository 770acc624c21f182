"""A spelled-out organisation name joins the acronym an article filed it under ("Associated Press" alone, where
another article joined it to "(AP)"); only the name's own mentions move; on SQLite and PostgreSQL, and for
archives stored before the rule (identities-0012). Our own sentences."""

from __future__ import annotations

from lagebild.archive import Archive
from lagebild.archive.identities import unmerge

from test_archive_identities import _article, _ids
from test_archive_place_kinds_migrate import _rows, _stored

NAME = "identities-0012-spoken-miscs-and-long-names"
TIED = ("Lead.\n\nBy Ann Lee - Harbour Press Agency\nOSLO (HPA) — The harbour closed.",
        [("Harbour Press Agency", "ORG", "ORG:hpa", 0), ("HPA", "ORG", "ORG:hpa", 0)])
TIED2 = ("Lead.\n\nBy Per Dahl - Harbour Press Agency\nBERGEN (HPA) — The ferry left.",
         [("Harbour Press Agency", "ORG", "ORG:hpa", 0), ("HPA", "ORG", "ORG:hpa", 0)])


def test_a_spelled_out_name_joins_the_acronym_another_article_files_it_under():
    with Archive(":memory:") as ar:
        alone, _ = ar.add(_article("A", "Lead.\n\nHarbour Press Agency reporters saw it.",
                                   {"Harbour Press Agency": ("ORG:harbour-press-agency", "Harbour Press Agency")}))
        lone, _ = ar.add(_article("B", "Lead.\n\nThe HPA wrote.", {"HPA": ("ORG:hpa", "HPA")}))
        ar.add(_stored("C", TIED[0], "en", TIED[1]))
        assert _ids(ar, alone) == {"Harbour Press Agency": "ORG:harbour-press-agency"}  # one article's tie is no rule
        ar.add(_stored("C2", TIED2[0], "en", TIED2[1]))
        assert _ids(ar, alone) == {"Harbour Press Agency": "ORG:hpa"}  # settled when the second tie arrived
        assert _ids(ar, lone) == {"HPA": "ORG:hpa"}  # the lone acronym's own id, untouched
        later, _ = ar.add(_article("D", "Lead.\n\nHarbour Press Agency again.",
                                   {"Harbour Press Agency": ("ORG:harbour-press-agency", "Harbour Press Agency")}))
        assert _ids(ar, later) == {"Harbour Press Agency": "ORG:hpa"}
        assert unmerge(ar.conn, "ORG:harbour-press-agency") == 2
        assert _ids(ar, alone) == {"Harbour Press Agency": "ORG:harbour-press-agency"}


def test_a_name_whose_initials_do_not_spell_the_acronym_stays_apart():
    with Archive(":memory:") as ar:
        alone, _ = ar.add(_article("A", "Lead.\n\nNorth Sea Radio said so.",
                                   {"North Sea Radio": ("ORG:north-sea-radio", "North Sea Radio")}))
        ar.add(_stored("B", "Lead.\n\nNorth Sea Radio (NRK) said so.", "en",
                       [("North Sea Radio", "ORG", "ORG:nrk", 0), ("NRK", "ORG", "ORG:nrk", 0)]))
        assert _ids(ar, alone) == {"North Sea Radio": "ORG:north-sea-radio"}


def test_a_name_stored_by_an_older_version_joins_the_acronym(opener):
    with opener() as ar:
        alone, _ = ar.add(_stored("A", "Lead.\n\nHarbour Press Agency reporters saw it.", "en",
                                  [("Harbour Press Agency", "ORG", "ORG:harbour-press-agency", 0)]))
        ar.add(_stored("C", TIED[0], "en", TIED[1]))
        ar.add(_stored("C2", TIED2[0], "en", TIED2[1]))
        mentions = ar.conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
        unmerge(ar.conn, "ORG:harbour-press-agency")  # as an archive stored before the rule
        ar.conn.execute(f"DELETE FROM migrations WHERE name = '{NAME}'")
        assert _rows(ar, alone) == [("Harbour Press Agency", "ORG:harbour-press-agency")]
    with opener() as ar:
        assert _rows(ar, alone) == [("Harbour Press Agency", "ORG:hpa")]
        assert ar.conn.execute("SELECT count(*) FROM mentions").fetchone()[0] == mentions  # nothing lost
