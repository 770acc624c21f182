"""Who is named with whom: a co-occurrence graph over the articles of a search or of one story.

Nodes are the entities named in the most of those articles; an edge joins two of them with the
number of articles naming both. A search over a large archive reads its newest ``articles``
matches only (stated in the result), so the graph costs the same on 1k or 1M articles.

>>> with Archive("news.db", readonly=True) as archive:
...     graph = network(archive, "Hochwasser")
...     graph["nodes"][0]["name"], graph["edges"][0]["weight"]
('Oder', 5)
"""

from __future__ import annotations

import json
from collections import Counter
from itertools import combinations

from ..model import to_dict
from ..query import Filters
from .facets import resolve_entity
from .store import entity_from_row
from .trends import newest
from .views import _reading

MAX_ARTICLES = 2000


def network(archive, query: str = "", filters: Filters | None = None, *, story: int | None = None,
            nodes: int = 30, articles: int = MAX_ARTICLES) -> dict:
    """``{"articles", "read", "nodes": [{id, name, type, articles}], "edges": [{source, target, weight}]}``
    for the articles of ``story`` (when given) or of ``query`` and ``filters``."""
    with _reading(archive) as conn:
        if story is not None:
            picked = [r[0] for r in conn.execute(
                "SELECT id FROM articles WHERE story_id = ? ORDER BY published_utc DESC, id DESC LIMIT ?",
                (int(story), int(articles)))]
            total = conn.execute("SELECT count(*) FROM articles WHERE story_id = ?", (int(story),)).fetchone()[0]
        else:
            picked = newest(archive, query, filters, articles)
            total = archive.count(query, filters) if len(picked) >= articles else len(picked)
        rows = conn.execute("SELECT article_id, entity_id FROM article_entities"
                            " WHERE article_id IN (SELECT value FROM json_each(?))", (json.dumps(picked),)).fetchall()
        per_article: dict[int, list[str]] = {}
        for aid, eid in rows:
            per_article.setdefault(aid, []).append(eid)
        counts = Counter(eid for ids in per_article.values() for eid in ids)
        top = [eid for eid, _ in sorted(counts.items(), key=lambda x: (-x[1], x[0]))[: int(nodes)]]
        info = {}
        if top:
            marks = ", ".join("?" * len(top))
            info = {r[0]: r for r in conn.execute(f"SELECT id, name, type FROM entities WHERE id IN ({marks})", top)}
    keep = set(top)
    pairs: Counter[tuple[str, str]] = Counter()
    for ids in per_article.values():
        pairs.update(combinations(sorted(e for e in set(ids) if e in keep), 2))
    return {
        "articles": total, "read": len(picked),
        "nodes": [{"id": e, "name": info[e][1] if e in info else e, "type": info[e][2] if e in info else "MISC",
                   "articles": counts[e]} for e in top],
        "edges": [{"source": a, "target": b, "weight": n}
                  for (a, b), n in sorted(pairs.items(), key=lambda x: (-x[1], x[0]))],
    }


def entity_card(archive, id_or_name: str, *, others: int = 20, articles: int = 1000) -> dict:
    """What the entity page shows, at a cost that does not grow with the entity's articles: the
    record, its totals (kept by triggers), its quotes count, and the entities named with it in its
    newest ``articles`` articles (``read`` says how many were read)."""
    with _reading(archive) as conn:
        eid = resolve_entity(conn, id_or_name)
        record = entity_from_row(conn, conn.execute("SELECT id, name, type, country FROM entities WHERE id = ?",
                                                    (eid,)).fetchone())
        totals = conn.execute("SELECT articles, mentions FROM entity_stats WHERE entity_id = ?", (eid,)).fetchone()
        quotes = conn.execute("SELECT count(*) FROM quotes WHERE speaker_entity_id = ?", (eid,)).fetchone()[0]
        picked = newest(archive, "", Filters(entity=eid), articles)
        rows = conn.execute(
            "SELECT e.id, e.name, e.type, e.country, count(*) FROM article_entities ae JOIN entities e"
            " ON e.id = ae.entity_id WHERE ae.article_id IN (SELECT value FROM json_each(?)) AND ae.entity_id != ?"
            " GROUP BY e.id ORDER BY 5 DESC, e.name LIMIT ?", (json.dumps(picked), eid, int(others))).fetchall()
    return {"entity": to_dict(record), "articles": totals[0] if totals else 0, "mentions": totals[1] if totals else 0,
            "quotes": quotes, "read": len(picked),
            "cooccurring": [{"id": r[0], "name": r[1], "type": r[2], "country": r[3], "articles": r[4]} for r in rows]}


__all__ = ["MAX_ARTICLES", "entity_card", "network"]
