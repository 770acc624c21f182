"""The migration identities-0008 (enrich/alias_trust.py's rules, archive/idmigrate.py's re-resolution):
mentions an older version filed under a country or an organisation by a false friend ("SUICA" under
Switzerland, "England" and "English" under the United Kingdom, "RR" under Reuters, the adjective
"Grüner" under the Greens) get today's ids; nothing is lost; on SQLite and PostgreSQL. Our own sentences."""

from __future__ import annotations

from lagebild.model import Entity, Mention

from archive_corpus import make

NAME = "identities-0008-false-friends-re-resolved"


def _stored(title: str, text: str, language: str, ids: list[tuple[str, str, str]]):
    """An article as an older version stored it: (surface, type, id as it was then)."""
    mentions = [Mention(text.index(n), text.index(n) + len(n), n, t, i) for n, t, i in ids]
    entities = {i: Entity(i, n, i.split(":")[0], None, [n]) for n, _t, i in ids}
    return make(title, text, language=language, mentions=mentions, entities=list(entities.values()))


EN = "Lead.\n\nIn Tokyo a SUICA card pays the fare. England beat Wales, the English fans sang. The UK cheered."
REUTERS = "Lead.\n\nReuters said yields fell; the note US10YT=RR rose."
DE = "Lead.\n\nGrüner Wasserstoff ist teuer, sagte Lisa Paus (Grüne). Island bohrt."


def _ids(ar, aid: int) -> dict[str, str]:
    return dict(ar.conn.execute("SELECT text, entity_id FROM mentions WHERE article_id = ?", (aid,)).fetchall())


def test_false_friends_stored_by_an_older_version_get_today_s_ids(opener):
    with opener() as ar:
        en, _ = ar.add(_stored("A", EN, "en", [("SUICA", "ORG", "LOC:CH"), ("England", "LOC", "LOC:GB"),
                                               ("English", "MISC", "LOC:GB"), ("UK", "LOC", "LOC:GB")]))
        rr, _ = ar.add(_stored("B", REUTERS, "en", [("Reuters", "ORG", "ORG:reuters"), ("RR", "MISC", "ORG:reuters")]))
        de, _ = ar.add(_stored("C", DE, "de", [("Grüner", "ORG", "ORG:gruene"), ("Grüne", "ORG", "ORG:gruene"),
                                               ("Island", "LOC", "LOC:IS")]))
        mentions = ar.conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
        ar.conn.execute(f"DELETE FROM migrations WHERE name = '{NAME}'")
    with opener() as ar:
        got = _ids(ar, en)
        assert got["UK"] == "LOC:GB" and "LOC:GB" not in (got["England"], got["English"])
        assert got["SUICA"] != "LOC:CH"
        got = _ids(ar, rr)
        assert got["Reuters"] == "ORG:reuters" and got["RR"] != "ORG:reuters"
        got = _ids(ar, de)
        assert got["Grüne"] == "ORG:gruene" and got["Grüner"] != "ORG:gruene" and got["Island"] == "LOC:IS"
        assert ar.conn.execute("SELECT count(*) FROM mentions").fetchone()[0] == mentions  # nothing lost
        assert {r[0] for r in ar.conn.execute("SELECT entity_id FROM article_entities WHERE article_id = ?", (en,))} >= {
            "LOC:GB", got_any(ar, en, "England")}


def got_any(ar, aid: int, text: str) -> str:
    return ar.conn.execute("SELECT entity_id FROM mentions WHERE article_id = ? AND text = ?", (aid, text)).fetchone()[0]
