"""Story commands: stories, story, eval stories (registered on the shared app)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape
from rich.table import Table

from ..model import to_dict
from .app import DB_OPTION, JSON_OUT, app, console, eval_app, guard, open_archive, print_json


def _day(iso: str | None) -> str:
    return iso[:16].replace("T", " ") if iso else ""


@app.command("stories")
@guard
def stories_command(
    since: Optional[str] = typer.Option(None, "--since", help="Only stories active on or after this date (YYYY-MM-DD)."),
    limit: int = typer.Option(30, "--limit", help="How many stories to list."),
    db: Path = DB_OPTION,
    as_json: bool = JSON_OUT,
) -> None:
    """The most recently active stories: label, time span, size and top entities.

    Example: lagebild stories --since 2024-03-01 --db news.db
    """
    from ..api import list_stories

    with open_archive(db, readonly=True) as archive:
        rows = list_stories(archive, since=since, limit=limit)
    if as_json:
        print_json([to_dict(s) for s in rows])
        return
    table = Table("story", "label", "first", "last", "articles", "top entities")
    for s in rows:
        table.add_row(str(s.id), escape(s.label), _day(s.first_seen), _day(s.last_seen), str(len(s.article_ids)),
                      escape(", ".join(s.top_entities)))
    console.print(table)


@app.command("story")
@guard
def story_command(
    story_id: int = typer.Argument(..., help="The story's id (see `lagebild stories`)."),
    db: Path = DB_OPTION,
    as_json: bool = JSON_OUT,
) -> None:
    """One story: its label, span, top entities and its articles, newest first.

    Example: lagebild story 17 --db news.db
    """
    from ..api import get_story

    with open_archive(db, readonly=True) as archive:
        story = get_story(archive, story_id)
        articles = [archive.get(i) for i in story.article_ids]
    if as_json:
        print_json({**to_dict(story), "articles": [
            {"id": a.id, "title": a.title, "published": a.published, "publisher": a.publisher, "url": a.url,
             "language": a.language, "duplicate_of": a.duplicate_of} for a in articles]})
        return
    console.print(f"[bold]{escape(story.label)}[/bold]  (story {story.id}, {_day(story.first_seen)} – "
                  f"{_day(story.last_seen)})", highlight=False)
    if story.top_entities:
        console.print("entities: " + escape(", ".join(story.top_entities)), highlight=False)
    table = Table("id", "published", "lang", "source", "title", "copy of")
    for a in articles:
        table.add_row(str(a.id), _day(a.published), a.language or "", escape(a.publisher or ""), escape(a.title),
                      str(a.duplicate_of or ""))
    console.print(table)


@eval_app.command("stories")
@guard
def eval_stories(
    file: Path = typer.Argument(..., help="JSONL of {id, cluster, title, text, language, date[, split]}."),
    embedder: str = typer.Option("e5", "--embedder", help="Sentence embeddings: e5 (as ingest), use or off."),
    threshold: Optional[float] = typer.Option(None, "--threshold", help="Join score (default: the tuned one)."),
    join_names: Optional[float] = typer.Option(None, "--join-names", help="Bonus a join gives to shared names "
                                               "(default: the tuned one)."),
    no_map: bool = typer.Option(False, "--no-map", help="Skip the related-articles MAP (all-pairs ranking)."),
    cold_idf: bool = typer.Option(False, "--cold-idf", help="Start from empty document frequencies instead of "
                                  "counting the file's words first."),
) -> None:
    """Cluster labelled articles as ingest would (streaming, number of stories unknown) and score
    B-cubed P/R/F1, pairwise F1 and the MAP of `related`; the last line is `B-cubed F1 <value>`.

    Example: lagebild eval stories ../shared/benchmarks/stories/ecbplus/articles.jsonl
    """
    from ..archive.stories import SQLiteStoryStore
    from ..settings import StorySettings
    from ..stories.evaluate import evaluate, report

    settings = StorySettings(embedder=embedder, threshold=threshold, join_names=join_names)
    started = datetime.now()
    scores = evaluate(file, SQLiteStoryStore.memory(), settings, with_map=not no_map, warm_idf=not cold_idf)
    *lines, last = report(scores)
    for line in lines:
        console.print(line, highlight=False, markup=False)
    console.print(f"({(datetime.now() - started).total_seconds():.1f} s, embedder {embedder})", highlight=False)
    console.print(last, highlight=False, markup=False)
