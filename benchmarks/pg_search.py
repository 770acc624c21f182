"""Search latency and bulk-load rate of the PostgreSQL archive, beside the SQLite archive, same run.

    PYTHONPATH=src nice -n 10 .venv/bin/python benchmarks/pg_search.py --sizes 10000,100000 \
        [--url postgresql://user@host/db] [--dir /tmp/lagebild-pg-bench] [--sqlite-index fts5,tantivy] [--runs 30]
        [--pg-rank rum,ts_rank,tantivy] [--bulk-drop] [--db NAME] [--load-only tsvector,tantivy]

Without ``--url`` it starts a throw-away PostgreSQL 15 (tests/archive/pg_server.py; as root through
``runuser -u postgres``; data in /tmp/lbpg-*, fsync off) and stops it at the end; with ``--url`` it
uses that server and creates one database per size beside the URL's (``lbbench_<n>``; reused when it
holds n articles). Articles come from ``tests/archive/archive_gen.make_articles`` (~400 words each),
loaded with ``Archive.ingest`` in batches of 1000 (PostgreSQL: COPY, :mod:`lagebild.archive.pg.bulk`)
— the path ``lagebild merge`` takes. The query kinds are those of benchmarks/search.py; each is
timed ``--runs`` times (the whole ``Archive.search``: 20 hits with snippets), the archives taking
turns query by query so that the shared machine's changing load falls on all alike. Prints, per
size, the load rate (articles/s, generation included), bytes per article, p50/p95/p99 per kind for
each backend and the p95 ratios, and ends with ``worst p95 <name>: <ms> at <size>`` per PostgreSQL search.

``--pg-rank rum,ts_rank,tantivy`` times the same PostgreSQL database in the same turns: relevance from
the RUM index (when the server has the extension; an existing database gets the index on its first
writable open here, timed; ``rum-index``: every page in the index's order, the code before phrases,
ANDs and prefixes were ranked on the rows), with ``ts_rank`` over the GIN index, as without RUM, and through a
tantivy copy beside it (``tantivy``: archive/pg/tantivy.py, a folder under ``--dir``, built from the
database on first use, timed; the database's tsvectors stay, so both read the same articles).

``--bulk-drop`` drops the tsvector's GIN and RUM indexes for the load and builds them after it (timed);
``--db NAME`` times an existing database of that name as it is (``--sizes`` is then ignored);
``--sqlite-index ''`` leaves SQLite out; ``--load-only tsvector,tantivy`` loads each size twice — a
database keeping tsvectors, one keeping a tantivy copy only (no ``article_terms``) — and prints rate
and bytes per article of each, without timing queries.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "archive"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from archive_gen import make_articles  # noqa: E402
from search import KINDS, lagebild_run, pct  # noqa: E402  (the query kinds of benchmarks/search.py)

from lagebild import textnorm  # noqa: E402
from lagebild.archive import Archive  # noqa: E402


def fmt(ms: list[float]) -> str:
    return f"{statistics.median(ms):7.1f} {pct(ms, 95):7.1f} {pct(ms, 99):7.1f}"


def interleaved(archives: dict, items, runs: int) -> dict[str, list[float]]:
    """ms per run for each archive, the archives taking turns query by query, so a change in the
    machine's load (it is shared) falls on all of them alike."""
    for ar in archives.values():  # warm up
        for item in items:
            lagebild_run(ar, item[0], item[1])
    out: dict[str, list[float]] = {name: [] for name in archives}
    for i in range(runs):
        for name, ar in archives.items():
            t = time.perf_counter()
            lagebild_run(ar, items[i % len(items)][0], items[i % len(items)][1])
            out[name].append((time.perf_counter() - t) * 1000)
    return out


