"""The PostgreSQL archive's batch writer: a whole ingest batch in a few statements (COPY), not ~20
round trips per article.

:func:`store_batch` is what :func:`lagebild.archive.batch._flush` calls when the archive offers it
(``PgArchive.store_batch``). It keeps the per-item path's meaning: a failure is recorded, a page
that is no article is skipped, an article whose URL key or content hash is stored already (or came
earlier in the same batch) is a duplicate of that one; rows are :func:`store.article_row` as in
SQLite; identities are settled per article in order (:func:`identities.after_insert`). With
``terms`` (an archive that keeps tsvectors) the terms go straight from the articles into
``article_terms`` — made of the terms a batch worker computed when they are ``given`` (``lagebild
merge``), else computed here — (the caller tells the tsvector's log reader to pass over them); the log rows the
triggers made stay for tantivy copies. Anything going wrong inside rolls the batch back to its savepoint and returns None: the
caller then stores item by item, and an item that cannot be stored becomes a failure there.
"""

from __future__ import annotations

import logging
import sqlite3
from collections import Counter

from ...model import Article, Entity, Failure
from ...textnorm import fold
from .. import identities
from ..fulltext.given import terms_key
from ..idmemo import settling
from ..store import _ARTICLE_COLUMNS, _type_of, article_row, content_key, term_columns, url_key
from ..written import Written
from .conn import _clean, sqlite_error
from .fulltext import tsvector, well_formed

log = logging.getLogger("lagebild")


