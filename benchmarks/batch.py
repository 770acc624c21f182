"""Batch throughput: the shared extraction pages packed into WARC shards, on 1 and 2 workers, local and Ray.

    nice -n 10 env PYTHONPATH=src .venv/bin/python benchmarks/batch.py [--limit 400] [--shards 8]
        [--configs local-1,local-2,ray-1,ray-2,local-2-spawn] [--rounds 1] [--ner accurate] [--no-enrich] [--db URL|pg]
        [--keep DIR]

The HTML pages of the four extraction sets (``../shared/benchmarks/extraction/*/html``; every k-th
so that ``--limit`` remain, 0: all) are written as WARC response records (gzip per record) into
``--shards`` files. Each configuration runs ``lagebild.batch.run`` in a fresh process on a fresh
output directory — worker start-up and model loading inside the measurement, as a user's
``lagebild batch`` sees it — and prints articles per wall-second, the summed busy time of its
shards, and (local engine) the peak RSS of its largest worker process. Configurations alternate
round by round (``--rounds``); on a shared machine only the same-run ratios mean anything, and the
ratios 2 workers / 1 worker are printed for each engine. Then the output of the last configuration
is merged (``lagebild.batch.merge``) into a fresh SQLite archive, or into ``--db`` (e.g. a
``postgresql://`` address once that backend exists), and the merge rate is printed.

A local configuration may name how its workers start: ``local-2-spawn`` (``IngestSettings.start``;
plain ``local-2`` is the default, ``auto``: forked after the models are loaded once). While a configuration runs,
this process reads ``/proc/PID/smaps_rollup`` of the process tree twice a second: the peak RSS and
PSS (shared pages counted once, split among the processes sharing them) of each process, and the
peak of the tree's summed PSS — the memory the whole run needs.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT.parent / "shared/benchmarks/extraction"
SETS = ("scrapinghub", "trafilatura-eval", "fundus", "wcxb-articles")
sys.path.insert(0, str(ROOT / "tests" / "batch"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import procmem  # noqa: E402  (RSS and PSS of a process tree)
from batchkit import warc_record  # noqa: E402  (one WARC record writer, shared with the batch tests)


def pages(limit: int) -> list[tuple[str, Path]]:
    """(url, html file) of the extraction sets' pages; the URL from the set's pages.jsonl when it has one."""
    found = []
    for name in SETS:
        urls = {}
        listing = PAGES / name / "pages.jsonl"
        if listing.is_file():
            for line in listing.read_text(encoding="utf-8").splitlines():
                row = json.loads(line)
                if row.get("html_file") and row.get("url"):
                    urls[Path(row["html_file"]).name] = row["url"]
        for path in sorted((PAGES / name / "html").glob("*")):
            if path.is_file():
                found.append((urls.get(path.name) or f"https://bench.invalid/{name}/{path.name}", path))
    if limit and len(found) > limit:
        step = len(found) / limit
        found = [found[int(i * step)] for i in range(limit)]
    return found


def pack(found: list[tuple[str, Path]], folder: Path, shards: int) -> list[str]:
    """``shards`` WARC.gz files, the pages dealt round-robin (each shard a mix of the sets)."""
    paths = [folder / f"bench-{i:02d}.warc.gz" for i in range(shards)]
    handles = [open(p, "wb") for p in paths]
    try:
        for i, (url, path) in enumerate(found):
            handles[i % shards].write(gzip.compress(warc_record(url, path.read_bytes(), "text/html", "2026-01-01T00:00:00Z")))
    finally:
        for h in handles:
            h.close()
    return [str(p) for p in paths]


# --- the child: one configuration in a fresh process ------------------------------------------------

def _settings(spec: dict):
    from lagebild.settings import Settings

    settings = Settings()
    settings.enrich.ner = spec["ner"]
    if spec["no_enrich"]:
        settings.enrich.pipeline = ()
        settings.stories.embedder = "off"
    return settings


def child(spec: dict) -> dict:
    if spec["mode"] == "merge":
        import lagebild
        from lagebild.batch import merge

        target = spec["db"] or str(Path(spec["out"]) / "merge.db")
        t0, c0 = time.perf_counter(), time.process_time()
        with lagebild.open_archive(target) as archive:
            report = merge(archive, spec["out"], _settings(spec))
        return dict(stored=report.ingest.stored, duplicate=report.ingest.duplicate, wall=time.perf_counter() - t0,
                    cpu=time.process_time() - c0, link_failures=report.ingest.link_failures)
    from lagebild.batch import run

    settings = _settings(spec)
    settings.batch.engine, settings.batch.workers = spec["engine"], spec["workers"]
    if spec.get("start"):
        settings.ingest.start = spec["start"]
    epoch, t0 = time.time(), time.perf_counter()
    report = run(spec["inputs"], spec["out"], settings)
    wall = time.perf_counter() - t0
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    me = resource.getrusage(resource.RUSAGE_SELF)
    timeline = [dict(worker=r.worker, start=r.started - epoch, seconds=r.seconds, cpu=r.cpu, articles=r.articles,
                     name=r.name) for r in report.shards]
    return dict(articles=report.articles, failed_shards=report.count("failed"), wall=wall,
                busy=sum(r.seconds for r in report.shards), cpu=sum(r.cpu for r in report.shards), workers=len({r.worker for r in report.shards}),
                worker_rss_mb=kids.ru_maxrss / 1024 if spec["engine"] == "local" else None,
                tree_cpu=kids.ru_utime + kids.ru_stime + me.ru_utime + me.ru_stime,
                parent_cpu=me.ru_utime + me.ru_stime, kids_cpu=kids.ru_utime + kids.ru_stime,
                failed_records=report.failed_records, timeline=timeline)


def show_timeline(res: dict) -> None:
    """Per worker: when each shard started and ended (seconds after the run began), its CPU seconds;
    then what the run spent outside the shards — start-up before a worker's first shard, and the idle
    tail after its last one while another worker was still busy."""
    end = res["wall"]
    by_worker: dict[str, list[dict]] = {}
    for s in res["timeline"]:
        by_worker.setdefault(s["worker"], []).append(s)
    for worker, shards in sorted(by_worker.items()):
        shards.sort(key=lambda s: s["start"])
        spans = " ".join(f"[{s['start']:.0f}-{s['start'] + s['seconds']:.0f} cpu {s['cpu']:.0f} n{s['articles']}]"
                         for s in shards)
        last = shards[-1]["start"] + shards[-1]["seconds"]
        print(f"    {worker}: first shard at {shards[0]['start']:.1f} s, idle tail {end - last:.1f} s: {spans}")


def simulated(res: dict, workers: int) -> float:
    """The wall seconds the shards would take on ``workers`` dedicated cores: each shard costs its CPU
    seconds, shards go to the first free worker in the order they started (what the engine did); the
    parent's CPU (planning, and with forked workers the model loading before them) comes first, then
    each worker pays its share of the workers' CPU outside their shards (start-up, spawned workers'
    imports). A load-independent reading of a run on a busy machine."""
    import heapq

    parent = res.get("parent_cpu", 0.0)
    kids = res.get("kids_cpu", res["tree_cpu"] - parent)
    startup = parent + max(0.0, kids - res["cpu"]) / workers
    free = [startup] * workers
    for s in sorted(res["timeline"], key=lambda s: s["start"]):
        heapq.heapreplace(free, free[0] + s["cpu"])
    return max(free)


def measure(spec: dict) -> dict:
    """Run one configuration in a fresh process; sample its process tree's memory meanwhile."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(spec, f)
    try:
        child_proc = subprocess.Popen([sys.executable, __file__, "--child", f.name], stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
        out, err, memory = procmem.watch(child_proc)
    finally:
        os.unlink(f.name)
    if child_proc.returncode:
        raise SystemExit(f"{spec.get('name', spec['mode'])} failed:\n{err[-3000:]}")
    res = json.loads(out.strip().splitlines()[-1])
    res["memory"] = memory
    return res


def _pairs(rate: dict) -> list[tuple[str, str]]:
    """(1-worker, 2-worker) configurations measured: local-1/local-2, ray-1/ray-2, local-1-spawn/local-2-spawn…"""
    return [(name, name.replace("-1", "-2", 1)) for name in rate if "-1" in name and name.replace("-1", "-2", 1) in rate]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=400)
    ap.add_argument("--shards", type=int, default=8)
    ap.add_argument("--configs", default="local-1,local-2,ray-1,ray-2")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--ner", default="accurate")
    ap.add_argument("--no-enrich", action="store_true")
    ap.add_argument("--db", default="", help="merge target (default: a fresh SQLite file; 'pg': a throw-away"
                    " PostgreSQL server, tests/archive/pg_server.py, stopped at the end)")
    ap.add_argument("--keep", default="", help="keep the WARC shards and every output under this folder")
    ap.add_argument("--child")
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(json.loads(Path(args.child).read_text()))))
        return
    found = pages(args.limit)
    load = os.getloadavg()
    print(f"{len(found)} pages in {args.shards} WARC shards · ner {args.ner}{' · no enrich' if args.no_enrich else ''}"
          f" · load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} at start", flush=True)
    results: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory(prefix="lagebild-batch-bench-") as scratch:
        tmp = args.keep or scratch
        Path(tmp).mkdir(parents=True, exist_ok=True)
        inputs = pack(found, Path(tmp), args.shards)
        last_out = ""
        for r in range(args.rounds):
            for name in args.configs.split(","):
                engine, workers, *start = name.split("-")
                out = Path(tmp) / f"out-{name}-{r}"
                spec = dict(mode="batch", name=name, engine=engine, workers=int(workers), inputs=inputs, out=str(out),
                            ner=args.ner, no_enrich=args.no_enrich, start=start[0] if start else "")
                res = measure(spec)
                results.setdefault(name, []).append(res)
                last_out = str(out)
                rss = f" · worker peak RSS {res['worker_rss_mb']:.0f} MB" if res["worker_rss_mb"] else ""
                res["simulated"] = simulated(res, int(workers))
                print(f"round {r + 1} {name:8s} {res['articles']} articles in {res['wall']:.1f} s wall = "
                      f"{res['articles'] / res['wall']:.2f} articles/s · shard busy {res['busy']:.1f} s, "
                      f"CPU {res['cpu']:.1f} s = {res['cpu'] / max(res['articles'], 1):.2f} CPU-s/article, "
                      f"process tree CPU {res['tree_cpu']:.1f} s · on dedicated cores {res['simulated']:.1f} s · "
                      f"{res['workers']} workers{rss} · failed shards {res['failed_shards']}", flush=True)
                show_timeline(res)
                print("    " + procmem.describe(res["memory"]))
        rate = {n: statistics.median(x["articles"] / x["wall"] for x in rs) for n, rs in results.items()}
        dedicated = {n: statistics.median(x["articles"] / x["simulated"] for x in rs) for n, rs in results.items()}
        cpu = {n: statistics.median(x["cpu"] / max(x["articles"], 1) for x in rs) for n, rs in results.items()}
        tree = {n: statistics.median(x["tree_cpu"] / max(x["articles"], 1) for x in rs) for n, rs in results.items()}
        for one, two in _pairs(rate):
            engine = one.replace("-1", "")
            print(f"{engine}: 2 workers / 1 worker = {rate[two] / rate[one]:.2f}x wall "
                  f"({rate[one]:.2f} -> {rate[two]:.2f} articles/s, median of {args.rounds}); "
                  f"CPU-s per article in the shards {cpu[one]:.2f} -> {cpu[two]:.2f} (x{cpu[two] / cpu[one]:.2f}), "
                  f"of the whole process tree (start-up and model loading too) {tree[one]:.2f} -> {tree[two]:.2f} "
                  f"(x{tree[two] / tree[one]:.2f})")
            print(f"{engine}: 2 workers / 1 worker on dedicated cores (from CPU seconds and the shard order) "
                  f"= {dedicated[two] / dedicated[one]:.2f}x")
        for name in rate:
            if name.endswith(("-spawn", "-auto")) and name.rsplit("-", 1)[0] in rate:
                base = name.rsplit("-", 1)[0]
                print(f"{base} / {name} = {rate[base] / rate[name]:.2f}x wall (same run, median of {args.rounds})")
        server = None
        if args.db == "pg":
            sys.path.insert(0, str(ROOT / "tests/archive"))
            from pg_server import PgServer

            server = PgServer.start()
            args.db = server.create_database("merge")
        try:
            merged = measure(dict(mode="merge", out=last_out, db=args.db, ner=args.ner, no_enrich=args.no_enrich))
            print(f"merge into {'PostgreSQL' if args.db else 'SQLite'}: {merged['stored']} stored in "
                  f"{merged['wall']:.1f} s = {merged['stored'] / merged['wall']:.1f} articles/s, writer CPU "
                  f"{merged['cpu']:.1f} s (stories and near-duplicates linked; link failures {merged['link_failures'] or 0})")
            again = measure(dict(mode="merge", out=last_out, db=args.db, ner=args.ner, no_enrich=args.no_enrich)) \
                if args.db else None
            if again:
                print(f"merge again: stored {again['stored']}, duplicate {again['duplicate']}")
        finally:
            if server is not None:
                server.stop()
    load = os.getloadavg()
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} at end")


if __name__ == "__main__":
    main()
