"""The migration identities-0009 (enrich/place_kinds.py, languages.py, casing's lone letters; the
re-resolution of archive/idmigrate.py): mentions an older version filed under one id for two real
entities — a city and its state, the USA and the continent, a country and its language, a lone
letter — get today's ids; nothing is lost; on SQLite and PostgreSQL. Our own sentences."""

from __future__ import annotations

from lagebild.model import Entity, Mention

from archive_corpus import make

NAME = "identities-0009-kinds-re-resolved"


def _stored(title: str, text: str, language: str, ids: list[tuple[str, str, str, int]]):
    """An article as an older version stored it: (surface, type, id as it was then, nth occurrence)."""
    mentions = []
    for n, t, i, nth in ids:
        start = -1
        for _ in range(nth + 1):
            start = text.index(n, start + 1)
        mentions.append(Mention(start, start + len(n), n, t, i))
    entities = {i: Entity(i, n, i.split(":")[0], None, [n]) for n, _t, i, _k in ids}
    return make(title, text, language=language, mentions=mentions, entities=list(entities.values()))


EN = ("Lead.\n\nThe governor of the state of New York spoke in Albany. A Spanish court ruled, and the ruling "
      "was read in Spanish. It was 20 °C outside.")
DE = "Lead.\n\nWelt\nAmerika\nAfrika\nAsien\n\nWarum die Wähler Amerika prägen. Europa schaut zu."


def _rows(ar, aid: int) -> list[tuple[str, str | None]]:
    return ar.conn.execute("SELECT text, entity_id FROM mentions WHERE article_id = ? ORDER BY start", (aid,)).fetchall()


def test_two_entities_under_one_id_stored_by_an_older_version_get_today_s_ids(opener):
    with opener() as ar:
        en, _ = ar.add(_stored("A", EN, "en", [("New York", "LOC", "LOC:region:US-NY", 0),
                                               ("Albany", "LOC", "LOC:albany", 0),
                                               ("Spanish", "MISC", "LOC:ES", 0), ("Spanish", "MISC", "LOC:ES", 1),
                                               ("C", "MISC", "MISC:c", 0)]))
        de, _ = ar.add(_stored("B", DE, "de", [("Amerika", "LOC", "LOC:amerika", 0), ("Afrika", "LOC", "LOC:afrika", 0),
                                               ("Asien", "LOC", "LOC:asien", 0), ("Amerika", "LOC", "LOC:amerika", 1),
                                               ("Europa", "LOC", "LOC:europa", 0)]))
        mentions = ar.conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
        ar.conn.execute(f"DELETE FROM migrations WHERE name = '{NAME}'")
    with opener() as ar:
        got = _rows(ar, en)
        assert got[0] == ("New York", "LOC:region:US-NY")  # the state, by its cue
        assert [i for t, i in got if t == "Spanish"] == ["LOC:ES", "MISC:language:es"]
        assert ("C", None) in got  # a lone letter: no entity, the row kept
        got = _rows(ar, de)
        assert [i for t, i in got if t == "Amerika"] == ["LOC:area:019", "LOC:US"]  # a list of continents; the USA
        assert ("Europa", "LOC:area:150") in got
        assert ar.conn.execute("SELECT count(*) FROM mentions").fetchone()[0] == mentions  # nothing lost
        assert "LOC:area:150" in {r[0] for r in ar.conn.execute(
            "SELECT entity_id FROM article_entities WHERE article_id = ?", (de,))}
