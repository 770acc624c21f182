"""Export in JSONL, CSV and Parquet, to a path or an open binary file."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone

import pytest

from lagebild.archive.store import own_forms
from lagebild.errors import ArchiveError
from lagebild.model import article_from_dict, to_dict
from lagebild.query import Filters


def test_jsonl_is_to_dict_per_line_with_entities_and_quotes(filled, tmp_path):
    out = tmp_path / "a.jsonl"
    assert filled.export("jsonl", out) == 5
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [r["id"] for r in records] == [3, 4, 1, 2, 5]
    first = next(r for r in records if r["id"] == 1)
    # entities carry the article's own forms, not the archive's alias lists (issue 14)
    assert first == to_dict(own_forms(filled.get(1)))
    assert first["entities"][1]["name"] == "Mevlüt Çavuşoğlu" and first["quotes"][0]["speaker_entity_id"]
    assert article_from_dict(first) == own_forms(filled.get(1))


def test_jsonl_to_binary_file_with_query_and_filters(filled):
    buf = io.BytesIO()
    assert filled.export("jsonl", buf, "Türkei", Filters(section="Politik")) == 2
    assert {json.loads(x)["id"] for x in buf.getvalue().decode().splitlines()} == {1, 5}


def test_csv_has_flat_columns_and_json_lists(filled):
    buf = io.BytesIO()
    assert filled.export("csv", buf, filters=Filters(language="en")) == 2
    assert not buf.closed
    rows = list(csv.DictReader(io.StringIO(buf.getvalue().decode("utf-8"))))
    assert [r["id"] for r in rows] == ["4", "2"]
    row = rows[1]
    assert row["title"] == "Turkey and Germany cooperate" and row["source"] == "bbc.co.uk"
    assert json.loads(row["entities"])[1]["id"] == "PER:mevlut-cavusoglu"
    assert json.loads(row["body"]) == ["Both governments cooperated on migration."]


def test_parquet(filled, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "a.parquet"
    assert filled.export("parquet", out) == 5
    table = pq.read_table(out)
    assert table.num_rows == 5
    rows = {r["id"]: r for r in table.to_pylist()}
    assert rows[1]["authors"] == ["Anna Müller"] and rows[1]["section"] == "Politik"
    assert rows[1]["quotes"][0]["cue"] == "sagte"  # a list of structs, not JSON text


def test_parquet_types_are_nested_and_published_is_an_instant_in_utc(filled, tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "a.parquet"
    filled.export("parquet", out)
    schema = pq.read_schema(out)
    assert schema.field("published").type == pa.timestamp("us", tz="UTC")
    for column in ("entities", "mentions", "quotes", "related", "events"):
        kind = schema.field(column).type
        assert pa.types.is_list(kind) and pa.types.is_struct(kind.value_type), column
    assert schema.field("entities").type.value_type.field("aliases").type == pa.list_(pa.string())
    assert pa.types.is_struct(schema.field("origin").type)
    rows = {r["id"]: r for r in pq.read_table(out).to_pylist()}
    stored = filled.get(1)
    assert rows[1]["published"] == datetime.fromisoformat(stored.published).astimezone(timezone.utc)
    assert rows[1]["published_text"] == stored.published
    assert [e["id"] for e in rows[1]["entities"]] == [e.id for e in stored.entities]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_child_tables_have_one_row_each_with_the_article_id(filled, tmp_path, fmt):
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    articles = [filled.get(i) for i in filled.ids()]
    expected = {
        "entities": sorted((a.id, e.id) for a in articles for e in a.entities),
        "mentions": sorted((a.id, m.start) for a in articles for m in a.mentions),
        "quotes": sorted((a.id, q.start) for a in articles for q in a.quotes),
    }
    key = {"entities": "entity_id", "mentions": "start", "quotes": "start"}
    for table, want in expected.items():
        out = tmp_path / f"{table}.{fmt}"
        assert filled.export(fmt, out, table=table) == len(want) > 0
        rows = _read(fmt, out)
        got = sorted((int(r["article_id"]), _int_or(r[key[table]])) for r in rows)
        assert got == want, table
    quotes = _read(fmt, tmp_path / f"quotes.{fmt}")
    named = [q for q in quotes if q["speaker_entity_id"]]
    assert named and all(q["speaker_name"] for q in named)  # the speaker's display name beside the id


def test_stories_table_is_one_row_per_story_of_the_matches(filled, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    from lagebild import stories
    from lagebild.settings import StorySettings

    for aid in filled.ids():  # the corpus was added without the story stage
        stories.link(filled.story_store, filled.get(aid), StorySettings(embedder="off"))
    out = tmp_path / "stories.parquet"
    n = filled.export("parquet", out, table="stories")
    rows = pq.read_table(out).to_pylist()
    story_of = {aid: filled.get(aid).story_id for aid in filled.ids()}
    assert n == len(rows) == len(set(story_of.values()))
    for row in rows:
        assert set(row["article_ids"]) == {a for a, s in story_of.items() if s == row["story_id"]}
        assert row["size"] == len(row["article_ids"])


def test_duckdb_unnests_the_entities(filled, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    pytest.importorskip("pyarrow")
    out = tmp_path / "a.parquet"
    filled.export("parquet", out)
    con = duckdb.connect()
    got = con.execute(f"SELECT id, unnest(entities).id AS entity FROM read_parquet('{out}') ORDER BY id").fetchall()
    assert sorted(got) == sorted((a.id, e.id) for a in map(filled.get, filled.ids()) for e in a.entities)
    kinds = con.execute(f"SELECT DISTINCT typeof(published) FROM read_parquet('{out}')").fetchall()
    assert kinds == [("TIMESTAMP WITH TIME ZONE",)]


def _read(fmt, path):
    if fmt == "jsonl":
        return [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    if fmt == "csv":
        with path.open(newline="", encoding="utf-8") as f:
            return list(csv.DictReader(f))
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pylist()


def _int_or(value):
    return int(value) if isinstance(value, str) and value.isdigit() else value


def test_empty_export_and_bad_format(filled, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    assert filled.export("parquet", tmp_path / "none.parquet", query="nichtsdergleichen") == 0
    assert pq.read_table(tmp_path / "none.parquet").num_rows == 0
    with pytest.raises(ArchiveError, match="unknown export format"):
        filled.export("xml", tmp_path / "x")
    with pytest.raises(ArchiveError, match="unknown export table"):
        filled.export("csv", tmp_path / "x", table="people")
