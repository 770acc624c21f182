"""Insert rate and size per article for generated ~400-word articles (a benchmark, not a test).

    .venv/bin/python benchmarks/archive.py 5000 [--batch 50] [--db /tmp/bench.db]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

# The article generator is shared with the archive tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "archive"))

from archive_gen import make_articles  # noqa: E402

from lagebild import textnorm  # noqa: E402
from lagebild.archive import Archive  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int, nargs="?", default=5000)
    ap.add_argument("--batch", type=int, default=50)
    ap.add_argument("--words", type=int, default=400)
    ap.add_argument("--db", default=None)
    args = ap.parse_args()
    for lang in ("de", "en"):  # load the lemma dictionaries outside the timing
        textnorm.index_terms("Regierung sagte the", lang)
    articles = list(make_articles(args.n, words=args.words))
    text_bytes = sum(len(a.text.encode()) for a in articles)
    db = Path(args.db or tempfile.mkdtemp()) / "bench.db" if not args.db else Path(args.db)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    t0, c0 = time.perf_counter(), time.process_time()
    with Archive(db) as archive:
        report = archive.ingest(articles, batch_size=args.batch)
        elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
        archive.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = archive.stats()["size_bytes"]
        queries = ["Regierung", "kooperiert OR Streik", '"die Regierung"', "entity:Cavusoglu lang:de", "-Regierung", ""]
        timings = {}
        for q in queries:
            t = time.perf_counter()
            for _ in range(5):
                archive.search(q, limit=20)
            timings[q] = (time.perf_counter() - t) / 5 * 1000
        t = time.perf_counter()
        archive.related(1)
        related_ms = (time.perf_counter() - t) * 1000
    print(f"{report.stored} articles of ~{args.words} words ({text_bytes / args.n / 1024:.1f} KiB text each), batch {args.batch}")
    print(f"insert: {elapsed:.2f} s = {report.stored / elapsed:.0f} articles/s"
          f" (CPU {cpu:.2f} s = {report.stored / cpu:.0f} articles per CPU-second)")
    print(f"size: {size / 1e6:.1f} MB = {size / args.n / 1024:.1f} KiB per article ({size / text_bytes:.2f}x the text)")
    for q, ms in timings.items():
        print(f"search {q!r}: {ms:.1f} ms")
    print(f"related(1): {related_ms:.1f} ms")


if __name__ == "__main__":
    main()
