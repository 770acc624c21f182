#!/usr/bin/env python3
"""Article extraction benchmark: lagebild and its peers side by side, in one run.

    .venv/bin/python benchmarks/extraction.py DATASET_DIR [DATASET_DIR ...] [--only NAME,...] [--limit N] [--half dev|check]
    lagebild bench extraction DATASET_DIR [DATASET_DIR ...]

Each DATASET_DIR holds ``html/`` (raw pages), ``text/`` (scraped-text dumps) and the ground truth that
``score.py`` reads (``ground-truth.json`` or ``evaldata.jsonl``). For every extractor this writes one
JSONL file of predictions per set under ``benchmarks/out/<set>/<extractor>.jsonl`` in the scorer's
format (``page``, ``body``, ``title``, ``published``, ``authors``), scores it with the reference
``score.py`` (found next to the dataset, or given with ``--scorer``) and prints one table: body
precision/recall/F1 (and the German subset), title/date/author accuracy and the median milliseconds
per page. The HTML extractors run page by page in rotating order, so that load from other processes
falls on all of them alike; times are comparable only within one run. Peers that are not installed
are left out.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
Prediction = dict  # {"body": str, "title": str | None, "published": str | None, "authors": list[str]}
Extractor = Callable[[bytes, str | None], Prediction]
Row = tuple[str, Prediction, float, bool]  # page, prediction, milliseconds, failed


@dataclass(slots=True)
class Sample:
    name: str  # the HTML file name without .html, as score.py expects
    html: Path
    url: str | None


@dataclass(slots=True)
class Result:
    extractor: str
    dataset: str
    scores: dict[str, float] = field(default_factory=dict)
    median_ms: float = 0.0
    failures: int = 0
    fields: set[str] = field(default_factory=set)  # metadata fields the extractor predicts at all


# --- the extractors ---------------------------------------------------------------------------


def _lagebild() -> Extractor:
    from lagebild.errors import InputError
    from lagebild.extract import extract
    from lagebild.model import Page

    def run(data: bytes, url: str | None) -> Prediction:
        try:
            article = extract(Page(content=data, kind="html", url=url))
        except InputError:
            return {"body": ""}
        return {"body": article.text, "title": article.title, "published": article.published, "authors": article.authors}

    return run


def _trafilatura() -> Extractor:
    import trafilatura

    def run(data: bytes, url: str | None) -> Prediction:
        doc = trafilatura.bare_extraction(data, url=url, with_metadata=True)
        if doc is None:
            return {"body": ""}
        authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
        return {"body": doc.text or "", "title": doc.title, "published": doc.date, "authors": authors}

    return run


def _decode(data: bytes) -> str:
    from charset_normalizer import from_bytes

    head = data[:4096].decode("ascii", "ignore")
    found = re.search(r"""charset=["']?([\w-]+)""", head, re.I)
    if found:
        try:
            return data.decode(found.group(1), "replace")
        except LookupError:
            pass
    best = from_bytes(data[:200_000]).best()
    return data.decode(best.encoding if best else "utf-8", "replace")


def _readability() -> Extractor:
    import lxml.html
    from readability import Document

    def run(data: bytes, url: str | None) -> Prediction:
        doc = Document(_decode(data), url=url)
        summary = lxml.html.fromstring(doc.summary(html_partial=True))
        body = "\n".join(t.strip() for t in summary.itertext() if t.strip())
        return {"body": body, "title": doc.short_title()}

    return run


def _justext() -> Extractor:
    import justext

    stop = justext.get_stoplist("German") | justext.get_stoplist("English")

    def run(data: bytes, url: str | None) -> Prediction:
        paragraphs = justext.justext(data, stop)
        return {"body": "\n".join(p.text for p in paragraphs if not p.is_boilerplate)}

    return run


def _resiliparse() -> Extractor:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding
    from resiliparse.parse.html import HTMLTree

    def run(data: bytes, url: str | None) -> Prediction:
        tree = HTMLTree.parse(bytes_to_str(data, detect_encoding(data)))
        return {"body": extract_plain_text(tree, main_content=True)}

    return run


def _newspaper() -> Extractor:
    import newspaper

    def run(data: bytes, url: str | None) -> Prediction:
        art = newspaper.Article(url or "http://example.com/")
        art.download(input_html=_decode(data))
        art.parse()
        published = art.publish_date.isoformat() if art.publish_date else None
        return {"body": art.text, "title": art.title, "published": published, "authors": list(art.authors)}

    return run


