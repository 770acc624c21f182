"""Export matching articles as JSONL (``model.to_dict`` per line), CSV or Parquet."""

from __future__ import annotations

import csv
import io
import json
import os
from contextlib import contextmanager

from ..errors import ArchiveError
from ..model import Article, to_dict
from ..query import Filters
from ..sources.urls import host_of
from .store import load_article, own_forms

SCALAR_COLUMNS = (
    "id", "url", "canonical_url", "title", "lead", "text", "published", "modified", "section", "publisher",
    "language", "reading_time", "word_count", "page_type", "content_hash", "source", "duplicate_of", "story_id",
)
LIST_COLUMNS = ("authors", "tags", "topics", "body")  # lists of strings
JSON_COLUMNS = ("origin", "related", "entities", "mentions", "quotes", "events")
COLUMNS = SCALAR_COLUMNS + LIST_COLUMNS + JSON_COLUMNS
_INT_COLUMNS = {"id", "reading_time", "word_count", "duplicate_of", "story_id"}
_BATCH = 500


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def flat_row(article: Article, *, lists_as_json: bool) -> dict:
    """One article as scalar columns, its lists as JSON text (CSV) or native lists (Parquet)."""
    data = to_dict(article)
    row = {c: data.get(c) for c in SCALAR_COLUMNS if c != "source"}
    row["source"] = host_of(article.canonical_url or article.url)
    for c in LIST_COLUMNS:
        row[c] = _json(data[c]) if lists_as_json else [str(x) for x in data[c]]
    for c in JSON_COLUMNS:
        row[c] = _json(data[c])
    return row


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


def export(archive, fmt: str, out, query: str = "", filters: Filters | None = None) -> int:
    writers = {"jsonl": _jsonl, "csv": _csv, "parquet": _parquet}
    if fmt not in writers:
        raise ArchiveError(f"unknown export format {fmt!r}: choose jsonl, csv or parquet")
    ids = archive.ids(query, filters)
    articles = (own_forms(load_article(archive.conn, i)) for i in ids)
    with _binary(out) as f:
        return writers[fmt](articles, f)


def _jsonl(articles, f) -> int:
    n = 0
    for art in articles:
        f.write((json.dumps(to_dict(art), ensure_ascii=False) + "\n").encode("utf-8"))
        n += 1
    f.flush()
    return n


def _csv(articles, f) -> int:
    text = io.TextIOWrapper(f, encoding="utf-8", newline="", write_through=True)
    try:
        writer = csv.DictWriter(text, fieldnames=COLUMNS)
        writer.writeheader()
        n = 0
        for art in articles:
            writer.writerow({k: spreadsheet_safe(v) for k, v in flat_row(art, lists_as_json=True).items()})
            n += 1
        text.flush()
    finally:
        text.detach()  # leave the caller's file open
    return n


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A CSV cell a spreadsheet shows as text, never runs: a string starting with ``= + - @`` (or a
    tab or carriage return, which some strip first) gets a leading apostrophe — a title like
    ``=HYPERLINK(…)`` from a hostile page is not a live formula (OWASP "CSV injection")."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _parquet(articles, f) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    fields = [pa.field(c, pa.int64() if c in _INT_COLUMNS else pa.string()) for c in SCALAR_COLUMNS]
    fields += [pa.field(c, pa.list_(pa.string())) for c in LIST_COLUMNS]
    fields += [pa.field(c, pa.string()) for c in JSON_COLUMNS]
    schema = pa.schema(fields)
    n, batch = 0, []
    with pq.ParquetWriter(f, schema, compression="zstd") as writer:
        for art in articles:
            batch.append(flat_row(art, lists_as_json=False))
            if len(batch) >= _BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n, batch = n + len(batch), []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n
