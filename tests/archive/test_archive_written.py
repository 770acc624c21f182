"""A batch writes each entity row and alias once (archive/written.py) and settles identities from the
mentions in memory: the archive must be the same, row for row, as when every article writes it all and
reads its mentions back (the per-article path), also across a rolled-back item."""

from __future__ import annotations

import random

import pytest

from lagebild.archive import Archive, identities, store
from lagebild.archive.written import Written
from lagebild.model import Entity, Mention, Quote

from archive_corpus import make

# (surface, id, names an entity may come with, countries)
POOL = [
    ("Donald Trump", "PER:donald-trump", ["Donald Trump", "Donald J. Trump"], [None]),
    ("Trump", "PER:trump", ["Trump"], [None]),
    ("ترامب", "PER:trmb-1", ["ترامب"], [None]),
    ("Vladimir Putin", "PER:vladimir-putin", ["Vladimir Putin"], [None, "RU"]),
    ("Vladimir Poutine", "PER:vladimir-poutine", ["Vladimir Poutine"], [None]),
    ("Volkswagen", "ORG:volkswagen", ["Volkswagen", "Volkswagen AG"], [None, "DE"]),
    ("VW", "ORG:vw", ["VW"], [None]),
    ("VW", "ORG:volkswagen", ["Volkswagen"], [None]),
    ("Türkei", "LOC:TR", ["Türkei", "Turkey"], [None, "TR", "CY"]),
    ("Nato", "ORG:nato", None, [None]),  # a mention whose id has no entity in the article
    ("Merkel", "per:merkel", ["Merkel"], [None]),  # LIKE 'PER:%' matches it too
    ("Angela Merkel", "PER:angela-merkel", ["Angela Merkel"], [None]),
]


def _articles(n: int, seed: int = 7) -> list:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        picks = rng.sample(POOL, rng.randint(1, 4))
        text = f"Lead {i}.\n\n" + " und ".join(p[0] for p in picks) + f" trafen sich {i}."
        mentions, entities, at = [], {}, 0
        for surface, eid, names, countries in picks:
            start = text.index(surface, at)
            at = start + len(surface)
            mentions.append(Mention(start, at, surface, eid.split(":")[0].upper(), eid))
            if names is not None and eid not in entities:
                name = rng.choice(names)
                entities[eid] = Entity(eid, name, eid.split(":")[0].upper(), rng.choice(countries),
                                       rng.sample(names, rng.randint(0, len(names))))
        quotes = []
        if i % 37 == 11:  # fails after its entities were written: rolled back to its savepoint
            quotes = [Quote("x", object(), 1, "direct", None, None, None)]  # type: ignore[arg-type]
        if i % 37 in (11, 12):  # what the failed one wrote first comes again in the next one
            entities[f"ORG:rolled-{i // 37}"] = Entity(f"ORG:rolled-{i // 37}", "Rolled", "ORG", "XX", ["Rolled back"])
        out.append(make(f"Artikel {i}", text, language=rng.choice(["de", "en", "fr"]), mentions=mentions,
                        entities=list(entities.values()), quotes=quotes, url=f"https://example.com/{i}"))
    return out


TABLES = {
    "articles": "id, url_key, title",
    "entities": "id, name, type, country",
    "entity_aliases": "rowid, entity_id, alias, alias_folded",
    "entity_names": "entity_id, language, name",
    "entity_merges": "source, target, reason",
    "entity_sounds": "sound, entity_id, word, first, latin",
    "entity_stats": "entity_id, articles, mentions",
    "mentions": "rowid, article_id, start, text, text_folded, type, entity_id, origin_entity_id",
    "article_entities": "article_id, entity_id, mentions, position",
    "failures": "input, reason",
}


def _build(path, articles, batch_size: int) -> dict:
    with Archive(path, index="fts5") as ar:
        report = ar.ingest(articles, batch_size=batch_size, batch_seconds=60)
        assert report.failed == sum(1 for a in articles if a.quotes)
        return {t: ar.conn.execute(f"SELECT {cols} FROM {t} ORDER BY {cols}").fetchall()
                for t, cols in TABLES.items()}


@pytest.mark.parametrize("batch_size", [1000, 9])
def test_a_batch_writes_the_same_archive_as_article_by_article(tmp_path, monkeypatch, batch_size):
    articles = _articles(300)
    batched = _build(tmp_path / "batched.db", articles, batch_size)

    insert, settle = store.insert_article, identities.after_insert
    monkeypatch.setattr(store, "insert_article", lambda conn, a, now, packed=None, written=None:
                        insert(conn, a, now, packed, None))
    monkeypatch.setattr(identities, "after_insert", lambda conn, aid, entities, language, mentions=None:
                        settle(conn, aid, entities, language))
    one_by_one = _build(tmp_path / "one.db", _articles(300), batch_size)
    assert batched == one_by_one
    assert batched["entity_merges"] and batched["failures"]  # the cases the comparison is about happened


def test_written_skips_only_what_cannot_change():
    w = Written()
    e = Entity("LOC:TR", "Türkei", "LOC", None, [])
    assert w.entity(e) and not w.entity(e)
    assert w.entity(Entity("LOC:TR", "Türkei", "LOC", "TR", []))  # a country to set
    assert not w.entity(e)  # None keeps the country set before
    assert w.entity(Entity("LOC:TR", "Turkey", "LOC", None, []))  # another name
    assert not w.stub("LOC:TR") and w.stub("ORG:nato") and not w.stub("ORG:nato")
    assert w.entity(Entity("ORG:nato", "Nato", "ORG", None, []))  # a stub's values are unknown
    assert w.new_aliases("LOC:TR", ["Türkei", "Turkey"]) == ["Türkei", "Turkey"]
    assert w.new_aliases("LOC:TR", ["Turkey", "Türkiye"]) == ["Türkiye"]
    w.clear()
    assert w.entity(e) and w.new_aliases("LOC:TR", ["Turkey"]) == ["Turkey"]