def server_cpu(pid: int) -> float:
    """CPU seconds a local server process has used (/proc; 0 when it is not readable here)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    import os

    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def database_url(base: str, name: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(base)
    return urlunsplit(parts._replace(path="/" + name))


def build_pg(base: str, n: int, *, drop: bool = False, index_dir: Path | None = None, name: str = "",
             fresh: bool = False) -> tuple[str, float | None, int]:
    import psycopg

    from lagebild.archive.pg import PgArchive

    name = name or f"lbbench_{n}"
    url = database_url(base, name)
    with psycopg.connect(base, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    if exists and index_dir is None and not fresh:
        t0 = time.perf_counter()
        with PgArchive(url) as ar:  # a writable open applies pending migrations (the RUM index)
            if ar.count() == n:
                print(f"  postgresql: reopened in {time.perf_counter() - t0:.1f} s (migrations included),"
                      f" RUM index: {ar.index.rum}")
                return url, None, ar.stats()["size_bytes"] // n
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    if index_dir is not None:
        shutil.rmtree(index_dir, ignore_errors=True)
    t0, c0 = time.perf_counter(), time.process_time()
    with PgArchive(url, index_dir=index_dir) as ar:
        backend = ar.conn.raw.info.backend_pid
        s0 = server_cpu(backend)
        drop = drop and ar.index.name == "postgresql"
        if drop:  # the tsvector's indexes are built once after the load, not kept row by row
            ar.conn.execute("DROP INDEX IF EXISTS article_terms_rum")
            ar.conn.execute("DROP INDEX IF EXISTS article_terms_tsv")
        ar.ingest(make_articles(n), batch_size=1000, batch_seconds=30)
        if drop:
            t1 = time.perf_counter()
            ar.conn.execute("SET maintenance_work_mem = '1GB'")
            ar.conn.execute("CREATE INDEX article_terms_tsv ON article_terms USING gin (tsv)")
            if ar.index.name == "postgresql" and ar.index.rum:
                ar.conn.execute("CREATE INDEX article_terms_rum ON article_terms USING rum (tsv rum_tsvector_ops)")
            print(f"  postgresql: GIN{' and RUM' if ar.index.rum else ''} built after the load in"
                  f" {time.perf_counter() - t1:.1f} s")
        cpu = time.process_time() - c0 + server_cpu(backend) - s0
    rate = n / (time.perf_counter() - t0)
    print(f"  postgresql{'+tantivy' if index_dir else ''}: {n / cpu:,.0f} articles per CPU-second"
          " (lagebild process + its server backend)")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    with PgArchive(url, index_dir=index_dir) as ar:
        return url, rate, ar.stats()["size_bytes"] // n


def pg_archive(url: str, rank: str, folder: Path):
    """The database opened read-only as ``rank`` searches it: rum, ts_rank or tantivy (a copy under
    ``folder``, built from the database when new — timed)."""
    from lagebild.archive.pg import PgArchive

    if rank == "tantivy":
        from urllib.parse import urlsplit

        copy = folder / f"pg-{urlsplit(url).path.strip('/')}-tantivy"
        t0 = time.perf_counter()
        ar = PgArchive(url, readonly=True, index="tantivy", index_dir=copy)
        docs = ar.index.num_docs(ar.conn)
        print(f"  postgresql+tantivy: copy ready in {time.perf_counter() - t0:.1f} s ({docs:,} documents,"
              f" {ar.index.size_bytes() / max(docs, 1):,.0f} bytes per article in {copy})")
        return ar
    ar = PgArchive(url, readonly=True)
    ar.index.rum = ar.index.rum and rank in ("rum", "rum-index")
    if rank == "rum-index":  # every page in the index's order, also where it is not the rows' (before m18e)
        ar.index.index_order = lambda match: True
    return ar


def build_sqlite(db: Path, n: int, index: str) -> tuple[float | None, int]:
    if db.exists():
        with Archive(db) as ar:
            if ar.count() == n and ar.index.name == index:
                return None, ar.stats()["size_bytes"] // n
        db.unlink()
        shutil.rmtree(f"{db}.tantivy", ignore_errors=True)
    t0, c0 = time.perf_counter(), time.process_time()
    with Archive(db, index=index) as ar:
        ar.ingest(make_articles(n), batch_size=1000, batch_seconds=30)
    rate = n / (time.perf_counter() - t0)
    print(f"  sqlite[{index}]: {n / (time.process_time() - c0):,.0f} articles per CPU-second")
    with Archive(db) as ar:
        ar.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return rate, ar.stats()["size_bytes"] // n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000")
    ap.add_argument("--url", default="", help="a PostgreSQL server's URL (default: start a throw-away one)")
    ap.add_argument("--dir", default="/tmp/lagebild-pg-bench")
    ap.add_argument("--sqlite-index", default="fts5,tantivy", help="SQLite archives to compare (fts5,tantivy)")
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--pg-rank", default="rum",
                    help="PostgreSQL searches to time: rum, rum-index (pages in the index's order for every query, as"
                         " before the phrase fix), ts_rank, tantivy (a copy beside it), comma-separated")
    ap.add_argument("--bulk-drop", action="store_true", help="drop GIN/RUM for the load, build them after")
    ap.add_argument("--db", default="", help="time this existing database as it is (no build)")
    ap.add_argument("--load-only", default="", help="tsvector,tantivy: load rate and size of each kind, no queries")
    args = ap.parse_args()
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    for lang in ("de", "en"):
        textnorm.index_terms("Regierung sagte the", lang)
    server = None
    base = args.url
    if not base:
        from pg_server import PgServer

        server = PgServer.start()
        base = server.url()
    worst: dict[str, tuple[float, int, str]] = {}  # per PostgreSQL search: (p95 ms, size, query kind)
    try:
        from lagebild.archive.pg import PgArchive

        for n in [int(s) for s in args.sizes.split(",")] if not args.db else [0]:
            if args.load_only:
                for kind in args.load_only.split(","):
                    copy = folder / f"load-{n}-tantivy" if kind == "tantivy" else None
                    url, prate, pbytes = build_pg(base, n, drop=args.bulk_drop, index_dir=copy,
                                                  name=f"lbload_{kind}_{n}", fresh=True)
                    print(f"  load {kind}, {n:,}: {prate:,.0f} articles/s, {pbytes:,} bytes/article (database"
                          f"{' + tantivy folder' if copy else ''})")
                continue
            if args.db:
                url = database_url(base, args.db)
                with PgArchive(url, readonly=True) as ar:
                    n = ar.count()
                print(f"== {n:,} articles (database {args.db}, as built)")
            else:
                print(f"== {n:,} articles")
                url, prate, pbytes = build_pg(base, n, drop=args.bulk_drop)
                print(f"  postgresql: load {'reused' if prate is None else f'{prate:,.0f} articles/s'},"
                      f" {pbytes:,} bytes/article")
            dbs = {}
            for index in filter(None, args.sqlite_index.split(",")):
                db = dbs[index] = folder / f"sqlite-{n}-{index}.db"
                srate, sbytes = build_sqlite(db, n, index)
                print(f"  sqlite[{index}]: load {'reused' if srate is None else f'{srate:,.0f} articles/s'},"
                      f" {sbytes:,} bytes/article")
                if prate and srate:
                    print(f"  load rate postgresql / sqlite[{index}]: {prate / srate:.2f}")
            with ExitStack() as stack:
                archives = {}
                for rank in args.pg_rank.split(","):
                    archives["pg" if rank == "rum" else "pg-" + rank] = stack.enter_context(pg_archive(url, rank, folder))
                for index, db in dbs.items():
                    archives[index] = stack.enter_context(Archive(db, readonly=True))
                times = {kind: interleaved(archives, items, args.runs) for kind, items in KINDS.items()}
            first = next(iter(archives))
            pg_ms = {kind: t[first] for kind, t in times.items()}
            others = {index: {kind: t[index] for kind, t in times.items()} for index in archives if index != first}
            print(f"  {'query kind':30} {first + ' p50/p95/p99':>26} "
                  + " ".join(f"{i + ' p50/p95/p99':>28}" for i in others)
                  + "  p95 pg/" + "/".join(others))
            for kind in KINDS:
                ratios = "/".join(f"{pct(pg_ms[kind], 95) / max(pct(r[kind], 95), 1e-6):.2f}" for r in others.values())
                print(f"  {kind:30} {fmt(pg_ms[kind]):>26} " + " ".join(f"{fmt(r[kind]):>28}" for r in others.values())
                      + f"  {ratios}")
                for name in archives:
                    ms = times[kind][name]
                    if name.startswith("pg") and not kind.startswith("facets") and pct(ms, 95) > worst.get(name, (0,))[0]:
                        worst[name] = (pct(ms, 95), n, kind)
            sys.stdout.flush()
    finally:
        if server is not None:
            server.stop()
    for name, (ms, n, kind) in worst.items():
        print(f"worst p95 {name}: {ms:.1f} ms at {n} ({kind})")


if __name__ == "__main__":
    main()
