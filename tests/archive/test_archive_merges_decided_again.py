"""The migration identities-0007 (archive/idrecheck.py): merges an older version made on thin
evidence are undone, those today's rules make are made again, nothing is lost; SQLite and PostgreSQL."""

from __future__ import annotations

from lagebild.archive.identities import SURNAME, merge
from lagebild.model import Entity, Mention

from archive_corpus import make

NAME = "identities-0007-merges-decided-again"


def _article(title: str, text: str, names: dict[str, str]):
    mentions, entities = [], {}
    for surface, eid in names.items():
        start = text.index(surface)
        mentions.append(Mention(start, start + len(surface), surface, eid.split(":")[0], eid))
        entities.setdefault(eid, Entity(eid, surface, eid.split(":")[0], None, [surface]))
    return make(title, text, language="en", mentions=mentions, entities=list(entities.values()))


def _state(ar):
    merges = sorted(tuple(r) for r in ar.conn.execute("SELECT source, target FROM entity_merges"))
    mentions = sorted(tuple(r) for r in ar.conn.execute(
        "SELECT article_id, text, entity_id, origin_entity_id FROM mentions"))
    counts = sorted(tuple(r) for r in ar.conn.execute(
        "SELECT article_id, entity_id, mentions FROM article_entities WHERE mentions > 0"))
    real = sorted(tuple(r) for r in ar.conn.execute(
        "SELECT article_id, entity_id, count(*) FROM mentions WHERE entity_id IS NOT NULL GROUP BY article_id, entity_id"))
    return merges, mentions, counts, real


def test_thin_merges_of_an_older_version_are_decided_again(opener):
    with opener() as ar:
        ar.add(_article("A", "Lead.\n\nDeep Microsoft said so.", {"Deep Microsoft": "ORG:deep-microsoft"}))
        for i in range(3):
            ar.add(_article(f"M{i}", "Lead.\n\nMicrosoft said so.", {"Microsoft": "ORG:microsoft"}))
        for i in range(2):
            ar.add(_article(f"T{i}", "Lead.\n\nDonald Trump spoke.", {"Donald Trump": "PER:donald-trump"}))
        ar.add(_article("T", "Lead.\n\nTrump spoke.", {"Trump": "PER:trump"}))
        assert [tuple(r) for r in ar.conn.execute("SELECT source, target FROM entity_merges")] == [
            ("PER:trump", "PER:donald-trump")]
        merge(ar.conn, "ORG:microsoft", "ORG:deep-microsoft", SURNAME)  # as the older rule did
        before = _state(ar)
        assert ("ORG:microsoft", "ORG:deep-microsoft") in before[0]
        ar.conn.execute(f"DELETE FROM migrations WHERE name = '{NAME}'")
    with opener() as ar:
        merges, mentions, counts, real = _state(ar)
        assert merges == [("PER:trump", "PER:donald-trump")]
        assert len(mentions) == len(before[1])  # nothing lost
        assert {e for _a, t, e, _o in mentions if t == "Microsoft"} == {"ORG:microsoft"}
        assert {e for _a, t, e, _o in mentions if t == "Trump"} == {"PER:donald-trump"}
        assert counts == real  # article_entities follow the mention rows
        ar.conn.execute(f"DELETE FROM migrations WHERE name = '{NAME}'")
        once = _state(ar)
    with opener() as ar:
        assert _state(ar) == once  # a second run decides the same


def test_an_acronym_introduced_by_one_article_settles_the_lone_ones(opener):
    # the archive's tie check (an article naming the word before the acronym, or beside it) on both backends
    with opener() as ar:
        ar.add(_article("A", "Lead.\n\nVW baut ab.", {"VW": "ORG:vw"}))
        ar.add(_article("B", "Lead.\n\nNFL on the ticker: Netflix rose.", {"NFL": "ORG:netflix", "Netflix": "ORG:netflix"}))
        ar.add(_article("C", "Lead.\n\nThe NFL season starts.", {"NFL": "ORG:nfl"}))
        ar.add(_article("D", "Lead.\n\nVolkswagen (VW) baut ab.", {"Volkswagen": "ORG:volkswagen", "VW": "ORG:volkswagen"}))
        assert sorted(tuple(r) for r in ar.conn.execute("SELECT source, target FROM entity_merges")) == [
            ("ORG:vw", "ORG:volkswagen")]
