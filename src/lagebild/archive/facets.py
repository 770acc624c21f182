"""Entities, quotes and counts across the archive."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..errors import ArchiveError
from ..model import to_dict
from ..textnorm import fold
from .search import entity_ids
from .store import entity_from_row, to_utc


@dataclass(slots=True)
class EntityCount:
    id: str
    name: str
    type: str
    country: str | None
    articles: int
    mentions: int


@dataclass(slots=True)
class QuoteHit:
    text: str
    kind: str
    speaker: str | None
    speaker_entity_id: str | None
    article_id: int
    title: str
    published: str | None
    url: str | None
    speaker_name: str | None = None  # the speaker entity's canonical name, when the speaker was resolved

    @property
    def who(self) -> str:
        return speaker_label(self.speaker, self.speaker_name)


def speaker_label(phrase: str | None, name: str | None) -> str:
    """The speaker as a reader wants to see it: the entity's name, plus the text's own words when they name
    someone only by pronoun or role ("Mevlüt Cavusoglu („Er“)"), so the attribution stays checkable."""
    if not name:
        return phrase or "?"
    if not phrase or fold(name).split()[-1] in fold(phrase).split():
        return name
    return f"{name} („{phrase}“)"


def _date_filters(since, until) -> tuple[list[str], list]:
    where, params = [], []
    if since:
        where.append("a.published_utc >= ?")
        params.append(to_utc(since))
    if until:
        where.append("a.published_utc <= ?")
        params.append(to_utc(until, end_of_day=True))
    return where, params


# An entity's name in a reader's language ("Moskau" for de, "Moscow" for en), as articles in that
# language named it (identities.entity_names); its stored name where none did. The id stays one.
_NAME = "coalesce(n.name, e.name)"
_NAMED = " LEFT JOIN entity_names n ON n.entity_id = e.id AND n.language = ?"  # GROUP BY e.id, n.name (PostgreSQL)


def _lang(lang: str | None) -> str:
    return (lang or "").split("-")[0].lower()


def entities(conn: sqlite3.Connection, *, since=None, until=None, type=None, limit: int = 50,
             lang: str | None = None) -> list[EntityCount]:
    if not since and not until:  # totals kept by triggers
        sql = (f"SELECT e.id, {_NAME}, e.type, e.country, s.articles, s.mentions FROM entity_stats s"
               f" JOIN entities e ON e.id = s.entity_id{_NAMED} WHERE s.articles > 0" + (" AND e.type = ?" if type else "")
               + " ORDER BY s.articles DESC, s.mentions DESC, e.name LIMIT ?")
        return [EntityCount(*r) for r in conn.execute(sql, [_lang(lang), *([type] if type else []), int(limit)])]
    where, params = _date_filters(since, until)
    if type:
        where.append("e.type = ?")
        params.append(type)
    sql = (
        f"SELECT e.id, {_NAME}, e.type, e.country, count(*), coalesce(sum(ae.mentions), 0)"
        f" FROM article_entities ae JOIN entities e ON e.id = ae.entity_id{_NAMED} JOIN articles a ON a.id = ae.article_id"
        f" WHERE {' AND '.join(where) or '1'} GROUP BY e.id, n.name ORDER BY 5 DESC, 6 DESC, e.name LIMIT ?"
    )
    return [EntityCount(*r) for r in conn.execute(sql, [_lang(lang), *params, int(limit)])]


def resolve_entity(conn: sqlite3.Connection, id_or_name: str) -> str:
    """The id of the entity named ``id_or_name`` (the most-named one when several fit)."""
    ids = entity_ids(conn, id_or_name)
    if not ids:
        raise ArchiveError(f"no entity named {id_or_name!r}")
    if len(ids) == 1:
        return ids[0]
    marks = ", ".join("?" * len(ids))
    row = conn.execute(  # articles per entity as the triggers keep them: counting the rows took 46 ms at 69k
        f"SELECT e.id FROM entities e LEFT JOIN entity_stats s ON s.entity_id = e.id WHERE e.id IN ({marks})"
        " ORDER BY coalesce(s.articles, 0) DESC, e.id LIMIT 1", ids,
    ).fetchone()
    return row[0]


def names(conn: sqlite3.Connection, ids: list[str], lang: str | None = None) -> dict[str, str]:
    ids, found = list(dict.fromkeys(ids)), {}
    for at in range(0, len(ids), 500):  # SQLite's limit on bound parameters
        part = ids[at:at + 500]
        found.update(conn.execute(f"SELECT e.id, {_NAME} FROM entities e{_NAMED}"
                                  f" WHERE e.id IN ({', '.join('?' * len(part))})", [_lang(lang), *part]))
    return found


def entity(conn: sqlite3.Connection, id_or_name: str, *, cooccurring: int = 20, lang: str | None = None) -> dict:
    eid = resolve_entity(conn, id_or_name)
    record = entity_from_row(conn, conn.execute(f"SELECT e.id, {_NAME}, e.type, e.country FROM entities e{_NAMED}"
                                                " WHERE e.id = ?", (_lang(lang), eid)).fetchone())
    articles, mentions = conn.execute(
        "SELECT count(*), coalesce(sum(mentions), 0) FROM article_entities WHERE entity_id = ?", (eid,)).fetchone()
    timeline = [
        {"day": r[0], "articles": r[1], "mentions": r[2]}
        for r in conn.execute(
            "SELECT substr(a.published_utc, 1, 10) AS day, count(*), coalesce(sum(ae.mentions), 0)"
            " FROM article_entities ae JOIN articles a ON a.id = ae.article_id"
            " WHERE ae.entity_id = ? AND a.published_utc IS NOT NULL GROUP BY day ORDER BY day", (eid,))
    ]
    others = [
        {"id": r[0], "name": r[1], "type": r[2], "country": r[3], "articles": r[4]}
        for r in conn.execute(
            f"SELECT e.id, {_NAME}, e.type, e.country, count(*) FROM article_entities mine"
            " JOIN article_entities other ON other.article_id = mine.article_id AND other.entity_id != mine.entity_id"
            f" JOIN entities e ON e.id = other.entity_id{_NAMED} WHERE mine.entity_id = ?"
            " GROUP BY e.id, n.name ORDER BY 5 DESC, e.name LIMIT ?", (_lang(lang), eid, cooccurring))
    ]
    quotes = conn.execute("SELECT count(*) FROM quotes WHERE speaker_entity_id = ?", (eid,)).fetchone()[0]
    return {"entity": to_dict(record), "articles": articles, "mentions": mentions, "quotes": quotes,
            "timeline": timeline, "cooccurring": others}


def quotes(conn: sqlite3.Connection, *, speaker: str | None = None, limit: int = 50) -> list[QuoteHit]:
    where, params = "1", []
    if speaker:
        ids = entity_ids(conn, speaker)
        folded = fold(speaker)
        where = f"(q.speaker_entity_id IN ({', '.join('?' * len(ids))}) OR q.speaker_folded = ? OR q.speaker_folded LIKE ?)"
        params = [*ids, folded, "% " + folded]
    sql = (
        "SELECT q.text, q.kind, q.speaker, q.speaker_entity_id, a.id, a.title, a.published,"
        " coalesce(a.canonical_url, a.url), e.name FROM quotes q JOIN articles a ON a.id = q.article_id"
        " LEFT JOIN entities e ON e.id = q.speaker_entity_id"
        f" WHERE {where} ORDER BY a.published_utc DESC, q.id LIMIT ?"
    )
    return [QuoteHit(*r) for r in conn.execute(sql, [*params, int(limit)])]


def stats(conn: sqlite3.Connection, path: Path) -> dict:
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    size = sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
    first, last = conn.execute("SELECT min(published_utc), max(published_utc) FROM articles").fetchone()
    return {
        "path": str(path),
        "articles": one("SELECT count(*) FROM articles"),
        "duplicates": one("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"),
        "failures": one("SELECT count(*) FROM failures"),
        "entities": one("SELECT count(*) FROM entities"),
        "mentions": one("SELECT count(*) FROM mentions"),
        "quotes": one("SELECT count(*) FROM quotes"),
        "events": one("SELECT count(*) FROM events"),
        "sources": one("SELECT count(DISTINCT source) FROM articles"),
        "languages": dict(conn.execute(
            "SELECT coalesce(language, '?'), count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC").fetchall()),
        "first_published": first,
        "last_published": last,
        "size_bytes": size,
    }
