"""Stories as a reader sees them: which are active, what one holds, where an article belongs.

The story stage records each article's story and canonical near-duplicate (``articles.story_id``,
``articles.duplicate_of``, kept by :mod:`.stories`); these read-only queries rank and describe the
stories from those columns, so they work the same for linked and for synthetic stories.

Activity is counted in a window that ends at the archive's newest article (an archive of last
year's news still has a "last 7 days"), or at the filter's ``until`` when that is earlier: ``recent`` = matching articles of the story inside the
window, ``before`` = inside the window of the same length before it, ``growth`` = the difference.

>>> with Archive("news.db", readonly=True) as archive:
...     page = stories(archive, "Hochwasser", days=7, sort="active")
...     page["items"][0]["label"], page["items"][0]["recent"]
('Oder-Hochwasser: …', 5)
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from datetime import datetime, timedelta, timezone

from ..errors import ArchiveError
from ..query import Filters
from ..times import shown, utc_bound
from .facets import QuoteHit
from .store import to_utc
from .views import _reading

SORTS = ("active", "growth", "size", "recent")
MAX_COUNTED = 20_000  # matching articles a story list counts, newest first (see _window_stories)
WINDOWS = {"1d": 1, "7d": 7, "30d": 30, "90d": 90, "all": None}


def _utc(ts: datetime) -> str:
    return ts.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def window(conn, days: int | None, until: str | None = None) -> dict:
    """``{"start", "before", "end"}`` (UTC) of a window of ``days`` ending at the newest article (or at
    the end of ``until``, when that is earlier)."""
    end = conn.execute("SELECT max(published_utc) FROM articles").fetchone()[0]
    if until and end:
        end = min(end, to_utc(until, end_of_day=True))
    if days is None or end is None:
        return {"start": None, "before": None, "end": end, "days": days}
    last = datetime.fromisoformat(end.replace("Z", "+00:00"))
    return {"start": _utc(last - timedelta(days=days)), "before": _utc(last - timedelta(days=2 * days)),
            "end": end, "days": days}


def stories(archive, query: str = "", filters: Filters | None = None, *, days: int | None = 7,
            sort: str = "active", limit: int = 20, offset: int = 0) -> dict:
    """Stories with matching articles in the window, ranked by ``sort`` (active: most articles in the
    window; growth: most more than in the window before; size: all articles; recent: newest last
    article). ``{"total", "window", "read", "matching", "items": [story summary]}`` (see :func:`_summaries`;
    ``read`` of ``matching`` articles were counted, None when stories were read without a search)."""
    if sort not in SORTS:
        raise ArchiveError(f"unknown story order {sort!r}: choose {', '.join(SORTS)}")
    filtered = bool((query or "").strip()) or (filters is not None and filters.without("tz") != Filters())
    filters = filters.resolved() if filters is not None else None  # since/until: UTC instants of days in tz
    with _reading(archive) as conn:
        win = window(conn, days, filters.until if filters is not None else None)
        read = {"read": None, "matching": None}
        if not filtered and not win["start"]:
            rows, total = _all_stories(conn, sort, limit, offset)
        else:
            rows, total, read = _window_stories(archive, conn, win, query, (filters or Filters()) if filtered else None,
                                                sort, limit, offset)
        items = _summaries(conn, [r[0] for r in rows])
    counts = {r[0]: r for r in rows}
    for item in items:
        _, recent, before, growth, _ = counts[item["id"]]
        item.update(recent=recent, before=before, growth=growth)
    return {"total": total, "window": win, "sort": sort, **read, "items": items}


def _all_stories(conn, sort: str, limit: int, offset: int) -> tuple[list[tuple], int]:
    """Every story, from the stories table alone (its size and span are kept by the story stage)."""
    order = {"active": "s.size DESC, s.id DESC", "growth": "s.size DESC, s.id DESC", "size": "s.size DESC, s.id DESC",
             "recent": "coalesce(s.last_seen, s.active) DESC, s.id DESC"}[sort]
    total = conn.execute("SELECT count(*) FROM stories WHERE size > 0").fetchone()[0]
    rows = conn.execute(f"SELECT s.id, s.size, 0, s.size, NULL FROM stories s WHERE s.size > 0 ORDER BY {order}"
                        " LIMIT ? OFFSET ?", (int(limit), int(offset))).fetchall()
    return rows, total


def _window_stories(archive, conn, win: dict, query: str, filters: Filters | None, sort: str, limit: int,
                    offset: int) -> tuple[list[tuple], int, dict]:
    """Stories counted, in SQL, from their (matching) articles inside the window and the window before it;
    with ``{"read", "matching"}``: how many matching articles were counted, of how many.

    Read from ``story_articles`` (story and time are its first columns), never from ``articles``, whose
    story and date sit behind the text: on 100k articles, reading them walked each row's overflow pages.
    A search's matches come from the index newest first, at most :data:`MAX_COUNTED` of them: a word in
    most of 100k articles otherwise cost ~0.2 s of CPU here (the page says when the cap cut)."""
    start = _seconds(win["start"]) if win["start"] else None
    # no "? IS NULL" (PostgreSQL cannot type a NULL parameter) and no alias in HAVING (PostgreSQL has none)
    if start is None:
        split, args = "count(*), 0", ()
    else:
        split, args = ("sum(CASE WHEN time >= ? THEN 1 ELSE 0 END), sum(CASE WHEN time >= ? THEN 0 ELSE 1 END)",
                       (start, start))
    counts = (f"SELECT story_id, {split}, max(time) FROM story_articles"
              " WHERE story_id IS NOT NULL AND {where} GROUP BY story_id")
    if filters is None:
        rows = conn.execute(counts.format(where="time >= ?"), (*args, _seconds(win["before"])))
        read = {"read": None, "matching": None}
    else:
        if win["start"] and not filters.since:  # the index hands over only the ids inside the two windows
            filters = replace(filters, since=win["before"])
        ids = [aid for aid, _ in archive.index.search(archive.conn, archive._node(query), filters,
                                                      limit=MAX_COUNTED, sort="date")]
        matching = archive.count(query, filters) if len(ids) >= MAX_COUNTED else len(ids)
        rows = conn.execute(counts.format(where="article_id IN (SELECT value FROM json_each(?))"),
                            (*args, json.dumps(ids)))
        read = {"read": len(ids), "matching": matching}
    found = [(sid, r, b, r - b, last) for sid, r, b, last in rows if r > 0]
    if sort == "size":
        sizes = _sizes(conn, [r[0] for r in found])
        found.sort(key=lambda r: (sizes.get(r[0], 0), r[1], r[0]), reverse=True)
    else:
        key = {"active": lambda r: (r[1], r[3], r[0]), "growth": lambda r: (r[3], r[1], r[0]),
               "recent": lambda r: (r[4] or 0, r[0])}[sort]
        found.sort(key=key, reverse=True)
    return found[int(offset): int(offset) + int(limit)], len(found), read


def _seconds(utc: str) -> float:
    return datetime.fromisoformat(utc.replace("Z", "+00:00")).timestamp()


def _sizes(conn, ids: list[int]) -> dict[int, int]:
    return dict(conn.execute("SELECT id, size FROM stories WHERE id IN (SELECT value FROM json_each(?))",
                             (json.dumps(ids),)).fetchall())


def _grouped(conn, sql: str, ids: list[int]) -> dict[int, list[tuple]]:
    out: dict[int, list[tuple]] = {}
    for sid, *rest in conn.execute(sql.format(marks=", ".join("?" * len(ids))), ids):
        out.setdefault(sid, []).append(tuple(rest))
    return out


def _summaries(conn, ids: list[int]) -> list[dict]:
    """Label, span, size, sources, languages and top entities (by name) of each story, in ``ids`` order."""
    if not ids:
        return []
    marks = ", ".join("?" * len(ids))
    labels = dict(conn.execute(f"SELECT id, label FROM stories WHERE id IN ({marks})", ids).fetchall())
    members: dict[int, list[tuple]] = {}
    for sid, source, language, published in conn.execute(  # each member's row read once
            f"SELECT story_id, source, language, published_utc FROM articles WHERE story_id IN ({marks})", ids):
        members.setdefault(sid, []).append((source or "?", language or "?", published))
    entities = _grouped(conn, "SELECT a.story_id, e.id, e.name, e.type, count(*) FROM articles a"
                              " JOIN article_entities ae ON ae.article_id = a.id JOIN entities e ON e.id = ae.entity_id"
                              " WHERE a.story_id IN ({marks}) GROUP BY 1, 2 ORDER BY 1, 5 DESC, 3", ids)
    out = []
    for sid in ids:
        if sid not in labels or sid not in members:
            continue
        rows = members[sid]
        dates = sorted(p for _, _, p in rows if p)
        out.append({
            "id": sid, "label": labels[sid], "first": dates[0] if dates else None,
            "last": dates[-1] if dates else None, "size": len(rows),
            "sources": _tally([r[0] for r in rows], "source"), "languages": _tally([r[1] for r in rows], "language"),
            "entities": [{"id": e, "name": name, "type": t, "articles": n}
                         for e, name, t, n in entities.get(sid, [])[:6]],
        })
    return out


def _tally(values, name: str) -> list[dict]:
    counts = Counter(values)
    return [{name: v, "articles": n} for v, n in sorted(counts.items(), key=lambda x: (-x[1], x[0]))]


def story(archive, story_id: int, *, since: str | None = None, until: str | None = None, limit: int = 300,
          offset: int = 0, quotes: int = 30, tz: str | None = None) -> dict:
    """One story: its summary, its articles (oldest first, near-duplicates folded under their first
    copy: ``groups``; only those published between ``since`` and ``until`` when given, ``limit`` from
    ``offset``), articles per day, its quotes and top entities. :class:`ArchiveError` if unknown.
    Days — of ``since``/``until`` and of ``days`` — are days in ``tz`` (UTC when None)."""
    with _reading(archive) as conn:
        found = _summaries(conn, [int(story_id)])
        if not found:
            raise ArchiveError(f"no story {story_id}")
        record = found[0]
        where, params = ["story_id = ?"], [int(story_id)]
        for value, op, end in ((since, ">=", False), (until, "<=", True)):
            if value:
                where.append(f"published_utc {op} ?")
                params.append(utc_bound(value, tz, end=end))
        cond = " AND ".join(where)
        record["matching"] = conn.execute(f"SELECT count(*) FROM articles WHERE {cond}", params).fetchone()[0]
        members = conn.execute(
            "SELECT id, title, published, published_utc, source, language, duplicate_of FROM articles"
            f" WHERE {cond} ORDER BY published_utc IS NULL, published_utc, id LIMIT ? OFFSET ?",
            [*params, int(limit), int(offset)]).fetchall()
        per_day = Counter(shown(utc, tz, with_time=False) for (utc,) in conn.execute(
            "SELECT published_utc FROM articles WHERE story_id = ? AND published_utc IS NOT NULL", (int(story_id),)))
        record["days"] = [{"day": d, "articles": n} for d, n in sorted(per_day.items())]
        record["quotes"] = [QuoteHit(*r) for r in conn.execute(
            "SELECT q.text, q.kind, q.speaker, q.speaker_entity_id, a.id, a.title, a.published,"
            " coalesce(a.canonical_url, a.url), e.name FROM articles a JOIN quotes q ON q.article_id = a.id"
            " LEFT JOIN entities e ON e.id = q.speaker_entity_id WHERE a.story_id = ?"
            " ORDER BY a.published_utc, q.id LIMIT ?", (int(story_id), int(quotes)))]
        record["entities"] = [{"id": e, "name": n, "type": t, "articles": c} for e, n, t, c in conn.execute(
            "SELECT e.id, e.name, e.type, count(*) FROM articles a JOIN article_entities ae ON ae.article_id = a.id"
            " JOIN entities e ON e.id = ae.entity_id WHERE a.story_id = ? GROUP BY e.id ORDER BY 4 DESC, e.name"
            " LIMIT 20", (int(story_id),))]
    record["groups"] = groups(members)
    record["shown"] = len(members)
    return record


def groups(members: list[tuple]) -> list[dict]:
    """Members folded by canonical copy: ``{"article": {...}, "copies": [{...}], "outlets": n}``."""
    by_id, order = {}, []
    for aid, title, published, utc, source, language, dup in members:
        row = {"id": aid, "title": title, "published": published, "published_utc": utc, "source": source,
               "language": language}
        head = dup if dup is not None else aid
        if head not in by_id:
            by_id[head] = {"article": row, "copies": []}
            order.append(head)
        elif head == aid:  # the canonical copy came after a copy of it: it leads
            by_id[head]["copies"].insert(0, by_id[head]["article"])
            by_id[head]["article"] = row
        else:
            by_id[head]["copies"].append(row)
    out = []
    for head in order:
        group = by_id[head]
        own = group["article"]["source"]
        group["outlets"] = len({c["source"] for c in group["copies"] if c["source"] and c["source"] != own})
        out.append(group)
    return out


def article_story(archive, article_id: int) -> dict:
    """The story an article belongs to (``None`` when unlinked) and the article's near-duplicates
    (its canonical copy and the other copies of it), oldest first."""
    with _reading(archive) as conn:
        row = conn.execute("SELECT story_id, duplicate_of FROM articles WHERE id = ?", (int(article_id),)).fetchone()
        if row is None:
            raise ArchiveError(f"no article with id {article_id}")
        story_id, dup = row
        head = dup if dup is not None else int(article_id)
        copies = [{"id": i, "title": t, "published": p, "source": s, "canonical": i == head}
                  for i, t, p, s in conn.execute(
                      "SELECT id, title, published, source FROM articles WHERE (id = ? OR duplicate_of = ?) AND id != ?"
                      " ORDER BY published_utc, id LIMIT 100", (head, head, int(article_id)))]
        found = None
        if story_id is not None:
            summary = conn.execute("SELECT s.id, s.label, count(a.id) FROM stories s JOIN articles a"
                                   " ON a.story_id = s.id WHERE s.id = ? GROUP BY s.id", (story_id,)).fetchone()
            if summary:
                found = {"id": summary[0], "label": summary[1], "size": summary[2]}
    return {"story": found, "duplicates": copies}


__all__ = ["MAX_COUNTED", "SORTS", "WINDOWS", "article_story", "groups", "stories", "story", "window"]
