"""The presearcher finds exactly what query.matches finds, while verifying only candidates."""

from __future__ import annotations

import random

from lagebild.alerts.match import Presearcher, fast_doc, requirements
from lagebild.model import Article, Entity, Mention
from lagebild.query import Doc, matches, parse

VOCAB = ["Klima", "Gesetz", "Regierung", "Berlin", "Hafen", "Streik", "storm", "rates", "bank", "Inflation",
         "kooperiert", "Türkei", "Minister", "election", "voters", "Windenergie", "Lieferketten", "coast",
         "Ost-West", "E-Mail", "well-known", "rock'n'roll"]
FIELDS = ["section:Politik", "lang:de", "lang:en", "source:example.org", "source:zeitung", "author:Meier",
          'author:"Anna Meier"', "entity:LOC:TR", "entity:Merkel", 'title:"Klima"', "title:storm"]


def _article(rng: random.Random, i: int) -> Article:
    lang = rng.choice(["de", "en", None])
    text = " ".join(rng.choice(VOCAB + ["und", "the", "der", "of"]) for _ in range(rng.randint(5, 40)))
    return Article(
        title=" ".join(rng.sample(VOCAB, 3)), text=text, language=lang,
        section=rng.choice(["Politik", "Wirtschaft", None]),
        url=rng.choice(["https://www.example.org/a", "https://zeitung.de/b", "https://news.example.org/c", None]),
        publisher=rng.choice(["Zeitung", None]), authors=rng.choice([["Anna Meier"], ["Bob Meier", "C. D."], []]),
        entities=[Entity("LOC:TR", "Türkei", "LOC")] if i % 3 == 0 else [],
        mentions=[Mention(0, 5, "Angela Merkel", "PER")] if i % 4 == 0 else [],
    )


def _query(rng: random.Random, depth: int = 0) -> str:
    roll = rng.random()
    if depth > 2 or roll < 0.45:
        word = rng.choice(VOCAB)
        prefix = word[:4] + "*" if word[:4].isalnum() else word  # "Klim*": matched in memory, never looked up
        return rng.choice([word, word, f'"{word} {rng.choice(VOCAB)}"', rng.choice(FIELDS), prefix])
    items = [_query(rng, depth + 1) for _ in range(rng.randint(2, 3))]
    if roll < 0.7:
        return "(" + " ".join(items) + ")"
    if roll < 0.9:
        return "(" + " OR ".join(items) + ")"
    simple = items[1].replace("-", "").isalnum()
    return f"({items[0]} -{items[1]})" if simple else f"({items[0]} NOT {items[1]})"


def test_same_result_as_matching_every_query():
    rng = random.Random(7)
    queries = {i: _query(rng) for i in range(400)}
    p = Presearcher()
    for qid, q in queries.items():
        p.add(qid, q)
    nodes = {qid: parse(q) for qid, q in queries.items()}
    for i in range(120):
        article = _article(rng, i)
        doc = Doc.of(article)
        assert fast_doc(article) == doc
        expected = sorted(qid for qid, node in nodes.items() if matches(node, doc))
        assert sorted(p.match(article)) == expected, article
    assert p.stats["matched"] > 200
    assert p.stats["candidates"] < p.stats["articles"] * len(queries)


def test_cost_follows_candidates_not_queries():
    rng = random.Random(3)
    vocab = [f"wort{i}" for i in range(3000)]
    p = Presearcher()
    for qid in range(3000):
        a, b, c = rng.sample(vocab, 3)
        p.add(qid, rng.choice([f"{a} {b}", f"{a} OR {b}", f'"{a} {b}" -{c}', f"{a} lang:de"]))
    article = Article(title="x", text=" ".join(rng.sample(vocab, 60)), language="de")
    p.match(article)
    assert p.stats["candidates"] < 200  # ~60 words x ~1.5 queries each, not 3000


def test_fast_doc_equals_doc_of():
    for article in [
        Article(title="Ost-West-Konflikt: Die E-Mail", lead="Vorspann mit Zahlen 2026.", body=["Erster Absatz.", "rock'n'roll"],
                language="de", section="Politik", url="https://www.zeitung.de/x", authors=["Anna Meier"]),
        Article(title="Well-known storms", text="Storms battered the coast; the U.S. said so.", language="en"),
        Article(title="Çavuşoğlu", text="Çavuşoğlu sprach in Ankara.", language="tr"),
        Article(),
    ]:
        assert fast_doc(article) == Doc.of(article)


def test_requirements_pick_groups():
    assert requirements(parse("NOT Klima")) == []
    assert len(requirements(parse('Klima "Gesetz der Regierung"'))) == 4
    (group,) = requirements(parse("Klima OR storm"))
    assert {"klima", "storm"} <= group
    assert requirements(parse("Klima OR NOT storm")) == []


def test_add_remove_and_always_list():
    p = Presearcher()
    p.add("a", "Klima")
    p.add("b", "NOT Fußball")
    p.add("c", "")
    art = Article(title="Klima", text="Das Klima ändert sich.", language="de")
    assert sorted(p.match(art)) == ["a", "b", "c"]
    p.remove("a")
    p.remove("b")
    assert p.match(art) == ["c"] and len(p) == 1
    p.add("c", "storm")  # re-adding replaces
    assert p.match(art) == []
    p.add("d", "Klima ändert")  # an AND of two words: filed as pairs
    p.add("e", '"Das Klima" OR storm')  # verified
    assert sorted(p.match(art)) == ["d", "e"]
    p.remove("d")
    p.remove("e")
    assert p.match(art) == [] and set(p._keys) == {"storm"} and p._keys["storm"].pairs is None
