"""The streaming story index: one call per stored article links it to its duplicates and its story.

For each article, in arrival order:

1. near-duplicate: the exact key, else MinHash LSH band lookups; a duplicate points at the
   canonical (first-stored) copy and joins its story without changing the story's profile;
2. profile: TF-IDF over lemmas and IDF-weighted names with the document frequencies seen so far
   (then counted), plus an optional multilingual embedding;
3. candidates: the stories that share one of the article's rarest terms or names and were seen
   inside the time window (``story_keys`` read through its ``(key, last_seen)`` index, LIMIT per
   key), plus the nearest story embeddings among the window's stories (kept in memory) — no scan of
   the archive, so the cost per article depends on the window's traffic, not on the archive's size;
4. decision: the best candidate by :func:`profile.score` joins if it clears the threshold, else
   the article starts a new story.

The window is measured in arrival time: an article's published date, else the stream's clock
(the latest published date seen), so undated inputs form one open window. The time-gap signal
uses the published date, else a dateline written at the top of the text.
"""

from __future__ import annotations

import json
import math
from collections import OrderedDict

import numpy as np

from ..model import Article
from . import dedup, embed, features
from .store import StoryStore, dumps
from ..settings import StorySettings
from .profile import ArticleProfile, StoryProfile, cosine, normalize, score, signals_pair, signals_story

_COMPUTE = object()  # "no embedding given: compute it here"


def _idf(n_docs: float, df: int) -> float:
    return math.log((n_docs + 1.0) / (df + 1.0)) + 1.0


def _vec_bytes(v: np.ndarray | None) -> bytes | None:
    return None if v is None else np.asarray(v, dtype=np.float32).tobytes()


def _vec(b: bytes | None) -> np.ndarray | None:
    return None if b is None else np.frombuffer(b, dtype=np.float32).copy()


class _WindowVectors:
    """Embedding sums of the stories inside the window, for exact nearest-neighbour search."""

    def __init__(self) -> None:
        self.ids: list[int] = []
        self.last: list[float] = []
        self.rows: dict[int, int] = {}
        self.matrix: np.ndarray | None = None

    def put(self, story_id: int, vector: np.ndarray, last_seen: float) -> None:
        v = vector / (np.linalg.norm(vector) or 1.0)
        if self.matrix is not None and len(v) != self.matrix.shape[1]:
            return  # from another embedder (the archive switched): not comparable
        row = self.rows.get(story_id)
        if row is None:
            if self.matrix is None:
                self.matrix = np.zeros((64, len(v)), np.float32)
            if len(self.ids) == len(self.matrix):
                self.matrix = np.vstack([self.matrix, np.zeros_like(self.matrix)])
            row = self.rows[story_id] = len(self.ids)
            self.ids.append(story_id)
            self.last.append(last_seen)
        self.matrix[row] = v
        self.last[row] = last_seen

    def prune(self, since: float) -> None:
        keep = [i for i, t in enumerate(self.last) if t >= since]
        if len(keep) == len(self.ids) or self.matrix is None:
            return
        self.matrix = np.ascontiguousarray(self.matrix[keep]) if keep else None
        self.ids = [self.ids[i] for i in keep]
        self.last = [self.last[i] for i in keep]
        self.rows = {s: r for r, s in enumerate(self.ids)}

    def nearest(self, vector: np.ndarray, k: int, since: float) -> list[int]:
        if self.matrix is None or not self.ids or len(vector) != self.matrix.shape[1]:
            return []
        sims = self.matrix[: len(self.ids)] @ vector
        order = np.argsort(-sims)[: k * 2]
        return [self.ids[i] for i in order if self.last[i] >= since][:k]