PEERS: dict[str, Callable[[], Extractor]] = {
    "lagebild": _lagebild,
    "trafilatura": _trafilatura,
    "readability-lxml": _readability,
    "justext": _justext,
    "resiliparse": _resiliparse,
    "newspaper4k": _newspaper,
}
SCRAPED = "lagebild (scraped text)"
# newspaper4k runs only when asked for (--only): it is ~50x slower here, and its tldextract
# dependency tries to fetch the public-suffix list over the network.
DEFAULT = [name for name in PEERS if name != "newspaper4k"]


# --- datasets, running, scoring ----------------------------------------------------------------


def samples(root: Path) -> list[Sample]:
    """The set's pages with their URL where the ground truth gives one."""
    urls: dict[str, str] = {}
    if (root / "pages.jsonl").exists():
        for line in (root / "pages.jsonl").open(encoding="utf-8"):
            item = json.loads(line)
            urls[Path(item["html_file"]).stem] = item.get("url")
    if (root / "evaldata.jsonl").exists():
        for line in (root / "evaldata.jsonl").open(encoding="utf-8"):
            item = json.loads(line)
            urls[Path(item["file"]).stem] = item.get("url")
    found = sorted((root / "html").glob("*.html"))
    return [Sample(p.stem, p, u if (u := urls.get(p.stem)) and u.startswith("http") else None) for p in found]


def run_interleaved(runners: dict[str, Extractor], items: list[Sample]) -> dict[str, list[Row]]:
    """Every extractor on every page, page by page and in rotating order, so that load from other
    processes on a shared machine falls on all extractors alike."""
    rows: dict[str, list[Row]] = {name: [] for name in runners}
    names = list(runners)
    for i, item in enumerate(items):
        data = item.html.read_bytes()
        for name in names[i % len(names):] + names[: i % len(names)]:
            start = time.perf_counter()
            try:
                pred, failed = runners[name](data, item.url), False
            except Exception:  # a peer crashing on one page counts as an empty prediction
                pred, failed = {"body": ""}, True
            rows[name].append((item.name, pred, (time.perf_counter() - start) * 1000, failed))
    return rows


def run_scraped(root: Path, items: list[Sample]) -> Iterator[Row]:
    """lagebild's scraped-text path over the set's text/ dumps, with one CorpusStats per set."""
    from lagebild.errors import InputError
    from lagebild.extract import CorpusStats, extract
    from lagebild.model import Page

    texts = {i.name: (root / "text" / f"{i.name}.txt").read_text(encoding="utf-8") for i in items}
    corpus = CorpusStats()  # one per set, shown every page first, as a batch run would
    for text in texts.values():
        corpus.observe(text)
    for item in items:
        start = time.perf_counter()
        try:
            article = extract(Page(content=texts[item.name], kind="text", url=item.url), corpus=corpus)
            pred, failed = {"body": article.text, "title": article.title, "published": article.published,
                            "authors": article.authors}, False
        except InputError:
            pred, failed = {"body": ""}, True
        yield item.name, pred, (time.perf_counter() - start) * 1000, failed


def score(scorer: Path, root: Path, predictions: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, str(scorer), str(root), str(predictions)],
                         capture_output=True, text=True, check=True).stdout
    found: dict[str, float] = {}
    for label, key in (("scrapinghub", ""), ("trafilatura-eval all", ""), ("trafilatura-eval de", "de_")):
        m = re.search(rf"^{label} pages=\d+ precision=([\d.]+) recall=([\d.]+)", out, re.M)
        if m:
            found[f"{key}p"], found[f"{key}r"] = float(m.group(1)), float(m.group(2))
        m = re.search(rf"^{label} .* f1=([\d.]+)", out, re.M)
        if m and key:
            found[f"{key}f1"] = float(m.group(1))
    for name in ("title", "date", "author"):
        m = re.search(rf"^metadata {name}: \d+/\d+ = ([\d.]+)", out, re.M)
        if m:
            found[name] = float(m.group(1))
    found["f1"] = float(re.search(r"^body F1 ([\d.]+)", out, re.M).group(1))
    return found


def half_of(page: str) -> str:
    """A fixed split of a set's pages into halves by the MD5 of the page name: rules are developed on
    one half and kept only if the other ("check") does not lose."""
    return "dev" if hashlib.md5(page.encode()).digest()[0] % 2 == 0 else "check"


