"""The 100 most-named entities after ingesting all shared extraction pages and the founding example,
with their ids, counts and the surface forms filed under each id: a reviewer reads the list and
marks every id that holds two or more distinct real entities (issue 14's second target).

Input: every page in ``<shared>/benchmarks/extraction/*/html/`` (the raw HTML of the four sets;
the ``text/`` dumps are the same pages and would count them twice; WCXB's ``other/`` non-article
pages are left out) and ``<shared>/examples/000_8ade2b66537ee1e2.txt``, read, extracted, enriched
(quotes off) and stored by lagebild's own API (``process`` + ``Archive.ingest``) into a fresh
archive. Story linking is skipped: it changes no entity id, and its e5 embedding of every article
took two thirds of the time on this machine. The list is the
archive's ``entities`` facet (what ``lagebild entities --limit 100`` shows: most articles first,
then most mentions); the forms are read back from the stored articles.

    python benchmarks/entities_top.py --shared ../shared --ner fast [--db top.db] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from lagebild.api import process  # noqa: E402
from lagebild.archive import Archive  # noqa: E402
from lagebild.settings import Settings  # noqa: E402

FOUNDING = "examples/000_8ade2b66537ee1e2.txt"


def inputs(shared: Path) -> list[str]:
    pages = sorted(p for p in (shared / "benchmarks" / "extraction").glob("*/html/*") if p.is_file())
    return [str(p) for p in pages] + [str(shared / FOUNDING)]


def top(archive: Archive, stored: list[int], limit: int) -> list[dict]:
    forms: dict[str, Counter] = defaultdict(Counter)
    for aid in stored:
        for m in archive.get(aid).mentions:
            if m.entity_id:
                forms[m.entity_id][m.text] += 1
    return [{"rank": i, "id": e.id, "name": e.name, "type": e.type, "articles": e.articles, "mentions": e.mentions,
             "forms": forms[e.id].most_common(8)}
            for i, e in enumerate(archive.entities(limit=limit), 1)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared data folder")
    ap.add_argument("--ner", default="fast", choices=("fast", "accurate"))
    ap.add_argument("--limit", type=int, default=100)
    ap.add_argument("--db", type=Path, help="keep the archive here (default: a temporary file)")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a list")
    args = ap.parse_args(argv)
    settings = Settings()
    settings.enrich.ner = args.ner
    settings.enrich.quotes = False  # quotes assign no entity id
    files = inputs(args.shared)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "top.db"
        if db.exists():
            raise SystemExit(f"{db}: exists; give a fresh path")
        t0 = time.perf_counter()
        with Archive(db) as archive:
            report = archive.ingest(process(files, settings))
            rows = top(archive, report.ids, args.limit)
    seconds = time.perf_counter() - t0
    head = (f"{len(files)} inputs: stored {report.stored}, duplicate {report.duplicate}, not articles"
            f" {report.skipped}, failed {report.failed}; NER {args.ner}; {seconds:.0f} s")
    if args.json:
        print(json.dumps({"summary": head, "entities": rows}, ensure_ascii=False, indent=1))
        return 0
    print(head)
    for r in rows:
        forms = " | ".join(f"{t} ×{n}" for t, n in r["forms"])
        print(f"{r['rank']:3d}. {r['id']}  «{r['name']}» {r['type']}  articles {r['articles']}, mentions {r['mentions']}:"
              f" {forms}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
