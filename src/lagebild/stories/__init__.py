"""Stories: near-duplicates, story clusters across sources and languages, related articles.

The ingest path calls :func:`link` once per stored article; it records the article's canonical
copy (``duplicate_of``) and its story (``story_id``) in the archive and returns both::

    with Archive("lagebild.db") as archive:
        aid, status = archive.add(article)
        if status == "stored":
            duplicate_of, story_id = stories.link(archive, article)

:func:`related`, :func:`list_stories` and :func:`get_story` read what it recorded.
"""

from __future__ import annotations

import json
import sqlite3
import weakref
from datetime import datetime, timezone

from ..errors import ArchiveError
from ..model import Article, Story
from ..settings import StorySettings
from .index import StoryIndex
from .related import RelatedArticle, related as _related

_indexes: "weakref.WeakKeyDictionary[object, StoryIndex]" = weakref.WeakKeyDictionary()


def index_for(archive, settings: StorySettings | None = None) -> StoryIndex:
    """The story index over an :class:`~lagebild.archive.Archive` (or a bare sqlite3 connection),
    kept for the archive's lifetime so that its caches and embedder are loaded once."""
    if isinstance(archive, sqlite3.Connection):
        return StoryIndex(archive, settings)
    index = _indexes.get(archive)
    if index is None or (settings is not None and index.settings != settings):
        index = _indexes[archive] = StoryIndex(archive.conn, settings)
    return index


def link(archive, article: Article, settings: StorySettings | None = None) -> tuple[int | None, int]:
    """Link one stored article (``article.id`` set by ``archive.add``) to its canonical duplicate
    and its story, in one write transaction; returns ``(duplicate_of, story_id)``."""
    if article.id is None:
        raise ArchiveError("stories.link: the article has no id (store it with archive.add first)")
    index = index_for(archive, settings)
    transaction = getattr(archive, "transaction", None)
    if transaction is None:
        return index.link(article, article.id)
    with transaction():
        return index.link(article, article.id)


def related(archive, article_id: int, limit: int = 10) -> list[RelatedArticle]:
    """Articles related to ``article_id``: its story first, then the wider context; never its
    near-duplicates. Empty when the article was never linked."""
    return _related(index_for(archive), article_id, limit)


def also_published(archive, article_id: int) -> list[int]:
    """The canonical copy and every near-duplicate of ``article_id`` ("also published by"), itself excluded."""
    index = index_for(archive)
    row = index.store.article(article_id)
    if row is None:
        return []
    canonical = row["duplicate_of"] or article_id
    return [a for a in [canonical, *index.store.duplicates_of(canonical, 1000)] if a != article_id]


def _iso(t: float | None) -> str | None:
    return None if t is None else datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _story(row: dict, members: list[int]) -> Story:
    return Story(id=row["id"], label=row["label"], first_seen=_iso(row["first_seen"]), last_seen=_iso(row["last_seen"]),
                 article_ids=members, top_entities=json.loads(row["top_entities"] or "[]"))


def list_stories(archive, since: str | None = None, limit: int = 50) -> list[Story]:
    """The most recently active stories, newest first (``since``: ISO date or time)."""
    from .features import parse_time

    index = index_for(archive)
    start = parse_time(since) if since else None
    if since and start is None:
        raise ArchiveError(f"not an ISO 8601 date: {since!r}")
    return [_story(r, index.store.story_members(r["id"], 1000)) for r in index.store.list_stories(start, limit)]


def get_story(archive, story_id: int) -> Story:
    index = index_for(archive)
    row = index.store.story(story_id)
    if row is None or not row["size"]:
        raise ArchiveError(f"no story {story_id}")
    row = {**row, "first_seen": row["first_seen"] if row["first_seen"] is not None else row["active"],
           "last_seen": row["last_seen"] if row["last_seen"] is not None else row["active"]}
    return _story(row, index.store.story_members(story_id, 10_000))


__all__ = ["RelatedArticle", "StoryIndex", "StorySettings", "also_published", "get_story", "index_for", "link", "list_stories",
           "related"]
