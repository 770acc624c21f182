"""Related articles: the rest of the article's story first, then the wider context.

Ranked by the same hybrid similarity that builds stories (lexical TF-IDF, shared names and
entities, multilingual embeddings, time). Never listed: the article itself, its near-duplicates
(the article's canonical copy and every copy of it) — and of any other group of copies only the
canonical one. The wider context is read from the stories that share the article's rarest terms
and names (through ``story_keys``, a bounded lookup), so the cost does not grow with the archive.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .index import StoryIndex, _row_profile


@dataclass(slots=True)
class RelatedArticle:
    article_id: int
    score: float
    same_story: bool
    story_id: int | None
    title: str


def related(index: StoryIndex, article_id: int, limit: int = 10, *, context_stories: int = 10,
            per_story: int = 30, extra: Iterable[int] = (), floor: float | None = None) -> list[RelatedArticle]:
    """The rest of the story (each member, however weak the pair: clustering put it there), then
    the wider context — members of stories sharing its keys, and ``extra`` candidates (e.g. a
    full-text search's) — scored with the same pair similarity and kept only at or above ``floor``,
    so every result is on one scale and a weak match never fills a slot."""
    row = index.store.article(article_id)
    if row is None:
        return []
    me = _row_profile(row)
    canonical = me.duplicate_of or me.id
    excluded = {me.id, canonical, *index.store.duplicates_of(canonical, 1000)}

    members = index.store.story_members(me.story_id, 200) if me.story_id is not None else []
    same = _ranked(index, me, members, excluded, same_story=True)
    out = same[:limit]
    if len(out) < limit:
        seen = excluded | {r.article_id for r in same}
        wider: list[int] = []
        for sid in index.candidates(me, index.keys(me), since=None)[:context_stories]:
            if sid != me.story_id:
                wider += index.store.story_members(sid, per_story)
        wider += [int(i) for i in extra]
        ranked = _ranked(index, me, list(dict.fromkeys(wider)), seen, same_story=False)
        out += [r for r in ranked if floor is None or r.score >= floor][: limit - len(out)]
    return out


def _ranked(index: StoryIndex, me, ids: list[int], excluded: set[int], *, same_story: bool) -> list[RelatedArticle]:
    rows = [r for r in index.store.articles(i for i in ids if i not in excluded)]
    listed = {r["article_id"] for r in rows}
    out = []
    for r in rows:
        if r["duplicate_of"] is not None and (r["duplicate_of"] in excluded or r["duplicate_of"] in listed):
            continue  # a copy of the article itself, or of another article already in the list
        prof = _row_profile(r)
        out.append(RelatedArticle(prof.id, index.similarity(me, prof), same_story, prof.story_id, prof.title))
    out.sort(key=lambda a: (-a.score, a.article_id))
    return out
