"""The query kinds of benchmarks/archive.py (OR, everything-but, empty, related) on a PostgreSQL archive built by
benchmarks/pg_search.py, searched through a tantivy copy (or RUM): p50/p95/max ms of the whole search.

    PYTHONPATH=src .venv/bin/python benchmarks/pg_archive_kinds.py URL COPY_DIR [tantivy|rum] [RUNS]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pg_search  # noqa: E402
from search import pct  # noqa: E402

QUERIES = ["Regierung", "kooperiert OR Streik", '"die Regierung"', "entity:Cavusoglu lang:de", "-Regierung", ""]


def timed(fn, runs: int) -> list[float]:
    out = []
    for i in range(runs):
        t0 = time.perf_counter()
        fn(i)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> None:
    url, folder = sys.argv[1], Path(sys.argv[2])
    rank = sys.argv[3] if len(sys.argv) > 3 else "tantivy"
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 30
    ar = pg_search.pg_archive(url, rank, folder)
    try:
        for q in QUERIES:
            ar.search(q, limit=20)  # warm
            t = timed(lambda _i, q=q: ar.search(q, limit=20), runs)
            print(f"{rank:8} {q!r:32} p50 {pct(t, 50):7.1f}  p95 {pct(t, 95):7.1f}  max {max(t):7.1f}", flush=True)
        t = timed(lambda i: ar.related(1 + i * 997), runs)  # a different article each time
        print(f"{rank:8} {'related(id)':32} p50 {pct(t, 50):7.1f}  p95 {pct(t, 95):7.1f}  max {max(t):7.1f}")
    finally:
        ar.close()


if __name__ == "__main__":
    main()
