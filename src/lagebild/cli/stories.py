"""Story commands: stories, story, eval stories (registered on the shared app)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape
from rich.table import Table

from ..model import to_dict
from ..times import DATE_HELP, shown
from .app import DB_OPTION, JSON_OUT, app, console, eval_app, fail, guard, open_archive, print_json
from .options import TZ, display_zone


_SORTS = ("size", "recent")


def _names(archive, stories) -> dict[str, str]:
    """Display names of the stories' top entities (ids the archive does not know stay as they are)."""
    return archive.entity_names([e for s in stories for e in s.top_entities])


@app.command("stories")
@guard
def stories_command(
    since: Optional[str] = typer.Option(None, "--since", help=f"Only stories active on or after this day: {DATE_HELP}."),
    sort: str = typer.Option("size", "--sort", help="size: the largest first (then the most recent); "
                             "recent: the most recently active first."),
    limit: int = typer.Option(30, "--limit", help="How many stories to list."),
    db: Path = DB_OPTION,
    as_json: bool = JSON_OUT,
    tz: Optional[str] = TZ,
) -> None:
    """Stories — articles on one event — with label, time span, size and top entities by name.

    Example: lagebild stories --since 7d --sort recent --db news.db
    """
    from ..api import list_stories

    if sort not in _SORTS:
        fail(f"--sort {sort}: choose size or recent")
    zone = display_zone(tz)
    with open_archive(db, readonly=True) as archive:
        rows = list_stories(archive, since=since, limit=limit, sort=sort, tz=zone)
        names = _names(archive, rows)
    if as_json:
        print_json([{**to_dict(s), "top_entity_names": [names.get(e, e) for e in s.top_entities]} for s in rows])
        return
    table = Table("story", "label", f"first ({zone})", f"last ({zone})", "articles", "top entities")
    for s in rows:
        table.add_row(str(s.id), escape(s.label), shown(s.first_seen, zone), shown(s.last_seen, zone),
                      str(len(s.article_ids)), escape(", ".join(names.get(e, e) for e in s.top_entities)))
    console.print(table)


@app.command("story")
@guard
def story_command(
    story_id: int = typer.Argument(..., help="The story's id (see `lagebild stories`)."),
    db: Path = DB_OPTION,
    as_json: bool = JSON_OUT,
    tz: Optional[str] = TZ,
) -> None:
    """One story: its label, span, top entities and its articles, newest first.

    Example: lagebild story 17 --db news.db
    """
    from ..api import get_story

    zone = display_zone(tz)
    with open_archive(db, readonly=True) as archive:
        story = get_story(archive, story_id)
        articles = [archive.get(i) for i in story.article_ids]
        names = _names(archive, [story])
    if as_json:
        print_json({**to_dict(story), "top_entity_names": [names.get(e, e) for e in story.top_entities],
                    "articles": [
            {"id": a.id, "title": a.title, "published": a.published, "publisher": a.publisher, "url": a.url,
             "language": a.language, "duplicate_of": a.duplicate_of} for a in articles]})
        return
    span = f"{shown(story.first_seen, zone)} – {shown(story.last_seen, zone)} {zone}" if story.first_seen else "undated"
    console.print(f"[bold]{escape(story.label)}[/bold]  (story {story.id}, {span})", highlight=False)
    if story.top_entities:
        console.print("entities: " + escape(", ".join(names.get(e, e) for e in story.top_entities)), highlight=False)
    table = Table("id", f"published ({zone})", "lang", "source", "title", "copy of")
    for a in articles:
        table.add_row(str(a.id), shown(a.published, zone), a.language or "", escape(a.publisher or ""),
                      escape(a.title), str(a.duplicate_of or ""))
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
