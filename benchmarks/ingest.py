"""End-to-end ingest throughput: the shared extraction pages into a fresh archive, per configuration.

    PYTHONPATH=src .venv/bin/python benchmarks/ingest.py [--limit 0] [--configs accurate,fast,no-enrich]
        [--before REV] [--rounds 1] [--workers N] [--pool-after N] [--profile]

Every configuration runs in a fresh process (models loaded inside the measurement, as a user's
``lagebild ingest`` does) on a fresh archive; printed per configuration: articles stored, articles
per wall-second and per CPU-second (the process and its worker processes), CPU seconds per article,
and the peak RSS of the writer and of its largest worker; then every process's peak RSS/PSS and
the peak of the tree's summed PSS (``benchmarks/procmem.py``). ``trafilatura`` (extraction only, the same
pages, one process) runs in the same invocation as the reference. ``--before REV`` also runs every
configuration on the code of git revision ``REV`` (``git archive`` into a temporary directory),
alternated with the current code round by round, and prints the ratios: on a shared machine only
same-run ratios mean anything. ``--limit N`` takes every k-th page so that N remain (0: all).

``--latency N`` measures what ``watch`` and ``POST /api/ingest`` do per page, in this process:
``pipeline.process_one`` (extract + enrich: the same encoder path and token-budget groups as the
workers, one article's sentences batched together) then ``Ingest.store`` (embedding + linking + one
transaction), for N pages after the models are loaded (loading, as a fresh server does it, printed apart).

``--profile`` runs the current code in one process under cProfile and prints where the time goes
(extraction, NER encoder, NER head, other enrich components, story embedding, story linking, SQLite).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import procmem  # noqa: E402  (RSS and PSS of a process tree)

PAGES = ROOT.parent / "shared/benchmarks/extraction"
SETS = ("scrapinghub", "trafilatura-eval", "fundus", "wcxb-articles")


def pages(limit: int) -> list[str]:
    found = sorted(str(p) for s in SETS for p in (PAGES / s / "html").glob("*") if p.is_file())
    if limit and len(found) > limit:
        step = len(found) / limit
        found = [found[int(i * step)] for i in range(limit)]
    return found


# --- the child: one configuration in a fresh process ------------------------------------------------

def child(config: dict, paths: list[str]) -> dict:
    t0 = time.perf_counter()
    if config["name"] == "trafilatura":
        import trafilatura

        stored = sum(bool(trafilatura.extract(Path(p).read_bytes())) for p in paths)
    else:
        import lagebild
        from lagebild.settings import Settings

        settings = Settings()
        settings.enrich.ner = config.get("ner", "accurate")
        if config.get("no_enrich"):
            settings.enrich.pipeline = ()
            if config.get("embedder"):
                settings.stories.embedder = config["embedder"]
        if hasattr(settings, "ingest"):
            if config.get("workers") is not None:
                settings.ingest.workers = config["workers"]
            if config.get("pool_after") is not None:
                settings.ingest.pool_after = config["pool_after"]
            if config.get("start") and hasattr(settings.ingest, "start"):
                settings.ingest.start = config["start"]
        with tempfile.TemporaryDirectory() as tmp, lagebild.Archive(Path(tmp) / "bench.db") as archive:
            stored = lagebild.ingest(archive, paths, settings).stored
    wall = time.perf_counter() - t0
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return dict(stored=stored, wall=wall, cpu=me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime,
                rss_mb=me.ru_maxrss / 1024, worker_rss_mb=kids.ru_maxrss / 1024)


def measure(config: dict, paths: list[str], src: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(src)}
    if config.get("env"):
        env.update(config["env"])
    spec = json.dumps({"config": config, "paths": paths})
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        f.write(spec)
    try:
        proc = subprocess.Popen([sys.executable, __file__, "--child", f.name], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        out, err, memory = procmem.watch(proc)
    finally:
        os.unlink(f.name)
    if proc.returncode != 0:
        return dict(error=(err.strip().splitlines() or ["?"])[-1])
    return {**json.loads(out.strip().splitlines()[-1]), "memory": memory}


CONFIGS = {
    "accurate": dict(ner="accurate"),
    "fast": dict(ner="fast"),
    "no-enrich": dict(no_enrich=True, embedder="off"),  # what `lagebild ingest --no-enrich` runs now
}


def line(name: str, r: dict) -> str:
    if "error" in r:
        return f"{name:<24} failed: {r['error']}"
    n = max(r["stored"], 1)
    text = (f"{name:<24} {r['stored']:>5} {n / r['wall']:>8.2f} {n / r['cpu']:>8.2f} {r['cpu'] / n:>8.3f}"
            f" {r['rss_mb']:>8.0f} {r['worker_rss_mb']:>8.0f}")
    return text + (f"\n    {procmem.describe(r['memory'])}" if r.get("memory") else "")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--configs", default="accurate,fast,no-enrich")
    ap.add_argument("--before", help="git revision (or a checkout's src/) to compare with, alternated in the same run")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--workers", type=int, default=None, help="IngestSettings.workers (default: one per core)")
    ap.add_argument("--pool-after", type=int, default=None, help="IngestSettings.pool_after (a short run: 1)")
    ap.add_argument("--start", default=None, help="IngestSettings.start: auto (fork after loading once) or spawn;"
                    " several, comma-separated, are alternated as configurations (accurate@spawn …)")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--latency", type=int, default=0, help="single-article latency over N pages (watch/API path)")
    ap.add_argument("--threads", default="1", help="with --latency: torch/BLAS threads, comma-separated to compare (1,2)")
    ap.add_argument("--per-page", action="store_true", help="with --latency: print each page's wall/CPU seconds")
    ap.add_argument("--child")
    args = ap.parse_args()
    if args.child:
        spec = json.loads(Path(args.child).read_text())
        print(json.dumps(child(spec["config"], spec["paths"])))
        return
    paths = pages(args.limit)
    if args.profile:
        return profile(paths, args.configs.split(",")[0])
    if args.latency:
        return latency(paths, args.latency, args.configs.split(","), [int(t) for t in args.threads.split(",")],
                       args.per_page)
    sources = {"now": ROOT / "src"}
    tmp = tempfile.TemporaryDirectory()
    if args.before:
        from benchkit import other_src

        sources["before"] = other_src(args.before, Path(tmp.name))
    print(f"{len(paths)} pages from {', '.join(SETS)}; {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    print(f"{'configuration':<24} {'stored':>5} {'art/s':>8} {'art/cpu':>8} {'cpu/art':>8} {'rss MB':>8} {'wrk MB':>8}")
    results: dict[str, list[dict]] = {}
    for _ in range(args.rounds):
        name = "trafilatura (extract)"
        results.setdefault(name, []).append(r := measure({"name": "trafilatura"}, paths, sources["now"]))
        print(line(name, r), flush=True)
        for conf, start in [(c, st) for c in args.configs.split(",") for st in (args.start or "").split(",")]:
            for tag, src in sources.items():
                config = {"name": conf, **CONFIGS[conf], "workers": args.workers, "pool_after": args.pool_after,
                          "start": start}
                if tag == "before" and conf == "no-enrich":
                    config.pop("embedder")  # the old --no-enrich still embedded every article
                name = f"{conf}{'@' + start if start else ''} [{tag}]"
                results.setdefault(name, []).append(r := measure(config, paths, src))
                print(line(name, r), flush=True)
    if args.before:
        print("ratios now/before (median over rounds): articles per CPU-second, per wall-second, peak RSS")
        for conf in args.configs.split(","):
            now, old = results[f"{conf} [now]"], results[f"{conf} [before]"]
            if any("error" in r for r in now + old):
                continue
            ratio = lambda key, f: _median([f(a) / f(b) for a, b in zip(now, old)])  # noqa: E731
            print(f"  {conf:<12} cpu x{ratio('cpu', lambda r: r['stored'] / r['cpu']):.2f}"
                  f"  wall x{ratio('wall', lambda r: r['stored'] / r['wall']):.2f}"
                  f"  rss x{ratio('rss', lambda r: r['rss_mb'] + r['worker_rss_mb']):.2f}")
    tmp.cleanup()


def _median(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[len(xs) // 2]


STAGES = {  # cumulative time of these functions (nested ones are counted in both)
    "extraction": ("lagebild/extract/__init__.py", "extract"),
    "NER encoder (e5)": ("lagebild/enrich/ner/features.py", "word_vectors"),
    "NER head": ("lagebild/enrich/ner/accurate.py", "predict_scored"),
    "NER fast model": ("lagebild/enrich/ner/fast.py", "tag"),
    "enrich, all components": ("lagebild/enrich/__init__.py", "enrich_many"),
    "story embedding (e5)": ("lagebild/stories/embed.py", "__call__"),
    "story linking": ("lagebild/_ingest.py", "_link"),
}


def latency(paths: list[str], n: int, confs: list[str], threads: list[int] = (1,), per_page: bool = False) -> None:
    """Per page, ``process_one`` + store as ``watch`` and the API do, with each thread count in turn
    (alternating which goes first from page to page; one archive per thread count, so none sees the
    other's copy as a duplicate)."""
    import contextlib

    import lagebild
    from lagebild._ingest import Ingest
    from lagebild._pool import set_threads, warm
    from lagebild.model import Article
    from lagebild.pipeline import process_one
    from lagebild.settings import Settings
    from lagebild.sources import read

    set_threads(threads[0])
    print(f"load {os.getloadavg()[0]:.1f}; threads {threads}; wall and CPU seconds per page (process_one + store)")
    for conf in confs:
        settings = Settings()
        settings.enrich.ner = CONFIGS[conf].get("ner", "accurate")
        pages = [p for p in read(paths, settings.sources)][:n]
        t0, c0 = time.perf_counter(), time.process_time()
        warm(settings)  # what a running watch or web server has loaded (two built-in pages)
        load_wall, load_cpu = time.perf_counter() - t0, time.process_time() - c0
        rows: dict[int, list] = {t: [] for t in threads}
        with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
            archives = {t: stack.enter_context(lagebild.Archive(Path(tmp) / f"lat{t}.db")) for t in threads}
            for i, page in enumerate(pages):
                for t in (threads if i % 2 == 0 else threads[::-1]):
                    set_threads(t)
                    t0, c0 = time.perf_counter(), time.process_time()
                    article = process_one(page, settings)
                    if isinstance(article, Article):
                        Ingest(archives[t], settings).store(article)
                    rows[t].append((time.perf_counter() - t0, time.process_time() - c0,
                                    len(getattr(article, "text", "") or "")))
        print(f"  {conf:<9} loading the models {load_wall:.2f} s wall {load_cpu:.2f} s CPU")
        if per_page:
            for i, per in enumerate(zip(*rows.values())):
                print("    page", i, per[0][2], "chars:", " ".join(f"{w:.3f}/{c:.3f}" for w, c, _ in per))
        for t, rest in rows.items():
            walls, cpus = sorted(w for w, _, _ in rest), sorted(c for _, c, _ in rest)
            mid, p90 = len(rest) // 2, int(len(rest) * 0.9)
            over = sum(w >= 1.0 for w in walls)
            print(f"    {t} thread(s), {len(rest)} pages: wall median {walls[mid]:.3f} s, p90 {walls[p90]:.3f} s, "
                  f"max {walls[-1]:.3f} s, {over} over 1 s; CPU median {cpus[mid]:.3f} s, p90 {cpus[p90]:.3f} s, "
                  f"max {cpus[-1]:.3f} s (longest text {max(x for _, _, x in rest):,} chars)")


def profile(paths: list[str], conf: str) -> None:
    import cProfile
    import pstats

    import lagebild
    from lagebild._pool import set_threads
    from lagebild.settings import Settings

    set_threads(1)
    settings = Settings()
    settings.ingest.workers = 1
    settings.enrich.ner = CONFIGS[conf].get("ner", "accurate")
    if CONFIGS[conf].get("no_enrich"):
        settings.enrich.pipeline, settings.stories.embedder = (), "off"
    prof = cProfile.Profile(time.process_time)  # CPU time: on a shared machine wall time is mostly waiting
    c0, t0 = time.process_time(), time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, lagebild.Archive(Path(tmp) / "bench.db") as archive:
        prof.enable()
        stored = lagebild.ingest(archive, paths, settings).stored
        prof.disable()
    cpu, wall = time.process_time() - c0, time.perf_counter() - t0
    stats = pstats.Stats(prof).stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in stats.values())
    print(f"{conf}: {stored} articles, {cpu:.1f} s CPU, {wall:.1f} s wall (under cProfile; CPU shares, not speed; model loading falls in the first call of each stage)")
    for stage, (file, func) in STAGES.items():
        cum = max((v[3] for (f, _, fn), v in stats.items() if f.endswith(file) and fn == func), default=0.0)
        if cum:
            print(f"  {stage:<26} {cum:8.1f} s  {100 * cum / total:5.1f}%")
    sql = sum(v[2] for (_, _, fn), v in stats.items() if "sqlite3" in fn)  # time inside SQLite calls
    print(f"  {'SQLite (all calls)':<26} {sql:8.1f} s  {100 * sql / total:5.1f}%")


if __name__ == "__main__":
    main()
