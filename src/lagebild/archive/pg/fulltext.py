"""Full text on PostgreSQL: a ``tsvector`` of lagebild's own index terms, kept by an outbox.

PostgreSQL's Snowball configurations neither unify German verb forms ("kooperierten" /
"kooperieren") nor split compounds, so the tsvector is not built by ``to_tsvector``: the writer
computes each article's terms with ``textnorm`` (exactly the terms the SQLite archive's FTS5 and
tantivy indexes get, :func:`lagebild.archive.store.term_columns`), splits them as FTS5's unicode61
tokenizer does, and writes them as a tsvector literal with positions (title weight A, lead B, text
D; a gap between fields, so a phrase never runs from the title into the lead).

Triggers log every changed article in ``fulltext_outbox`` inside the writing transaction (a log
read by watermark, see :mod:`.schema` ``pg-0003``); :meth:`PgIndex.before_commit` turns the rows
past its watermark whose words changed into tsvectors before that transaction commits, so store and
index commit together (as FTS5 does in SQLite). A tantivy copy (:mod:`.tantivy`) reads the same log. Ranking is ``ts_rank`` with the
field weights of FTS5's ``bm25(5, 2, 1)``; the order of equal scores is the same (newest, then id).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from ...query import Filters, Node
from ..store import term_columns
from . import tsquery as _tsq

_TOKEN = re.compile(r"[^\W_]+")  # how FTS5's unicode61 splits a term
MAX_POSITION = 16383  # tsvector positions stop here
MAX_LEXEME = 500  # characters; PostgreSQL refuses lexemes over 2 KB

_FACET_SQL = {"section": "a.section", "language": "lower(a.language)", "source": "a.source",
              "month": "substr(a.published_utc, 1, 7)"}


def tsvector(title: str, lead: str, text: str) -> str:
    """The tsvector literal of three space-joined term strings (title A, lead B, text D)."""
    positions: dict[str, list[int]] = {}
    pos, starts = 1, []
    for terms in (title, lead, text):
        starts.append(pos)
        toks = _TOKEN.findall(terms)
        for p, tok in enumerate(toks, pos):
            found = positions.get(tok)
            if found is None:
                positions[tok] = [p]
            else:
                found.append(p)
        pos += len(toks) + 1  # the gap between fields
    lead_at, text_at = starts[1], starts[2]
    out = []
    for tok, ps in positions.items():
        ps = ps[:256]  # PostgreSQL keeps 256 positions per lexeme
        if ps[0] >= text_at and ps[-1] < MAX_POSITION:  # text only: no weight letter (D)
            out.append(f"{_lexeme(tok)}:{','.join(map(str, ps))}")
        else:
            out.append(f"{_lexeme(tok)}:" + ",".join(
                f"{min(p, MAX_POSITION)}{'A' if p < lead_at else 'B' if p < text_at else ''}" for p in ps))
    return " ".join(out)


def tsvector_fingerprint() -> str:
    """What :func:`tsvector` makes of given terms, as a short hash of its code (its source, its helpers'
    and its limits): a batch worker writes the literal beside the terms under it, and ``merge`` takes
    the literal only from shards written under the same one (else it builds it from the terms)."""
    import hashlib
    import inspect

    code = "\n".join([inspect.getsource(tsvector), inspect.getsource(_lexeme), inspect.getsource(_tsq.lexeme),
                      _TOKEN.pattern, str(MAX_POSITION), str(MAX_LEXEME)])
    return hashlib.sha1(code.encode("utf-8")).hexdigest()[:16]


# A literal as :func:`tsvector` writes it: quoted lexemes of at most MAX_LEXEME characters (so at most
# 2000 bytes: PostgreSQL refuses 2 KB), each with positions 1..MAX_POSITION, weight A or B or none.
_POSITION = r"(?:1638[0-3]|163[0-7][0-9]|16[0-2][0-9]{2}|1[0-5][0-9]{3}|[1-9][0-9]{0,3})[AB]?"
_ENTRY = rf"'(?:[^'\\]|''|\\\\){{1,{MAX_LEXEME}}}':{_POSITION}(?:,{_POSITION}){{0,255}}"
_LITERAL = re.compile(rf"(?:{_ENTRY}(?: {_ENTRY})*)?")


def well_formed(literal: object) -> bool:
    """Whether ``literal`` (a shard's, so input) has the form :func:`tsvector` writes and PostgreSQL takes:
    one regular-expression match, far cheaper than building the literal again."""
    return isinstance(literal, str) and _LITERAL.fullmatch(literal) is not None


def _lexeme(term: str) -> str:
    if "'" in term or "\\" in term or len(term) > MAX_LEXEME:
        return _tsq.lexeme(term[:MAX_LEXEME])
    return f"'{term}'"


def write_terms(conn, ids: list[int]) -> None:
    """Compute and store the tsvector (and folded publisher) of the articles ``ids``."""
    from ...textnorm import fold

    if not ids:
        return
    rows = conn.execute("SELECT id, title, lead, text, language, publisher FROM articles WHERE id = ANY(?)",
                        (list(ids),)).fetchall()
    conn.executemany(
        "INSERT INTO article_terms(id, tsv, publisher_folded) VALUES (?, ?::tsvector, ?)"
        " ON CONFLICT (id) DO UPDATE SET tsv = excluded.tsv, publisher_folded = excluded.publisher_folded",
        [(aid, tsvector(*term_columns(title, lead, text, lang)), fold(pub) if pub else None)
         for aid, title, lead, text, lang, pub in rows])


class PgIndex:
    name = "postgresql"

    def __init__(self, archive) -> None:
        self.path = archive.path
        # relevance from the RUM index when the migration could create it (False: ts_rank)
        self.rum = bool(archive.conn.execute("SELECT to_regclass('article_terms_rum') IS NOT NULL").fetchone()[0])
        self.written: set[int] = set()  # ids whose tsvector the batch writer (bulk.py) wrote in this transaction

    # ------------------------------------------------------------ keeping in step

    def before_commit(self, conn) -> None:
        """Apply the log past the watermark (``archive_meta.tsvector_seq``) inside the writer's transaction."""
        row = conn.execute("SELECT value FROM archive_meta WHERE key = 'tsvector_seq'").fetchone()
        mark = last = int(row[0]) if row else 0
        try:
            while True:
                rows = conn.execute("SELECT seq, article_id, text FROM fulltext_outbox WHERE seq > ?"
                                    " ORDER BY seq LIMIT 5000", (last,)).fetchall()
                if not rows:
                    break
                write_terms(conn, [aid for _, aid, text in rows if text and aid not in self.written])
                last = rows[-1][0]
            if last != mark:
                # applied: their words are in the tsvectors now. A row keeps its ``text`` flag when a later
                # change of its entities or mentions moves it (the log's triggers), so without this an
                # identity merge in a later batch had every article it touched recomputed (378 of 1,478
                # in a merge of real pages; all of an entity's articles in a large archive). Only this
                # reader reads the flag (tantivy copies take every moved row).
                conn.execute("UPDATE fulltext_outbox SET text = 0 WHERE seq > ? AND seq <= ? AND text = 1", (mark, last))
                conn.execute("INSERT OR REPLACE INTO archive_meta(key, value) VALUES ('tsvector_seq', ?)", (str(last),))
        finally:
            self.written.clear()

    def after_commit(self, archive) -> None:
        pass

    def sync(self, archive) -> None:
        if not archive.readonly:
            with archive.transaction():
                pass  # before_commit applies what is queued

    @contextmanager
    def deferred(self, archive) -> Iterator[None]:
        yield  # the tsvectors commit with the store

    def refresh(self, archive) -> None:
        if not archive.readonly and pending(archive.conn):
            self.sync(archive)

    def rebuild(self, archive, batch_size: int = 500) -> int:
        """Recompute every article's tsvector, ``batch_size`` per transaction; how many."""
        from ..store import _word_terms

        _word_terms.cache_clear()
        with archive.transaction() as conn:  # the log up to here is covered by what follows
            self.written.clear()
            conn.execute("INSERT OR REPLACE INTO archive_meta(key, value)"
                         " SELECT 'tsvector_seq', coalesce(max(seq), 0)::text FROM fulltext_outbox")
        after, done = 0, 0
        while True:
            with archive.transaction() as conn:
                ids = [r[0] for r in conn.execute("SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT ?",
                                                  (after, int(batch_size)))]
                write_terms(conn, ids)
            if not ids:
                return done
            done += len(ids)
            after = ids[-1]

    def drop(self, conn) -> None:
        """Empty the tsvectors (the archive switched to tantivy copies): what they took is freed."""
        conn.execute("TRUNCATE article_terms")
        conn.execute("DELETE FROM archive_meta WHERE key = 'tsvector_seq'")

    def size_bytes(self) -> int:
        return 0  # inside the database (counted by stats)

    def close(self) -> None:
        pass

    # ------------------------------------------------------------ reading

    def search(self, conn, node: Node, filters: Filters | None, *, limit: int | None = 20, offset: int = 0,
               sort: str = "relevance") -> list[tuple[int, float]]:
        p = _tsq.plan(conn, node, filters)
        sql, params = _tsq.from_where(p)
        newest = "a.published_utc DESC NULLS LAST, a.id DESC"
        if p.match and self.rum and sort != "date" and limit is not None and self.index_order(p.match):
            # The RUM index returns matches by distance only when that is the whole ORDER BY (PostgreSQL
            # 15 puts no incremental sort on it): the first offset+limit by distance and every match tied
            # with the last of them (WITH TIES: read on from the index while the distance is equal), then
            # those in the usual order of ties — the same page whatever the limit and offset. Only where
            # the index's order is the rows' (``rum_ordered``); phrases, ANDs and prefixes sort below.
            inner = (f"SELECT a.id, a.published_utc, t.tsv <=> ?::tsquery AS dist {sql}"
                     " ORDER BY dist FETCH FIRST (?) ROWS WITH TIES")
            sql = (f"SELECT id, dist FROM ({inner}) r"
                   " ORDER BY dist, published_utc DESC NULLS LAST, id DESC LIMIT ? OFFSET ?")
            return [(r[0], _score(r[1])) for r in conn.execute(
                sql, [p.match, *params, int(limit) + int(offset), int(limit), int(offset)])]
        if p.match and self.rum and sort != "date":  # the distance on each row, sorted: the one relevance order
            sql = f"SELECT a.id, t.tsv <=> ?::tsquery AS dist {sql} ORDER BY dist, {newest}"
            params = [p.match, *params]
        elif p.match:
            score = _tsq.RANK.replace("{q}", "?::tsquery")
            order = newest if sort == "date" else f"score DESC, {newest}"
            sql = f"SELECT a.id, {score} AS score {sql} ORDER BY {order}"
            params = [p.match, *params]
        else:
            sql = f"SELECT a.id, 0.0 AS score {sql} ORDER BY {newest}"
        sql += " LIMIT ? OFFSET ?" if limit is not None else " OFFSET ?"
        params += ([int(limit)] if limit is not None else []) + [int(offset)]
        rows = conn.execute(sql, params).fetchall()
        if p.match and self.rum and sort != "date":
            return [(r[0], _score(r[1])) for r in rows]
        return [(r[0], float(r[1])) for r in rows]

    @staticmethod
    def index_order(match: str) -> bool:
        """Whether a page of ``match`` may be read in the RUM index's order (benchmarks/pg_search.py's
        ``rum-index`` sets it true for every query: the index order before it was checked)."""
        return _tsq.rum_ordered(match)

    def count(self, conn, node: Node, filters: Filters | None) -> int:
        sql, params = _tsq.from_where(_tsq.plan(conn, node, filters))
        return conn.execute(f"SELECT count(*) {sql}", params).fetchone()[0]

    def select_ids(self, conn, node: Node | str, filters: Filters | None) -> tuple[str, list]:
        """``(sql, params)`` selecting the ids of the matches (for :func:`lagebild.archive.trends.scope`)."""
        sql, params = _tsq.from_where(_tsq.plan(conn, node, filters))
        return f"SELECT a.id {sql}", params

    def day_counts(self, conn, node: Node, filters: Filters | None, width: int) -> list[tuple[str | None, int]]:
        """``(first width characters of published_utc, matches)``: the histogram of
        :func:`lagebild.archive.trends.days` (width 10: UTC days, 13: hours)."""
        sql, params = _tsq.from_where(_tsq.plan(conn, node, filters))
        return [(r[0], r[1]) for r in conn.execute(
            f"SELECT substr(a.published_utc, 1, {int(width)}) AS d, count(*) {sql} GROUP BY 1", params)]

    def facet(self, conn, name: str, node: Node, filters: Filters | None, limit: int) -> list[tuple[str, int]]:
        sql, params = _tsq.from_where(_tsq.plan(conn, node, filters))
        expr = _FACET_SQL[name]
        order = "v DESC" if name == "month" else "n DESC, v"
        sql = (f"SELECT {expr} AS v, count(*) AS n {sql} AND {expr} IS NOT NULL AND {expr} != ''"
               f" GROUP BY 1 ORDER BY {order} LIMIT ?")
        return [(r[0], r[1]) for r in conn.execute(sql, [*params, int(limit)])]

    def facets(self, conn, names: list[str], node: Node, filters: Filters | None,
               limit: int) -> dict[str, list[tuple[str, int]]]:
        """Several facets over the same matches in one pass (GROUPING SETS), as :meth:`facet` each."""
        sql, params = _tsq.from_where(_tsq.plan(conn, node, filters))
        exprs = [_FACET_SQL[n] for n in names]
        rows = conn.execute(f"SELECT GROUPING({', '.join(exprs)}), {', '.join(exprs)}, count(*) {sql}"
                            f" GROUP BY GROUPING SETS ({', '.join(f'({e})' for e in exprs)})", params).fetchall()
        found: dict[str, list[tuple[str, int]]] = {n: [] for n in names}
        for row in rows:
            bits, values, n = row[0], row[1:-1], row[-1]
            for i, name in enumerate(names):
                if not bits & (1 << (len(names) - 1 - i)):  # grouped by this one
                    if values[i] is not None and values[i] != "":
                        found[name].append((values[i], n))
        for name, pairs in found.items():  # str order = code points = COLLATE "C", as facet() sorts
            pairs.sort(key=(lambda p: p[0]) if name == "month" else (lambda p: (-p[1], p[0])),
                       reverse=name == "month")
            found[name] = pairs[:limit]
        return found

    def by_terms(self, conn, terms: list[str], limit: int) -> list[tuple[int, float]]:
        q = " | ".join(_tsq.lexeme(t) for t in terms)
        if self.rum:
            sql = ("SELECT t.id, t.tsv <=> ?::tsquery AS dist FROM article_terms t"
                   " WHERE t.tsv @@ ?::tsquery ORDER BY dist, t.id LIMIT ?")
            return [(r[0], _score(r[1])) for r in conn.execute(sql, (q, q, int(limit)))]
        score = _tsq.RANK.replace("{q}", "?::tsquery")
        sql = (f"SELECT t.id, {score} AS score FROM article_terms t"
               " WHERE t.tsv @@ ?::tsquery ORDER BY score DESC, t.id LIMIT ?")
        return [(r[0], float(r[1])) for r in conn.execute(sql, (q, q, int(limit)))]

    def doc_freq(self, conn, term: str) -> int:
        return conn.execute("SELECT count(*) FROM article_terms WHERE tsv @@ ?::tsquery",
                            (_tsq.lexeme(term),)).fetchone()[0]

    def top_terms(self, conn, limit: int) -> list[tuple[str, int]]:
        """The most common index terms with the number of articles holding each (reads every tsvector)."""
        return [(r[0], r[1]) for r in conn.execute(
            "SELECT word, ndoc FROM ts_stat('SELECT tsv FROM article_terms') ORDER BY ndoc DESC, word LIMIT ?",
            (int(limit),))]

    def num_docs(self, conn) -> int:
        return conn.execute("SELECT count(*) FROM article_terms").fetchone()[0]


def pending(conn) -> bool:
    """Whether the log holds changes past the tsvector's watermark."""
    row = conn.execute("SELECT value FROM archive_meta WHERE key = 'tsvector_seq'").fetchone()
    return conn.execute("SELECT 1 FROM fulltext_outbox WHERE seq > ? LIMIT 1",
                        (int(row[0]) if row else 0,)).fetchone() is not None


def _score(distance) -> float:
    """RUM's distance as a score that grows with relevance (its rank: distance = 1 / rank)."""
    d = float(distance)
    return 1.0 / d if 0 < d < float("inf") else 0.0


__all__ = ["PgIndex", "pending", "tsvector", "write_terms"]
