"""The migration identities-0011 (enrich/inner_names.py, first names typed as organisations): a name an
older version filed under a span NER ran on across menu words ("Follow Harbour Radio") and a first name
filed as an organisation get today's ids; nothing is lost; on SQLite and PostgreSQL. Our own sentences."""

from __future__ import annotations

from test_archive_place_kinds_migrate import _rows, _stored  # an article as an older version stored it

NAME = "identities-0011-inner-names-re-resolved"

EN = ("Lead.\n\nHarbour Radio reported it. Harbour Radio said more.\nFollow Harbour Radio on social media.\n"
      "Oskar Lindqvist scored twice.\nOskar leads the league again.\nOskar smiled.")


def test_menu_spans_and_first_names_stored_by_an_older_version_get_today_s_ids(opener):
    with opener() as ar:
        en, _ = ar.add(_stored("A", EN, "en", [("Harbour Radio", "ORG", "ORG:harbour-radio", 0),
                                               ("Harbour Radio", "ORG", "ORG:harbour-radio", 1),
                                               ("Follow Harbour Radio", "ORG", "ORG:follow-harbour-radio", 0),
                                               ("Oskar Lindqvist", "PER", "PER:oskar-lindqvist", 0),
                                               ("Oskar", "ORG", "ORG:oskar", 1),
                                               ("Oskar", "PER", "PER:oskar-lindqvist", 2)]))  # NER typed the word alone a person once
        mentions = ar.conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
        ar.conn.execute(f"DELETE FROM migrations WHERE name = '{NAME}'")
    with opener() as ar:
        got = _rows(ar, en)
        assert {i for t, i in got if "Harbour Radio" in t} == {"ORG:harbour-radio"}
        assert {i for t, i in got if t.startswith("Oskar")} == {"PER:oskar-lindqvist"}
        assert ar.conn.execute("SELECT count(*) FROM mentions").fetchone()[0] == mentions  # nothing lost
