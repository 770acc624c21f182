"""The migration identities-0010 (enrich/particles.nominative, cores' genitive by language, one
spelling per name in an article, country abbreviations written as words): mentions an older version
filed under the ids of their case forms ("Warszawie", "Donaldem Trumpem"), of a plural cut as a
genitive ("Global New") or of a country's abbreviation as a word ("Usa") get today's ids; nothing is
lost; on SQLite and PostgreSQL. Our own sentences."""

from __future__ import annotations

from test_archive_place_kinds_migrate import _rows, _stored  # an article as an older version stored it

NAME = "identities-0010-cases-re-resolved"


PL = "Lead.\n\nPrezydent spotkał się w Warszawie z Donaldem Trumpem. W Polsce mówi się o tym. Trump wyjechał."
EN = "Lead.\n\nA New era began. Global News reported it first, and Global News said more."
IT = "Lead.\n\nIl governo degli Usa ha parlato. Negli Usa si vota."


def test_case_forms_plurals_and_abbreviations_stored_by_an_older_version_get_today_s_ids(opener):
    with opener() as ar:
        pl, _ = ar.add(_stored("A", PL, "pl", [("Warszawie", "LOC", "LOC:warszawie", 0),
                                               ("Donaldem Trumpem", "PER", "PER:donaldem-trumpem", 0),
                                               ("Polsce", "LOC", "LOC:polsce", 0),
                                               ("Trump", "PER", "PER:donaldem-trumpem", 0)]))
        en, _ = ar.add(_stored("B", EN, "en", [("Global News", "ORG", "ORG:global-new", 0),
                                               ("Global News", "ORG", "ORG:global-new", 1)]))
        it, _ = ar.add(_stored("C", IT, "it", [("Usa", "LOC", "LOC:usa", 0), ("Usa", "LOC", "LOC:usa", 1)]))
        mentions = ar.conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
        ar.conn.execute(f"DELETE FROM migrations WHERE name = '{NAME}'")
    with opener() as ar:
        got = dict(_rows(ar, pl))
        assert got["Warszawie"].startswith("LOC:city:") and got["Polsce"] == "LOC:PL"
        assert got["Donaldem Trumpem"] == got["Trump"] == "PER:donald-trump"
        assert {i for _t, i in _rows(ar, en)} == {"ORG:global-news"}
        assert {i for _t, i in _rows(ar, it)} == {"LOC:US"}
        assert ar.conn.execute("SELECT count(*) FROM mentions").fetchone()[0] == mentions  # nothing lost
        assert "PER:donald-trump" in {r[0] for r in ar.conn.execute(
            "SELECT entity_id FROM article_entities WHERE article_id = ?", (pl,))}
