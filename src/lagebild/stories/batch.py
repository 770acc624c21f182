"""Linking a whole batch of stored articles at once: the same :meth:`StoryIndex.link`, article by
article in order, over an in-memory copy of what linking reads, written back in a few statements.

Linking one article asks its store ~60 small questions (document frequencies, the exact key, each
LSH band, each rare key's recent stories, the clock) and writes ~10 rows. Over a network connection
(PostgreSQL) each is a round trip; for a batch of N articles :func:`link_many` asks them all up
front — one statement per kind for the whole batch — and keeps every answer in a :class:`BatchStore`,
which implements the :class:`~.store.StoryStore` protocol over that copy plus what the batch itself
changed (:class:`Changes`), reading through to the store for anything not loaded (a story's row,
an older article's profile). The index links each article against it exactly as it would against
the store, so the stories, near-duplicates and counts are those of linking the articles one by one
(tests/stories/test_stories_batch.py checks it); at the end the changes go to the store in one
write transaction (``write_batch``), new stories with the ids ``new_story`` would have given them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import repeat

from ..model import Article
from ..settings import StorySettings
from . import dedup
from .index import _COMPUTE

_MISSING = object()
BAND_LIMIT = 20  # the ids per band key ``band_candidates`` reads (its default, the one linking uses)


@dataclass(slots=True)
class Changes:
    """What linking a batch wrote, in the form the store writes it back (``write_batch``)."""

    meta: dict[str, float] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)  # document frequency increments
    fresh: set[str] = field(default_factory=set)  # of those, terms the store held no row for when the batch read it
    new: set[int] = field(default_factory=set)  # story ids made by this batch
    stories: dict[int, dict] = field(default_factory=dict)  # story id -> its latest row
    keys: dict[str, dict[int, float]] = field(default_factory=dict)  # key -> story -> last seen
    articles: dict[int, dict] = field(default_factory=dict)  # article id -> its story_articles row
    bands: list[tuple[int, int]] = field(default_factory=list)  # (band key, article id)


class BatchStore:
    """A :class:`~.store.StoryStore` for one batch: answers from what :meth:`load` read and what the
    batch changed; what was not loaded is read from ``store`` (rows linking never changes)."""

    def __init__(self, store, settings: StorySettings) -> None:
        self.store = store
        self.settings = settings
        self.changes = Changes()
        self._meta: dict[str, object] = {}
        self._df: dict[str, int] = {}
        self._exact: dict[str, int | None] = {}
        self._bands: dict[int, list[int]] = {}
        self._keys: dict[str, list[tuple[int, float]]] = {}
        self._keys_since = math.inf
        self._rows: dict[int, dict | None] = {}
        self._next_story: int | None = None

    def load(self, ids: list[int], prepared: list) -> None:
        """Read up front what linking the articles ``ids`` will ask, given their ``prepared``
        (``(Features, Fingerprint)`` each, in the order they are linked)."""
        s = self.settings
        self._rows = dict.fromkeys(ids)  # linked before? (``link`` is idempotent)
        self._rows.update({r["article_id"]: r for r in self.store.articles(ids)})
        for key in ("clock", "docs"):
            self._meta[key] = self.store.meta(key, _MISSING)
        terms = {t for f, _ in prepared for t in [*f.terms, *("n:" + n for n in f.names)]}
        found = self.store.doc_freqs(terms)
        self._df = {t: found.get(t, 0) for t in terms}
        exacts = {fp.exact for _, fp in prepared}
        found = self.store.first_exacts(exacts)
        self._exact = {e: found.get(e) for e in exacts}
        bands = {k for _, fp in prepared if fp.signature is not None for k in dedup.band_keys(fp.signature, s.dedup)}
        found = self.store.band_lists(bands, BAND_LIMIT)
        self._bands = {k: found.get(k, []) for k in bands}
        # the earliest window start any article of the batch will look from (the clock as link moves it)
        clock = self._meta["clock"] if self._meta["clock"] is not _MISSING else 0.0
        since = math.inf
        for f, _ in prepared:
            if f.time is not None and f.time > clock:
                clock = f.time
            since = min(since, (f.time if f.time is not None else clock) - s.window_days * 86400.0)
        keys = {*("t:" + t for f, _ in prepared for t in f.terms), *("n:" + n for f, _ in prepared for n in f.names)}
        found = self.store.key_lists(keys, since, s.stories_per_key)
        self._keys = {k: found.get(k, []) for k in keys}
        self._keys_since = since

    # -- the StoryStore protocol --------------------------------------------------------------
    def transaction(self):
        return self.store.transaction()

    def meta(self, key: str, default: float = 0.0) -> float:
        if key in self.changes.meta:
            return self.changes.meta[key]
        if key not in self._meta:
            self._meta[key] = self.store.meta(key, _MISSING)
        value = self._meta[key]
        return default if value is _MISSING else value

    def set_meta(self, key: str, value: float) -> None:
        self.changes.meta[key] = value

    def doc_freqs(self, terms: Iterable[str]) -> dict[str, int]:
        # ~440 terms per real article, asked once per article: the look-ups by map (in C), not one by one
        terms = list(terms)
        known = list(map(self._df.get, terms))
        if None in known:
            missing = [t for t, n in zip(terms, known) if n is None]
            found = self.store.doc_freqs(missing)
            self._df.update({t: found.get(t, 0) for t in missing})
            known = list(map(self._df.get, terms))
        return {t: n for t, stored, added in zip(terms, known, map(self.changes.counts.get, terms, repeat(0)))
                if (n := stored + added)}

    def count_terms(self, terms: Iterable[str]) -> None:
        self.changes.counts.update(terms)

    def add_article(self, row: dict) -> None:
        self.changes.articles[row["article_id"]] = dict(row)
        exact = row["exact"]
        if exact not in self._exact:
            self._exact[exact] = self.store.by_exact(exact)
        if self._exact[exact] is None or row["article_id"] < self._exact[exact]:
            self._exact[exact] = row["article_id"]

    def article(self, article_id: int) -> dict | None:
        if article_id in self.changes.articles:
            return self.changes.articles[article_id]
        if article_id not in self._rows:
            self._rows[article_id] = self.store.article(article_id)
        return self._rows[article_id]

    def articles(self, ids: Iterable[int]) -> list[dict]:
        ids = list(ids)
        missing = [i for i in ids if i not in self.changes.articles and i not in self._rows]
        if missing:
            self._rows.update(dict.fromkeys(missing))
            self._rows.update({r["article_id"]: r for r in self.store.articles(missing)})
        return [row for i in ids if (row := self.article(i)) is not None]

    def by_exact(self, exact: str) -> int | None:
        if exact not in self._exact:
            self._exact[exact] = self.store.by_exact(exact)
        return self._exact[exact]

    def duplicates_of(self, canonical: int, limit: int = 100) -> list[int]:
        mine = [a for a, r in self.changes.articles.items() if r["duplicate_of"] == canonical]
        return sorted({*self.store.duplicates_of(canonical, limit), *mine})[:limit]

    def story_members(self, story_id: int, limit: int = 200) -> list[int]:
        rows = {r["article_id"]: r for r in self.articles(self.store.story_members(story_id, limit))}
        rows.update({a: r for a, r in self.changes.articles.items() if r["story_id"] == story_id})
        order = sorted(rows.values(), key=lambda r: (r["time"] is not None, r["time"] or 0.0, r["article_id"]),
                       reverse=True)
        return [r["article_id"] for r in order[:limit]]

    def add_bands(self, article_id: int, keys: list[int]) -> None:
        for key in keys:
            self._band(key).append(article_id)
            self.changes.bands.append((key, article_id))

    def _band(self, key: int) -> list[int]:
        if key not in self._bands:
            self._bands[key] = self.store.band_lists([key], BAND_LIMIT).get(key, [])
        return self._bands[key]

    def band_candidates(self, keys: list[int], limit: int = 20) -> list[int]:
        counts: dict[int, int] = {}
        for key in keys:  # as the store's: per key its lowest ``limit`` ids, most shared first
            for aid in sorted(set(self._band(key)))[:limit]:  # limit > BAND_LIMIT: never asked by linking
                counts[aid] = counts.get(aid, 0) + 1
        return sorted(counts, key=lambda a: (-counts[a], a))[:limit]

    def new_story(self) -> int:
        if self._next_story is None:
            self._next_story = self.store.next_story_id()
        sid, self._next_story = self._next_story, self._next_story + 1
        self.changes.new.add(sid)
        self.changes.stories[sid] = {"id": sid, "label": "", "label_article": None, "first_seen": None,
                                     "last_seen": None, "active": 0.0, "size": 0, "top_entities": "[]",
                                     "profile": "{}", "vector": None}
        return sid

    def save_story(self, row: dict) -> None:
        self.changes.stories[row["id"]] = dict(row)

    def story(self, story_id: int) -> dict | None:
        if story_id in self.changes.stories:
            return self.changes.stories[story_id]
        return self.store.story(story_id)

    def recent_story_vectors(self, since: float) -> list[tuple[int, bytes, float]]:
        rows = {sid: (sid, blob, last) for sid, blob, last in self.store.recent_story_vectors(since)}
        for sid, row in self.changes.stories.items():
            if row["vector"] is not None and row["active"] >= since:
                rows[sid] = (sid, row["vector"], row["active"])
        return list(rows.values())

    def list_stories(self, since: float | None = None, limit: int = 50, sort: str = "recent") -> list[dict]:
        return self.store.list_stories(since, limit, sort)  # not read while linking: the store's as it was

    def index_story(self, story_id: int, keys: Iterable[str], active: float) -> None:
        for key in keys:
            mine = self.changes.keys.setdefault(key, {})
            was = mine.get(story_id)
            mine[story_id] = active if was is None else max(was, active)

    def stories_for_key(self, key: str, since: float | None, limit: int) -> list[int]:
        low = -math.inf if since is None else since
        if key in self._keys and low >= self._keys_since and limit <= self.settings.stories_per_key:
            stored = self._keys[key]
        else:  # not loaded for this window: ask the store
            stored = self.store.key_lists([key], since, limit).get(key, [])
        last = dict(stored)
        for sid, seen in self.changes.keys.get(key, {}).items():
            last[sid] = seen if sid not in last else max(last[sid], seen)
        ranked = sorted((item for item in last.items() if item[1] >= low), key=lambda x: (-x[1], -x[0]))
        return [sid for sid, _ in ranked[:limit]]

    def write(self) -> None:
        """Write the batch's changes to the store (inside the caller's transaction). The terms the
        read-ahead found absent (a document frequency of 0 read from the store, which nothing but this
        batch writes until it commits: writers take turns) are marked ``fresh``: a store may insert
        them without looking for a row first."""
        self.changes.fresh = {t for t in self.changes.counts if self._df.get(t) == 0}
        self.store.write_batch(self.changes)


def link_many(index, items: list[tuple[Article, object, object]]) -> list[tuple[int | None, int]]:
    """Link stored articles through ``index`` (a :class:`~.index.StoryIndex`) in order —
    ``(article, vector or _COMPUTE, prepared or None)`` each — in one write transaction; returns
    ``(duplicate_of, story_id)`` per article, as :func:`lagebild.stories.link` would for each in
    turn. Raises if any fails: nothing is written, and the index's cached story profiles may hold
    what was rolled back (the caller drops the index)."""
    from .index import prepare

    store, s = index.store, index.settings
    ready = []
    for article, vector, prepared in items:
        if article.id is None:
            raise ValueError("link_many: an article has no id (store it in the archive first)")
        ready.append((article, index.embedding(article) if vector is _COMPUTE else vector,
                      prepared if prepared is not None else prepare(article, s)))
    with store.transaction():
        batch = BatchStore(store, s)
        batch.load([a.id for a, _, _ in ready], [p for _, _, p in ready])
        index.store = batch
        try:
            out = [index.link(a, a.id, vector=v, prepared=p) for a, v, p in ready]
        finally:
            index.store = store
        batch.write()
    return out


__all__ = ["BatchStore", "Changes", "link_many"]
