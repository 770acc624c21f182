"""Enrichment speed against an earlier revision: CPU seconds that ``enrich`` adds to extraction.

    PYTHONPATH=src .venv/bin/python benchmarks/enrich_speed.py --before REV [--limit 120] [--ner accurate]
        [--rounds 2] [--folder text|html]

Issue 14 asks that identities cost no enrichment speed ("speed of enrichment no worse than today's").
Each round runs, for the current ``src`` and for ``src`` of ``REV`` (``git archive``; alternated, a
fresh process each), ``lagebild.process`` over the same pages twice in one process after a warm-up pass
over those very pages (models loaded, every language's lemma dictionary and the word caches filled: the
steady state of a long run, not a process's first minutes): once with ``enrich=False`` and once with
``enrich=True``.
The enrichment's cost is the difference of the two CPU times (``time.process_time``: one process, no
workers — ``process`` is sequential in both revisions), so extraction changes between the revisions do
not count. Printed per revision: CPU seconds of extraction and of enrichment per page, the enrichment's
CPU seconds per registered component (a timer around each); then the ratio
now/before of the enrichment's CPU per page (median over rounds). Pages: every k-th scraped-text dump
(``--folder text``) or HTML page of the shared extraction sets so that ``--limit`` remain.
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

from benchkit import other_src  # noqa: E402

PAGES = ROOT.parent / "shared/benchmarks/extraction"
SETS = ("scrapinghub", "trafilatura-eval", "fundus", "wcxb-articles")


def pages(limit: int, folder: str) -> list[str]:
    found = sorted(str(p) for s in SETS for p in (PAGES / s / folder).glob("*") if p.is_file())
    step = max(1, len(found) // max(1, limit))
    return found[::step][:limit]


def child(spec: dict) -> dict:
    import lagebild
    from lagebild.settings import Settings

    settings = Settings()
    settings.enrich.ner = spec["ner"]
    list(lagebild.process(spec["pages"], settings, enrich=True))  # models, dictionaries, word caches
    parts = _time_components()  # after the warm-up: the components are registered and loaded
    out = {}
    for enrich in (False, True):
        parts.clear()
        c0 = time.process_time()
        done = list(lagebild.process(spec["pages"], settings, enrich=enrich))
        out["enrich" if enrich else "extract"] = time.process_time() - c0
        out["articles"] = sum(type(a).__name__ == "Article" for a in done)
    out["components"] = dict(parts)
    return out


def _time_components() -> dict[str, float]:
    """CPU seconds per enrich component: each registered component's function wrapped in a timer.
    The registry took two forms over the project's history (a dict in ``lagebild.enrich``, later the
    ``components`` table of ``lagebild.registry``); both are read, so an old revision is split too."""
    import dataclasses

    import lagebild.enrich as enrich

    spent: dict[str, float] = {}

    def timed(name, func):
        def run(*args, **kwargs):
            c0 = time.process_time()
            try:
                return func(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.process_time() - c0
        return run

    table = getattr(enrich, "REGISTRY", None)
    if table is not None:
        for name, comp in list(table.items()):
            table[name] = dataclasses.replace(comp, func=timed(name, comp.func))
    else:
        from lagebild.registry import registry

        for name in registry.components.names():
            comp = registry.components.get(name)
            registry.components.register(name, dataclasses.replace(comp, func=timed(name, comp.func)))
    return spent


def run_child(src: Path, spec: dict) -> dict:
    env = {**os.environ, "PYTHONPATH": str(src), "OMP_NUM_THREADS": "1"}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(spec, f)
    try:
        proc = subprocess.run([sys.executable, __file__, "--child", f.name], env=env, capture_output=True,
                              text=True)
    finally:
        os.unlink(f.name)
    if proc.returncode != 0:
        return dict(error=(proc.stderr.strip().splitlines() or ["?"])[-1])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", help="git revision (or a checkout's src/) to compare with")
    ap.add_argument("--limit", type=int, default=120)
    ap.add_argument("--ner", default="accurate", choices=("accurate", "fast"))
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--folder", default="text", choices=("text", "html"))
    ap.add_argument("--child")
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(json.loads(Path(args.child).read_text()))))
        return
    if not args.before:
        ap.error("--before REV is required")
    chosen = pages(args.limit, args.folder)
    if not chosen:
        sys.exit(f"no pages under {PAGES}: the shared benchmark data is needed")
    spec = dict(pages=chosen, ner=args.ner)
    with tempfile.TemporaryDirectory() as tmp:
        sources = {"now": ROOT / "src", "before": other_src(args.before, Path(tmp))}
        per_page: dict[str, list[float]] = {"now": [], "before": []}
        print(f"{len(chosen)} {args.folder} pages, NER {args.ner}, before = {args.before}; "
              f"load {os.getloadavg()[0]:.1f}")
        print(f"{'round':<6}{'code':<8}{'articles':>9}{'extract s':>11}{'enrich s':>10}{'enrich ms/page':>16}")
        for r in range(args.rounds):
            for name in (("now", "before") if r % 2 == 0 else ("before", "now")):
                got = run_child(sources[name], spec)
                if "error" in got:
                    print(f"{r + 1:<6}{name:<8} failed: {got['error']}")
                    continue
                cost = got["enrich"] - got["extract"]
                per_page[name].append(cost / max(1, got["articles"]))
                print(f"{r + 1:<6}{name:<8}{got['articles']:>9}{got['extract']:>11.1f}{cost:>10.1f}"
                      f"{1000 * per_page[name][-1]:>16.1f}")
                print(" " * 14 + "components, CPU s: " + " · ".join(
                    f"{k} {v:.2f}" for k, v in sorted(got["components"].items(), key=lambda x: -x[1])))
        if per_page["now"] and per_page["before"]:
            ratios = [n / b for n, b in zip(per_page["now"], per_page["before"])]
            print(f"enrichment CPU per page, now/before: median {statistics.median(ratios):.2f} "
                  f"(rounds {', '.join(f'{x:.2f}' for x in ratios)}); load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
