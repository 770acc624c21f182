"""The migration identities-0013 (enrich/place_context.py: a city's name NER typed an organisation is the club
or firm named for it unless the text marks the place): a mention an older version filed under the city gets
the organisation's id, a marked one keeps the city; nothing is lost; on SQLite and PostgreSQL. Our own
sentences."""

from __future__ import annotations

from test_archive_place_kinds_migrate import _rows, _stored

NAME = "identities-0013-clubs-re-resolved"
TEXT = "Lead.\n\nAs Nashville improved to 9-0, fans cheered. The mayor spoke in Nashville on Monday."


def test_a_club_an_older_version_filed_under_its_city_gets_the_club_s_id(opener):
    with opener() as ar:
        aid, _ = ar.add(_stored("A", TEXT, "en", [("Nashville", "ORG", "LOC:city:4644585", 0),
                                                  ("Nashville", "LOC", "LOC:city:4644585", 1)]))
        mentions = ar.conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
        ar.conn.execute(f"DELETE FROM migrations WHERE name = '{NAME}'")
    with opener() as ar:
        club, city = [i for _t, i in _rows(ar, aid)]
        assert city.startswith("LOC:city:") and not club.startswith("LOC:")
        assert ar.conn.execute("SELECT count(*) FROM mentions").fetchone()[0] == mentions  # nothing lost
