"""``lagebild runs``: the record of every ingest run — what it was given, the settings it used and
what it counted; ``lagebild reindex``: rebuild the full-text index (registered on the shared app)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape
from rich.table import Table

from ..model import to_dict
from .app import DB_OPTION, INDEX_DIR_OPTION, JSON_OUT, app, console, guard, open_archive, print_json


@app.command("runs")
@guard
def runs_command(
    limit: int = typer.Option(20, "--limit", "-n", help="How many runs, newest first."),
    settings: bool = typer.Option(False, "--settings", help="Also print each run's resolved settings (JSON)."),
    db: Path = DB_OPTION,
    as_json: bool = JSON_OUT,
) -> None:
    """The latest ingest runs (ingest, demo, watch passes, POST /api/ingest): when, what, the counts.

    Example: lagebild runs --db news.db -n 5 --settings
    """
    with open_archive(db, readonly=True) as archive:
        runs = archive.runs(limit)
    if as_json:
        print_json([to_dict(r) for r in runs])
        return
    if not runs:
        console.print("no runs recorded")
        return
    table = Table("run", "started", "finished", "command", "inputs", "counts", highlight=False)
    for r in runs:
        counts = " · ".join(f"{k} {r.counts[k]}" for k in ("stored", "duplicate", "skipped", "failed") if k in r.counts)
        if r.counts.get("skipped_records"):  # WARC records that were no pages (requests, 404s, images)
            counts += f" · records passed over {sum(r.counts['skipped_records'].values())}"
        failures = {**r.counts.get("component_failures", {}), **r.counts.get("link_failures", {})}
        if failures:
            counts += " · " + ", ".join(f"{k} ×{n}" for k, n in sorted(failures.items()))
        table.add_row(str(r.id), r.started, r.finished or "(did not finish)", r.command, escape(r.inputs), counts)
    console.print(table)
    if settings:
        for r in runs:
            console.print(f"run {r.id} settings:", highlight=False)
            console.print(json.dumps(r.settings, ensure_ascii=False, indent=2), highlight=False, markup=False)


@app.command("reindex")
@guard
def reindex_command(
    index: Optional[str] = typer.Option(
        None, "--index", help="Switch the archive to this full-text index (SQLite: tantivy, fts5; PostgreSQL: tantivy,"
                              " postgresql); default: keep its own."),
    db: Path = DB_OPTION,
    index_dir: Optional[Path] = INDEX_DIR_OPTION,
) -> None:
    """Rebuild the archive's full-text index from the stored articles (after an upgrade, a lost
    index folder, or to switch index). Interrupted, it resumes on the next open.

    Example: lagebild reindex --db news.db --index tantivy
    Example: lagebild reindex --db postgresql://news@db/news --index tantivy --index-dir /srv/lagebild/index
    """
    with open_archive(db, index_dir=index_dir) as archive:
        n = archive.reindex(index=index)
        console.print(f"{db}: full-text index {archive.index.name} rebuilt ({n} articles updated)")
