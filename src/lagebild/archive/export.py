"""Export the matching articles, or their entities, mentions, quotes, stories or aliases (one row each, with
the article ids to join on), as JSONL, CSV or Parquet. The tables and their column types are in
:mod:`.tables`; Parquet keeps them typed (``list<struct>``, timestamps in UTC), CSV writes lists
and structs as JSON text, and JSONL of articles is ``model.to_dict`` per line."""

from __future__ import annotations

import csv
import io
import json
import os
from contextlib import contextmanager
from datetime import datetime

from ..errors import ArchiveError
from ..model import to_dict
from ..query import Filters
from .store import load_article, own_forms
from .tables import TABLES, arrow_schema

_BATCH = 500


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=_plain)


def _plain(value):
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    raise TypeError(f"{type(value).__name__} is not JSON")


@contextmanager
def _binary(out):
    """A binary file for ``out`` (a path or an open binary file, which stays open)."""
    if isinstance(out, (str, os.PathLike)):
        try:
            f = open(out, "wb")
        except OSError as exc:
            raise ArchiveError(f"{out}: cannot write the export ({exc.strerror})") from exc
        with f:
            yield f
    else:
        yield out


def export(archive, fmt: str, out, query: str = "", filters: Filters | None = None, *,
           table: str = "articles") -> int:
    """Write ``table`` of the articles matching ``query`` and ``filters`` to ``out`` (a path or an open
    binary file, which stays open); the number of rows written."""
    writers = {"jsonl": _jsonl, "csv": _csv, "parquet": _parquet}
    if fmt not in writers:
        raise ArchiveError(f"unknown export format {fmt!r}: choose jsonl, csv or parquet")
    if table not in TABLES:
        raise ArchiveError(f"unknown export table {table!r}: choose {', '.join(TABLES)}")
    ids = archive.ids(query, filters)
    articles = (own_forms(load_article(archive.conn, i)) for i in ids)
    if fmt == "jsonl" and table == "articles":  # the model's own form, which article_from_dict reads back
        rows = (to_dict(a) for a in articles)
    else:
        rows = TABLES[table].rows(articles, archive)
    with _binary(out) as f:
        return writers[fmt](rows, f, table)


def _jsonl(rows, f, table: str) -> int:
    n = 0
    for row in rows:
        f.write((_json(row) + "\n").encode("utf-8"))
        n += 1
    f.flush()
    return n


def _csv(rows, f, table: str) -> int:
    columns = list(TABLES[table].columns)
    text = io.TextIOWrapper(f, encoding="utf-8", newline="", write_through=True)
    try:
        writer = csv.DictWriter(text, fieldnames=columns)
        writer.writeheader()
        n = 0
        for row in rows:
            writer.writerow({k: spreadsheet_safe(_cell(v)) for k, v in row.items()})
            n += 1
        text.flush()
    finally:
        text.detach()  # leave the caller's file open
    return n


def _cell(value):
    """A CSV cell: lists and structs as JSON text, times as ISO 8601 in UTC."""
    if isinstance(value, (list, dict)):
        return _json(value)
    if isinstance(value, datetime):
        return _plain(value)
    return value


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A CSV cell a spreadsheet shows as text, never runs: a string starting with ``= + - @`` (or a
    tab or carriage return, which some strip first) gets a leading apostrophe — a title like
    ``=HYPERLINK(…)`` from a hostile page is not a live formula (OWASP "CSV injection")."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _parquet(rows, f, table: str) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema(TABLES[table])
    n, batch = 0, []
    with pq.ParquetWriter(f, schema, compression="zstd") as writer:
        for row in rows:
            batch.append(row)
            if len(batch) >= _BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n, batch = n + len(batch), []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n


__all__ = ["export", "spreadsheet_safe"]
