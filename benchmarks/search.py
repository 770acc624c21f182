"""Search latency at scale: the lagebild archive against a plain tantivy index over the same articles.

    PYTHONPATH=src .venv/bin/python benchmarks/search.py --sizes 10000,100000,1000000 \
        [--dir /tmp/search-bench] [--indexes tantivy,fts5] [--runs 40]

For each size it builds (or reuses, when one with that many articles is already in ``--dir``) an
archive per lagebild full-text index named in ``--indexes`` and a plain tantivy index (default
tokenizer, no lemmas, no store) from ``tests/archive/archive_gen.make_articles`` (~400 words each),
then times each query kind ``--runs`` times (cycling through a few queries of the kind) and prints
p50/p95/p99 in ms, the build rate (articles/s, generation included) and bytes per article (store +
index, after a WAL checkpoint). lagebild's time is the whole ``Archive.search`` (20 hits with
snippets); plain tantivy's is the top 20 ids. Ends with ``worst p95 <ms> at <size>`` over lagebild's
query kinds (facets apart: their target is 100 ms, not 50).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "archive"))

from archive_gen import make_articles  # noqa: E402

from lagebild import textnorm  # noqa: E402
from lagebild.archive import Archive  # noqa: E402
from lagebild.query import Filters, parse  # noqa: E402

RANGE = Filters(section="Politik", since="2024-03-01", until="2024-06-30")
# kind -> [(lagebild query, filters, plain tantivy query spec)]
KINDS: dict[str, list[tuple[str, Filters | None, tuple]]] = {
    "common word": [(w, None, ("word", w)) for w in ("Regierung", "Polizei", "Minister", "Wirtschaft")],
    "two words AND": [(f"{a} {b}", None, ("and", a, b))
                      for a, b in (("Regierung", "Polizei"), ("Minister", "Haushalt"), ("Gericht", "Stadt"))],
    "phrase": [(f'"{a} {b}"', None, ("phrase", a, b))
               for a, b in (("die", "Regierung"), ("der", "Minister"), ("the", "government"))],
    "entity:": [(f"entity:{e}", None, ("entity", i))
                for e, i in (("Cavusoglu", "PER:mevlut-cavusoglu"), ("Scholz", "PER:olaf-scholz"))],
    "word + section + date range": [(w, RANGE, ("range", w)) for w in ("Regierung", "Polizei", "Minister")],
    "prefix": [(f"{p}*", None, ("prefix", p)) for p in ("Regier", "Minist", "Infla", "Wirtsch")],
    "common word, newest first": [(w, "date", ("date", w)) for w in ("Regierung", "Polizei")],
    "facets, common word": [(w, "facets", ("facets", w)) for w in ("Regierung", "Polizei")],
}


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def dir_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


# ---------------------------------------------------------------- lagebild

def build_archive(db: Path, n: int, index: str) -> tuple[float | None, int]:
    """(articles/s or None when reused, bytes per article). Prints the rate per CPU-second too (all
    the process's threads): on a shared machine the wall rate says more about the neighbours."""
    folder = Path(f"{db}.tantivy")
    if db.exists():
        with Archive(db) as ar:
            if ar.count() == n and ar.index.name == index:
                ar.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                return None, ar.stats()["size_bytes"] // n
    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        p.unlink(missing_ok=True)
    shutil.rmtree(folder, ignore_errors=True)
    t0, c0 = time.perf_counter(), time.process_time()
    with Archive(db, index=index) as ar:
        ar.ingest(make_articles(n), batch_size=1000, batch_seconds=30)
    rate = n / (time.perf_counter() - t0)
    print(f"  lagebild[{index}]: built {n:,} at {rate:,.0f} articles/s wall,"
          f" {n / (time.process_time() - c0):,.0f} per CPU-second (generation included)")
    with Archive(db) as ar:
        ar.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return rate, ar.stats()["size_bytes"] // n


def engine_run(ar: Archive, query: str, extra) -> None:
    """Only the index's part: parse, compile, top 20 ids (no rows, no snippets) — what plain tantivy does."""
    node = parse(query)
    if extra == "facets":
        ar.facets(node)
    else:
        ar.index.search(ar.conn, node, None if extra == "date" else extra, limit=20,
                        sort="date" if extra == "date" else "relevance")


def lagebild_run(ar: Archive, query: str, extra) -> None:
    if extra == "facets":
        ar.facets(query)
    elif extra == "date":
        ar.search(query, limit=20, sort="date")
    else:
        ar.search(query, extra, limit=20)


# ---------------------------------------------------------------- plain tantivy

def plain_schema():
    import tantivy

    b = tantivy.SchemaBuilder()
    b.add_integer_field("id", indexed=True, fast=True)
    b.add_text_field("title")
    b.add_text_field("text")
    b.add_text_field("section", tokenizer_name="raw", fast=True)
    b.add_text_field("lang", tokenizer_name="raw", fast=True)
    b.add_text_field("source", tokenizer_name="raw", fast=True)
    b.add_text_field("month", tokenizer_name="raw", fast=True)
    b.add_text_field("entity", tokenizer_name="raw")
    b.add_integer_field("published", indexed=True, fast=True)
    return b.build()


def build_plain(folder: Path, n: int):
    import tantivy

    from lagebild.archive.fulltext.tantivy_query import epoch
    from lagebild.archive.store import to_utc

    schema = plain_schema()
    if (folder / "meta.json").exists():
        index = tantivy.Index(schema, path=str(folder), reuse=True)
        if index.searcher().num_docs == n:
            return index, None, dir_size(folder) // n
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    index = tantivy.Index(schema, path=str(folder), reuse=True)
    t0 = time.perf_counter()
    writer = index.writer(heap_size=128_000_000, num_threads=1)
    for i, a in enumerate(make_articles(n)):
        utc = to_utc(a.published)
        writer.add_document(tantivy.Document(
            id=i + 1, title=a.title, text=a.text, section=a.section, lang=a.language,
            source=a.url.split("/")[2], month=utc[:7], entity=[e.id for e in a.entities], published=epoch(utc)))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    return index, n / (time.perf_counter() - t0), dir_size(folder) // n


def plain_query(schema, spec):
    import tantivy
    from tantivy import Occur, Query

    from lagebild.archive.fulltext.tantivy_query import epoch

    def word(w):
        return Query.boolean_query([(Occur.Should, Query.term_query(schema, f, w.lower())) for f in ("title", "text")])

    kind = spec[0]
    if kind in ("word", "date", "facets"):
        return word(spec[1])
    if kind == "and":
        return Query.boolean_query([(Occur.Must, word(spec[1])), (Occur.Must, word(spec[2]))])
    if kind == "phrase":
        return Query.phrase_query(schema, "text", [spec[1].lower(), spec[2].lower()])
    if kind == "entity":
        return Query.term_query(schema, "entity", spec[1])
    if kind == "prefix":  # the default tokenizer lowercases: a regex over the term dictionary
        return Query.boolean_query([(Occur.Should, Query.regex_query(schema, f, spec[1].lower() + ".*"))
                                    for f in ("title", "text")])
    rng = Query.range_query(schema, "published", tantivy.FieldType.Integer,
                            epoch("2024-03-01T00:00:00Z"), epoch("2024-06-30T23:59:59Z"))
    return Query.boolean_query([(Occur.Must, word(spec[1])), (Occur.Must, Query.term_query(schema, "section", "Politik")),
                                (Occur.Must, rng)])


def plain_run(index, schema, spec) -> None:
    searcher = index.searcher()
    q = plain_query(schema, spec)
    if spec[0] == "facets":
        for f in ("section", "lang", "source", "month"):
            searcher.aggregate(q, {"v": {"terms": {"field": f, "size": 1000}}})
    elif spec[0] == "date":
        hits = searcher.search(q, 20, order_by_field="published").hits
        searcher.fast_field_values("id", [a for _, a in hits])
    else:
        hits = searcher.search(q, 20).hits
        searcher.fast_field_values("id", [a for _, a in hits])


# ---------------------------------------------------------------- timing

def timed(fn, items, runs: int) -> list[float]:
    for item in items:  # warm up: first touch of the files, lemma caches
        fn(item)
    out = []
    for i in range(runs):
        t = time.perf_counter()
        fn(items[i % len(items)])
        out.append((time.perf_counter() - t) * 1000)
    return out


def fmt(ms: list[float]) -> str:
    return f"{statistics.median(ms):7.1f} {pct(ms, 95):7.1f} {pct(ms, 99):7.1f}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--dir", default="/tmp/lagebild-search-bench")
    ap.add_argument("--indexes", default="tantivy", help="lagebild full-text indexes to compare (tantivy,fts5)")
    ap.add_argument("--runs", type=int, default=40)
    args = ap.parse_args()
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    for lang in ("de", "en"):  # load the lemma dictionaries outside the timing
        textnorm.index_terms("Regierung sagte the", lang)
    worst = (0.0, 0)
    for n in [int(s) for s in args.sizes.split(",")]:
        plain, prate, pbytes = build_plain(folder / f"plain-{n}.tantivy", n)
        schema = plain_schema()
        print(f"== {n:,} articles")
        print(f"  plain tantivy: build {'reused' if prate is None else f'{prate:,.0f} articles/s'},"
              f" {pbytes:,} bytes/article (index only, no store)")
        results: dict[str, dict[str, list[float]]] = {}
        for index in args.indexes.split(","):
            db = folder / f"search-{n}-{index}.db"
            rate, per = build_archive(db, n, index)
            print(f"  lagebild[{index}]: build {'reused' if rate is None else f'{rate:,.0f} articles/s'},"
                  f" {per:,} bytes/article (store + index)")
            with Archive(db, readonly=True) as ar:
                results[index] = {kind: timed(lambda it: lagebild_run(ar, it[0], it[1]), items, args.runs)
                                  for kind, items in KINDS.items()}
                results[index + " ids"] = {kind: timed(lambda it: engine_run(ar, it[0], it[1]), items, args.runs)
                                           for kind, items in KINDS.items()}
        plain_ms = {kind: timed(lambda it: plain_run(plain, schema, it[2]), items, args.runs)
                    for kind, items in KINDS.items()}
        print(f"  {'query kind':30} " + " ".join(f"{'lagebild[' + i + '] p50/p95/p99':>28}" for i in results)
              + f" {'plain tantivy p50/p95/p99':>26}  p95 / plain (full / ids)")
        for kind in KINDS:
            first = next(iter(results.values()))[kind]
            engine = results[next(iter(results)) + " ids"][kind]
            base = max(pct(plain_ms[kind], 95), 1e-6)
            ratio = f"{pct(first, 95) / base:.1f}x / {pct(engine, 95) / base:.1f}x"
            print(f"  {kind:30} " + " ".join(f"{fmt(r[kind]):>28}" for r in results.values())
                  + f" {fmt(plain_ms[kind]):>26}  {ratio}")
            if not kind.startswith("facets"):
                for name, r in results.items():
                    if name.endswith(" ids"):
                        continue
                    if pct(r[kind], 95) > worst[0]:
                        worst = (pct(r[kind], 95), n)
    print(f"worst p95 {worst[0]:.1f} at {worst[1]}")


if __name__ == "__main__":
    main()
