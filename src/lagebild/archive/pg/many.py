"""``executemany`` of an INSERT as one statement over arrays (``INSERT … SELECT … FROM unnest(…)``).

psycopg sends ``executemany`` as one prepared statement per row (pipelined): ~50 µs of client time
and a bind/execute on the server per row. A linked batch of real articles writes tens of thousands
of such rows (story document frequencies, entity aliases and names, band keys), so an INSERT whose
values are placeholders only is sent once with one array per column instead. The meaning stays that
of the rows one after another: the rows keep their order (identity columns count up as before), and
an ``ON CONFLICT (key) DO UPDATE`` — which PostgreSQL refuses to apply twice to one row within a
statement — is sent in rounds, each holding at most one row per key, in the order they came
(``df = df + excluded.df`` adds up as it would row by row). ``ON CONFLICT DO NOTHING`` needs no
rounds: a later duplicate meets the earlier row and is passed over, as it would be.

Anything else (UPDATE, DELETE, an INSERT with a constant among its values, a handful of rows) goes
the ordinary way.
"""

from __future__ import annotations

import re

MIN_ROWS = 4  # below this the ordinary executemany is as cheap
_VALUES = re.compile(r"^INSERT INTO (\w+) \(([^)]*)\) VALUES \(((?:%\(\w+\)s|[^()])*)\)(.*)$", re.S)
_PLACEHOLDER = re.compile(r"^\s*%(?:s|\((\w+)\)s)\s*$")
_DO_UPDATE = re.compile(r"ON CONFLICT\s*\(([^)]*)\)\s*DO UPDATE", re.I)


def plan(sql: str) -> tuple[str, list[str], list[str | None], list[str], str] | None:
    """``(table, columns, parameter names or None, conflict key columns, what follows the values)`` of an INSERT this module can
    send as arrays, or None."""
    m = _VALUES.match(sql.strip())
    if not m:
        return None
    columns = [c.strip().strip('"') for c in m[2].split(",")]
    names = []
    for value in m[3].split(","):
        p = _PLACEHOLDER.match(value)
        if p is None:
            return None  # a constant or an expression among the values
        names.append(p[1])
    if len(names) != len(columns) or "RETURNING" in m[4].upper():
        return None
    key = _DO_UPDATE.search(m[4])
    return m[1], columns, names, [c.strip().strip('"') for c in key[1].split(",")] if key else [], m[4]


def column_types(raw, table: str, cache: dict) -> dict[str, str]:
    types = cache.get(table)
    if types is None:
        types = cache[table] = dict(raw.execute(
            "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
            " WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped", (table,)).fetchall())
    return types


def _column(values: list, clean) -> list:
    """One column's values in one Python type psycopg can send as an array (text when they are mixed)."""
    kinds = {v.__class__ for v in values if v is not None}
    if kinds <= {str}:
        return [clean(v) for v in values] if any("\x00" in v for v in values if v is not None) else values
    if kinds <= {bytes} or kinds <= {int} or kinds <= {float}:
        return values
    if bytes in kinds or memoryview in kinds or bytearray in kinds:
        return [None if v is None else bytes(v) for v in values]
    return [None if v is None else str(int(v)) if isinstance(v, bool) else clean(str(v)) for v in values]


def rounds(rows: list, key_at: list[int]) -> list[list]:
    """``rows`` in rounds holding each key at most once, every key's rows in their order."""
    if not key_at:
        return [rows]
    if len(key_at) == 1 and len({row[key_at[0]] for row in rows}) == len(rows):
        return [rows]  # every key once (a Counter's items): one round
    out: list[list] = []
    seen: dict[tuple, int] = {}
    for row in rows:
        k = tuple(row[i] for i in key_at)
        n = seen.get(k, 0)
        seen[k] = n + 1
        if n == len(out):
            out.append([])
        out[n].append(row)
    return out


def execute(cur, sql: str, rows: list, types_cache: dict, clean) -> bool:
    """Send ``rows`` of the translated INSERT ``sql`` as arrays; False when it is not such an INSERT."""
    if len(rows) < MIN_ROWS:
        return False
    found = plan(sql)
    if found is None:
        return False
    table, columns, names, key, tail = found
    types = column_types(cur.connection, table, types_cache)
    if any(c not in types for c in columns):
        types_cache.pop(table, None)  # a column added since: read the table again next time
        return False
    if isinstance(rows[0], dict):
        if any(n is None for n in names):
            return False
        rows = [tuple(r[n] for n in names) for r in rows]
    elif any(n is not None for n in names):
        return False
    arrays = ", ".join(f"%b::{types[c]}[]" for c in columns)  # binary: psycopg's text arrays escape per value
    cols = ", ".join(f'"{c}"' for c in columns)
    text = f"INSERT INTO {table} ({cols}) SELECT * FROM unnest({arrays}){tail}"
    for part in rounds(rows, [columns.index(k) for k in key]):
        cur.execute(text, [_column(list(col), clean) for col in zip(*part)])
    return True


__all__ = ["execute", "plan", "rounds"]
