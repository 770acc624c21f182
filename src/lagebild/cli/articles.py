"""Article commands: extract, ingest, search, show, related, export, demo."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape
from rich.table import Table

from ..archive.facets import speaker_label
from ..model import Article, Failure, Skipped, to_dict
from ..query import Filters
from .options import TZ, display_zone, filter_options
from .app import DB_OPTION, JSON_OUT, app, console, err_console, fail, failure_counts, guard, open_archive, print_json


def _article_record(article: Article) -> dict:
    record = to_dict(article)
    record["source"] = article.origin.label()
    record["error"] = None
    return record


@app.command()
@guard
def extract(
    paths: list[str] = typer.Argument(..., help="Files, directories, globs, WARC/JSONL files, or - for stdin."),
    jsonl: bool = typer.Option(False, "--jsonl", help="One JSON object per line instead of indented JSON."),
    enrich: bool = typer.Option(False, "--enrich", help="Also run entities and quotes."),
) -> None:
    """Extract articles without storing them: one JSON object per input.

    Example: lagebild extract page.html scraped.txt --jsonl
    """
    from ..api import process

    failed, passed = 0, {}
    for item in process(paths, enrich=enrich):
        if isinstance(item, Skipped):  # no page (a WARC request, a 404): counted, no JSON object
            passed[item.reason] = passed.get(item.reason, 0) + 1
            continue
        if isinstance(item, Failure):
            failed += 1
            record = {"source": item.input, "error": item.reason}
            err_console.print(f"[red]failed[/red] {escape(str(item))}", highlight=False)
        else:
            record = _article_record(item)
        text = json.dumps(record, ensure_ascii=False, indent=None if jsonl else 2)
        sys.stdout.write(text + "\n")
    if passed:
        err_console.print(skipped_line(passed), highlight=False, markup=False)
    raise typer.Exit(1 if failed else 0)


@app.command()
@guard
def ingest(
    paths: list[str] = typer.Argument(..., help="Files, directories, globs, WARC/JSONL files, or - for stdin."),
    db: Path = DB_OPTION,
    no_enrich: bool = typer.Option(False, "--no-enrich", help="Skip entities, quotes and the story embedding "
                                   "(no models: stories link by words)."),
    ner: str = typer.Option("accurate", "--ner", help="Entity model: accurate, or fast for bulk backfills."),
    workers: int = typer.Option(0, "--workers", help="Processes extracting and enriching (0: one per core)."),
) -> None:
    """Extract, enrich and store pages in the archive; the same article twice is stored once.

    Example: lagebild ingest pages/ crawl.warc.gz --db news.db --ner fast
    """
    from ..api import ingest as ingest_items
    from ..settings import Settings

    if ner not in ("accurate", "fast"):
        fail(f"--ner {ner}: choose accurate or fast (or --no-enrich)")
    settings = Settings()
    settings.enrich.ner = ner
    if no_enrich:
        settings.enrich.pipeline = ()
        settings.stories.embedder = "off"
    if workers < 0:
        fail(f"--workers {workers}: give 0 (one per core) or more")
    settings.ingest.workers = workers

    from .progress import IngestProgress, Inputs

    archive = open_archive(db, must_exist=False)
    with archive, IngestProgress(err_console, Inputs.count(paths)) as progress:
        report = ingest_items(archive, paths, settings, progress=progress.tick)
    # Failures are printed as they come (tick); the archive may refuse an article after its tick,
    # and those are printed here — each failure once (before, a log got every failure twice).
    for name, reason in progress.unprinted(report.failures):
        progress.failure(name, reason)
    if report.skipped_records:
        console.print(skipped_line(report.skipped_records), highlight=False, markup=False)
    console.print(f"{summary(report)}  → {db}", highlight=False)
    raise typer.Exit(1 if report.failed else 0)  # records passed over are no failure


def skipped_line(by_reason: dict[str, int]) -> str:
    """``skipped 12 records (no pages): 8 http 404, 4 not html`` — WARC records passed over, by reason."""
    reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(by_reason.items(), key=lambda kv: (-kv[1], kv[0])))
    return f"skipped {sum(by_reason.values())} records (no pages): {reasons}"


def summary(report) -> str:
    """One line of an ingest report: the counts, then enrich and story-link failures by reason."""
    return (f"stored {report.stored} · duplicate {report.duplicate} · not articles {report.skipped} · "
            f"failed {report.failed}" + (f" · cut at a size cap {len(report.truncated)}" if report.truncated else "")
            + failure_counts(report))


def _hits_table(hits, tz: str | None) -> Table:
    from ..times import shown

    table = Table(show_lines=False, highlight=False)
    for col in ("id", f"published ({tz})", "section", "lang", "source", "title / snippet"):
        table.add_column(col, overflow="fold")
    for hit in hits:
        snippet = escape(hit.snippet or "")
        table.add_row(
            str(hit.id), shown(hit.published, tz), hit.section or "", hit.language or "", hit.source or "",
            f"[bold]{escape(hit.title or '(untitled)')}[/bold]\n{snippet}",
        )
    return table


def _print_hits(hits, as_json: bool, tz: str | None = None) -> None:
    if as_json:
        print_json([to_dict(h) for h in hits])
    elif not hits:
        console.print("no matching articles")
    else:
        console.print(_hits_table(hits, display_zone(tz)))


@app.command()
@guard
@filter_options("since", "until", "section", "lang", "source", "entity", "tz")
def search(
    query: str = typer.Argument("", help='Words, "phrases", AND/OR/NOT, ( ), Tür* (a trailing * is a prefix: Türkei, Türen),'
                                           ' entity:, section:, lang:, source:.'),
    db: Path = DB_OPTION,
    filters: Filters = Filters(),
    limit: int = typer.Option(20, "--limit", "-n", help="How many hits."),
    offset: int = typer.Option(0, "--offset", help="Skip this many hits (paging)."),
    as_json: bool = JSON_OUT,
) -> None:
    """Full-text search over the archive, any word form, newest first without a query.

    Dates (--since/--until, the published column) are days in one zone: --tz, else UTC.

    A trailing * searches a prefix (Tür* finds Türkei and Türen; at least 2 letters before it).

    Example: lagebild search 'kooperiert AND (Türkei OR Russland)' --since 7d --lang de --tz Europe/Berlin
    """
    filters = _zoned(filters)
    with open_archive(db, readonly=True) as archive:
        hits = archive.search(query, filters, limit=limit, offset=offset)
    _print_hits(hits, as_json, filters.tz)


def _zoned(filters: Filters) -> Filters:
    """``filters`` with the zone their days are read in made explicit (--tz, else the settings')."""
    from dataclasses import replace

    return replace(filters, tz=display_zone(filters.tz))


@app.command()
@guard
def show(
    article_id: int = typer.Argument(..., metavar="ID", help="Article id (from search)."),
    db: Path = DB_OPTION,
    as_json: bool = JSON_OUT,
    tz: Optional[str] = TZ,
) -> None:
    """Show one stored article with its entities, quotes and related links.

    Example: lagebild show 3 --json
    """
    zone = display_zone(tz)
    with open_archive(db, readonly=True) as archive:
        article = archive.get(article_id)
    if as_json:
        print_json(_article_record(article))
        return
    _print_article(article, zone)


def _print_article(a: Article, tz: str | None) -> None:
    from ..times import shown

    meta = " · ".join(
        x for x in [a.section, a.published and f"{shown(a.published, tz)} ({tz})", ", ".join(a.authors), a.publisher, a.language,
                    f"{a.reading_time} min" if a.reading_time else None] if x
    )
    console.print(f"[bold]{escape(a.title or '(untitled)')}[/bold]", highlight=False)
    console.print(f"[dim]{escape(meta)}[/dim]", highlight=False)
    console.print(f"[dim]{escape(a.url or a.origin.label())}[/dim]\n", highlight=False)
    if a.truncated:  # the page was cut at a size cap when it was stored
        console.print(f"[yellow]cut[/yellow] {escape(a.truncated)}\n", highlight=False)
    if a.lead:
        console.print(f"[italic]{escape(a.lead)}[/italic]\n", highlight=False)
    for para in a.body:
        console.print(escape(para) + "\n", highlight=False)
    if a.entities:
        names = ", ".join(f"{e.name} ({e.type}{'/' + e.country if e.country else ''})" for e in a.entities)
        console.print(f"[bold]Entities[/bold] {escape(names)}", highlight=False)
    names = {e.id: e.name for e in a.entities}
    for q in a.quotes:
        who = speaker_label(q.speaker, names.get(q.speaker_entity_id))
        console.print(f"[bold]Quote[/bold] {escape(who)}: {escape(q.text)}", highlight=False)
    if a.related:
        console.print("[bold]Mehr zum Thema[/bold]")
        for r in a.related:
            console.print(f"  · {escape(r.title)}" + (f" [dim]({escape(r.section)})[/dim]" if r.section else ""), highlight=False)


@app.command()
@guard
def related(
    article_id: int = typer.Argument(..., metavar="ID", help="Article id."),
    db: Path = DB_OPTION,
    limit: int = typer.Option(10, "--limit", "-n", help="At most this many (fewer when fewer are on the subject)."),
    as_json: bool = JSON_OUT,
    tz: Optional[str] = TZ,
) -> None:
    """Other articles on the same subject ("Mehr zum Thema"), best first, only those above the
    relevance floor: fewer than --limit when that is all there is.

    Example: lagebild related 3 -n 5
    """
    from ..api import related as related_hits

    zone = display_zone(tz)
    with open_archive(db, readonly=True) as archive:
        archive.get(article_id)  # an unknown id is one clean error
        hits = related_hits(archive, article_id, limit=limit)
    _print_hits(hits, as_json, zone)


@app.command()
@guard
@filter_options("since", "until", "section", "lang", "source", "entity", "tz")
def export(
    query: str = typer.Argument("", help="Only articles matching this query (default: all)."),
    db: Path = DB_OPTION,
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl, csv or parquet."),
    table: str = typer.Option("articles", "--table", "-t", help="articles, entities, mentions, quotes, stories or aliases "
                              "(every spelling of the entities named): one row each, with the ids to join on."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="File to write (default: stdout for jsonl/csv)."),
    filters: Filters = Filters(),
) -> None:
    """Export the matching articles, or one row per entity, mention, quote or story of them, as JSONL,
    CSV or Parquet. Parquet keeps the types: entities, mentions and quotes are lists of structs,
    ``published`` is a timestamp in UTC (``published_text`` as the page gave it).

    Example: lagebild export --table quotes --since 30d --format parquet -o quotes.parquet
    """
    from ..archive.tables import TABLES

    if fmt not in ("jsonl", "csv", "parquet"):
        fail(f"--format {fmt}: choose jsonl, csv or parquet")
    if table not in TABLES:
        fail(f"--table {table}: choose {', '.join(TABLES)}")
    if fmt == "parquet" and output is None:
        fail("--format parquet needs --output FILE")
    filters = _zoned(filters)
    with open_archive(db, readonly=True) as archive:
        target = output if output is not None else sys.stdout.buffer
        n = archive.export(fmt, target, query, filters, table=table)
    err_console.print(f"exported {n} rows of {table}" + (f" to {output}" if output else ""), highlight=False)


def _demo_corpus() -> Path:
    for base in (Path.cwd(), Path(__file__).resolve().parents[3]):
        candidate = base / "examples" / "corpus"
        if candidate.is_dir():
            return candidate
    fail("the sample corpus (examples/corpus) was not found; run the demo from the lagebild checkout")


@app.command()
@guard
def demo(
    db: Path = typer.Option(Path("demo.db"), "--db", help="The demo archive to (re)create."),
    corpus: Optional[Path] = typer.Option(None, "--corpus", help="Pages to ingest (default: examples/corpus)."),
) -> None:
    """Ingest the sample corpus into a fresh archive and show what lagebild makes of it.

    Example: lagebild demo --db demo.db
    """
    from ..api import ingest as ingest_items

    corpus = corpus or _demo_corpus()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    archive = open_archive(db, must_exist=False)
    with archive:
        report = ingest_items(archive, [str(corpus)], command="demo")
        console.rule(f"[bold]lagebild demo[/bold] · {corpus} → {db}")
        console.print(summary(report), highlight=False)
        for name, reason in report.failures:
            console.print(f"  failed {escape(name)}: {escape(reason)}", highlight=False)
        for query in ("Hochwasser", "evakuieren", "Zinssenkung OR rates", "entity:Poland"):
            console.rule(f"lagebild search {escape(query)!r}")
            console.print(_compact_table(archive.search(query, limit=5)))
        _demo_extras(archive)
    console.rule()
    console.print(
        f"Open the dashboard over this archive:  [bold].venv/bin/lagebild serve --db {db}[/bold]  "
        "then http://127.0.0.1:8000/", highlight=False
    )


def _compact_table(hits) -> Table:
    table = Table(highlight=False, box=None, pad_edge=False)
    for col in ("id", "published", "lang", "title"):
        table.add_column(col, overflow="fold")
    for hit in hits:
        table.add_row(str(hit.id), (hit.published or "")[:10], hit.language or "", escape(hit.title or "(untitled)"))
    return table


def quote_line(q) -> str:
    """One quote as the demo prints it (rich markup escaped)."""
    # Quotation marks promise the speaker's own words: reported speech is shown without them.
    if q.kind == "direct":
        return f"{escape(q.who)}: „{escape(q.text[:100])}“"
    return f"{escape(q.who)} (reported): {escape(q.text[:100])}"


def _demo_extras(archive) -> None:
    """Top entities, quotes and stories of the demo archive."""
    from ..api import list_stories

    console.rule("lagebild entities")
    table = Table(highlight=False, box=None, pad_edge=False)
    for col in ("entity", "type", "country", "articles", "mentions"):
        table.add_column(col)
    for r in archive.entities(limit=10):
        table.add_row(escape(r.name), r.type, r.country or "", str(r.articles), str(r.mentions))
    console.print(table)
    console.rule("lagebild quotes")
    for q in archive.quotes(limit=5):
        console.print(quote_line(q), highlight=False)
    console.rule("lagebild stories")
    for story in list_stories(archive, limit=10, sort="size"):
        n = len(story.article_ids)
        console.print(f"story {story.id} · {n} article{'' if n == 1 else 's'} · {escape(story.label)}", highlight=False)