def subset(root: Path, keep: set[str], where: Path) -> Path:
    """A view of the set holding only the pages in ``keep``: the same html/ and text/, the ground truth
    filtered (score.py counts a page missing from the predictions as an empty one, so the ground
    truth itself must shrink)."""
    view = where / root.name
    view.mkdir(parents=True)
    for sub in ("html", "text"):
        if (root / sub).exists():
            (view / sub).symlink_to((root / sub).resolve())
    if (root / "ground-truth.json").exists():
        truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
        (view / "ground-truth.json").write_text(json.dumps({k: v for k, v in truth.items() if k in keep}))
    for name in ("evaldata.jsonl", "pages.jsonl"):
        if (root / name).exists():
            key = "file" if name == "evaldata.jsonl" else "html_file"
            lines = [line for line in (root / name).open(encoding="utf-8")
                     if line.strip() and Path(json.loads(line)[key]).stem in keep]
            (view / name).write_text("".join(lines), encoding="utf-8")
    return view


def bench_set(root: Path, names: list[str], scorer: Path, limit: int | None, half: str | None = None) -> list[Result]:
    items = samples(root)
    if half:
        items = [s for s in items if half_of(s.name) == half]
    if limit:
        items = items[:limit]
    if half or limit:
        with tempfile.TemporaryDirectory() as tmp:
            return _bench(subset(root, {s.name for s in items}, Path(tmp)), names, scorer, items)
    return _bench(root, names, scorer, items)


def _bench(root: Path, names: list[str], scorer: Path, items: list[Sample]) -> list[Result]:
    runners: dict[str, Extractor] = {}
    for name in names:
        if name == SCRAPED:
            continue
        try:
            runners[name] = PEERS[name]()
        except ImportError:
            print(f"  {name}: not installed, left out", file=sys.stderr)
    rows: dict[str, Iterable[Row]] = dict(run_interleaved(runners, items))
    if SCRAPED in names:
        rows[SCRAPED] = run_scraped(root, items)
    results = []
    for name, found in rows.items():
        result = _score_rows(name, found, root, scorer)
        if result is not None:
            print(f"  {root.name:<18} {name:<24} F1 {result.scores['f1']:.3f}  {result.median_ms:.1f} ms",
                  file=sys.stderr)
            results.append(result)
    return results


def _score_rows(name: str, rows: Iterable[Row], root: Path, scorer: Path) -> Result | None:
    slug = re.sub(r"[^\w-]+", "_", name).strip("_")
    target = OUT / root.name / f"{slug}.jsonl"
    target.parent.mkdir(parents=True, exist_ok=True)
    times, failures, fields = [], 0, set()
    try:
        with target.open("w", encoding="utf-8") as fh:
            for page, pred, ms, failed in rows:
                times.append(ms)
                failures += failed
                fields |= {k for k, v in pred.items() if v is not None}
                fh.write(json.dumps({"page": page, **pred}, ensure_ascii=False, default=str) + "\n")
    except Exception as exc:  # a runner that cannot run at all (e.g. a model not trained yet) is left out
        print(f"  {name}: left out, {type(exc).__name__}: {exc}", file=sys.stderr)
        return None
    return Result(name, root.name, score(scorer, root, target), statistics.median(times), failures,
                  {"title" if "title" in fields else "", "date" if "published" in fields else "",
                   "author" if "authors" in fields else ""})


def table(results: list[Result]) -> str:
    head = ("| extractor | set | body P | body R | body F1 | F1 (de) | title | date | author | median ms/page |\n"
            "|---|---|---|---|---|---|---|---|---|---|")

    def cell(value: float | None) -> str:
        return "—" if value is None else f"{value:.3f}"

    lines = [head]
    for r in results:
        s = {k: v for k, v in r.scores.items() if k not in ("title", "date", "author") or k in r.fields}
        lines.append(f"| {r.extractor} | {r.dataset} | {cell(s.get('p'))} | {cell(s.get('r'))} | **{s['f1']:.3f}** | "
                     f"{cell(s.get('de_f1'))} | {cell(s.get('title'))} | {cell(s.get('date'))} | "
                     f"{cell(s.get('author'))} | {r.median_ms:.1f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("datasets", nargs="+", type=Path, help="dataset folders (html/, text/, ground truth)")
    parser.add_argument("--only", help="comma-separated extractor names (default: all installed)")
    parser.add_argument("--limit", type=int, help="only the first N pages of each set")
    parser.add_argument("--half", choices=("dev", "check"), help="only one half of each set (MD5 of the page name)")
    parser.add_argument("--scorer", type=Path, help="score.py (default: next to the dataset folders)")
    args = parser.parse_args(argv)
    names = args.only.split(",") if args.only else [*DEFAULT, SCRAPED]
    warnings.simplefilter("ignore")
    import logging

    logging.disable(logging.CRITICAL)
    results = []
    for root in args.datasets:
        scorer = args.scorer or root.resolve().parent / "score.py"
        if not scorer.exists():
            print(f"{root}: no score.py next to it; pass --scorer", file=sys.stderr)
            return 2
        results += bench_set(root, names, scorer, args.limit, args.half)
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
