"""Finding quotes: by speaker, by an entity the quoting article names, by words of the quote, and by
the articles a search finds (the query language and :class:`~lagebild.query.Filters`).

Words match anywhere in the quote (``LIKE``: case-insensitive for ASCII letters; ``Ä`` and ``ä``
differ), all of them must occur. Newest article first.

>>> with Archive("news.db", readonly=True) as archive:
...     total, hits = find_quotes(archive, speaker="Lagarde", text="wachsam")
"""

from __future__ import annotations

from ..query import Filters
from ..textnorm import fold
from .facets import QuoteHit
from .search import entity_ids
from .trends import scope
from .views import _reading

_COLUMNS = ("q.text, q.kind, q.speaker, q.speaker_entity_id, a.id, a.title, a.published,"
            " coalesce(a.canonical_url, a.url), e.name")


_FEW = 2000


def _like(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def find_quotes(archive, *, text: str = "", speaker: str = "", entity: str = "", query: str = "",
                filters: Filters | None = None, limit: int = 20, offset: int = 0) -> tuple[int, list[QuoteHit]]:
    """``(total, page of quotes)``. ``speaker``: an entity id, name or alias, or the speaker as named
    in the text (its last word is enough: ``Lagarde``); ``entity``: the quoting article names it."""
    where, params = [], []
    with _reading(archive) as conn:
        if speaker.strip():
            ids = entity_ids(conn, speaker.strip())
            folded = fold(speaker.strip())
            known = f"q.speaker_entity_id IN ({', '.join('?' * len(ids))}) OR " if ids else ""
            where.append(f"({known}q.speaker_folded = ? OR q.speaker_folded LIKE ? ESCAPE '\\')")
            params += [*ids, folded, "% " + _like(folded)[1:]]
        if entity.strip():
            ids = entity_ids(conn, entity.strip()) or [entity.strip()]
            where.append(f"q.article_id IN (SELECT article_id FROM article_entities WHERE entity_id IN"
                         f" ({', '.join('?' * len(ids))}))")
            params += ids
        for word in text.split():
            where.append("q.text LIKE ? ESCAPE '\\'")
            params.append(_like(word))
        if (query or "").strip() or (filters is not None and filters.without("tz") != Filters()):
            sql, extra = scope(archive, query, filters)
            where.append(f"q.article_id IN ({sql})")
            params += extra
        cond = " AND ".join(where) or "1"
        total = conn.execute(f"SELECT count(*) FROM quotes q WHERE {cond}", params).fetchone()[0]
        # few matches: find them first and sort those ('+' keeps SQLite from walking every article newest
        # first in the hope of an early match: 340 ms at 100k for a speaker with no quotes); many: that walk
        # meets a page of them soon
        order = "+a.published_utc" if total < _FEW else "a.published_utc"
        rows = conn.execute(
            f"SELECT {_COLUMNS} FROM articles a JOIN quotes q ON q.article_id = a.id"
            f" LEFT JOIN entities e ON e.id = q.speaker_entity_id WHERE {cond}"
            f" ORDER BY {order} DESC, a.id DESC, q.id LIMIT ? OFFSET ?",
            [*params, int(limit), int(offset)]).fetchall()
    return total, [QuoteHit(*r) for r in rows]


__all__ = ["find_quotes"]
