"""Writing one article and everything hanging off it; reading it back whole.

Functions here run inside a transaction the caller holds (see ``sqlite.Archive``); they never
commit.

An article's ``text`` (and ``body``, when it is not just the text split) is stored zlib-compressed
as a BLOB when that saves bytes (:func:`pack_text`, in :func:`insert_article`): prose halves (2.0x on
real news text, 2.8x on the generated benchmark articles), and the text is most of an article's
bytes. Whoever reads those columns passes the value through :func:`unpack_text` in Python, which
also takes the plain TEXT of rows stored before (and of a backend that stores text as it is:
:func:`article_row` gives the plain values).
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

from ..errors import ArchiveError
from ..model import Article, Entity, Event, Mention, Origin, Quote, RelatedLink
from ..sources.urls import host_of
from ..textnorm import fold, index_terms, words
from . import identities
from .textpack import pack_text, unpack_text
from .written import Written

_ARTICLE_COLUMNS = (
    "url", "canonical_url", "url_key", "title", "lead", "body", "text", "published", "published_utc",
    "modified", "authors", "authors_folded", "section", "section_folded", "tags", "topics", "publisher",
    "language", "reading_time", "word_count", "page_type", "content_hash", "origin", "source",
    "duplicate_of", "story_id", "ingested_at", "truncated",
)


def _json(value) -> str:
    if not value and isinstance(value, list):  # tags, topics, authors: often none (json.dumps: ~5 us)
        return "[]"
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@lru_cache(maxsize=500_000)
def _word_terms(word: str, lang: str | None) -> tuple[str, ...]:
    return tuple(index_terms(word, lang))


def terms(text: str, lang: str | None) -> str:
    """``textnorm.index_terms(text, lang)`` joined by spaces; cached per word (fold is the hot spot)."""
    return " ".join(t for w in words(text) for t in _word_terms(w, lang))


def _split_body(text: str, lead: str) -> list[str]:
    paras = text.split("\n\n") if text else []
    return paras[1:] if lead and paras and paras[0] == lead else paras


def body_json(article: Article) -> str:
    """The body as JSON, or "" when it is exactly ``text`` split at blank lines (saves ~20%)."""
    if _split_body(article.text or "", article.lead or "") == list(article.body):
        return ""
    return _json(article.body)


_PROBE = ("Die Regierungen kooperierten und evakuierten Häuser; Russlands Außenminister Çavuşoğlu hat gesprochen."
          " The studies were running, cooperated, Ost-West U.S. 2024 Straße İstanbul")


def _versions() -> list[str]:
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for package in ("simplemma", "snowballstemmer", "pystemmer"):  # pystemmer: snowballstemmer's C backend
        try:
            found.append(f"{package}={version(package)}")
        except PackageNotFoundError:
            found.append(f"{package}=?")
    return found


def textnorm_fingerprint() -> str:
    """A cheap fingerprint of the term code: textnorm's source and the lemmatizer/stemmer versions."""
    from .. import textnorm

    source = Path(textnorm.__file__).read_bytes()
    return hashlib.sha256(source + "\n".join(_versions()).encode()).hexdigest()[:16]


def terms_signature() -> str:
    """What textnorm makes of a probe text today (loads the lemma dictionaries: ~1 s)."""
    parts = [" ".join(index_terms(_PROBE, lang)) for lang in ("de", "en", None)] + _versions()
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:16]


def term_columns(title: str | None, lead: str | None, text: str | None, lang: str | None) -> tuple[str, str, str]:
    """What article_terms holds for an article: the index terms of its title, lead and text."""
    return terms(title or "", lang), terms(lead or "", lang), terms(text or "", lang)


