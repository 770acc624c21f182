"""Volume over time for any search: articles per day, week or month, several queries on one axis.

Days are calendar days of ``published_utc`` (the archive's one sortable time) in one stated zone, UTC
unless a zone is named; undated articles are counted apart, never put on a day. Every function takes an open archive (read-only is enough)
and the query language and :class:`~lagebild.query.Filters` of :meth:`Archive.search`, so a bar
counts exactly the articles a search would find.

>>> with Archive("news.db", readonly=True) as archive:
...     compare(archive, ["Hochwasser", "entity:EZB"], Filters(language="de"))["series"][0]["total"]
12
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..errors import ArchiveError
from ..query import Filters
from . import search as _search
from .views import _reading

UNITS = ("day", "week", "month")
ZONE = "UTC"
MAX_SERIES = 6


def scope(archive, query: str = "", filters: Filters | None = None) -> tuple[str, list]:
    """``(sql, params)`` selecting the ids of the articles ``query`` and ``filters`` match: plain SQL
    over ``articles`` for filters alone (no index involved), else the ids the full-text index found."""
    filters = _resolved(filters)
    if not (query or "").strip():
        select = getattr(archive.index, "select_ids", None)  # an index with its own SQL plan (PostgreSQL)
        if select is not None:
            return select(archive.conn, "", filters)
        p = _search.plan(archive.conn, "", filters)
        return f"SELECT a.id FROM articles a WHERE {' AND '.join(p.where) or '1'}", list(p.params)
    return "SELECT value FROM json_each(?)", [json.dumps(archive.ids(query, filters))]


def newest(archive, query: str = "", filters: Filters | None = None, limit: int = 2000) -> list[int]:
    """Ids of the newest ``limit`` matches (read from the index's date order, no rows loaded)."""
    found = archive.index.search(archive.conn, archive._node(query), _resolved(filters), limit=int(limit), sort="date")
    return [aid for aid, _ in found]


def days(archive, query: str = "", filters: Filters | None = None, *, zone: str | None = None
         ) -> tuple[dict[str, int], int]:
    """``({"YYYY-MM-DD": articles}, undated)`` for the matches, days in ``zone`` (an IANA name; UTC for
    None): a histogram of the tantivy index's ``published`` seconds (UTC days are whole multiples of
    86,400 s since the epoch; other zones are counted by half hours and moved to their local day), else
    grouped in SQL over the FTS5 plan or the index's own (``day_counts``, PostgreSQL; by hour for
    another zone)."""
    local = _zone(zone)
    filters = _resolved(filters)
    step = 86400 if local is None else 1800
    with _reading(archive) as conn:
        node = archive._node(query)
        index = archive.index
        if index.name == "tantivy":
            # the index's own query compiler: the same matches as search() and count()
            compiled, _ = index._compile(conn, node, filters)
            found = index.index.searcher().aggregate(
                compiled, {"d": {"histogram": {"field": "published", "interval": step}}})
            counts: dict[str, int] = {}
            for b in found["d"]["buckets"]:
                if b["doc_count"]:
                    day = datetime.fromtimestamp(b["key"], local or timezone.utc).date().isoformat()
                    counts[day] = counts.get(day, 0) + int(b["doc_count"])
            return counts, max(0, index.count(conn, node, filters) - sum(counts.values()))
        width = 10 if local is None else 13
        counted = getattr(index, "day_counts", None)  # an index that groups by day in its own SQL (PostgreSQL)
        if counted is not None:
            rows = counted(conn, node, filters, width)
        else:
            p = _search.plan(conn, node, filters)
            inner = _search.select_sql(p, f"substr(a.published_utc, 1, {width}) AS d")
            rows = conn.execute(f"SELECT d, count(*) FROM ({inner}) GROUP BY d", p.params).fetchall()
    counts = {}
    for d, n in rows:
        if d:
            day = d if local is None else datetime.fromisoformat(d + ":00+00:00").astimezone(local).date().isoformat()
            counts[day] = counts.get(day, 0) + n
    return counts, sum(n for d, n in rows if not d)


def _resolved(filters: Filters | None) -> Filters | None:
    """``filters`` with since/until as UTC instants (days read in their ``tz``), as the index compares them."""
    return filters.resolved() if filters is not None else None


def _zone(name: str | None):
    """The zone called ``name``; None for UTC (the fast path)."""
    if not name or name.upper() in ("UTC", "Z", "ETC/UTC"):
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ArchiveError(f"unknown time zone {name!r}: give an IANA name such as Europe/Berlin") from None


def bucket(day: str, unit: str) -> str:
    """The first day of the day's week (a Monday) or month, as ``YYYY-MM-DD``."""
    d = date.fromisoformat(day)
    if unit == "week":
        d -= timedelta(days=d.weekday())
    elif unit == "month":
        d = d.replace(day=1)
    return d.isoformat()


def _next(d: date, unit: str) -> date:
    if unit == "day":
        return d + timedelta(days=1)
    if unit == "week":
        return d + timedelta(days=7)
    return date(d.year + d.month // 12, d.month % 12 + 1, 1)


def bucket_end(start: str, unit: str) -> str:
    """The last day of the bucket that starts on ``start``."""
    return (_next(date.fromisoformat(start), unit) - timedelta(days=1)).isoformat()


def pick_unit(first: str, last: str) -> str:
    """Days up to four months, weeks up to three years, months beyond: a chart of at most ~160 bars."""
    span = (date.fromisoformat(last) - date.fromisoformat(first)).days
    return "day" if span <= 120 else "week" if span <= 3 * 366 else "month"


def compare(archive, queries: list[str], filters: Filters | None = None, *, unit: str = "auto",
            zone: str | None = None) -> dict:
    """Articles per bucket for each query (with the same filters), on one axis with empty buckets filled.

    ``{"unit", "zone", "buckets": [start, ...], "series": [{"query", "total", "undated", "counts"}]}``;
    ``unit`` is ``day``, ``week``, ``month`` or ``auto`` (:func:`pick_unit` over the span); days are
    calendar days in ``zone`` (the filters' ``tz`` when None; UTC when neither names one).
    """
    zone = zone or (filters.tz if filters is not None else None)
    queries = list(queries) or [""]
    if len(queries) > MAX_SERIES:
        raise ArchiveError(f"at most {MAX_SERIES} queries on one chart, got {len(queries)}")
    if unit not in (*UNITS, "auto"):
        raise ArchiveError(f"unknown unit {unit!r}: choose day, week, month or auto")
    data = align([(q, *days(archive, q, filters, zone=zone)) for q in queries], unit)
    return {**data, "zone": ZONE if _zone(zone) is None else zone}


def align(found: list[tuple[str, dict[str, int], int]], unit: str = "auto") -> dict:
    """``[(label, {day: articles}, undated)]`` on one axis of ``unit`` buckets (see :func:`compare`)."""
    every = sorted({d for _, counts, _ in found for d in counts})
    if unit == "auto":
        unit = pick_unit(every[0], every[-1]) if every else "day"
    buckets: list[str] = []
    if every:
        d, last = date.fromisoformat(bucket(every[0], unit)), date.fromisoformat(every[-1])
        while d <= last:
            buckets.append(d.isoformat())
            d = _next(d, unit)
    position = {b: i for i, b in enumerate(buckets)}
    series = []
    for q, counts, undated in found:
        row = [0] * len(buckets)
        for day, n in counts.items():
            row[position[bucket(day, unit)]] += n
        series.append({"query": q, "total": sum(row) + undated, "undated": undated, "counts": row})
    return {"unit": unit, "zone": ZONE, "buckets": buckets, "series": series}

__all__ = ["MAX_SERIES", "UNITS", "ZONE", "align", "bucket", "bucket_end", "compare", "days", "newest", "pick_unit",
           "scope"]
