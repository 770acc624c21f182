"""The dialect layer: a psycopg 3 connection that speaks the ``sqlite3`` DB-API the archive's modules use.

The archive's modules (store, identities, facets, runs, monitor, stories, views) are written against
``sqlite3``: ``?`` and ``:name`` placeholders, ``INSERT OR IGNORE``/``OR REPLACE``, ``cursor.lastrowid``,
``sqlite3.Row`` rows, ``sqlite3.IntegrityError``. :class:`PgConnection` rewrites that small dialect
to PostgreSQL once per statement text (cached) and raises the ``sqlite3`` exception class that
matches PostgreSQL's, so the same Python code writes and reads both backends — only schema,
full-text and the few statements no rewrite can carry live in ``archive/pg``.

What is rewritten (and nothing else; a statement outside this dialect fails loudly):

* ``?`` → ``%s``; ``:name`` → ``%(name)s`` (with a dict of parameters); a literal ``%`` → ``%%``;
* ``INSERT OR IGNORE INTO t …`` → ``INSERT INTO t … ON CONFLICT DO NOTHING``;
* ``INSERT OR REPLACE INTO t(cols) …`` → ``… ON CONFLICT (key of t) DO UPDATE SET col = excluded.col``;
* ``INSERT INTO t`` of a table with a generated ``id`` → ``… RETURNING id`` (for ``lastrowid``);
* ``strftime('%Y-%m-%dT%H:%M:%SZ','now')`` → the same text from ``now()``;
* ``WHERE 1`` / ``AND 1`` → ``TRUE``; ``IN ()`` → an empty subquery; ``x IS NOT ?`` → ``IS DISTINCT FROM``;
  two-argument ``max``/``min`` → ``greatest``/``least``; in ``… DO UPDATE SET``, a bare column on the
  right-hand side → ``table.column`` (PostgreSQL reads it as ambiguous); ``published_utc DESC`` → ``…
  NULLS LAST`` (undated last, as SQLite, where NULL sorts lowest);
* ``SELECT value FROM json_each(?)`` (a JSON list of ids) → ``jsonb_array_elements_text`` as bigint;
  a unary ``+`` before a column (SQLite's "not by an index") is dropped; ``LIKE`` → ``ILIKE`` (SQLite's
  LIKE ignores the case of ASCII letters; ILIKE also that of other letters).
"""

from __future__ import annotations

import re
import sqlite3
from functools import lru_cache

from . import many as _many

# the primary key an INSERT OR REPLACE replaces on
REPLACE_KEYS = {
    "archive_meta": ("key",), "entity_names": ("entity_id", "language"), "entity_merges": ("source",),
    "story_articles": ("article_id",), "fulltext_outbox": ("article_id",),
}
# tables whose id PostgreSQL generates: an INSERT returns it (cursor.lastrowid)
ID_TABLES = {"articles", "failures", "quotes", "runs", "stories", "monitor_sources", "monitor_alerts",
             "monitor_outbox"}

_NOW = "strftime('%Y-%m-%dT%H:%M:%SZ','now')"
_PG_NOW = """to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')"""
_INSERT = re.compile(r"^\s*INSERT\s+(?:OR\s+(IGNORE|REPLACE)\s+)?INTO\s+(\w+)\s*(\(([^)]*)\))?", re.I)
_TRUE = re.compile(r"\b(WHERE|AND|OR)\s+1\b(?!\s*[=<>!])")
_PAIR = re.compile(r"\b(max|min)\(([^(),]+),([^(),]+)\)", re.I)
_QUOTED = re.compile(r"('(?:[^']|'')*')")
_PLUS = re.compile(r"(?<=[\s,(])\+(?=[A-Za-z_]\w*\.\w)")  # "+a.col", not "x + a.col"
_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