def reindex(conn: sqlite3.Connection, after: int, limit: int) -> tuple[int, int]:
    """Recompute the terms of up to ``limit`` articles with id > ``after``; (last id seen, changed)."""
    rows = conn.execute(
        "SELECT a.id, a.title, a.lead, a.text, a.language, t.title, t.lead, t.text FROM articles a"
        " LEFT JOIN article_terms t ON t.id = a.id WHERE a.id > ? ORDER BY a.id LIMIT ?", (after, limit)).fetchall()
    changed = 0
    for r in rows:
        new = term_columns(r[1], r[2], unpack_text(r[3]), r[4])
        if r[5] is None:
            conn.execute("INSERT INTO article_terms(id, title, lead, text) VALUES (?, ?, ?, ?)", (r[0], *new))
        elif tuple(r[5:8]) != new:
            conn.execute("UPDATE article_terms SET title = ?, lead = ?, text = ? WHERE id = ?", (*new, r[0]))
        else:
            continue
        changed += 1
    return (rows[-1][0] if rows else after), changed


def url_key(article: Article) -> str | None:
    url = article.canonical_url or article.url
    return url.split("#", 1)[0] if url else None


def content_key(article: Article) -> str:
    """The article's content hash, or (when extract left it empty) one of its folded words."""
    if article.content_hash:
        return article.content_hash
    folded = " ".join(fold(w) for w in words(f"{article.title}\n{article.text}"))
    return "lb1:" + hashlib.sha256(folded.encode("utf-8")).hexdigest()[:32]


