"""The migration identities-0006 (archive/idmigrate.py): an archive stored with an older id scheme gets
today's ids with its merges carried over, an undone merge stays undone, and an archive at today's ids
is left exactly as it was; on SQLite and PostgreSQL."""

from __future__ import annotations

from lagebild.archive.identities import merge, re_resolve_keeping_merges, unmerge
from lagebild.enrich.names import canonicalise
from lagebild.model import Entity, Mention

from archive_corpus import make

NAME = "identities-0006-re-resolve-keeping-merges"
TABLES = ["entities", "entity_aliases", "article_entities", "mentions", "entity_stats", "entity_names",
          "entity_merges", "entity_sounds", "quotes", "events"]


def _stored(title: str, text: str, language: str, ids: dict[str, str]):
    """An article as an older version stored it: ``ids`` gives each name's id as it was then."""
    mentions = [Mention(text.index(n), text.index(n) + len(n), n, i.split(":")[0], i) for n, i in ids.items()]
    entities = {i: Entity(i, n, i.split(":")[0], None, [n]) for n, i in ids.items()}
    return make(title, text, language=language, mentions=mentions, entities=list(entities.values()))


def _enriched(title: str, text: str, language: str, names: dict[str, str]):
    """An article as today's enrich stores it (NER's mentions given: ``names`` -> type)."""
    mentions = [Mention(text.index(n), text.index(n) + len(n), n, t) for n, t in names.items()]
    mentions, entities = canonicalise(text, mentions, language)
    return make(title, text, language=language, mentions=mentions, entities=entities)


def _today(text: str, name: str, language: str) -> str:
    start = text.index(name)
    return canonicalise(text, [Mention(start, start + len(name), name, "PER")], language)[0][0].entity_id


def _rows(ar, aid: int) -> dict[str, tuple[str | None, str | None]]:
    return {t: (e, o) for t, e, o in ar.conn.execute(
        "SELECT text, entity_id, origin_entity_id FROM mentions WHERE article_id = ? ORDER BY start", (aid,))}


def _dump(ar) -> dict[str, list]:
    return {t: sorted(map(repr, ar.conn.execute(f"SELECT * FROM {t}").fetchall())) for t in TABLES}


def _counted(ar) -> tuple[dict, dict]:
    """article_entities' counts of mentions, and what the mention rows say they should be."""
    stored = {(a, e): n for a, e, n in ar.conn.execute(
        "SELECT article_id, entity_id, mentions FROM article_entities WHERE mentions > 0")}
    real = {(a, e): n for a, e, n in ar.conn.execute(
        "SELECT article_id, entity_id, count(*) FROM mentions WHERE entity_id IS NOT NULL GROUP BY article_id, entity_id")}
    return stored, real


KO_1 = "트럼프 대통령이 오늘 말했다."
KO_2 = "윤석열 전 대통령이 법정에 나왔다."
RU = "Олеся Куприн и Павел Вовк встретились в Киеве."


def test_an_old_archive_gets_today_s_ids_and_keeps_its_merges(opener):
    with opener() as ar:
        trump, _ = ar.add(_enriched("A", "Lead.\n\nDonald Trump spoke on Monday.", "en", {"Donald Trump": "PER"}))
        yoon, _ = ar.add(_enriched("B", "Lead.\n\nYoon Suk Yeol spoke.", "en", {"Yoon Suk Yeol": "PER"}))
        kuprina, _ = ar.add(_enriched("C", "Lead.\n\nOlesya Kuprina spoke.", "en", {"Olesya Kuprina": "PER"}))
        # the older scheme: Hangul romanised without a hash, every Cyrillic person in one bucket
        k1, _ = ar.add(_stored("D", KO_1, "ko", {"트럼프": "PER:teuleompeu"}))
        k2, _ = ar.add(_stored("E", KO_2, "ko", {"윤석열": "PER:yunseogyeol"}))
        ru, _ = ar.add(_stored("F", RU, "ru", {"Олеся Куприн": "PER:x", "Павел Вовк": "PER:x"}))
        for (source,) in ar.conn.execute("SELECT source FROM entity_merges").fetchall():
            unmerge(ar.conn, source)  # whatever linking storing them did: the merges are set by hand below
        merge(ar.conn, "PER:teuleompeu", "PER:donald-trump", "recorded")
        merge(ar.conn, "PER:yunseogyeol", "PER:yoon-suk-yeol", "recorded")
        unmerge(ar.conn, "PER:yunseogyeol")  # an analyst undid it
        merge(ar.conn, "PER:x", "PER:olesya-kuprina", "recorded")  # a merge of the old bucket
        jelzin, _ = ar.add(_enriched("G", "Lead.\n\nBoris Jelzin trat zurück.", "de", {"Boris Jelzin": "PER"}))
        # a sound row keyed as before "j" read "y": re-keyed
        ar.conn.execute("DELETE FROM entity_sounds WHERE entity_id = 'PER:boris-jelzin'")
        ar.conn.execute("INSERT INTO entity_sounds(sound, entity_id, word, first, latin)"
                        " VALUES ('SRSN', 'PER:boris-jelzin', 'Jelzin', 'Boris', 1)")
        created = ar.conn.execute("SELECT created FROM entity_merges WHERE source = 'PER:teuleompeu'").fetchone()[0]
        mentions = ar.conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
        ar.conn.execute(f"DELETE FROM migrations WHERE name = '{NAME}'")
    with opener() as ar:
        new_trump, new_yoon = _today(KO_1, "트럼프", "ko"), _today(KO_2, "윤석열", "ko")
        assert new_trump != "PER:teuleompeu" and new_yoon != "PER:yunseogyeol"
        # the recorded merge follows the renamed id: reason and time kept, the old id's row gone
        assert {(m["source"], m["target"], m["reason"]) for m in ar.entity_merges()} == {
            (new_trump, "PER:donald-trump", "recorded")}
        assert ar.entity_merges()[0]["created"] == created
        assert _rows(ar, k1) == {"트럼프": ("PER:donald-trump", new_trump)}
        # the undone merge stays undone; the bucket's merge is not carried to the names it held
        assert _rows(ar, k2) == {"윤석열": (new_yoon, None)}
        ids = _rows(ar, ru)
        assert ids["Олеся Куприн"][0] != ids["Павел Вовк"][0] and "PER:x" not in {i for i, _o in ids.values()}
        assert {o for _i, o in ids.values()} == {None}
        assert ar.conn.execute("SELECT count(*) FROM mentions").fetchone()[0] == mentions  # nothing lost
        stored, real = _counted(ar)
        assert stored == real
        stats = dict(ar.conn.execute("SELECT entity_id, articles FROM entity_stats WHERE articles > 0"))
        assert stats["PER:donald-trump"] == 2 and new_yoon in stats and "PER:x" not in stats
        assert new_trump in {r[0] for r in ar.conn.execute("SELECT entity_id FROM entity_sounds")}
        assert ar.conn.execute("SELECT sound FROM entity_sounds WHERE entity_id = 'PER:boris-jelzin'").fetchall() == [
            ("RSN",)] and jelzin
        assert ar.unmerge_entity(new_trump) == 1  # --unmerge still works on the carried merge
        assert _rows(ar, k1) == {"트럼프": (new_trump, None)}
        assert {trump, yoon, kuprina}  # stored, untouched
        assert _rows(ar, trump) == {"Donald Trump": ("PER:donald-trump", None)}


