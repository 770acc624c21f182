"""Stories: near-duplicates, story clusters across sources and languages, related articles.

Everything here works over a :class:`~.store.StoryStore`, the small protocol this stage defines and
the archive implements (``Archive.story_store``); the stage never imports the archive. The ingest
path (:func:`lagebild.ingest`) calls :func:`link` once per stored article; it records the
article's canonical copy (``duplicate_of``) and its story (``story_id``) and returns both::

    with Archive("lagebild.db") as archive:
        aid, status = archive.add(article)
        if status == "stored":
            duplicate_of, story_id = stories.link(archive.story_store, article)

:func:`related`, :func:`list_stories` and :func:`get_story` read what it recorded.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Iterable
from datetime import datetime, timezone

from ..errors import ArchiveError
from ..model import Article, Story
from ..settings import StorySettings
from .index import _COMPUTE, StoryIndex
from .related import RelatedArticle, related as _related
from .store import StoryStore, dumps

_indexes: "weakref.WeakKeyDictionary[StoryStore, StoryIndex]" = weakref.WeakKeyDictionary()


def index_for(store: StoryStore, settings: StorySettings | None = None) -> StoryIndex:
    """The story index over ``store``, kept for the store's lifetime so that its caches and
    embedder are loaded once."""
    index = _indexes.get(store)
    if index is None or (settings is not None and index.settings != settings):
        index = _indexes[store] = StoryIndex(store, settings)
    return index


def embedding(store: StoryStore, article: Article, settings: StorySettings | None = None):
    """What linking ``article`` computes slowly (its embedding), for a caller that links it inside
    a write transaction of its own and wants that transaction short (``link(…, vector=…)``)."""
    return index_for(store, settings).embedding(article)


def link(store: StoryStore, article: Article, settings: StorySettings | None = None, *,
         vector=_COMPUTE, prepared=None) -> tuple[int | None, int]:
    """Link one stored article (``article.id`` set by the archive) to its canonical duplicate
    and its story, in one write transaction; returns ``(duplicate_of, story_id)``. The embedding
    (``vector``, else computed here) is made before the transaction: the write lock is held for
    milliseconds, not for the seconds a model takes. ``prepared``: :func:`prepare`'s output for
    the article, when a batch worker computed it."""
    if article.id is None:
        raise ArchiveError("stories.link: the article has no id (store it in the archive first)")
    index = index_for(store, settings)
    if vector is _COMPUTE:
        vector = index.embedding(article)
    with store.transaction():
        return index.link(article, article.id, vector=vector, prepared=prepared)


def link_many(store: StoryStore, items: list, settings: StorySettings | None = None) -> list[tuple[int | None, int]]:
    """:func:`link` for a batch of stored articles, in order and in one write transaction, with a
    few statements for the whole batch instead of ~60 per article (:mod:`.batch`); ``items`` are
    ``(article, vector or _COMPUTE, prepared or None)``. The same links as :func:`link` one by one."""
    from .batch import link_many as _link_many

    try:
        return _link_many(index_for(store, settings), items)
    except BaseException:
        _indexes.pop(store, None)  # its cached story profiles may hold what was rolled back
        raise


def prepare(article: Article, settings: StorySettings | None = None):
    """``(Features, Fingerprint)`` of ``article``: the part of linking that reads the article alone
    (no store, no model), for a batch worker to compute and the writer to pass to :func:`link`."""
    from .index import prepare as _prepare

    return _prepare(article, settings or StorySettings())


def related(store: StoryStore, article_id: int, limit: int = 10, *, extra: Iterable[int] = (),
            floor: float | None = None) -> list[RelatedArticle]:
    """Articles related to ``article_id``: its story first, then the wider context (with the
    ``extra`` candidates) at or above ``floor`` (default: the story settings' ``related_floor``),
    all scored with the one pair similarity; never its near-duplicates. Empty when the article
    was never linked."""
    index = index_for(store)
    return _related(index, article_id, limit, extra=extra,
                    floor=index.settings.related_floor if floor is None else floor)


def also_published(store: StoryStore, article_id: int) -> list[int]:
    """The canonical copy and every near-duplicate of ``article_id`` ("also published by"), itself excluded."""
    index = index_for(store)
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


def list_stories(store: StoryStore, since: str | None = None, limit: int = 50, *, sort: str = "recent",
                 tz: str | None = None) -> list[Story]:
    """Stories active on or after ``since`` (a day or time as :class:`lagebild.query.Filters` reads
    it, days in the zone ``tz``): the most recently active first (``sort="recent"``) or the largest
    (``sort="size"``). A story whose articles are all undated has no first and last seen."""
    from ..times import moment

    index = index_for(store)
    start = moment(since, tz).timestamp() if since else None
    return [_story(r, index.store.story_members(r["id"], 1000))
            for r in index.store.list_stories(start, limit, sort=sort)]


def get_story(store: StoryStore, story_id: int) -> Story:
    index = index_for(store)
    row = index.store.story(story_id)
    if row is None or not row["size"]:
        raise ArchiveError(f"no story {story_id}")
    return _story(row, index.store.story_members(story_id, 10_000))


__all__ = ["RelatedArticle", "StoryIndex", "StorySettings", "StoryStore", "also_published", "dumps", "embedding", "get_story",
           "index_for", "link", "link_many", "list_stories", "prepare", "related"]