@lru_cache(maxsize=4096)
def translate(sql: str, named: bool = False, many: bool = False) -> tuple[str, bool]:
    """The PostgreSQL text of an archive statement, and whether it returns the new row's id."""
    sql = sql.replace(_NOW, "\0NOW\0").replace("%", "%%").replace("\0NOW\0", _PG_NOW)
    sql = _TRUE.sub(r"\1 TRUE", sql)
    sql = sql.replace("IN ()", "IN (SELECT NULL WHERE FALSE)")  # SQLite takes an empty list, PostgreSQL not
    sql = re.sub(r"published_utc DESC\b(?! NULLS)", "published_utc DESC NULLS LAST", sql)  # SQLite: NULL is least
    sql = re.sub(r"\bIS NOT \?", "IS DISTINCT FROM ?", sql)
    sql = sql.replace("SELECT value FROM json_each(?)",
                      "SELECT value::bigint FROM jsonb_array_elements_text(?::jsonb) AS j(value)")
    sql = _PLUS.sub("", sql)  # SQLite's unary + (keeps its planner off an index): no meaning for text here
    sql = re.sub(r"\bLIKE\b", "ILIKE", sql)  # SQLite's LIKE ignores ASCII case
    sql = _PAIR.sub(lambda m: f"{'greatest' if m[1].lower() == 'max' else 'least'}({m[2]},{m[3]})", sql)
    parts = _QUOTED.split(sql)  # placeholders only outside 'string literals' (odd parts)
    for i in range(0, len(parts), 2):
        parts[i] = _NAMED.sub(r"%(\1)s", parts[i]) if named else parts[i].replace("?", "%s")
    sql = "".join(parts)
    returning = False
    m = _INSERT.match(sql)
    if m and " DO UPDATE SET " in sql:
        sql = _qualify(sql, m[2])
    if m:
        mode, table, cols = (m[1] or "").upper(), m[2], m[4]
        sql = f"INSERT INTO {table}{' (' + cols + ')' if cols is not None else ''}" + sql[m.end():]
        sql = sql.rstrip().rstrip(";")
        if mode == "IGNORE":
            sql += " ON CONFLICT DO NOTHING"
        elif mode == "REPLACE":
            keys = REPLACE_KEYS[table]
            names = [c.strip() for c in (cols or "").split(",")]
            sets = ", ".join(f"{c} = excluded.{c}" for c in names if c not in keys)
            sql += f" ON CONFLICT ({', '.join(keys)}) DO " + (f"UPDATE SET {sets}" if sets else "NOTHING")
        if table in ID_TABLES and not many and "RETURNING" not in sql.upper():
            sql += " RETURNING id"
            returning = True
    return sql, returning


_KEYWORDS = {"excluded", "null", "true", "false", "and", "or", "not", "case", "when", "then", "else", "end", "is",
             "where"}


def _qualify(sql: str, table: str) -> str:
    """``… DO UPDATE SET df = df + 1`` → ``df = story_df.df + 1``: PostgreSQL reads a bare column on the
    right-hand side as ambiguous (the row or ``excluded``), SQLite as the row's."""
    head, _, tail = sql.partition(" DO UPDATE SET ")

    def side(expr: str) -> str:
        return re.sub(r"(?<![.\w%'])([A-Za-z_]\w*)\b(?!\s*[(.])",
                      lambda m: m[1] if m[1].lower() in _KEYWORDS else f"{table}.{m[1]}", expr)

    sets = []
    for item in re.split(r",(?![^(]*\))", tail):
        target, eq, expr = item.partition("=")
        sets.append(f"{target}{eq}{side(expr)}" if eq else item)
    return f"{head} DO UPDATE SET {','.join(sets)}"


def _clean(value):
    # PostgreSQL text cannot hold NUL; SQLite can. Keep the rest of the text rather than lose the article.
    if isinstance(value, str) and "\x00" in value:
        return value.replace("\x00", "\ufffd")
    return value


def _params(params):
    if params is None:
        return None
    if isinstance(params, dict):
        return {k: _clean(v) for k, v in params.items()}
    return [_clean(v) for v in params]


