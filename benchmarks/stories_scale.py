"""Ingest rate of the story stage (dedup + clustering) as the archive grows: 10k → 1M articles.

Articles are generated: a Zipf background vocabulary of 40,000 pseudo-words, and events that each
have their own rare words and names and 3-12 articles spread over a day or two; 3,000 articles
a day arrive in time order; 3% are syndicated copies. Embeddings are off (their cost is the same
at any archive size; see the report for it).

The archive is grown in two ways: real ingest for the first ``--warm`` articles, then a bulk fill
of older rows straight into the story tables (the same key vocabulary in ``story_keys``, MinHash
band keys, profiles, document frequencies) so that 1M can be reached here in minutes. At each size
the rate of ``--measure`` real ``link`` calls is measured in a fresh process-level index, with the
SQLite query plan of the candidate lookup printed once (an index range, never a scan).

    .venv/bin/python benchmarks/stories_scale.py --db /tmp/stories_scale.db [--sizes 10000,100000,300000,1000000]
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from lagebild.archive.stories import SQLiteStoryStore  # noqa: E402
from lagebild.model import Article  # noqa: E402
from lagebild.settings import StorySettings  # noqa: E402
from lagebild.stories.index import StoryIndex  # noqa: E402

DAY = 86400.0
T0 = 1_700_000_000.0


class Generator:
    def __init__(self, seed: int = 1, vocab: int = 40_000):
        self.rnd = random.Random(seed)
        self.np = np.random.default_rng(seed)
        syll = ["ka", "lo", "mi", "ren", "tu", "sa", "ber", "ve", "no", "gil", "dra", "pe", "xu", "fo", "ran", "te"]
        self.words = []
        seen = set()
        while len(self.words) < vocab:
            w = "".join(self.rnd.choice(syll) for _ in range(self.rnd.randint(2, 4)))
            if w not in seen:
                seen.add(w)
                self.words.append(w)
        ranks = np.arange(1, vocab + 1)
        self.p = (1 / ranks) / (1 / ranks).sum()
        self.n = 0
        self.events: list[tuple[float, list[str], list[str], int]] = []

    def _event(self, t: float):
        rare = [self.words[i] for i in self.np.integers(5000, len(self.words), 8)]
        names = [w.capitalize() for w in (self.words[i] for i in self.np.integers(2000, len(self.words), 3))]
        return [t, rare, names, self.rnd.randint(3, 12)]

    def article(self) -> Article:
        t = T0 + self.n * DAY / 3000
        self.n += 1
        self.events = [e for e in self.events if e[3] > 0 and t - e[0] < 2 * DAY]
        if not self.events or self.rnd.random() < 0.25:
            self.events.append(self._event(t))
        ev = self.rnd.choice(self.events)
        ev[3] -= 1
        bg = [self.words[i] for i in self.np.choice(len(self.words), 140, p=self.p)]
        words = bg + self.rnd.choices(ev[1], k=25) + self.rnd.choices(ev[2], k=8)
        self.rnd.shuffle(words)
        sents = [" ".join(words[i : i + 14]).capitalize() + "." for i in range(0, len(words), 14)]
        title = " ".join(self.rnd.sample(ev[1], 3) + ev[2][:1]).capitalize()
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(t))
        return Article(title=title, text=" ".join(sents), language="en", published=stamp)


_SERIES = "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "


def fill(conn: sqlite3.Connection, gen: Generator, start_id: int, count: int) -> None:
    """Bulk rows for ``count`` older articles (outside the time window) in all story tables:
    6 articles a story, 30 MinHash band keys and 12 story keys (from the same vocabulary) each."""
    old, step = T0 - 400 * DAY, 300 * DAY / count
    first = conn.execute("SELECT coalesce(max(id), 0) FROM stories").fetchone()[0] + 1
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS vocab(i INTEGER PRIMARY KEY, w TEXT)")
    conn.execute("DELETE FROM vocab")
    conn.executemany("INSERT INTO vocab VALUES (?, ?)", enumerate(gen.words[:8000]))
    conn.execute(_SERIES + "INSERT INTO story_articles(article_id, story_id, time, language, title, exact, shingles,"
                 " terms, names) SELECT ? + i, ? + i / 6, ? + i * ?, 'en', 'old', 'x' || (? + i), 120, '{}', '{}' FROM n",
                 (count - 1, start_id, first, old, step, start_id))
    conn.execute(_SERIES + "INSERT INTO stories(id, label, label_article, first_seen, last_seen, active, size, profile)"
                 " SELECT ? + i, 'old story', ? + 6 * i, ? + 6 * i * ?, ? + 6 * i * ?, ? + 6 * i * ?, 6, '{}' FROM n",
                 (count // 6, first, start_id, old, step, old, step, old, step))
    conn.execute(_SERIES + "INSERT OR IGNORE INTO dup_bands(key, article_id) SELECT random() >> 1, ? + i / 30 FROM n",
                 (30 * count - 1, start_id))
    conn.execute(_SERIES + "INSERT OR IGNORE INTO story_keys(key, story_id, last_seen)"
                 " SELECT 't:' || (SELECT w FROM vocab WHERE vocab.i = abs(random()) % 8000), ? + i / 72, ? + (i / 12) * ?"
                 " FROM n", (12 * count - 1, first, old, step))
    docs = conn.execute("SELECT value FROM story_meta WHERE key='docs'").fetchone()[0]
    conn.execute("UPDATE story_df SET df = CAST(df * ? AS INTEGER)", ((docs + count) / docs,))
    conn.execute("UPDATE story_meta SET value = value + ? WHERE key = 'docs'", (count,))
    conn.commit()


def measure(conn, gen: Generator, next_id: int, n: int) -> tuple[float, float]:
    index = StoryIndex(SQLiteStoryStore(conn), StorySettings(embedder="off"))
    wall, cpu = time.perf_counter(), time.process_time()
    for i in range(n):
        art = gen.article()
        index.link(art, next_id + i)
        if i % 200 == 199:
            conn.commit()
    conn.commit()
    return n / (time.perf_counter() - wall), n / (time.process_time() - cpu)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, default=Path("/tmp/stories_scale.db"))
    ap.add_argument("--sizes", default="10000,100000,300000,1000000")
    ap.add_argument("--warm", type=int, default=10_000, help="articles ingested for real before the first size")
    ap.add_argument("--measure", type=int, default=1000, help="articles linked (and timed) at each size")
    args = ap.parse_args()
    for suffix in ("", "-wal", "-shm"):
        Path(str(args.db) + suffix).unlink(missing_ok=True)
    conn = sqlite3.connect(args.db)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    gen = Generator()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"warm-up: ingesting {args.warm} generated articles …", flush=True)
    measure(conn, gen, 1, args.warm)
    size = args.warm
    next_fill = 10_000_000  # bulk rows get ids far from the real ones
    results = []
    for target in sizes:
        if target > size:
            started = time.perf_counter()
            fill(conn, gen, next_fill, target - size)
            next_fill += target - size
            print(f"  filled to {target} in {time.perf_counter() - started:.0f} s", flush=True)
            size = target
        wall, cpu = measure(conn, gen, 1_000_000 + gen.n, args.measure)
        size += args.measure
        results.append((target, wall, cpu))
        print(f"archive {target:>9,d} articles: {wall:6.1f} articles/s wall, {cpu:6.1f} articles/s CPU", flush=True)
    plan = conn.execute("EXPLAIN QUERY PLAN SELECT story_id FROM story_keys WHERE key = ? AND last_seen >= ?"
                        " ORDER BY last_seen DESC LIMIT 30", ("t:x", 0.0)).fetchall()
    print("candidate lookup plan:", "; ".join(r[-1] for r in plan))
    plan = conn.execute("EXPLAIN QUERY PLAN SELECT article_id FROM dup_bands WHERE key = ? LIMIT 20", (1,)).fetchall()
    print("band lookup plan:", "; ".join(r[-1] for r in plan))
    base = results[0][2]
    for target, wall, cpu in results:
        print(f"rate at {target:,d} / rate at {results[0][0]:,d} (CPU): {cpu / base:.2f}")
    print(f"db size {os.path.getsize(args.db) / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
