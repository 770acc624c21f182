""""Mehr zum Thema", the lexical part: an article's most distinctive terms as an OR query."""

from __future__ import annotations

import math
import re
import sqlite3
from collections import Counter

from ..errors import ArchiveError
from .search import _BM25, HIT_COLUMNS, to_hits

_TOKEN = re.compile(r"[^\W_]+")  # what the FTS5 unicode61 tokenizer keeps
_FIELD_WEIGHT = {"title": 3, "lead": 2, "text": 1}
_K1 = 1.2


def key_terms(conn: sqlite3.Connection, aid: int, limit: int = 12) -> list[tuple[str, float]]:
    """The article's terms weighted by saturated TF (title counts 3x) times BM25 IDF, best first.

    Terms no other article has cannot find anything and are left out.
    """
    row = conn.execute("SELECT title, lead, text FROM article_terms WHERE id = ?", (aid,)).fetchone()
    if row is None:
        raise ArchiveError(f"no article with id {aid}")
    tf: Counter[str] = Counter()
    for name, value in zip(("title", "lead", "text"), row):
        for term in _TOKEN.findall(value):
            if len(term) >= 3 and not term.isdigit():
                tf[term] += _FIELD_WEIGHT[name]
    n = conn.execute("SELECT count(*) FROM article_terms").fetchone()[0]
    scored = []
    for term, freq in tf.items():
        found = conn.execute("SELECT doc FROM articles_vocab WHERE term = ?", (term,)).fetchone()
        df = found[0] if found else 1
        if df < 2:
            continue
        idf = math.log((n - df + 0.5) / (df + 0.5) + 1)
        scored.append((term, round(freq * (_K1 + 1) / (freq + _K1) * idf, 4)))
    scored.sort(key=lambda x: (-x[1], x[0]))
    return scored[:limit]


def related(conn: sqlite3.Connection, aid: int, limit: int = 10) -> list:
    """Other articles sharing the key terms of ``aid``, best first; never itself or its exact duplicates."""
    terms = key_terms(conn, aid)
    if not terms:
        return []
    me = conn.execute("SELECT duplicate_of, content_hash FROM articles WHERE id = ?", (aid,)).fetchone()
    dup_of, content_hash = me
    expr = " OR ".join(f'"{t}"' for t, _ in terms)
    sql = (
        f"SELECT {HIT_COLUMNS}, -{_BM25} AS score FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"
        " WHERE articles_fts MATCH ? AND a.id != ? AND a.id IS NOT ? AND a.content_hash != ?"
        " AND (a.duplicate_of IS NULL OR a.duplicate_of NOT IN (?, coalesce(?, -1)))"
        " ORDER BY score DESC, a.published_utc DESC LIMIT ?"
    )
    rows = conn.execute(sql, (expr, aid, dup_of, content_hash, aid, dup_of, int(limit))).fetchall()
    return to_hits(rows, {t for t, _ in terms})
