"""The home page's counts on a freshly loaded PostgreSQL archive, before and after the load's settling
(``archive/pg/load.py:settle``: VACUUM, then ANALYZE): ``count(*)`` of the articles, the distinct sources
by a plain DISTINCT and by the walk over the source index (``archive.views.DISTINCT_SOURCES``), and how
long the settling takes. A throw-away server (tests/archive/pg_server.py); the archive is the dashboard
benchmark's generated one, stored by ``ingest`` outside ``loading`` so that the settling can be timed apart.

    PYTHONPATH=src .venv/bin/python benchmarks/pg_counts.py [--n 20000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests" / "archive"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=20_000)
    args = ap.parse_args()
    from dashboard_data import decorate, entity_pool, make_articles
    from pg_server import PgServer

    import lagebild
    from lagebild.archive.pg.load import settle
    from lagebild.archive.views import DISTINCT_SOURCES

    queries = {"count(*) articles": "SELECT count(*) FROM articles",
               "sources, DISTINCT": "SELECT count(DISTINCT source) FROM articles",
               "sources, index walk": DISTINCT_SOURCES}
    server = PgServer.start()
    try:
        url = server.create_database("counts")
        pool, rng = entity_pool(), random.Random(3)
        with lagebild.open_archive(url) as archive:
            archive.ingest((decorate(a, i, rng, pool) for i, a in enumerate(make_articles(args.n))), batch_size=1000)

            def timed(stage: str) -> None:
                for name, sql in queries.items():
                    ms = []
                    for _ in range(7):
                        t = time.perf_counter()
                        value = archive.conn.execute(sql).fetchone()[0]
                        ms.append((time.perf_counter() - t) * 1000)
                    print(f"{stage:<14} {name:<20} = {value:>7}  median {statistics.median(ms):7.2f} ms", flush=True)

            timed("as loaded")
            t = time.perf_counter()
            settle(archive)
            print(f"settle (VACUUM, ANALYZE): {time.perf_counter() - t:.2f} s for {args.n} articles", flush=True)
            timed("settled")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
