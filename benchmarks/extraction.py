#!/usr/bin/env python3
"""Article extraction benchmark: lagebild and its peers side by side, in one run.

    .venv/bin/python benchmarks/extraction.py DATASET_DIR [DATASET_DIR ...] [--only NAME,...] [--limit N] [--half dev|check]
    .venv/bin/python benchmarks/extraction.py --loso [DIR] DATASET_DIR [...]   # the figures that count
    lagebild bench extraction DATASET_DIR [DATASET_DIR ...]

Each DATASET_DIR holds ``html/`` (raw pages), ``text/`` (scraped-text dumps) and the ground truth that
``score.py`` reads (``ground-truth.json`` or ``evaldata.jsonl``). For every extractor this writes one
JSONL file of predictions per set under ``benchmarks/out/<set>/<extractor>.jsonl`` in the scorer's
format (``page``, ``body``, ``title``, ``published``, ``authors``), scores it with the reference
``score.py`` (found next to the dataset, or given with ``--scorer``) and prints one table: body
precision/recall/F1 (and the German subset), title/date/author accuracy, the date accuracy over the
pages that show their expected date (``extraction_dates.py``) and the median milliseconds per page.
The HTML extractors run page by page in rotating order, so that load from other processes falls on all
of them alike; times are comparable only within one run. Peers that are not installed are left out.

``--loso`` (leave-site-out) scores every page with lagebild weights that never saw the page's site: the
weights of its fold (``benchmarks/extraction_sites.py`` groups pages by site across all sets), read from
``DIR/<fold>/`` (default ``benchmarks/out/folds``), trained there by ``scripts/train_extract.py --folds``
for every learned part the asked rows read whose file a fold lacks (HTML rows: blocks, metadata, page type;
scraped-text rows: the byline and title rankers). Without it, the shipped weights score pages they were trained on: in-sample figures, for
debugging only. A set with an ``other/`` folder of non-article pages (wcxb-articles) also gets the page-type
check: how many articles are kept as articles and how many non-articles are stored as articles.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
FOLDS_DIR = OUT / "folds"
Prediction = dict  # {"body": str, "title": str | None, "published": str | None, "authors": list[str]}
Row = tuple[str, Prediction, float, bool]  # page, prediction, milliseconds, failed


@dataclass(slots=True)
class Sample:
    name: str  # the HTML file name without .html, as score.py expects
    html: Path
    url: str | None
    model_dir: str | None = None  # lagebild's weights for this page (leave-site-out: its fold's)


Extractor = Callable[[bytes, Sample], Prediction]


@dataclass(slots=True)
class Result:
    extractor: str
    dataset: str
    scores: dict[str, float] = field(default_factory=dict)
    median_ms: float = 0.0
    failures: int = 0
    fields: set[str] = field(default_factory=set)  # metadata fields the extractor predicts at all
    page_types: dict[str, int] = field(default_factory=dict)  # lagebild: page_type -> pages


# --- the extractors ---------------------------------------------------------------------------


def _lagebild(learned: tuple[str, ...] | None = None) -> Extractor:
    """lagebild with its default settings, or with exactly the ``learned`` parts decided by weights."""
    from lagebild.errors import InputError
    from lagebild.extract import extract
    from lagebild.model import Page
    from lagebild.settings import ExtractSettings

    def run(data: bytes, item: Sample) -> Prediction:
        settings = ExtractSettings(model_dir=item.model_dir)
        if learned is not None:
            settings.learned = learned
        try:
            article = extract(Page(content=data, kind="html", url=item.url), settings)
        except InputError:
            return {"body": "", "page_type": "failed"}
        return {"body": article.text if article.page_type == "article" else "", "title": article.title,
                "published": article.published, "authors": article.authors, "page_type": article.page_type}

    return run


def _default_learned() -> tuple[str, ...]:
    from lagebild.settings import ExtractSettings

    return tuple(p for p in ExtractSettings().learned if p not in ("body", "body_mix", "body_pick"))


def _trafilatura() -> Extractor:
    import trafilatura

    def run(data: bytes, item: Sample) -> Prediction:
        doc = trafilatura.bare_extraction(data, url=item.url, with_metadata=True)
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

    def run(data: bytes, item: Sample) -> Prediction:
        doc = Document(_decode(data), url=item.url)
        summary = lxml.html.fromstring(doc.summary(html_partial=True))
        body = "\n".join(t.strip() for t in summary.itertext() if t.strip())
        return {"body": body, "title": doc.short_title()}

    return run


def _justext() -> Extractor:
    import justext

    stop = justext.get_stoplist("German") | justext.get_stoplist("English")

    def run(data: bytes, item: Sample) -> Prediction:
        paragraphs = justext.justext(data, stop)
        return {"body": "\n".join(p.text for p in paragraphs if not p.is_boilerplate)}

    return run


def _resiliparse() -> Extractor:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding
    from resiliparse.parse.html import HTMLTree

    def run(data: bytes, item: Sample) -> Prediction:
        tree = HTMLTree.parse(bytes_to_str(data, detect_encoding(data)))
        return {"body": extract_plain_text(tree, main_content=True)}

    return run


def _newspaper() -> Extractor:
    import newspaper

    def run(data: bytes, item: Sample) -> Prediction:
        art = newspaper.Article(item.url or "http://example.com/")
        art.download(input_html=_decode(data))
        art.parse()
        published = art.publish_date.isoformat() if art.publish_date else None
        return {"body": art.text, "title": art.title, "published": published, "authors": list(art.authors)}

    return run


PEERS: dict[str, Callable[[], Extractor]] = {
    "lagebild": _lagebild,
    # the two ends of ExtractSettings.learned, beside the default: everything learned, nothing learned
    "lagebild (learned)": lambda: _lagebild(LEARNABLE),
    "lagebild (rules)": lambda: _lagebild(()),
    # the rules' body and page type with the learned title and author rankers (the default since issue 15's
    # second round; named here so that a table shows it beside "lagebild (rules)" whatever the default)
    "lagebild (learned meta)": lambda: _lagebild(("title", "author")),
    # the default plus the learned page type (the rules' body): the page-type check of the learned model
    "lagebild (learned page type)": lambda: _lagebild(("title", "author", "pagetype")),
    # the default with the learned body (the block classifier) instead of the rules' body: the body's check
    "lagebild (learned body)": lambda: _lagebild((*_default_learned(), "body")),
    # the default with the rules' body corrected where the block classifier is sure ("body_mix")
    "lagebild (mixed body)": lambda: _lagebild((*_default_learned(), "body_mix")),
    # the default with the rules' body or the classifier's, whichever the chooser expects better ("body_pick")
    "lagebild (picked body)": lambda: _lagebild((*_default_learned(), "body_pick")),
    "trafilatura": _trafilatura,
    "readability-lxml": _readability,
    "justext": _justext,
    "resiliparse": _resiliparse,
    "newspaper4k": _newspaper,
}
SCRAPED = "lagebild (scraped text)"
# the scraped-text path without its byline ranker (the default has it since the fourth round): only when asked
SCRAPED_RULES = "lagebild (scraped text rules)"
LEARNABLE = ("body", "pagetype", "title", "date", "author")
# newspaper4k runs only when asked for (--only): it is ~50x slower here, and its tldextract
# dependency tries to fetch the public-suffix list over the network.
# "lagebild (rules)" and "lagebild (learned meta)" only when asked: the default, or the default minus /
# plus the learned parts it holds.
DEFAULT = [name for name in PEERS if name not in ("newspaper4k", "lagebild (rules)", "lagebild (learned meta)",
                                                   "lagebild (learned page type)", "lagebild (learned body)",
                                                   "lagebild (mixed body)", "lagebild (picked body)")]


# --- datasets, running, scoring ----------------------------------------------------------------


def truth(root: Path) -> dict[str, dict]:
    """The set's ground truth per page: ``ground-truth.json`` (a full ``articleBody`` and metadata) or trafilatura's
    ``evaldata.jsonl`` (snippets the body must hold, ``with``, and must not, ``without``); the trainers read it."""
    if (root / "ground-truth.json").exists():
        return json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    out = {}
    if (root / "evaldata.jsonl").exists():
        for line in (root / "evaldata.jsonl").open(encoding="utf-8"):
            record = json.loads(line)
            out[Path(record["file"]).stem] = record
    return out


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
    for i, item in enumerate(items if names else ()):  # none: only scraped-text rows were asked for
        data = item.html.read_bytes()
        for name in names[i % len(names):] + names[: i % len(names)]:
            start = time.perf_counter()
            try:
                pred, failed = runners[name](data, item), False
            except Exception:  # a peer crashing on one page counts as an empty prediction
                pred, failed = {"body": ""}, True
            rows[name].append((item.name, pred, (time.perf_counter() - start) * 1000, failed))
    return rows


def run_scraped(root: Path, items: list[Sample], learned: tuple[str, ...] | None = None) -> Iterator[Row]:
    """lagebild's scraped-text path over the set's text/ dumps, with one CorpusStats per set (default
    settings, or exactly the ``learned`` parts)."""
    from lagebild.errors import InputError
    from lagebild.extract import CorpusStats, extract
    from lagebild.model import Page
    from lagebild.settings import ExtractSettings

    texts = {i.name: (root / "text" / f"{i.name}.txt").read_text(encoding="utf-8") for i in items}
    corpus = CorpusStats()  # one per set, shown every page first, as a batch run would
    for text in texts.values():
        corpus.observe(text)
    for item in items:
        settings = ExtractSettings(model_dir=item.model_dir)
        if learned is not None:
            settings.learned = learned
        start = time.perf_counter()
        try:
            article = extract(Page(content=texts[item.name], kind="text", url=item.url), settings, corpus=corpus)
            pred, failed = {"body": article.text, "title": article.title, "published": article.published,
                            "authors": article.authors}, False
        except InputError:
            pred, failed = {"body": ""}, True
        yield item.name, pred, (time.perf_counter() - start) * 1000, failed


def score(scorer: Path, root: Path, predictions: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, str(scorer), str(root), str(predictions)],
                         capture_output=True, text=True, check=True).stdout
    found: dict[str, float] = {}
    # score.py prints "scrapinghub pages=…" for every set with a full expected body, "<set> de pages=… f1=…"
    # for its German pages, and "trafilatura-eval all|de pages=…" for the snippet set
    for label, key in (("scrapinghub", ""), ("trafilatura-eval all", ""), (rf"{re.escape(root.name)} de", "de_")):
        m = re.search(rf"^{label} pages=\d+ precision=([\d.]+) recall=([\d.]+)", out, re.M)
        if m and f"{key}p" not in found:
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


def assign_folds(root: Path, items: list[Sample], folds_dir: Path) -> None:
    """Point each page at the weights of its leave-site-out fold (``folds_dir/<k>/``). A page whose site
    no fold trained on (a set that was not in training) may take any fold's weights: fold 0's."""
    from extraction_sites import page_keys, set_pages

    folds = json.loads((folds_dir / "sites.json").read_text(encoding="utf-8"))
    known = set_pages(root)
    for item in items:
        url, publisher = known.get(item.name, (item.url, None))
        fold = next((folds[k] for k in page_keys(url, item.name, publisher) if k in folds), 0)
        item.model_dir = str(folds_dir / str(fold))


def fold_parts() -> dict[str, str]:
    """Each learned part ``scripts/train_extract.py --what`` trains, and the file its fold weights are saved in."""
    from lagebild.extract.html._model import WEIGHTS_NAME as BLOCKS
    from lagebild.extract.html._pagetype import WEIGHTS_NAME as PAGETYPE
    from lagebild.extract.metadata._rank import WEIGHTS_NAME as META
    from lagebild.extract.text._authors import WEIGHTS_NAME as TEXT_AUTHORS
    from lagebild.extract.text._model import WEIGHTS as TEXT_LINES
    from lagebild.extract.text._titles import WEIGHTS_NAME as TEXT_TITLES

    return {"blocks": BLOCKS, "meta": META, "pagetype": PAGETYPE, "textauthors": TEXT_AUTHORS,
            "texttitles": TEXT_TITLES, "textlines": TEXT_LINES.name}


def needed_parts(names: list[str]) -> list[str]:
    """The learned parts whose fold weights the rows ``names`` read: the HTML rows the HTML parts, the scraped-text
    rows the text rankers and the line model (a fold folder without a part's file would silently give the rules'
    or, worse, the shipped weights, which saw every page)."""
    parts: list[str] = []
    if any(n in PEERS and n.startswith("lagebild") for n in names):
        parts += ["blocks", "meta", "pagetype"]
    if any(n in (SCRAPED, SCRAPED_RULES) for n in names):
        parts += ["textauthors", "texttitles", "textlines"]
    return parts


def ensure_folds(folds_dir: Path, datasets: list[Path], parts: list[str] | None = None) -> None:
    """Train the leave-site-out weights of every part in ``parts`` (default: all) that some fold of ``folds_dir``
    lacks (``scripts/train_extract.py --folds --what <those>``), so that one ``--loso`` run gives every row's
    leave-site-out figures."""
    from extraction_sites import FOLDS

    files = fold_parts()
    parts = list(files) if parts is None else parts
    missing = [p for p in parts if not (folds_dir / "sites.json").exists()
               or any(not (folds_dir / str(k) / files[p]).exists() for k in range(FOLDS))]
    if not missing:
        return
    shared = datasets[0].resolve().parents[2]
    scripts = Path(__file__).resolve().parents[1] / "scripts"
    print(f"{folds_dir}: no leave-site-out weights for {', '.join(missing)}: training them "
          "(scripts/train_extract.py --folds)", file=sys.stderr)
    if "textlines" in missing:  # the line model has its own trainer (train_extract.py fills it only beside the rankers)
        missing.remove("textlines")
        subprocess.run([sys.executable, str(scripts / "train_textlines.py"), "--shared", str(shared), "--folds",
                        str(folds_dir), "--no-ship"], check=True)
    if missing:
        subprocess.run([sys.executable, str(scripts / "train_extract.py"), "--shared", str(shared), "--folds",
                        str(folds_dir), "--no-ship", "--what", ",".join(missing)], check=True)


def bench_set(root: Path, names: list[str], scorer: Path, limit: int | None, half: str | None = None,
              folds_dir: Path | None = None, folds: set[int] | None = None) -> list[Result]:
    items = samples(root)
    if folds_dir:
        assign_folds(root, items, folds_dir)
        if folds is not None:
            items = [s for s in items if int(Path(s.model_dir).name) in folds]
    if half:
        items = [s for s in items if half_of(s.name) == half]
    if limit:
        items = items[:limit]
    if half or limit or folds is not None:
        with tempfile.TemporaryDirectory() as tmp:
            return _bench(subset(root, {s.name for s in items}, Path(tmp)), names, scorer, items)
    return _bench(root, names, scorer, items)


def _bench(root: Path, names: list[str], scorer: Path, items: list[Sample]) -> list[Result]:
    runners: dict[str, Extractor] = {}
    for name in names:
        if name in (SCRAPED, SCRAPED_RULES):
            continue
        try:
            runners[name] = PEERS[name]()
        except ImportError:
            print(f"  {name}: not installed, left out", file=sys.stderr)
    rows: dict[str, Iterable[Row]] = dict(run_interleaved(runners, items))
    if SCRAPED in names:
        rows[SCRAPED] = run_scraped(root, items)
    if SCRAPED_RULES in names:
        from lagebild.settings import ExtractSettings

        rows[SCRAPED_RULES] = run_scraped(root, items, tuple(p for p in ExtractSettings().learned if p != "text_author"))
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
    times, failures, fields, types = [], 0, set(), Counter()
    try:
        with target.open("w", encoding="utf-8") as fh:
            for page, pred, ms, failed in rows:
                times.append(ms)
                failures += failed
                if "page_type" in pred:
                    types[pred.pop("page_type")] += 1
                fields |= {k for k, v in pred.items() if v is not None}
                fh.write(json.dumps({"page": page, **pred}, ensure_ascii=False, default=str) + "\n")
    except Exception as exc:  # a runner that cannot run at all (e.g. a model not trained yet) is left out
        print(f"  {name}: left out, {type(exc).__name__}: {exc}", file=sys.stderr)
        return None
    scores = score(scorer, root, target)
    if "published" in fields:
        from extraction_dates import shown_date_score

        shown = shown_date_score(root, target, {s.name: s.url for s in samples(root)})
        if shown is not None:
            scores["date_shown"] = shown[0]
    return Result(name, root.name, scores, statistics.median(times), failures,
                  {"title" if "title" in fields else "", "date" if "published" in fields else "",
                   "author" if "authors" in fields else ""}, dict(types))


def table(results: list[Result]) -> str:
    head = ("| extractor | set | body P | body R | body F1 | F1 (de) | title | date | date (shown) | author "
            "| median ms/page |\n|---|---|---|---|---|---|---|---|---|---|---|")

    def cell(value: float | None) -> str:
        return "—" if value is None else f"{value:.3f}"

    lines = [head]
    for r in results:
        s = {k: v for k, v in r.scores.items() if k not in ("title", "date", "date_shown", "author")
             or k.split("_")[0] in r.fields}
        lines.append(f"| {r.extractor} | {r.dataset} | {cell(s.get('p'))} | {cell(s.get('r'))} | **{s['f1']:.3f}** | "
                     f"{cell(s.get('de_f1'))} | {cell(s.get('title'))} | {cell(s.get('date'))} | {cell(s.get('date_shown'))} | "
                     f"{cell(s.get('author'))} | {r.median_ms:.1f} |")
    return "\n".join(lines)


def time_ratios(results: list[Result]) -> str:
    """Each lagebild extractor's median time per page over trafilatura's, set by set ("" without trafilatura)."""
    peer = {r.dataset: r.median_ms for r in results if r.extractor == "trafilatura"}
    parts = [f"{r.extractor} / {r.dataset} {r.median_ms / peer[r.dataset]:.2f}" for r in results
             if r.extractor.startswith("lagebild") and peer.get(r.dataset)]
    return "; ".join(parts)


def other_pages(root: Path, name: str, folds_dir: Path | None) -> tuple[int, int]:
    """(non-article pages in the set's ``other/`` folder, how many of them lagebild ``name`` stores as articles)."""
    pages = sorted((root / "other").glob("*.html"))
    items = [Sample(f"other/{p.stem}", p, None) for p in pages]
    if folds_dir:
        assign_folds(root, items, folds_dir)
    run = PEERS[name]()
    stored = sum(run(item.html.read_bytes(), item).get("page_type") == "article" for item in items)
    return len(items), stored


def page_type_table(results: list[Result], others: dict[tuple[str, str], tuple[int, int]]) -> str:
    lines = ["| extractor | set | articles | kept as articles | non-article pages | stored as articles |",
             "|---|---|---|---|---|---|"]
    for r in results:
        if not r.page_types:
            continue
        total, kept = sum(r.page_types.values()), r.page_types.get("article", 0)
        other = others.get((r.extractor, r.dataset))
        tail = f"{other[0]} | {other[1]} ({other[1] / max(1, other[0]):.3f})" if other else "— | —"
        lines.append(f"| {r.extractor} | {r.dataset} | {total} | {kept} ({kept / max(1, total):.3f}) | {tail} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("datasets", nargs="+", type=Path, help="dataset folders (html/, text/, ground truth)")
    parser.add_argument("--only", help="comma-separated extractor names (default: all installed)")
    parser.add_argument("--limit", type=int, help="only the first N pages of each set")
    parser.add_argument("--half", choices=("dev", "check"), help="only one half of each set (MD5 of the page name)")
    parser.add_argument("--scorer", type=Path, help="score.py (default: next to the dataset folders)")
    parser.add_argument("--loso", nargs="?", type=Path, const=FOLDS_DIR, metavar="DIR",
                        help=f"leave-site-out: each page scored by its fold's weights in DIR/<fold>/ (default {FOLDS_DIR})")
    parser.add_argument("--folds", help="with --loso: only the pages of these folds (e.g. 0,1,2)")
    args = parser.parse_args(argv)
    folds = {int(k) for k in args.folds.split(",")} if args.folds else None
    names = args.only.split(",") if args.only else [*DEFAULT, SCRAPED]
    warnings.simplefilter("ignore")
    import logging

    logging.disable(logging.CRITICAL)
    load = os.getloadavg()  # times are comparable only within a run; the load says how noisy it was
    if args.loso:
        ensure_folds(args.loso, args.datasets, needed_parts(names))
    results, others = [], {}
    for root in args.datasets:
        scorer = args.scorer or root.resolve().parent / "score.py"
        if not scorer.exists():
            print(f"{root}: no score.py next to it; pass --scorer", file=sys.stderr)
            return 2
        results += bench_set(root, names, scorer, args.limit, args.half, args.loso, folds)
        if (root / "other").is_dir() and not (args.limit or args.half or folds):
            for name in (n for n in names if n in PEERS and n.startswith("lagebild")):
                others[name, root.name] = other_pages(root, name, args.loso)
    print(("Leave-site-out (each page by weights that never saw its site)" if args.loso
           else "In-sample (shipped weights; for debugging only)") + ":\n")
    print(table(results))
    ratios = time_ratios(results)
    if ratios:
        print(f"\nMedian ms/page relative to trafilatura in this run: {ratios}")
    print(f"Load average (1, 5, 15 min) at the start: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}; at the end: "
          + " ".join(f"{x:.1f}" for x in os.getloadavg()))
    types = page_type_table(results, others)
    if types.count("\n") > 1:
        print("\nPage type (lagebild):\n")
        print(types)
    return 0


if __name__ == "__main__":
    sys.exit(main())
