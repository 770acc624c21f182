"""Server time of each dashboard page and analyst endpoint on a 100k-article archive (a benchmark,
not a test). Target: every page < 200 ms.

    nice -n 10 .venv/bin/python benchmarks/dashboard.py --db /work/scratch/web/dash100k.db [--runs 7]
    nice -n 10 .venv/bin/python benchmarks/dashboard.py --db pg --n 20000 [--explain 20]   # PostgreSQL

The archive is built once when missing (``benchmarks/dashboard_data.py``: 100k generated articles
with extra entities and quotes, synthetic story rows written through the story store). Each URL
is requested through the app in-process (Starlette's TestClient: routing, the archive's queries,
templates, no network); the first request of each is a warm-up, then the median and the worst of
``--runs`` are reported, with the median CPU time of the process per request (the app runs in
the client's process: on a shared, loaded machine the CPU time says more than the wall time).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

PAGES = [
    ("home (latest, chart, facets)", "/"),
    ("search: common word", "/?q=Regierung"),
    ("search: word + filters", "/?q=Regierung&lang=de&section=Politik"),
    ("search: entity", "/?entity=PER:synthetic-0"),
    ("article", "/articles/54321"),
    ("entity (most named: 69% of articles)", "/entities/PER:synthetic-0"),
    ("entity (50th most named)", "/entities/{mid}"),
    ("stories, 7 days, active", "/stories"),
    ("stories, 30 days, growth", "/stories?window=30d&sort=growth"),
    ("stories, all, size", "/stories?window=all&sort=size"),
    ("stories for a query, 30 days", "/stories?q=Regierung&window=30d"),
    ("stories for a query, all (65% match)", "/stories?q=Regierung&window=all"),
    ("story (largest)", "/stories/{big}"),
    ("trends: all articles", "/trends"),
    ("trends: 3 queries", "/trends?q=Regierung&q=Streik&q=entity:PER:synthetic-0"),
    ("quotes: newest", "/quotes"),
    ("quotes: by speaker", "/quotes?speaker=PER:synthetic-0"),
    ("quotes: words", "/quotes?text=Runde+42"),
    ("quotes: article names an entity", "/quotes?about={mid}"),
    ("network: common word", "/network?q=Regierung"),
    ("network: all articles", "/network"),
    ("network: story", "/network?story={big}"),
    ("api: stories", "/api/stories?window=30d"),
    ("api: stories, query, all, size", "/api/stories?q=Regierung&window=all&sort=size"),
    ("search in a zone, relative since", "/?q=Regierung&since=2y&tz=Europe/Berlin"),
    ("trends in a zone", "/trends?q=Regierung&tz=Europe/Berlin"),
    ("story in a zone", "/stories/{big}?tz=America/New_York"),
    ("api: story", "/api/stories/{big}"),
    ("api: quotes", "/api/quotes?speaker=PER:synthetic-0"),
    ("api: trends, 2 queries", "/api/trends?q=Regierung&q=Streik"),
    ("api: network", "/api/network?q=Streik"),
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="/work/scratch/web/dash100k.db",
                    help="an archive file (built when missing), a postgresql:// database, or 'pg': a throw-away"
                         " PostgreSQL server (tests/archive/pg_server.py) with the archive built in it")
    ap.add_argument("--n", type=int, default=100_000, help="articles, when the archive is built")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--explain", type=float, default=None, metavar="MS",
                    help="PostgreSQL: log the plan of every statement of MS ms or more (auto_explain) and print"
                         " the slow statements' sequential scans after the pages")
    args = ap.parse_args()
    server = None
    if args.db == "pg":
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "archive"))
        from pg_server import PgServer

        server = PgServer.start()
        args.db = server.create_database("dashboard")
    try:
        run(args, server)
    finally:
        if server is not None:
            server.stop()


def run(args, server) -> None:
    from fastapi.testclient import TestClient

    from lagebild import open_archive
    from lagebild.web import create_app

    db = args.db
    log = _explain(db, args.explain) if args.explain is not None else None  # before any session is opened
    if not db.startswith("postgresql://") and not Path(db).exists() or server is not None:
        from dashboard_data import build

        build(db, args.n)
    with open_archive(db, readonly=True) as archive:
        conn = archive.conn
        articles, stories, quotes = (conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                                     for t in ("articles", "stories", "quotes"))
        big = conn.execute("SELECT id FROM stories ORDER BY size DESC LIMIT 1").fetchone()[0]
        mid = conn.execute("SELECT entity_id FROM entity_stats ORDER BY articles DESC LIMIT 1 OFFSET 49").fetchone()[0]
    log_from = (log, log.stat().st_size if log.is_file() else 0) if log is not None else None
    print(f"archive {db}: {articles} articles, {stories} stories, {quotes} quotes")
    print(f"{'page':38} {'median ms':>10} {'worst ms':>9} {'CPU ms':>7}  status")
    slow = []
    with TestClient(create_app(db)) as client:
        for name, url in PAGES:
            url = url.format(big=big, mid=mid)
            times, cpu, status = [], [], None
            for i in range(args.runs + 1):
                t, c = time.perf_counter(), time.process_time()
                status = client.get(url).status_code
                if i:
                    times.append((time.perf_counter() - t) * 1000)
                    cpu.append((time.process_time() - c) * 1000)
            median = statistics.median(times)
            if median >= 200:
                slow.append(name)
            print(f"{name:38} {median:10.1f} {max(times):9.1f} {statistics.median(cpu):7.1f}  {status}  {url}",
                  flush=True)
    print("over 200 ms (median):", ", ".join(slow) if slow else "none")
    if log_from is not None:
        _slow_plans(*log_from)


def _explain(url: str, ms: float) -> Path:
    """auto_explain for the sessions opened after this on ``url``'s database (connections are pooled:
    call it before any is opened); the server's log file."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        name = conn.execute("SELECT current_database()").fetchone()[0]
        conn.execute(f'ALTER DATABASE "{name}" SET session_preload_libraries = \'auto_explain\'')
        conn.execute(f'ALTER DATABASE "{name}" SET auto_explain.log_min_duration = {float(ms)}')
        folder = conn.execute("SELECT current_setting('data_directory')").fetchone()[0]
        log = conn.execute("SELECT pg_current_logfile()").fetchone()[0]
    path = Path(log if log and log.startswith("/") else Path(folder) / (log or "")).resolve()
    if not path.is_file():  # pg_ctl -l: the server's stderr goes to that file, next to the data folder
        path = Path(folder).parent / "log"
    return path


def _slow_plans(path: Path, start: int) -> None:
    """Each slow statement once (its slowest run), with the tables it read whole."""
    import re

    text = path.read_bytes()[start:].decode(errors="replace") if path.is_file() else ""
    worst: dict[str, tuple[float, list[str]]] = {}
    for block in re.split(r"\n(?=\S.*LOG:  duration:)", text):
        m, q = re.search(r"duration: ([\d.]+) ms", block), re.search(r"Query Text: (.*)", block)
        if m and q:
            scans = sorted(set(re.findall(r"Seq Scan on (\w+)", block)))
            key = q.group(1)[:160]
            if float(m.group(1)) > worst.get(key, (0.0, []))[0]:
                worst[key] = (float(m.group(1)), scans)
    print(f"statements over the --explain threshold ({len(worst)} distinct), slowest first:")
    for key, (ms, scans) in sorted(worst.items(), key=lambda kv: -kv[1][0]):
        print(f"{ms:8.1f} ms  read whole: {', '.join(scans) or '-'}  {key}")


if __name__ == "__main__":
    main()