class StoryIndex:
    """Links articles to duplicates and stories through one :class:`StoryStore` (the one writer's)."""

    def __init__(self, store: StoryStore, settings: StorySettings | None = None, *, embedder=None,
                 count_terms: bool = True):
        self.count_terms = count_terms  # False when the document frequencies were counted beforehand
        self.store = store
        self.settings = settings or StorySettings()
        self._embedder = embedder
        self._stories: OrderedDict[int, StoryProfile] = OrderedDict()
        self._window = _WindowVectors()
        self._window_loaded = False
        self._prune_at = 4096

    # -- pieces ----------------------------------------------------------------------------
    @property
    def embedder(self):
        if self._embedder is None:
            self._embedder = embed.get(self.settings.embedder) or False
        return self._embedder or None

    def _since(self, clock: float) -> float:
        return clock - self.settings.window_days * 86400.0

    def embedding(self, article: Article):
        """The article's embedding (None without an embedder or text): the slow part of linking,
        which :func:`lagebild.stories.link` computes before taking the archive's write lock."""
        if self.embedder is None:
            return None
        text = embed.embed_text(article.title, features.article_text(article), self.settings.embed_chars)
        return self.embedder([text])[0] if text else None

    def prepare(self, article: Article) -> tuple[features.Features, dedup.Fingerprint]:
        """What linking reads of the article alone — its features and its near-duplicate
        fingerprint — with no look at the store: a batch worker computes it beside the embedding."""
        return prepare(article, self.settings)

    def profile(self, article: Article, article_id: int, feats: features.Features, *, count: bool = True,
                vector=_COMPUTE) -> ArticleProfile:
        """The article's frozen profile; counts its terms into the document frequencies."""
        name_keys = ["n:" + n for n in feats.names]
        df = self.store.doc_freqs([*feats.terms, *name_keys])
        n_docs = self.store.meta("docs")
        terms = normalize({t: w * _idf(n_docs, df.get(t, 0)) for t, w in feats.terms.items()}, self.settings.terms_per_article)
        names = normalize({n: w * _idf(n_docs, df.get("n:" + n, 0)) for n, w in feats.names.items()}, 60)
        if count:
            self.store.count_terms([*feats.terms, *name_keys])
            self.store.set_meta("docs", n_docs + 1)
        if vector is _COMPUTE:
            vector = self.embedding(article)
        when = feats.time if feats.time is not None else feats.dateline
        return ArticleProfile(article_id, feats.language, when, feats.title, terms, names, vector)

    def warm(self, articles) -> None:
        """Count the document frequencies of ``articles`` up front (evaluation on a closed set)."""
        n = 0
        for article in articles:
            feats = features.extract(article)
            self.store.count_terms([*feats.terms, *("n:" + k for k in feats.names)])
            n += 1
        self.store.set_meta("docs", self.store.meta("docs") + n)
        self.count_terms = False

    def keys(self, prof: ArticleProfile) -> list[str]:
        """The article's rarest terms and names: what it is looked up and indexed under."""
        k = self.settings.keys_per_article
        top_terms = sorted(prof.terms, key=lambda t: -prof.terms[t])[:k]
        top_names = sorted(prof.names, key=lambda n: -prof.names[n])[: k // 2]
        return ["t:" + t for t in top_terms] + ["n:" + n for n in top_names]

    def load_story(self, story_id: int) -> StoryProfile | None:
        sp = self._stories.get(story_id)
        if sp is not None:
            self._stories.move_to_end(story_id)
            return sp
        row = self.store.story(story_id)
        if row is None:
            return None
        data = json.loads(row["profile"] or "{}")
        sp = StoryProfile(row["id"], row["size"], row["active"], row["first_seen"], row["last_seen"], row["label"],
                          row["label_article"], data.get("terms", {}), data.get("names", {}), _vec(row["vector"]))
        self._cache(sp)
        return sp

    def _cache(self, sp: StoryProfile) -> None:
        self._stories[sp.id] = sp
        self._stories.move_to_end(sp.id)
        while len(self._stories) > 5000:
            self._stories.popitem(last=False)

    def article_profile(self, article_id: int) -> ArticleProfile | None:
        row = self.store.article(article_id)
        return _row_profile(row) if row else None

    # -- near-duplicates -------------------------------------------------------------------
    def find_duplicate(self, article_id: int, fp: dedup.Fingerprint) -> int | None:
        """The canonical article this one duplicates, or None."""
        exact = self.store.by_exact(fp.exact)
        if exact is not None and exact != article_id:
            return self._canonical(exact)
        if fp.signature is None:
            return None
        keys = dedup.band_keys(fp.signature, self.settings.dedup)
        best, best_j = None, -1.0
        for row in self.store.articles(c for c in self.store.band_candidates(keys) if c != article_id):
            if row["signature"] is None:
                continue
            other = dedup.Fingerprint(row["exact"], np.frombuffer(row["signature"], np.uint32), row["shingles"])
            same, j = dedup.is_duplicate(fp, other, self.settings.dedup)
            if same and j > best_j:
                best, best_j = row["duplicate_of"] or row["article_id"], j
        return best

    def _canonical(self, article_id: int) -> int:
        row = self.store.article(article_id)
        return (row and row["duplicate_of"]) or article_id

    # -- stories ---------------------------------------------------------------------------
    def candidates(self, prof: ArticleProfile, keys: list[str], since: float | None) -> list[int]:
        weight = {**{"t:" + t: w for t, w in prof.terms.items()}, **{"n:" + n: w for n, w in prof.names.items()}}
        hits: dict[int, float] = {}
        for key in keys:
            for sid in self.store.stories_for_key(key, since, self.settings.stories_per_key):
                hits[sid] = hits.get(sid, 0.0) + weight.get(key, 0.0)
        found = sorted(hits, key=lambda s: -hits[s])[: self.settings.max_candidates]
        if prof.vector is not None and since is not None:
            self._load_window(since)
            for sid in self._window.nearest(prof.vector, self.settings.embedding_neighbours, since):
                if sid not in hits:
                    found.append(sid)
        return found

    def _load_window(self, since: float) -> None:
        if self._window_loaded:
            return
        for sid, blob, last in self.store.recent_story_vectors(since):
            self._window.put(sid, np.frombuffer(blob, np.float32), last)
        self._window_loaded = True

    def best_story(self, prof: ArticleProfile, cands: list[int]) -> tuple[StoryProfile | None, float]:
        best, best_score = None, -math.inf
        s = self.settings
        for sid in cands:
            sp = self.load_story(sid)
            if sp is None or sp.size == 0:
                continue
            sig = signals_story(prof, sp)
            value = score(sig, s.mono, s.cross, s.plain)
            if sig.embedding is not None:  # the plain weights already count names
                value += s.join_names * sig.names
            if value > best_score:
                best, best_score = sp, value
        return best, best_score

    def _attach(self, sp: StoryProfile, prof: ArticleProfile, keys: list[str], seen: float, *, grow: bool) -> None:
        sp.active = max(sp.active, seen)
        if grow:
            sp.add(prof)
            # the store keeps the profile rounded; the cached copy must be the same numbers, or linking would
            # depend on whether a story was still cached (a long-running process vs a fresh one, or a story
            # evicted from the cache and read back)
            sp.terms = {lang: _round(v) for lang, v in sp.terms.items()}
            sp.names = _round(sp.names)
            if sp.vector is not None:
                sp.vector = np.asarray(sp.vector, dtype=np.float32)
            self._relabel(sp, prof)
        else:  # a duplicate: counted and dated, but its text is already in the profile
            sp.size += 1
            if prof.time is not None:
                sp.first = prof.time if sp.first is None else min(sp.first, prof.time)
                sp.last = prof.time if sp.last is None else max(sp.last, prof.time)
        self._cache(sp)
        self.store.save_story({
            "id": sp.id, "label": sp.label, "label_article": sp.label_article, "first_seen": sp.first,
            "last_seen": sp.last, "active": sp.active, "size": sp.size, "top_entities": dumps(top_entities(sp)),
            "profile": dumps({"terms": sp.terms, "names": sp.names}),
            "vector": _vec_bytes(sp.vector),
        })
        if grow:
            self.store.index_story(sp.id, keys, sp.active)
            if sp.vector is not None:
                self._window.put(sp.id, sp.vector, sp.active)

    def _relabel(self, sp: StoryProfile, prof: ArticleProfile) -> None:
        """Keep as label the headline of the member closest to the story's centroid."""
        def centrality(p: ArticleProfile) -> float:
            return cosine(p.terms, sp.terms.get(p.language or "?", {})) + cosine(p.names, sp.names)

        if sp.label_article is None:
            sp.label, sp.label_article = prof.title, prof.id
            return
        current = self.article_profile(sp.label_article) if sp.label_article != prof.id else prof
        if current is None or centrality(prof) > centrality(current) + 0.02:
            sp.label, sp.label_article = prof.title, prof.id

    # -- the entry point -------------------------------------------------------------------
    def link(self, article: Article, article_id: int | None = None, *, vector=_COMPUTE,
             prepared: tuple[features.Features, dedup.Fingerprint] | None = None) -> tuple[int | None, int]:
        """Link one stored article: returns ``(duplicate_of, story_id)`` and records both. ``vector``:
        its :meth:`embedding`, if computed already (outside the write transaction); ``prepared``:
        its :meth:`prepare` output, if computed already (by a batch worker)."""
        article_id = article_id if article_id is not None else article.id
        if article_id is None:
            raise ValueError("link() needs the archived article's id")
        known = self.store.article(article_id)
        if known is not None:  # linked before: linking is idempotent
            article.duplicate_of, article.story_id = known["duplicate_of"], known["story_id"]
            return known["duplicate_of"], known["story_id"]
        feats, fp = prepared if prepared is not None else self.prepare(article)
        clock = self.store.meta("clock", 0.0)
        if feats.time is not None and feats.time > clock:
            clock = feats.time
            self.store.set_meta("clock", clock)
        duplicate_of = self.find_duplicate(article_id, fp)
        prof = self.profile(article, article_id, feats, count=self.count_terms, vector=vector)
        keys = self.keys(prof)
        seen = feats.time if feats.time is not None else clock
        since = self._since(seen)
        if duplicate_of is not None:
            sp = self.load_story(self.store.article(duplicate_of)["story_id"])
            grow = False
        else:
            sp, value = self.best_story(prof, self.candidates(prof, keys, since))
            if sp is None or value < self.settings.threshold:
                sp = StoryProfile(self.store.new_story())
            grow = True
        self._attach(sp, prof, keys, seen, grow=grow)
        self.store.add_article({
            "article_id": article_id, "story_id": sp.id, "duplicate_of": duplicate_of, "time": prof.time,
            "language": prof.language, "title": prof.title, "exact": fp.exact, "shingles": fp.size,
            "signature": None if fp.signature is None else fp.signature.tobytes(),
            "terms": dumps(_round(prof.terms)), "names": dumps(_round(prof.names)),
            "vector": _vec_bytes(prof.vector),
        })
        if fp.signature is not None:
            self.store.add_bands(article_id, dedup.band_keys(fp.signature, self.settings.dedup))
        if len(self._window.ids) > self._prune_at:  # amortised: prune when the cache doubled
            self._window.prune(since)
            self._prune_at = max(4096, 2 * len(self._window.ids))
        article.duplicate_of, article.story_id = duplicate_of, sp.id
        return duplicate_of, sp.id

    def similarity(self, a: ArticleProfile, b: ArticleProfile) -> float:
        return score(signals_pair(a, b), self.settings.mono, self.settings.cross, self.settings.plain)


def prepare(article: Article, settings: StorySettings) -> tuple[features.Features, dedup.Fingerprint]:
    """The article's story features and near-duplicate fingerprint (pure: no store, no model)."""
    return features.extract(article), dedup.fingerprint(features.article_text(article) or article.title, settings.dedup)


def _round(vec: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 5) for k, v in vec.items()}


def _row_profile(row: dict) -> ArticleProfile:
    return ArticleProfile(row["article_id"], row["language"], row["time"], row["title"], json.loads(row["terms"]),
                          json.loads(row["names"]), _vec(row["vector"]), row["story_id"], row["duplicate_of"])


def top_entities(sp: StoryProfile, k: int = 5) -> list[str]:
    """Canonical entity ids first, then the heaviest surface names."""
    ranked = sorted(sp.names, key=lambda n: (not n.startswith("@"), -sp.names[n]))
    return [n[1:] if n.startswith("@") else n for n in ranked[:k]]
