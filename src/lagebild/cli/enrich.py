"""Enrichment commands: entities, quotes, eval quotes, eval entities (registered on the shared app)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape
from rich.table import Table

from ..model import to_dict
from .app import DB_OPTION, JSON_OUT, app, console, eval_app, guard, open_archive, print_json
from .options import SINCE, TZ, UNTIL, display_zone

_TYPES = ("PER", "ORG", "LOC", "MISC")


@app.command()
@guard
def entities(
    since: Optional[str] = SINCE,
    until: Optional[str] = UNTIL,
    type: Optional[str] = typer.Option(None, "--type", help="Only PER, ORG, LOC or MISC."),
    limit: int = typer.Option(30, "--limit", help="How many entities to list."),
    merges: bool = typer.Option(False, "--merges", help="List the identities merged across articles instead."),
    unmerge: Optional[str] = typer.Option(None, "--unmerge", help="Undo the merge of this id (see --merges)."),
    lang: Optional[str] = typer.Option(None, "--lang", help="Show names as articles in this language write them"
                                       " (de, en, …); the ids stay the same."),
    aliases: bool = typer.Option(False, "--aliases", help="List every spelling of the listed entities instead."),
    db: Path = DB_OPTION,
    as_json: bool = JSON_OUT,
    tz: Optional[str] = TZ,
) -> None:
    """The most-named people, organisations and places in the archive, with counts.

    Example: lagebild entities --type PER --since 2016-08-01 --lang de --db news.db
    """
    zone = display_zone(tz)
    if type is not None and type.upper() not in _TYPES:
        raise typer.BadParameter(f"--type must be one of {', '.join(_TYPES)}")
    if unmerge:
        with open_archive(db) as archive:
            moved = archive.unmerge_entity(unmerge)
        console.print(f"{escape(unmerge)}: merge undone, {moved} mentions read as it again")
        return
    if merges:
        with open_archive(db, readonly=True) as archive:
            found = archive.entity_merges()
        if as_json:
            print_json(found)
            return
        table = Table("id", "reads as", "why", "since")
        for r in found:
            table.add_row(escape(r["source"]), escape(r["target"]), escape(r["reason"]), r["created"])
        console.print(table)
        return
    with open_archive(db, readonly=True) as archive:
        rows = archive.entities(since=since, until=until, type=type.upper() if type else None, limit=limit, tz=zone,
                                lang=lang)
        spellings = archive.entity_aliases([r.id for r in rows]) if aliases else None
    if spellings is not None:
        if as_json:
            print_json(spellings)
            return
        table = Table("id", "spelling", "language (name shown to its readers)")
        for r in spellings:
            table.add_row(escape(r["entity_id"]), escape(r["alias"]), r["language"] or "")
        console.print(table)
        return
    if as_json:
        print_json([to_dict(r) for r in rows])
        return
    table = Table("entity", "type", "id", "country", "articles", "mentions")
    for r in rows:
        table.add_row(escape(r.name), r.type, escape(r.id), r.country or "", str(r.articles), str(r.mentions))
    console.print(table)


@app.command()
@guard
def quotes(
    speaker: Optional[str] = typer.Option(None, "--speaker", help="Only quotes by this speaker (id, name or any spelling)."),
    limit: int = typer.Option(30, "--limit", help="How many quotes to list."),
    db: Path = DB_OPTION,
    as_json: bool = JSON_OUT,
    tz: Optional[str] = TZ,
) -> None:
    """Who said what: quotes in the archive, newest first.

    Example: lagebild quotes --speaker "Çavuşoğlu" --db news.db
    """
    from ..times import shown

    zone = display_zone(tz)
    with open_archive(db, readonly=True) as archive:
        rows = archive.quotes(speaker=speaker, limit=limit)
    if as_json:
        print_json([to_dict(r) for r in rows])
        return
    table = Table("speaker", "quote", "kind", "article", f"published ({zone})")
    for r in rows:
        table.add_row(escape(r.who), escape(r.text), r.kind, escape(r.title or ""), shown(r.published, zone))
    console.print(table)


@eval_app.command("quotes")
@guard
def eval_quotes(
    path: Path = typer.Argument(..., help="The dataset folder (german_news_quotation_2024) or a folder of its JSON files."),
    split: str = typer.Option("dev", "--split", help="Which split folder under data/ to score (train, dev)."),
    folds: int = typer.Option(0, "--folds", help="Cross-validate over train+dev in this many folds instead (5 is the figure that counts)."),
    as_json: bool = JSON_OUT,
) -> None:
    """Score quotation detection and speaker attribution (token F1, exact F1, speaker accuracy).

    Example: lagebild eval quotes ../shared/benchmarks/quotes/german_news_quotation_2024 --folds 5
    """
    from ..enrich.quotes import cross_validate, evaluate

    if folds > 1:
        cv = cross_validate(path, folds)
        report, split = {"documents": cv["pooled"]["documents"], **cv["mean"]}, f"{folds}-fold mean over train+dev"
        if as_json:
            print_json(cv)
            return
    else:
        report = evaluate(path, split).to_dict()
    if as_json and folds <= 1:
        print_json(report)
        return
    table = Table("kind", "token P", "token R", "token F1", "exact F1", "speaker acc", "n speaker", "gold")
    for kind in ("direct", "indirect"):
        s = report[kind]
        table.add_row(kind, f"{s['token_precision']:.3f}", f"{s['token_recall']:.3f}", f"{s['token_f1']:.3f}",
                      f"{s['exact_f1']:.3f}", f"{s['speaker_accuracy']:.3f}", str(round(s["speaker_n"])), str(round(s["gold_quotes"])))
    console.print(f"{report['documents']} documents ({split})")
    console.print(table)


@eval_app.command("entities")
@guard
def eval_entities(
    gold: Path = typer.Argument(..., help="Gold mentions (JSONL), e.g. benchmarks/entities/gold.jsonl."),
    root: Path = typer.Option(Path("../shared"), "--root", envvar="LAGEBILD_SHARED",
                              help="The folder the gold file's paths are relative to."),
    ner: str = typer.Option("accurate", "--ner", help="Entity model: accurate, fast or off."),
    worst: int = typer.Option(10, "--worst", help="How many merges and splits to list."),
    as_json: bool = JSON_OUT,
) -> None:
    """Score entity identities: do two mentions share an id exactly when they name one real entity?

    Prints identity precision and recall over pairs of gold mentions, mention coverage, per-language
    and per-script rows, the worst merges and splits; the last line is `identity F1 <value>`.

    Example: lagebild eval entities benchmarks/entities/gold.jsonl --root ../shared --ner fast
    """
    from ..api import archive_system
    from ..enrich.entity_eval import evaluate, format_report
    from ..settings import EnrichSettings

    if ner not in ("accurate", "fast", "off"):
        raise typer.BadParameter("expected accurate, fast or off", param_hint="--ner")
    report = evaluate(gold, root, archive_system(EnrichSettings(ner=ner)))
    if as_json:
        print_json(report.to_dict())
        return
    for line in format_report(report, worst):
        console.print(escape(line), highlight=False)
