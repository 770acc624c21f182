"""Read-only views the dashboard needs beyond the Archive's methods: facet counts for a query,
article and entity existence (for a clean 404), the newest publication date.

Every function takes an open :class:`~lagebild.archive.Archive` (read-only is enough) and the
same query and filters as :meth:`Archive.search`, so a facet counts exactly the articles a
search would find.

>>> with Archive("news.db", readonly=True) as archive:
...     facets(archive, "Hochwasser", Filters(language="de"))["section"]
[('Politik', 4), ('Panorama', 2)]
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager

from ..errors import ArchiveError
from ..query import Filters
from . import search as _search

FACETS = {
    "section": "a.section",
    "language": "lower(a.language)",
    "source": "a.source",
    "month": "substr(a.published_utc, 1, 7)",
}


@contextmanager
def _reading(archive):
    with archive._lock:
        try:
            yield archive.conn
        except sqlite3.Error as exc:
            raise ArchiveError(f"{archive.path}: {exc}") from exc


def facet(archive, name: str, query: str = "", filters: Filters | None = None, *,
          limit: int = 12) -> list[tuple[str, int]]:
    """``(value, articles)`` of one facet (section, language, source, month) over the matches, most first.

    The facet's own filter is left out, so the counts show what choosing another value would find.
    """
    column = FACETS[name]
    own = {"section": ("section",), "language": ("language",), "source": ("source",), "month": ("since", "until")}
    filters = (filters or Filters()).without(*own[name])
    with _reading(archive) as conn:
        p = _search.plan(conn, query, filters)
        inner = _search.select_sql(p, f"{column} AS v")
        order = "v DESC" if name == "month" else "n DESC, v"
        sql = (f"SELECT v, count(*) AS n FROM ({inner}) WHERE v IS NOT NULL AND v != ''"
               f" GROUP BY v ORDER BY {order} LIMIT ?")
        return [(r[0], r[1]) for r in conn.execute(sql, [*p.params, int(limit)])]


def facets(archive, query: str = "", filters: Filters | None = None, *,
           limit: int = 12) -> dict[str, list[tuple[str, int]]]:
    """Every facet of :data:`FACETS` for ``query`` and ``filters`` (see :func:`facet`)."""
    return {name: facet(archive, name, query, filters, limit=limit) for name in FACETS}


def has_article(archive, article_id: int) -> bool:
    with _reading(archive) as conn:
        return conn.execute("SELECT 1 FROM articles WHERE id = ?", (int(article_id),)).fetchone() is not None


def has_entity(archive, id_or_name: str) -> bool:
    """Whether :meth:`Archive.entity` would find ``id_or_name`` (an id, a name or an alias)."""
    with _reading(archive) as conn:
        return bool(_search.entity_ids(conn, id_or_name))


def entity_names(archive, ids: list[str]) -> dict[str, str]:
    """Display names of the given entity ids (unknown ids are left out)."""
    ids = list(dict.fromkeys(i for i in ids if i))
    if not ids:
        return {}
    with _reading(archive) as conn:
        marks = ", ".join("?" * len(ids))
        return dict(conn.execute(f"SELECT id, name FROM entities WHERE id IN ({marks})", ids).fetchall())


__all__ = ["FACETS", "entity_names", "facet", "facets", "has_article", "has_entity"]