def sqlite_error(exc: Exception) -> sqlite3.Error:
    """The ``sqlite3`` exception matching a psycopg one, with PostgreSQL's first message line."""
    import psycopg

    kinds = [(psycopg.IntegrityError, sqlite3.IntegrityError), (psycopg.OperationalError, sqlite3.OperationalError),
             (psycopg.DataError, sqlite3.DataError), (psycopg.ProgrammingError, sqlite3.ProgrammingError),
             (psycopg.InterfaceError, sqlite3.InterfaceError)]
    kind = next((k for p, k in kinds if isinstance(exc, p)), sqlite3.DatabaseError)
    line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return kind(f"postgresql: {line}")


class Row(tuple):
    """A row readable by position and by column name (what ``sqlite3.Row`` offers)."""

    names: dict[str, int]

    def __getitem__(self, key):
        if isinstance(key, str):
            return tuple.__getitem__(self, self.names[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self.names)


class PgCursor:
    def __init__(self, raw, types: dict | None = None) -> None:
        self._cur = raw.cursor()
        self._types = {} if types is None else types  # table -> column types (many.py), per connection
        self.row_factory = None  # anything set here (sqlite3.Row) gives rows readable by name
        self.lastrowid: int | None = None
        self._returned: tuple | None = None

    def execute(self, sql: str, params=()) -> PgCursor:
        import psycopg

        text, returning = translate(sql, isinstance(params, dict))
        try:
            self._cur.execute(text, _params(params) if params is not None else [])
            if returning:
                row = self._cur.fetchone()
                self.lastrowid = row[0] if row else None
        except psycopg.Error as exc:
            raise sqlite_error(exc) from exc
        return self

    def executemany(self, sql: str, seq) -> PgCursor:
        import psycopg

        rows = seq if isinstance(seq, list) else list(seq)
        if not rows:
            return self
        text, _ = translate(sql, isinstance(rows[0], dict), True)
        try:
            if _many.execute(self._cur, text, rows, self._types, _clean):  # one statement over arrays
                return self
            self._cur.executemany(text, [_params(p) for p in rows])
        except psycopg.Error as exc:
            raise sqlite_error(exc) from exc
        return self

    @property
    def rowcount(self) -> int:
        return self._cur.rowcount

    @property
    def description(self):
        return self._cur.description

    def _wrap(self, row):
        if row is None or self.row_factory is None:
            return row
        out = Row(row)
        out.names = {c.name: i for i, c in enumerate(self._cur.description)}
        return out

    def fetchone(self):
        if self._cur.description is None:
            return None
        return self._wrap(self._cur.fetchone())

    def fetchall(self) -> list:
        if self._cur.description is None:
            return []
        return [self._wrap(r) for r in self._cur.fetchall()]

    def __iter__(self):
        return iter(self.fetchall())


class PgConnection:
    """One psycopg connection in autocommit mode; transactions are explicit (``BEGIN``/``COMMIT``)."""

    packs_text = False  # store.insert_article leaves text plain here: TOAST compresses large values itself
    arrays = True  # a list parameter is an array ("= ANY(?)"): one statement, not IN lists to parse

    def __init__(self, raw, release=None) -> None:
        self.raw = raw
        self._types: dict = {}
        self._release = release  # a pool's putconn: close() hands the connection back

    def cursor(self) -> PgCursor:
        return PgCursor(self.raw, self._types)

    def execute(self, sql: str, params=()) -> PgCursor:
        return self.cursor().execute(sql, params)

    def executemany(self, sql: str, seq) -> PgCursor:
        return self.cursor().executemany(sql, seq)

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def close(self) -> None:
        if self._release is not None:
            if self.in_transaction:
                self.raw.execute("ROLLBACK")
            self._release(self.raw)
            self._release = None
        else:
            self.raw.close()


__all__ = ["PgConnection", "PgCursor", "Row", "sqlite_error", "translate"]
