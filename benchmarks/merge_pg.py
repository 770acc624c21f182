"""``lagebild merge`` into PostgreSQL: the shards of the issue's benchmark data, the code before and after.

    PYTHONPATH=src .venv/bin/python benchmarks/merge_pg.py [--limit 0] [--keep DIR] [--base REF]
        [--rounds 2] [--index postgresql,tantivy] [--into sqlite --index fts5,tantivy]

The HTML pages of the four extraction sets (every one with ``--limit 0``) are packed into 8 WARC
shards and run once through ``lagebild batch`` (local engine, default settings: accurate NER, e5
story embeddings) — kept under ``--keep`` and reused when the folder already holds them (the
batch of all 1,481 pages takes ~10 minutes of CPU per core). Then the shards are merged into a
fresh database on a throw-away PostgreSQL server (tests/archive/pg_server.py: socket only,
``fsync=off``), once per round with the code of ``--base`` (a git ref, unpacked with ``git
archive``) and once with this checkout, alternating, each in a fresh process. Printed per merge:
articles per second of wall time, and per CPU-second of the merging process (with the processes it
started: the linking process, batch/linker.py) plus the whole PostgreSQL server (every backend and
background process, exited ones included: read from ``/proc``, the same machine), the size of a few tables (the two versions must
store the same), and a second merge of the same shards (nothing may be stored twice). ``--into
sqlite``: the same into a fresh SQLite file per merge, with the FTS5 or tantivy index; its CPU is the
merging process's plus its helper process's (``archive/ahead.py``).

What the shards hold depends on the code that wrote them: since the workers carry each article's
full-text index terms (batch/files.py ``terms``), a merge of shards written before computes them
itself, so a kept output from older code times the merge without that saving.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests" / "archive"))

from benchkit import other_src  # noqa: E402

CHILD = r'''
import json, os, resource, sys, time
import lagebild
from lagebild.batch import merge
from lagebild.settings import Settings

out, url, index, postmaster = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[5])

def stat(pid):
    return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()

def cpu(pid):
    if pid is None:  # SQLite: no server
        return 0.0
    fields = stat(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

def server_cpu():
    """CPU of the whole server: every live process under the postmaster, plus what its exited children
    used (the linking process's backend, parallel index builds, autovacuum) — the postmaster's cutime/cstime."""
    if not postmaster:
        return 0.0
    fields = stat(postmaster)
    ticks = sum(int(x) for x in fields[11:15])
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                f = stat(entry)
            except OSError:
                continue
            if int(f[1]) == postmaster:
                ticks += int(f[11]) + int(f[12])
    return ticks / os.sysconf("SC_CLK_TCK")

def helpers():  # CPU of the finished child processes (SQLite's helper, archive/ahead.py)
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime

settings = Settings()
if index == "tantivy" and url.startswith("postgresql"):  # no tsvector kept; this process's copy in a folder
    settings.archive.index, settings.archive.index_dir = "tantivy", sys.argv[4]
elif not url.startswith("postgresql"):
    settings.archive.index = index
result = {}
for attempt in ("first", "again"):
    t0, c0, h0 = time.perf_counter(), time.process_time(), helpers()
    with lagebild.open_archive(url, settings=settings) as archive:
        pid = archive.conn.raw.info.backend_pid if url.startswith("postgresql") else None
        b0, s0 = cpu(pid), server_cpu()
        report = merge(archive, out, settings)
        b1, s1 = cpu(pid), server_cpu()
    result[attempt] = dict(stored=report.ingest.stored, duplicate=report.ingest.duplicate,
                           wall=time.perf_counter() - t0, cpu=time.process_time() - c0 + helpers() - h0,
                           server=b1 - b0, server_all=s1 - s0,
                           link_failures=report.ingest.link_failures)
    if attempt == "first":
        with lagebild.open_archive(url, readonly=True, settings=settings) as archive:
            conn = archive.conn
            result["tables"] = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in (
                "articles", "mentions", "article_entities", "entities", "entity_merges", "quotes", "stories",
                "story_df", "dup_bands")}
            result["hits"] = {q: archive.count(q) for q in ("Regierung", "police", '"die Regierung"')}
print(json.dumps(result))
'''


def shards(limit: int, keep: Path) -> Path:
    """The batch output for ``limit`` pages under ``keep`` (made once; reused when finished)."""
    import batch as bench

    out = keep / "out"
    if (out / "shards").is_dir() and any((out / "shards").glob("*.done")):
        return out
    keep.mkdir(parents=True, exist_ok=True)
    inputs = bench.pack(bench.pages(limit), keep, 8)
    from lagebild.batch import run
    from lagebild.settings import Settings

    t0 = time.perf_counter()
    report = run(inputs, out, Settings())
    print(f"batch: {report.articles} articles in {time.perf_counter() - t0:.0f} s", flush=True)
    return out


def measure(src: Path, out: Path, url: str, index: str, folder: Path, postmaster: int = 0) -> dict:
    copy = tempfile.mkdtemp(prefix="copy-", dir=folder)
    done = subprocess.run([sys.executable, "-c", CHILD, str(out), url, index, copy, str(postmaster)],
                          capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(src)})
    if done.returncode:
        raise SystemExit(f"merge with {src} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=0, help="pages (0: all 1,481)")
    ap.add_argument("--keep", default="", help="folder for the WARC shards and the batch output (reused)")
    ap.add_argument("--base", default="main", help="git ref of the code to compare with ('' for none)")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--into", default="postgresql", choices=("postgresql", "sqlite"), help="the archive's backend")
    ap.add_argument("--index", default="", help="what the archive keeps: postgresql (tsvector), tantivy; SQLite:"
                    " fts5, tantivy (default postgresql, or fts5,tantivy with --into sqlite)")
    args = ap.parse_args()
    args.index = args.index or ("postgresql" if args.into == "postgresql" else "fts5,tantivy")
    from pg_server import PgServer

    with tempfile.TemporaryDirectory(prefix="lagebild-merge-bench-") as scratch:
        keep = Path(args.keep or scratch)
        out = shards(args.limit, keep)
        versions = {"new": ROOT / "src"}
        if args.base:
            versions = {"base": other_src(args.base, Path(scratch)), **versions}
        load = os.getloadavg()
        print(f"shards {out} · load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} at start", flush=True)
        server = PgServer.start() if args.into == "postgresql" else None
        results: dict[tuple[str, str], list[dict]] = {}
        n = 0
        try:
            for r in range(args.rounds):
                for index in args.index.split(","):
                    for name, src in versions.items():
                        n += 1
                        url = server.create_database(f"m{n}") if server else str(Path(scratch) / f"m{n}.db")
                        postmaster = int((server.data / "postmaster.pid").read_text().split()[0]) if server else 0
                        res = measure(src, out, url, index, Path(scratch), postmaster)
                        if server:
                            server.drop_database(f"m{n}")
                        first, again = res["first"], res["again"]
                        results.setdefault((index, name), []).append(first)
                        total = first["cpu"] + first["server_all"]
                        print(f"round {r + 1} {index:10s} {name:4s} {first['stored']} stored in {first['wall']:.1f} s = "
                              f"{first['stored'] / first['wall']:.1f} articles/s wall · merge process{'es' if not server else ''} {first['cpu']:.1f}"
                              f" + server {first['server_all']:.1f} CPU-s (its own backend {first['server']:.1f})"
                              f" = {first['stored'] / total:.1f} articles per CPU-s"
                              f" · again: stored {again['stored']}, duplicate {again['duplicate']}"
                              f" · link failures {first['link_failures'] or 0}", flush=True)
                        print(f"    tables {res['tables']} · hits {res['hits']}", flush=True)
        finally:
            if server:
                server.stop()
        for index in args.index.split(","):
            rate = {name: statistics.median(x["stored"] / x["wall"] for x in results[(index, name)]) for name in versions}
            per_cpu = {name: statistics.median(x["stored"] / (x["cpu"] + x["server_all"]) for x in results[(index, name)])
                       for name in versions}
            line = " · ".join(f"{name} {rate[name]:.1f}/s wall, {per_cpu[name]:.1f} per CPU-s" for name in versions)
            ratio = (f" · new/base {rate['new'] / rate['base']:.2f}x wall, {per_cpu['new'] / per_cpu['base']:.2f}x per CPU-s"
                     if "base" in versions else "")
            print(f"{index}: median of {args.rounds}: {line}{ratio}")
    load = os.getloadavg()
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} at end")


if __name__ == "__main__":
    main()
