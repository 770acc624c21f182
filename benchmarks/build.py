"""Build rate of the archive without enrichment: ``Archive.ingest`` of generated articles.

    PYTHONPATH=src .venv/bin/python benchmarks/build.py --sizes 10000,100000 [--source list,gen] \
        [--dir /tmp/lagebild-build-bench] [--index tantivy] [--compare REV_OR_SRC] [--rounds 1]

Builds a fresh archive per size and source with ``Archive.ingest(articles, batch_size=1000,
batch_seconds=30)`` — what ``benchmarks/search.py`` does — from ``tests/archive/archive_gen.make_articles``
(~400 words each): ``list`` hands over articles generated before the clock starts, ``gen`` the
generator itself (its ~0.29 ms per article counted). Prints articles per second of wall time and per
CPU-second (user + system of every thread and of the helper process, archive/ahead.py, each shown
too: on a quiet machine with two cores the wall rate approaches articles / the larger of the two),
and ``uptime``'s load.

``--compare VERSION`` runs each build a second time with another version's ``src`` (a git revision,
unpacked once under ``--dir``, or a checkout's folder: benchkit.other_src), each
build in its own process, alternating the two ``--rounds`` times, so both see the same machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve()


def _cpu() -> tuple[float, float]:
    """CPU-seconds of this process (all its threads) and of its finished children (the ingest's helper)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def build_once(folder: Path, n: int, source: str, index: str) -> dict:
    """Build one archive of ``n`` articles in ``folder`` (emptied first); the rates."""
    sys.path.insert(0, str(HERE.parents[1] / "tests" / "archive"))
    from archive_gen import make_articles

    from lagebild import textnorm
    from lagebild.archive import Archive

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for lang in ("de", "en"):  # load the lemma dictionaries outside the timing
        textnorm.index_terms("Regierung sagte the", lang)
    articles = list(make_articles(n)) if source == "list" else make_articles(n)
    t0, c0, th0 = time.perf_counter(), _cpu(), time.thread_time()
    with Archive(folder / "build.db", index=index) as ar:
        report = ar.ingest(articles, batch_size=1000, batch_seconds=30)
    wall = time.perf_counter() - t0
    thread = time.thread_time() - th0  # the writing thread alone (not tantivy's, not the pipes')
    c1 = _cpu()
    main_cpu, helper_cpu = c1[0] - c0[0], c1[1] - c0[1]
    cpu = main_cpu + helper_cpu
    assert report.stored == n, report.counts()
    with Archive(folder / "build.db") as ar:
        ar.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = ar.stats()["size_bytes"]
    shutil.rmtree(folder, ignore_errors=True)
    return {"wall": wall, "cpu": cpu, "main_cpu": main_cpu, "helper_cpu": helper_cpu, "thread": thread,
            "per_wall": n / wall, "per_cpu": n / cpu, "bytes": size // n}


def _load() -> str:
    return os.getloadavg().__repr__()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--source", default="list,gen", help="list (pre-generated), gen (the generator), or both")
    ap.add_argument("--dir", default="/tmp/lagebild-build-bench")
    ap.add_argument("--index", default="tantivy")
    ap.add_argument("--compare", default="", help="another version to run alternately: a git revision or a checkout's src/")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--one", default="", help=argparse.SUPPRESS)  # n,source: one build in this process
    args = ap.parse_args()
    if args.one:
        n, source = args.one.split(",")
        print(json.dumps(build_once(Path(args.dir), int(n), source, args.index)))
        return
    from benchkit import other_src

    codes = [("this", str(HERE.parents[1] / "src"))] + (
        [("compare", str(other_src(args.compare, Path(args.dir))))] if args.compare else [])
    print(f"load {_load()}  sizes {args.sizes}  sources {args.source}  index {args.index}")
    for n in [int(s) for s in args.sizes.split(",")]:
        for source in args.source.split(","):
            for r in range(args.rounds):
                for name, src in codes:
                    env = dict(os.environ, PYTHONPATH=src)
                    out = subprocess.run([sys.executable, str(HERE), "--one", f"{n},{source}", "--index", args.index,
                                          "--dir", str(Path(args.dir) / name)], env=env, check=True,
                                         capture_output=True, text=True).stdout
                    f = json.loads(out.strip().splitlines()[-1])
                    print(f"{n:>9,} {source:4} {name:8} {f['per_wall']:7,.0f} articles/s wall"
                          f" {f['per_cpu']:7,.0f} per CPU-second  ({f['wall']:.1f} s wall, {f['cpu']:.1f} s CPU ="
                          f" {f['main_cpu']:.1f} main (writing thread {f.get('thread', 0):.1f}) + {f['helper_cpu']:.1f} helper,"
                          f" {f['bytes']:,} bytes/article)  load {_load()}", flush=True)


if __name__ == "__main__":
    main()