def to_utc(value: str | date | datetime | None, *, end_of_day: bool = False) -> str | None:
    """An ISO 8601 date or time as sortable UTC text; a date alone is that day's start (or end)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime(value.year, value.month, value.day)
        if end_of_day:
            dt += timedelta(days=1) - timedelta(seconds=1)
    else:
        text = str(value).strip().replace("Z", "+00:00").replace("z", "+00:00")
        try:
            dt = datetime.fromisoformat(text)
        except ValueError:
            raise ArchiveError(f"not an ISO 8601 date: {value!r}") from None
        if end_of_day and len(text) <= 10:
            dt += timedelta(days=1) - timedelta(seconds=1)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


_BARE_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _published_utc(published: str | None) -> str | None:
    # A page that gives only a day names a day, not an instant: it is placed at noon UTC, so that the
    # day it falls on is that day in every zone from UTC-11 to UTC+11 — day filters and day counts in
    # the reader's zone (times.utc_bound) then agree with the day shown (issue 19, one rule for dates).
    if published and _BARE_DAY.fullmatch(published.strip()):
        published = published.strip() + "T12:00:00+00:00"
    try:
        return to_utc(published)
    except ArchiveError:
        return None  # kept as given in `published`; it just cannot be filtered by date


def find_existing(conn: sqlite3.Connection, article: Article) -> int | None:
    """The id of a stored article with the same URL key or content hash."""
    key = url_key(article)
    if key:
        row = conn.execute("SELECT id FROM articles WHERE url_key = ? LIMIT 1", (key,)).fetchone()
        if row:
            return row[0]
    row = conn.execute("SELECT id FROM articles WHERE content_hash = ? LIMIT 1", (content_key(article),)).fetchone()
    return row[0] if row else None


def article_row(a: Article, now: str) -> tuple:
    """The values of ``a``'s row in ``articles``, in the order of ``_ARTICLE_COLUMNS``, text plain (also the
    PostgreSQL archive's bulk writer's, archive/pg/bulk.py, which leaves compression to TOAST)."""
    return (
        a.url, a.canonical_url, url_key(a), a.title or "", a.lead or "", body_json(a), a.text or "",
        a.published, _published_utc(a.published), a.modified, _json(a.authors),
        " | ".join(" ".join(fold(w) for w in words(x)) for x in a.authors),
        a.section, fold(a.section) if a.section else None, _json(a.tags), _json(a.topics), a.publisher,
        a.language, a.reading_time, a.word_count or 0, a.page_type or "article", content_key(a),
        _json({f: getattr(a.origin, f) for f in Origin.__slots__} if a.origin else {}),  # asdict: 21 vs 1.6 µs
        host_of(a.canonical_url or a.url),
        a.duplicate_of, a.story_id, now, a.truncated,
    )


_TEXT = _ARTICLE_COLUMNS.index("text")
_PACKED = (_ARTICLE_COLUMNS.index("body"), _TEXT)


def insert_article(conn: sqlite3.Connection, article: Article, now: str, packed_text: str | bytes | None = None,
                   written: Written | None = None) -> int:
    """Store ``article`` with its links, entities, mentions, quotes and events; its new id.
    ``packed_text``: ``pack_text(article.text or "")`` when computed ahead (archive/ahead.py);
    ``written``: what this transaction already wrote of entities (a batch; see :mod:`.written`)."""
    a = article
    values = list(article_row(a, now))
    if getattr(conn, "packs_text", True):  # SQLite; the PostgreSQL connection says False (archive/pg/conn.py)
        for i in _PACKED:
            values[i] = packed_text if i == _TEXT and packed_text is not None else pack_text(values[i])
    cur = conn.execute(
        f"INSERT INTO articles ({', '.join(_ARTICLE_COLUMNS)}) VALUES ({', '.join('?' * len(values))})", values
    )
    aid = cur.lastrowid  # its index terms follow through the full-text outbox (archive/fulltext)
    _insert_children(conn, aid, a, written)
    identities.after_insert(conn, aid, a.entities, a.language, a.mentions)
    return aid


def _insert_children(conn: sqlite3.Connection, aid: int, a: Article, written: Written | None = None) -> None:
    # each list is often empty (no enrichment): an executemany of nothing still costs a statement's round trip
    if a.related:
        conn.executemany(
            "INSERT INTO related_links(article_id, position, title, url, section, teaser) VALUES (?,?,?,?,?,?)",
            [(aid, i, r.title, r.url, r.section, r.teaser) for i, r in enumerate(a.related)],
        )
    for e in a.entities:
        upsert_entity(conn, e, written)
    counts = Counter(m.entity_id for m in a.mentions if m.entity_id)
    order = {e.id: i for i, e in enumerate(a.entities)}
    for eid in list(order) + [k for k in counts if k not in order]:
        if written is None or written.stub(eid):  # no row of this id written yet in this transaction
            conn.execute("INSERT OR IGNORE INTO entities(id, name, type, country) VALUES (?, ?, ?, ?)",
                         (eid, eid.split(":", 1)[-1], _type_of(eid, a), None))
        conn.execute(
            "INSERT INTO article_entities(article_id, entity_id, mentions, position) VALUES (?,?,?,?)"
            " ON CONFLICT(article_id, entity_id) DO UPDATE SET mentions = excluded.mentions",
            (aid, eid, counts.get(eid, 0), order.get(eid, len(order))),
        )
    conn.executemany(
        'INSERT INTO mentions(article_id, start, "end", text, text_folded, type, entity_id) VALUES (?,?,?,?,?,?,?)',
        [(aid, m.start, m.end, m.text, fold(m.text), m.type, m.entity_id) for m in a.mentions],
    )
    if a.quotes:
        conn.executemany(
            'INSERT INTO quotes(article_id, text, start, "end", kind, speaker, speaker_folded, speaker_entity_id, cue)'
            " VALUES (?,?,?,?,?,?,?,?,?)",
            [(aid, q.text, q.start, q.end, q.kind, q.speaker, fold(q.speaker) if q.speaker else None,
              q.speaker_entity_id, q.cue) for q in a.quotes],
        )
    if a.events:
        conn.executemany(
            "INSERT INTO events(article_id, position, subject_id, verb, object_id, sentence) VALUES (?,?,?,?,?,?)",
            [(aid, i, ev.subject_id, ev.verb, ev.object_id, ev.sentence or "") for i, ev in enumerate(a.events)],
        )


def _type_of(eid: str, a: Article) -> str:
    for m in a.mentions:
        if m.entity_id == eid:
            return m.type
    prefix = eid.split(":", 1)[0]
    return prefix if prefix in ("PER", "ORG", "LOC", "MISC") else "MISC"


def upsert_entity(conn: sqlite3.Connection, e: Entity, written: Written | None = None) -> None:
    """Create or update an entity; aliases accumulate (name included), never disappear. ``written``
    leaves out what this transaction wrote already (the row as it is, aliases already there)."""
    if written is None or written.entity(e):
        conn.execute(
            "INSERT INTO entities(id, name, type, country) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
            " name = excluded.name, type = excluded.type, country = coalesce(excluded.country, entities.country)",
            (e.id, e.name, e.type, e.country),
        )
    aliases = [alias for alias in dict.fromkeys([e.name, *e.aliases]) if alias]
    if written is not None:
        aliases = written.new_aliases(e.id, aliases)
    if aliases:
        conn.executemany("INSERT OR IGNORE INTO entity_aliases(entity_id, alias, alias_folded) VALUES (?, ?, ?)",
                         [(e.id, alias, fold(alias)) for alias in aliases])


def own_forms(article: Article) -> Article:
    """``article`` with each entity's aliases cut to the forms the article itself uses: an export
    row carries no archive-wide alias list (a country has ~150 CLDR names; they stay in
    ``entity_aliases``, where search finds them)."""
    forms: dict[str, list[str]] = {}
    for m in article.mentions:
        if m.entity_id:
            forms.setdefault(m.entity_id, []).append(m.text)
    article.entities = [Entity(e.id, e.name, e.type, e.country, [f for f in dict.fromkeys(forms.get(e.id, []))
                                                                  if f != e.name]) for e in article.entities]
    return article


def entity_from_row(conn: sqlite3.Connection, row) -> Entity:
    aliases = [r[0] for r in conn.execute(
        "SELECT alias FROM entity_aliases WHERE entity_id = ? AND alias != ? ORDER BY rowid", (row[0], row[1]))]
    return Entity(id=row[0], name=row[1], type=row[2], country=row[3], aliases=aliases)


def load_article(conn: sqlite3.Connection, aid: int) -> Article:
    """The stored article ``aid`` with everything hanging off it; ArchiveError when there is none."""
    row = conn.execute(
        "SELECT id, url, canonical_url, title, lead, body, text, published, modified, authors,"
        " section, tags, topics, publisher, language, reading_time, word_count, page_type, content_hash, origin,"
        " duplicate_of, story_id, truncated FROM articles WHERE id = ?", (aid,),
    ).fetchone()
    if row is None:
        raise ArchiveError(f"no article with id {aid}")
    origin = json.loads(row[19] or "{}")
    body, text = unpack_text(row[5]), unpack_text(row[6])
    art = Article(
        id=row[0], url=row[1], canonical_url=row[2], title=row[3], lead=row[4],
        body=json.loads(body) if body else _split_body(text, row[4]),
        text=text, published=row[7], modified=row[8], authors=json.loads(row[9]), section=row[10],
        tags=json.loads(row[11]), topics=json.loads(row[12]), publisher=row[13], language=row[14],
        reading_time=row[15], word_count=row[16], page_type=row[17], content_hash=row[18],
        origin=Origin(**{k: v for k, v in origin.items() if k in Origin.__slots__}),
        duplicate_of=row[20], story_id=row[21], truncated=row[22],
    )
    art.related = [RelatedLink(*r) for r in conn.execute(
        "SELECT title, url, section, teaser FROM related_links WHERE article_id = ? ORDER BY position", (aid,))]
    art.mentions = [Mention(*r) for r in conn.execute(
        'SELECT start, "end", text, type, entity_id FROM mentions WHERE article_id = ? ORDER BY rowid', (aid,))]
    # An article's entities carry the names of its own language ("Moskau" in a German article)
    lang = (art.language or "").split("-")[0].lower()
    art.entities = [entity_from_row(conn, r) for r in conn.execute(
        "SELECT e.id, coalesce(n.name, e.name), e.type, e.country FROM article_entities ae"
        " JOIN entities e ON e.id = ae.entity_id"
        " LEFT JOIN entity_names n ON n.entity_id = e.id AND n.language = ?"
        " WHERE ae.article_id = ? ORDER BY ae.position, e.id", (lang, aid))]
    art.quotes = [Quote(*r) for r in conn.execute(
        'SELECT text, start, "end", kind, speaker, speaker_entity_id, cue FROM quotes WHERE article_id = ?'
        " ORDER BY id", (aid,))]
    art.events = [Event(*r) for r in conn.execute(
        "SELECT subject_id, verb, object_id, sentence FROM events WHERE article_id = ? ORDER BY position", (aid,))]
    return art