def _copy(conn, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    if not rows:
        return
    cols = ", ".join(f'"{c}"' for c in columns)
    with conn.raw.cursor() as cur, cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
        for row in rows:  # _clean only where a NUL is (one scan of the row's text, not a call per value)
            copy.write_row(row if "\x00" not in _texts(row) else [_clean(v) for v in row])


def _texts(row) -> str:
    return "".join([v for v in row if isinstance(v, str)])  # str subclasses (numpy.str_, lxml results) too


def _existing(conn, articles: list[Article]) -> tuple[dict[str, int], dict[str, int]]:
    urls = [k for k in (url_key(a) for a in articles) if k]
    hashes = [content_key(a) for a in articles]
    by_url: dict[str, int] = {}
    by_hash: dict[str, int] = {}
    for aid, url, content_hash in conn.execute(
            "SELECT id, url_key, content_hash FROM articles WHERE url_key = ANY(?) OR content_hash = ANY(?)"
            " ORDER BY id", (urls, hashes)):
        if url:
            by_url.setdefault(url, aid)
        by_hash.setdefault(content_hash, aid)
    return by_url, by_hash


def store_batch(conn, batch: list, now: str, terms: bool = True, given: dict | None = None
                ) -> list[tuple[str, int | None, str | None]] | None:
    """``given``: index terms computed elsewhere, by :func:`..fulltext.given.terms_key` (taken, not computed again)."""
    if any(not isinstance(item, (Article, Failure)) for item in batch):
        return None  # the item-by-item path turns it into a failure with its reason
    conn.execute("SAVEPOINT lb_bulk")
    try:
        outcomes = _store(conn, batch, now, terms, given or {})
    except Exception as exc:  # an item the batch cannot take: stored item by item, where it fails alone
        import psycopg

        conn.execute("ROLLBACK TO lb_bulk")
        conn.execute("RELEASE lb_bulk")
        if isinstance(exc, psycopg.OperationalError) and not _items_fault(exc):
            raise sqlite_error(exc) from exc  # the server's trouble, not the batch's
        if isinstance(exc, sqlite3.OperationalError):
            raise
        return None
    conn.execute("RELEASE lb_bulk")
    return outcomes


def _items_fault(exc) -> bool:
    """An error of the rows sent, not of the server: a limit one of them passes (SQLSTATE class 54: a
    word, an array, a row too long; psycopg counts it operational) — the item-by-item path, where it
    fails alone."""
    return (getattr(exc, "sqlstate", None) or "").startswith("54")


def _store(conn, batch: list, now: str, terms: bool, given: dict) -> list[tuple[str, int | None, str | None]]:
    outcomes: list = [None] * len(batch)
    failures = [(i, item) for i, item in enumerate(batch) if isinstance(item, Failure)]
    conn.executemany("INSERT INTO failures(input, reason, at) VALUES (?, ?, ?)",
                     [(f.input, f.reason, now) for _, f in failures])
    for i, f in failures:
        outcomes[i] = ("failed", None, f.reason)
    articles = [(i, a) for i, a in enumerate(batch) if isinstance(a, Article)]
    for i, a in articles:
        if getattr(a, "page_type", "article") == "other":
            outcomes[i] = ("skipped", None, None)
    articles = [(i, a) for i, a in articles if outcomes[i] is None]
    by_url, by_hash = _existing(conn, [a for _, a in articles])
    kept: list[tuple[int, Article]] = []  # new articles by batch position; ids once their number is known
    for i, a in articles:
        key, content = url_key(a), content_key(a)
        seen = (by_url.get(key) if key else None) or by_hash.get(content)
        if seen is not None:
            outcomes[i] = ("duplicate", seen, None)  # a negative id: an earlier item of this batch, fixed below
            continue
        if key:
            by_url[key] = -1 - len(kept)
        by_hash[content] = -1 - len(kept)
        kept.append((i, a))
    # ids only for what is stored, in order: the ids SQLite's AUTOINCREMENT gives the same articles
    ids = [r[0] for r in conn.execute(
        "SELECT nextval(pg_get_serial_sequence('articles', 'id')) FROM generate_series(1, ?)", (len(kept),))]
    new = [(aid, a) for aid, (_i, a) in zip(ids, kept)]
    for aid, (i, _a) in zip(ids, kept):
        outcomes[i] = ("stored", aid, None)
    for i, outcome in enumerate(outcomes):
        if outcome is not None and outcome[0] == "duplicate" and outcome[1] < 0:
            outcomes[i] = ("duplicate", ids[-1 - outcome[1]], None)
    # The tsvectors are computed by a thread while this one waits on the server (identities settle
    # in many short round trips; psycopg lets go of the GIL while it waits): the same values, on
    # time that was idle. Large batches only: a thread costs more than a few articles' terms.
    made = [given.get(terms_key(a)) for _aid, a in new] if terms else []
    vectors = _pool().submit(_tsvectors, new, made) if terms and len(new) >= 32 else None
    _copy(conn, "articles", ("id", *_ARTICLE_COLUMNS), [(aid, *article_row(a, now)) for aid, a in new])
    if new:  # logged by their insert: the children's triggers need not move them (schema pg-0006)
        conn.execute("SELECT set_config('lagebild.batch_first_id', ?, true), set_config('lagebild.batch_last_id', ?, true)",
                     (str(ids[0]), str(ids[-1])))
    _children_settled(conn, new)
    if terms:
        _copy(conn, "article_terms", ("id", "tsv", "publisher_folded"),
              vectors.result() if vectors is not None else _tsvectors(new, made))
    return outcomes


def _tsvectors(new: list[tuple[int, Article]], made: list) -> list[tuple]:
    """Each article's tsvector row: the literal given with its terms (a batch worker wrote it) when it
    is well formed, else made of the terms ``made`` for it elsewhere, else of terms computed now."""
    return [(aid, _literal(a, cols)
             or tsvector(*(cols[:3] if cols else term_columns(a.title, a.lead, a.text, a.language))),
             fold(a.publisher) if a.publisher else None) for (aid, a), cols in zip(new, made)]


def _literal(article: Article, cols: tuple | None) -> str | None:
    """The literal a shard gave with ``article``'s terms, if PostgreSQL can take it: a shard is input, and
    one literal it refuses (a lexeme over 2 KB …) would fail the COPY of the whole batch."""
    if cols is None or len(cols) != 4:
        return None
    if well_formed(cols[3]):
        return cols[3]
    log.warning("%s: the shard's tsvector literal is malformed; made again of the article's terms",
                article.url or article.id or article.title[:60])
    return None


_POOL = None


def _pool():
    global _POOL
    if _POOL is None:
        from concurrent.futures import ThreadPoolExecutor

        _POOL = ThreadPoolExecutor(1, thread_name_prefix="lagebild-tsvector")
    return _POOL


def _children_settled(conn, new: list[tuple[int, Article]]) -> None:
    """The batch's entities, mentions, quotes … (:func:`_children`) and :func:`identities.after_insert`,
    with the meaning of storing the articles one by one: after_insert of an article must see the
    mentions of the articles before it and not those after it (a merge counts them), so the rows go
    in segments, each ending at an article after_insert can do more for (:func:`identities.settles`); the
    others' names are remembered with their segment, as after_insert would. What the settling asks
    again and again (is this id merged? who sounds like this?) is held for the batch
    (:mod:`..idmemo`), its ids fetched in one statement."""
    asked = []
    for _aid, a in new:
        for m in a.mentions:
            if identities.mergeable(m.entity_id):
                words = m.entity_id[4:].split("-")
                asked += [m.entity_id, m.entity_id[:4] + words[-1]]
    segment: list[tuple[int, Article]] = []
    written = _Written()
    with settling(conn, asked) as memo:
        written.entity_name = memo.names  # what after_insert reads of an entity (its name) is what the batch upserted
        for n, (aid, a) in enumerate(new):
            segment.append((aid, a))
            settle = identities.settles(a.mentions)
            if settle or n == len(new) - 1:
                _children(conn, segment, written)
                _names(conn, segment, written)  # ... so after_insert need not remember them again
                segment = []
            memo.own.update(m.entity_id for m in a.mentions if m.entity_id)
            if settle:
                identities.after_insert(conn, aid, a.entities, a.language, a.mentions, names=False)
    _unread_children(conn, new)


class _Written(Written):
    """:class:`..written.Written` (entity rows and aliases the batch wrote: a row that would change
    nothing is not sent again) plus the entity names per language the batch wrote, each text's fold,
    and the names the batch gave entities, for the identities' memo (``entity_name``)."""

    def __init__(self) -> None:
        super().__init__()
        self.entity_name: dict[str, str] = {}
        self.names: dict[tuple[str, str], str] = {}
        self._folded: dict[str, str] = {}

    def fold(self, text: str) -> str:
        out = self._folded.get(text)
        if out is None:
            out = self._folded[text] = fold(text)
        return out

    def upserts(self, rows: list[tuple]) -> list[tuple]:
        """Those of ``rows`` (id, name, type, country) whose upsert may change the entity."""
        out = [r for r in rows if self.entity(Entity(*r))]
        self.entity_name.update((r[0], r[1]) for r in out)
        return out


def _names(conn, part: list[tuple[int, Article]], written: _Written) -> None:
    """What after_insert remembers of every article: its entities' names in its language."""
    rows = []
    for _aid, a in part:
        lang = (a.language or "").split("-")[0].lower() or None
        if lang:
            for e in a.entities:
                if e.name and written.names.get((e.id, lang)) != e.name:
                    written.names[(e.id, lang)] = e.name
                    rows.append((e.id, lang, e.name))
    conn.executemany("INSERT OR REPLACE INTO entity_names(entity_id, language, name) VALUES (?, ?, ?)", rows)


def _last_per_id(rows: list[tuple]) -> list[tuple]:
    """One upsert per entity id with what the last article said (item by item, the last one wins),
    keeping the order of the first mention: a merge-ready batch, not one statement per article."""
    last = {r[0]: r for r in rows}
    coalesced = {}
    for r in rows:  # country: coalesce(new, old) item by item = the last non-null one
        if r[3] is not None:
            coalesced[r[0]] = r[3]
    return [(*last[i][:3], coalesced.get(i)) for i in dict.fromkeys(r[0] for r in rows)]


def _unread_children(conn, new: list[tuple[int, Article]]) -> None:
    """The related links and events of the whole batch, in one COPY each: identities neither read nor
    move them (no segment needs them before it settles) and they are read by position, so the rows
    are those the segments wrote — without ~900 statements per 1,478 real articles."""
    _copy(conn, "related_links", ("article_id", "position", "title", "url", "section", "teaser"),
          [(aid, i, r.title, r.url, r.section, r.teaser) for aid, a in new for i, r in enumerate(a.related)])
    _copy(conn, "events", ("article_id", "position", "subject_id", "verb", "object_id", "sentence"),
          [(aid, i, ev.subject_id, ev.verb, ev.object_id, ev.sentence or "") for aid, a in new
           for i, ev in enumerate(a.events)])


def _children(conn, new: list[tuple[int, Article]], written: _Written) -> None:
    """What store._insert_children writes per article that identities read or move, for a segment of
    the batch at once (less what the batch wrote already: ``written``); the rest: :func:`_unread_children`."""
    conn.executemany(
        "INSERT INTO entities(id, name, type, country) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
        " name = excluded.name, type = excluded.type, country = coalesce(excluded.country, entities.country)",
        written.upserts(_last_per_id([(e.id, e.name, e.type, e.country) for _, a in new for e in a.entities])))
    conn.executemany("INSERT OR IGNORE INTO entity_aliases(entity_id, alias, alias_folded) VALUES (?, ?, ?)",
                     [(e.id, alias, written.fold(alias)) for _, a in new for e in a.entities
                      for alias in written.new_aliases(e.id, [x for x in dict.fromkeys([e.name, *e.aliases]) if x])])
    stubs, links = [], []
    for aid, a in new:
        counts = Counter(m.entity_id for m in a.mentions if m.entity_id)
        order = {e.id: i for i, e in enumerate(a.entities)}
        for eid in list(order) + [k for k in counts if k not in order]:
            stubs.append((eid, eid.split(":", 1)[-1], _type_of(eid, a), None))
            links.append((aid, eid, counts.get(eid, 0), order.get(eid, len(order))))
    stubs = [r for r in dict.fromkeys(stubs) if written.stub(r[0])]
    conn.executemany("INSERT OR IGNORE INTO entities(id, name, type, country) VALUES (?, ?, ?, ?)", stubs)
    _copy(conn, "article_entities", ("article_id", "entity_id", "mentions", "position"), links)
    _copy(conn, "mentions", ("article_id", "start", "end", "text", "text_folded", "type", "entity_id"),
          [(aid, m.start, m.end, m.text, written.fold(m.text), m.type, m.entity_id) for aid, a in new
           for m in a.mentions])
    _copy(conn, "quotes", ("article_id", "text", "start", "end", "kind", "speaker", "speaker_folded",
                           "speaker_entity_id", "cue"),
          [(aid, q.text, q.start, q.end, q.kind, q.speaker, fold(q.speaker) if q.speaker else None,
            q.speaker_entity_id, q.cue) for aid, a in new for q in a.quotes])


__all__ = ["store_batch"]
