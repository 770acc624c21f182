"""``lagebild batch`` (many inputs into Parquet shards on many workers) and ``lagebild merge``
(the finished shards into an archive, by one writer)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape

from .app import app, console, err_console, fail, failure_counts, guard


@app.command("batch")
@guard
def batch_command(
    inputs: list[str] = typer.Argument(..., help="WARC/JSONL files, directories of pages, globs."),
    out: Path = typer.Option(..., "--out", help="Directory the shards are written to (and looked for on a rerun)."),
    engine: str = typer.Option("local", "--engine", help="Where shards run: local (processes here) or ray."),
    workers: int = typer.Option(0, "--workers", help="Worker processes or Ray actors (0: one per core / cluster CPU)."),
    shard_size: int = typer.Option(0, "--shard-size", help="Records per shard of a WARC/JSONL file (0: a shard per file)."),
    ray_address: str = typer.Option("", "--ray-address", help="A running Ray cluster (auto, ray://head:10001); "
                                    "default: start Ray on this machine."),
    no_enrich: bool = typer.Option(False, "--no-enrich", help="Skip entities, quotes and the story embedding."),
    ner: str = typer.Option("accurate", "--ner", help="Entity model: accurate, or fast for bulk backfills."),
) -> None:
    """Extract and enrich many inputs on many workers into one Parquet file per shard; a rerun
    skips the shards already finished. Store them with `lagebild merge`.

    Example: lagebild batch crawl/*.warc.gz --out shards/ --engine ray --workers 8 --shard-size 2000
    """
    from ..batch import run
    from ..settings import Settings

    if ner not in ("accurate", "fast"):
        fail(f"--ner {ner}: choose accurate or fast (or --no-enrich)")
    if workers < 0 or shard_size < 0:
        fail("--workers and --shard-size take 0 or more")
    settings = Settings()
    settings.enrich.ner = ner
    if no_enrich:
        settings.enrich.pipeline = ()
        settings.stories.embedder = "off"
    settings.batch.engine, settings.batch.workers, settings.batch.shard_size = engine, workers, shard_size
    settings.batch.ray_address = ray_address

    def shown(result) -> None:
        for name, reason in result.failures:
            err_console.print(f"[red]failed[/red] {escape(name)}: {escape(reason)}", highlight=False)
        if result.status == "failed":
            err_console.print(f"[red]shard failed[/red] {escape(result.name)}: {escape(result.reason)}", highlight=False)

    report = run(inputs, out, settings, on_shard=shown)
    for name, reason in report.missing:
        err_console.print(f"[red]failed[/red] {escape(name)}: {escape(reason)}", highlight=False)
    rate = report.articles / report.seconds if report.seconds else 0.0
    reasons = report.reasons()
    console.print(
        f"shards {len(report.shards)}: done {report.count('done')} · already done {report.count('skipped')} · "
        f"failed {report.count('failed')} · articles {report.articles} · failed records {report.failed_records}"
        + (" (" + ", ".join(f"{r} ×{n}" for r, n in reasons.most_common(5)) + ")" if reasons else "")
        + f" · {rate:.1f} articles/s  → {out}", highlight=False)
    raise typer.Exit(0 if report.ok else 1)


@app.command("merge")
@guard
def merge_command(
    out: Path = typer.Argument(..., help="The directory `lagebild batch --out` wrote."),
    db: str = typer.Option("lagebild.db", "--db", help="The archive: a SQLite file or another backend's address.",
                           envvar="LAGEBILD_DB"),
) -> None:
    """Store a batch's finished shards in the archive, linking duplicates and stories in time
    order; shards without their completion marker are refused. Merging twice stores nothing twice.

    Example: lagebild merge shards/ --db news.db
    """
    from ..api import open_archive
    from ..batch import merge
    from ..settings import Settings

    if not (out / "shards").is_dir():
        fail(f"{out}: no shards here (run `lagebild batch INPUTS --out {out}` first)")
    settings = Settings()
    with open_archive(db, settings=settings) as archive:
        report = merge(archive, out, settings)
    for name, reason in report.refused:
        err_console.print(f"[red]refused[/red] {escape(name)}: {escape(reason)}", highlight=False)
    for name, reason in report.ingest.failures:
        err_console.print(f"[red]failed[/red] {escape(name)}: {escape(reason)}", highlight=False)
    r = report.ingest
    console.print(
        f"shards {report.shards} (refused {len(report.refused)}) · stored {r.stored} · duplicate {r.duplicate} · "
        f"not articles {r.skipped} · failed {r.failed}" + failure_counts(r)
        + f" · {r.stored / r.seconds if r.seconds else 0.0:.1f} stored/s  → {db}", highlight=False)
    raise typer.Exit(1 if report.refused or r.failed else 0)
