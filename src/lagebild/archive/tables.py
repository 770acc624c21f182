"""The export tables: one row per article, entity, mention, quote or story, and their Arrow types.

Each table is a row builder over the matching articles plus the types of its columns, written in
model terms (``list[Quote]``, ``str | None``, ``"timestamp"``); :func:`arrow_type` turns those
into Arrow types, so Parquet holds real nested columns (``list<struct>``) that DuckDB can
``unnest`` and a timestamp with zone (UTC) for ``published`` — derived from the dataclasses in
:mod:`lagebild.model`, so a field added there is exported without a second list to keep in step.

Rows of the child tables carry ``article_id`` (and the article's ``published``) to join on.
"""

from __future__ import annotations

import dataclasses
import typing
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Literal, Optional

from ..model import Article, Entity, Event, Mention, Origin, Quote, RelatedLink, to_dict
from ..sources.urls import host_of
from ..times import UTC, parse_iso

TIMESTAMP = "timestamp"  # a column type: an aware instant, Parquet timestamp[us, tz=UTC]


@dataclass(frozen=True)
class Table:
    """One export table: its columns (name -> type) and how the matching articles become rows."""

    columns: dict[str, Any]
    rows: Callable[[Iterable[Article], Any], Iterator[dict]]  # (articles, archive) -> rows


def instant(value: str | None) -> datetime | None:
    """A stored ``published`` / ``modified`` as an aware UTC datetime (a bare date is its 00:00 UTC)."""
    stamp = parse_iso(value)
    return stamp.astimezone(UTC) if stamp else None


_ARTICLE_COLUMNS: dict[str, Any] = {
    "id": int, "url": Optional[str], "canonical_url": Optional[str], "title": str, "lead": str, "text": str,
    "published": TIMESTAMP, "published_text": Optional[str], "modified": TIMESTAMP, "section": Optional[str],
    "section_raw": Optional[str], "publisher": Optional[str], "language": Optional[str],
    "reading_time": Optional[int], "word_count": int, "page_type": str, "content_hash": str, "source": Optional[str],
    "duplicate_of": Optional[int], "story_id": Optional[int], "truncated": Optional[str],
    "authors": list[str], "tags": list[str], "topics": list[str], "body": list[str],
    "origin": Origin, "related": list[RelatedLink], "entities": list[Entity], "mentions": list[Mention],
    "quotes": list[Quote], "events": list[Event],
}


def _articles(articles: Iterable[Article], archive) -> Iterator[dict]:
    for a in articles:
        data = to_dict(a)
        row = {c: data.get(c) for c in _ARTICLE_COLUMNS}
        row.update(published=instant(a.published), published_text=a.published, modified=instant(a.modified),
                   source=host_of(a.canonical_url or a.url))
        yield row


def _entities(articles: Iterable[Article], archive) -> Iterator[dict]:
    for a in articles:
        counts = Counter(m.entity_id for m in a.mentions if m.entity_id)
        for e in a.entities:
            yield {"article_id": a.id, "published": instant(a.published), "entity_id": e.id, "name": e.name,
                   "type": e.type, "country": e.country, "aliases": list(e.aliases), "mentions": counts[e.id]}


def _mentions(articles: Iterable[Article], archive) -> Iterator[dict]:
    for a in articles:
        for m in a.mentions:
            yield {"article_id": a.id, "published": instant(a.published), "start": m.start, "end": m.end,
                   "text": m.text, "type": m.type, "entity_id": m.entity_id}


def _quotes(articles: Iterable[Article], archive) -> Iterator[dict]:
    for a in articles:
        names = {e.id: e.name for e in a.entities}
        for q in a.quotes:
            yield {"article_id": a.id, "published": instant(a.published), "text": q.text, "kind": q.kind,
                   "speaker": q.speaker, "speaker_entity_id": q.speaker_entity_id,
                   "speaker_name": names.get(q.speaker_entity_id), "cue": q.cue, "start": q.start, "end": q.end}


def _aliases(articles: Iterable[Article], archive) -> Iterator[dict]:
    """Every spelling the archive knows of the matching articles' entities, each entity once (its own
    table: a country has ~150 CLDR names, which no article or entity row carries)."""
    from .identities import aliases

    seen: set[str] = set()
    batch: list[str] = []
    for a in articles:
        new = [e.id for e in a.entities if e.id not in seen]
        seen.update(new)
        batch += new
        if len(batch) >= 500:
            yield from aliases(archive.conn, batch)
            batch = []
    if batch:
        yield from aliases(archive.conn, batch)


def _stories(articles: Iterable[Article], archive) -> Iterator[dict]:
    """Each story of a matching article once, in the order its first matching article comes."""
    from ..stories import get_story

    seen: set[int] = set()
    for a in articles:
        if a.story_id is None or a.story_id in seen:
            continue
        seen.add(a.story_id)
        story = get_story(archive.story_store, a.story_id)
        yield {"story_id": story.id, "label": story.label, "first_seen": instant(story.first_seen),
               "last_seen": instant(story.last_seen), "size": len(story.article_ids),
               "article_ids": list(story.article_ids), "top_entities": list(story.top_entities)}


_CHILD = {"article_id": int, "published": TIMESTAMP}
TABLES: dict[str, Table] = {
    "articles": Table(_ARTICLE_COLUMNS, _articles),
    "entities": Table({**_CHILD, "entity_id": str, "name": str, "type": str, "country": Optional[str],
                       "aliases": list[str], "mentions": int}, _entities),
    "mentions": Table({**_CHILD, "start": int, "end": int, "text": str, "type": str, "entity_id": Optional[str]},
                      _mentions),
    "quotes": Table({**_CHILD, "text": str, "kind": str, "speaker": Optional[str], "speaker_entity_id": Optional[str],
                     "speaker_name": Optional[str], "cue": Optional[str], "start": int, "end": int}, _quotes),
    "stories": Table({"story_id": int, "label": str, "first_seen": TIMESTAMP, "last_seen": TIMESTAMP, "size": int,
                      "article_ids": list[int], "top_entities": list[str]}, _stories),
    "aliases": Table({"entity_id": str, "alias": str, "language": Optional[str]}, _aliases),
}


def arrow_type(hint):
    """The Arrow type of a column type: str, int, float, bool, Literal (text), ``X | None``,
    ``list[X]``, a model dataclass (a struct of its fields) or :data:`TIMESTAMP`."""
    import pyarrow as pa

    if hint == TIMESTAMP:
        return pa.timestamp("us", tz="UTC")
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is list:
        return pa.list_(arrow_type(args[0]))
    if origin is Literal:
        return pa.string()
    if args and type(None) in args:  # Optional[X], X | None
        rest = [a for a in args if a is not type(None)]
        return arrow_type(rest[0]) if len(rest) == 1 else pa.string()
    if dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        return pa.struct([pa.field(f.name, arrow_type(hints[f.name])) for f in dataclasses.fields(hint)])
    scalars = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}
    if hint in scalars:
        return scalars[hint]
    raise TypeError(f"no Arrow type for {hint!r}")


def arrow_schema(table: Table):
    import pyarrow as pa

    return pa.schema([pa.field(name, arrow_type(hint)) for name, hint in table.columns.items()])


__all__ = ["TABLES", "TIMESTAMP", "Table", "arrow_schema", "arrow_type", "instant"]