def test_an_archive_at_today_s_ids_is_left_as_it_was(opener):
    with opener() as ar:
        ar.add(_enriched("A", "Lead.\n\nTrump spoke. Merkel listened in Berlin.", "en",
                         {"Trump": "PER", "Merkel": "PER", "Berlin": "LOC"}))
        ar.add(_enriched("B", "Lead.\n\nDonald Trump met Angela Merkel in Moskau. Trump sagte nichts.", "de",
                         {"Donald Trump": "PER", "Angela Merkel": "PER", "Moskau": "LOC", "Trump": "PER"}))
        ar.add(_enriched("C", "Lead.\n\nVolkswagen (VW) baut ab. VW sagt, die türkische Armee ...", "de",
                         {"Volkswagen": "ORG", "VW": "ORG"}))
        ar.add(_enriched("D", KO_1, "ko", {"트럼프": "PER"}))
        ar.add(_enriched("E", RU, "ru", {"Олеся Куприн": "PER", "Павел Вовк": "PER", "Киеве": "LOC"}))
        assert ar.entity_merges()  # the surname merge at least: something the migration must keep
        before = _dump(ar)
        ar.conn.execute(f"DELETE FROM migrations WHERE name = '{NAME}'")
    with opener() as ar:
        assert _dump(ar) == before
        counts = re_resolve_keeping_merges(ar.conn)  # and once more: nothing to write
        assert counts["mentions"] == 0 and _dump(ar) == before


def test_merges_follow_the_ids_their_mentions_have_now():
    import sqlite3
    from collections import Counter

    from lagebild.archive.idmigrate import _carry

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE entity_merges (source TEXT PRIMARY KEY, target TEXT, reason TEXT, created TEXT)")
    old = {"PER:lind": ("PER:pat-lind", "surname", "t1"), "PER:kim": ("PER:kim-min", "sound", "t2"),
           "PER:x": ("PER:olga-x", "sound", "t3"), "PER:y": ("PER:split", "sound", "t4")}
    conn.executemany("INSERT INTO entity_merges VALUES (?, ?, ?, ?)", [(s, *r) for s, r in old.items()])
    pairs = Counter({
        ("PER:lind", "PER:lind"): 6, ("PER:pat-lind", "PER:lind"): 4, ("PER:pat-lind", "PER:pat-lind"): 1,  # target kept by one
        ("PER:kim", "PER:kim-1a2b"): 3, ("PER:kim-min", "PER:kim-min"): 2,  # source renamed
        ("PER:x", "PER:anna-a"): 1, ("PER:x", "PER:boris-b"): 1, ("PER:olga-x", "PER:olga-x"): 1,  # a bucket split
        ("PER:y", "PER:y2"): 2, ("PER:split", "PER:s1"): 1, ("PER:split", "PER:s2"): 1})  # its target split
    assert _carry(conn, old, pairs) == {"PER:lind": "PER:pat-lind", "PER:kim-1a2b": "PER:kim-min"}
    assert sorted(conn.execute("SELECT * FROM entity_merges")) == [
        ("PER:kim-1a2b", "PER:kim-min", "sound", "t2"), ("PER:lind", "PER:pat-lind", "surname", "t1")]
