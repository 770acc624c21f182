"""Export in JSONL, CSV and Parquet, to a path or an open binary file."""

from __future__ import annotations

import csv
import io
import json

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
    assert json.loads(rows[1]["quotes"])[0]["cue"] == "sagte"


def test_empty_export_and_bad_format(filled, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    assert filled.export("parquet", tmp_path / "none.parquet", query="nichtsdergleichen") == 0
    assert pq.read_table(tmp_path / "none.parquet").num_rows == 0
    with pytest.raises(ArchiveError, match="unknown export format"):
        filled.export("xml", tmp_path / "x")
