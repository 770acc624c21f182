"""Alert matching throughput: many saved queries, many new articles, one core.

    .venv/bin/python benchmarks/alerts.py --queries 100000 --articles 5000

Words (lemmas) come from simplemma's German and English dictionaries, ranked at random and drawn with a
Zipf distribution (so a few words are everywhere and most are rare, as in news text). Queries are
a realistic mix: AND pairs, single words, ORs, phrases, NOTs, words with a field, a few field-only
and pure-NOT queries. The presearcher gets document frequencies from a sample of the articles,
as the watch loop could from the archive. The last line is the throughput in articles/s per CPU
second of one core (Doc construction + candidate look-up + verification: the whole per-article
cost), measured as process CPU time because the machine may be shared.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import random
import sys
import time
from collections import Counter

from lagebild.alerts.match import Presearcher, doc_keys
from lagebild.model import Article, Entity
from lagebild.query import Doc

SECTIONS = ["Politik", "Wirtschaft", "Sport", "Kultur", "Wissen", "Panorama", "Ausland", "Inland", "World",
            "Business", "Science", "Opinion", "Technik", "Reise", "Auto", "Gesundheit", "Bildung", "Medien",
            "Regional", "Climate"]
HOSTS = [f"zeitung{i}.de" for i in range(300)] + [f"news{i}.example.com" for i in range(200)]
ENTITIES = [f"PER:person-{i}" for i in range(2000)] + [f"LOC:{a}{b}" for a in "ABCDEFGHIJ" for b in "KLMNOPQRST"]


def vocabulary(rng: random.Random, size: int) -> list[str]:
    """``size`` dictionary words, German and English, in a random frequency order."""
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    factory = DefaultDictionaryFactory()
    words = []
    for lang, share in (("de", 0.65), ("en", 0.35)):
        lemmas = set(factory.get_dictionary(lang).values())  # lemmas: inflected forms would collapse
        forms = sorted(w for w in lemmas if w.isalpha() and 3 <= len(w) <= 18)
        words += rng.sample(forms, int(size * share))
    rng.shuffle(words)
    return words


class Zipf:
    def __init__(self, words: list[str], s: float, rng: random.Random, skip: int = 0) -> None:
        self.words = words[skip:]
        self.cum = list(itertools.accumulate(1.0 / (r + 1 + skip) ** s for r in range(len(self.words))))
        self.rng = rng

    def draw(self, k: int = 1) -> list[str]:
        total = self.cum[-1]
        return [self.words[bisect.bisect(self.cum, self.rng.random() * total)] for _ in range(k)]


def make_query(z: Zipf, rng: random.Random) -> str:
    """An alert as people write them: mostly two or three topic words, synonyms ORed inside an
    AND, an exclusion, a phrase, a field; rarely a single word, a field alone or a pure NOT."""
    r = rng.random()
    w = z.draw(4)
    if r < 0.42:
        return f"{w[0]} {w[1]}"
    if r < 0.52:
        return f"{w[0]} {w[1]} {w[2]}"
    if r < 0.60:
        return w[0]
    if r < 0.70:
        return f"({w[0]} OR {w[1]}) {w[2]}"
    if r < 0.73:
        return f"{w[0]} OR {w[1]}"
    if r < 0.81:
        return f'"{w[0]} {w[1]}"' + (f" {w[2]}" if rng.random() < 0.3 else "")
    if r < 0.89:
        return f"{w[0]} {w[1]} -{w[2]}"
    if r < 0.99:
        field = rng.choice([f"lang:{rng.choice(['de', 'en'])}", f"section:{rng.choice(SECTIONS)}",
                            f"source:{rng.choice(HOSTS)}", f"entity:{rng.choice(ENTITIES)}"])
        return f"{w[0]} {field}"
    if r < 0.9995:
        return rng.choice([f"section:{rng.choice(SECTIONS)} source:{rng.choice(HOSTS)}",
                           f"entity:{rng.choice(ENTITIES)}", f"source:{rng.choice(HOSTS)}"])
    return f"NOT {w[0]}"


def make_article(z: Zipf, rng: random.Random) -> Article:
    n = rng.randint(250, 700)
    sentences, words = [], z.draw(n)
    for i in range(0, n, 12):
        chunk = words[i : i + 12]
        sentences.append(" ".join(chunk).capitalize() + ".")
    lang = "de" if rng.random() < 0.65 else "en"
    return Article(
        title=" ".join(z.draw(rng.randint(5, 10))), text=" ".join(sentences), language=lang,
        section=rng.choice(SECTIONS), url=f"https://www.{rng.choice(HOSTS)}/artikel/{rng.randrange(10**9)}",
        entities=[Entity(e, e.split(":")[1], e.split(":")[0]) for e in rng.sample(ENTITIES, rng.randint(0, 6))],
    )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--queries", type=int, default=100_000)
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--vocabulary", type=int, default=60_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)

    t = time.perf_counter()
    words = vocabulary(rng, args.vocabulary)
    article_words = Zipf(words, 1.0, rng)
    query_words = Zipf(words, 1.0, rng, skip=1000)  # alerts name topics and names, not common words
    articles = [make_article(article_words, rng) for _ in range(args.articles)]
    queries = [make_query(query_words, rng) for _ in range(args.queries)]
    print(f"generated {len(queries)} queries, {len(articles)} articles in {time.perf_counter() - t:.1f} s", file=sys.stderr)

    t = time.perf_counter()
    sample = articles[: min(500, len(articles))]
    df = Counter(k for a in sample for k in doc_keys(Doc.of(a)))
    p = Presearcher(df=df, ndocs=len(sample))
    for qid, q in enumerate(queries):
        p.add(qid, q)
    print(f"indexed {len(p)} queries in {time.perf_counter() - t:.1f} s", file=sys.stderr)

    # CPU time of this (single-threaded) process: the machine may be shared, wall time is not ours.
    # Pass 1 is cold: every word seen for the first time is lemmatised and stemmed here. In the
    # watch loop that work is shared with the archive's full-text indexing of the same article;
    # pass 2 (the same articles again, word forms cached) is the matching cost proper.
    for label in ("cold (first sight of every word form)", "warm (word forms cached)"):
        p.stats = dict.fromkeys(p.stats, 0)
        t, wall = time.process_time(), time.perf_counter()
        for article in articles:
            p.match(article)  # Doc terms + candidates + verification: the whole per-article cost
        elapsed = time.process_time() - t
        wall = time.perf_counter() - wall
        s = p.stats
        print(f"{label}: {args.articles / elapsed:.0f} articles/s, {elapsed:.2f} s CPU, {wall:.2f} s wall; per article "
              f"{s['candidates'] / s['articles']:.1f} candidates, {s['verified'] / s['articles']:.1f} verified, "
              f"{s['matched'] / s['articles']:.2f} matches", file=sys.stderr)
    print(f"{args.articles / elapsed:.0f} articles/s ({args.queries} queries, warm, {elapsed:.2f} s CPU on one core)")


if __name__ == "__main__":
    main()
