"""Phrases of common words with and without the tantivy index's pair fields (archive/fulltext/bigrams.py).

    PYTHONPATH=src .venv/bin/python benchmarks/search_pairs.py \
        --source /tmp/lagebild-search-bench/search-100000-tantivy.db --dir /tmp/pairs-bench [--runs 40] \
        [--plain /tmp/lagebild-search-bench/plain-100000.tantivy]

Copies an archive built by ``benchmarks/search.py`` (never writes to it) twice, reindexes one copy as
before the pair fields (positions only) and one with them, each in a fresh process (cold caches
alike), printing the reindex rate per CPU-second and the tantivy folder's bytes per article; then
times every query kind of ``benchmarks/search.py`` plus longer phrases on both copies (and the plain
tantivy index when given), runs interleaved target by target so both see the same load. Both
copies must give the same counts for every phrase; p50/p95/p99 in ms.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import search as S  # noqa: E402  (benchmarks/search.py)

from lagebild import textnorm  # noqa: E402
from lagebild.archive import Archive  # noqa: E402
from lagebild.archive.fulltext import bigrams  # noqa: E402

LONGER = {  # beside the benchmark's kinds: phrases over pair terms, and one without a common word
    "phrase, three words": [('"in der Regierung"', None, None), ('"von der Polizei"', None, None),
                            ('"of the government"', None, None)],
    "phrase, four words": [('"die Regierung und die"', None, None), ('"the minister of the"', None, None)],
    "phrase, no common word": [('"Regierung Polizei"', None, None), ('"Minister Haushalt"', None, None)],
}
MODES = ("positional", "pairs")


def reindex(db: str, mode: str) -> None:
    """In this (fresh) process: rebuild ``db``'s index as ``mode``; print the rates."""
    if mode == "positional":
        bigrams.common_tokens = lambda: None  # the index as built before the pair fields
    with Archive(db) as ar:
        t, c = time.perf_counter(), time.process_time()
        n = ar.reindex()
        wall, cpu = time.perf_counter() - t, time.process_time() - c
        print(f"  {mode:10} reindexed {n:,}: {n / wall:,.0f} articles/s wall, {n / cpu:,.0f} per CPU-second,"
              f" tantivy {ar.index.size_bytes() / n:,.0f} bytes/article", flush=True)


def copy(source: Path, target: Path) -> None:
    wal = Path(f"{source}-wal")
    if wal.exists() and wal.stat().st_size:  # the copy must hold everything
        sys.exit(f"{source}: its WAL holds data; checkpoint it first")
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target / source.name)
    shutil.rmtree(target / f"{source.name}.tantivy", ignore_errors=True)
    shutil.copytree(f"{source}.tantivy", target / f"{source.name}.tantivy")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", required=True, help="an archive built by benchmarks/search.py (only read)")
    ap.add_argument("--dir", required=True)
    ap.add_argument("--plain", help="the plain tantivy index of the same articles (benchmarks/search.py)")
    ap.add_argument("--runs", type=int, default=40)
    ap.add_argument("--reuse", action="store_true", help="time copies already made and reindexed")
    ap.add_argument("--reindex", nargs=2, metavar=("DB", "MODE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.reindex:
        return reindex(*args.reindex)
    source, folder = Path(args.source), Path(args.dir)
    dbs = {m: folder / m / source.name for m in MODES}
    if not args.reuse:
        for mode, db in dbs.items():
            copy(source, db.parent)
            subprocess.run([sys.executable, __file__, "--source", args.source, "--dir", args.dir,
                            "--reindex", str(db), mode], check=True)
    for lang in ("de", "en"):
        textnorm.index_terms("Regierung sagte the", lang)
    ars = {m: Archive(db, readonly=True) for m, db in dbs.items()}
    n = ars["pairs"].count()
    for mode, ar in ars.items():
        print(f"  {mode:10} {ar.count():,} articles, store + index {ar.stats()['size_bytes'] / n:,.0f} bytes/article,"
              f" tantivy {ar.index.size_bytes() / n:,.0f}")
    targets = {}
    for mode, ar in ars.items():
        targets[f"{mode}"] = (lambda ar: lambda it: S.lagebild_run(ar, it[0], it[1]))(ar)
        targets[f"{mode} ids"] = (lambda ar: lambda it: S.engine_run(ar, it[0], it[1]))(ar)
    if args.plain:
        plain, schema = S.build_plain(Path(args.plain), n)[0], S.plain_schema()
        targets["plain tantivy"] = lambda it: S.plain_run(plain, schema, it[2]) if it[2] else None
    kinds = {**S.KINDS, **LONGER}
    print(f"  {'query kind':26} " + " ".join(f"{t + ' p50/p95/p99':>26}" for t in targets))
    for kind, items in kinds.items():
        for q, extra, _ in items:
            if kind.startswith("phrase"):
                counts = {m: ar.count(q, extra if not isinstance(extra, str) else None) for m, ar in ars.items()}
                assert len(set(counts.values())) == 1, (q, counts)
        for fn in targets.values():  # warm up
            for it in items:
                fn(it)
        ms: dict[str, list[float]] = {t: [] for t in targets}
        for i in range(args.runs):
            for t, fn in targets.items():
                t0 = time.perf_counter()
                fn(items[i % len(items)])
                ms[t].append((time.perf_counter() - t0) * 1000)
        print(f"  {kind:26} " + " ".join(f"{S.fmt(ms[t]) if kind in S.KINDS or 'plain' not in t else '-':>26}"
                                         for t in targets), flush=True)
    for ar in ars.values():
        ar.close()


if __name__ == "__main__":
    main()
