"""`lagebild export --table`: one row per entity / mention / quote / story, typed Parquet, clean errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from lagebild.archive import Archive
from lagebild.cli import app
from lagebild.model import Article, Entity, Mention, Quote

runner = CliRunner()
TEXT = "Anna Berg sagte, die Oder steige weiter."


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "e.db"
    people = Entity(id="PER:anna-berg", name="Anna Berg", type="PER")
    river = Entity(id="LOC:oder", name="Oder", type="LOC")
    with Archive(path) as archive:
        archive.add(Article(
            title="Pegel steigt", text=TEXT, url="https://example.org/p", language="de",
            published="2024-05-01T23:30:00+02:00", entities=[people, river],
            mentions=[Mention(0, 9, "Anna Berg", "PER", "PER:anna-berg"), Mention(22, 26, "Oder", "LOC", "LOC:oder")],
            quotes=[Quote(text="die Oder steige weiter", start=17, end=39, kind="indirect", speaker="Anna Berg",
                          speaker_entity_id="PER:anna-berg", cue="sagte")]))
    return path


def test_each_table_as_jsonl(db):
    for table, n in (("entities", 2), ("mentions", 2), ("quotes", 1), ("articles", 1)):
        result = runner.invoke(app, ["export", "--db", str(db), "--table", table])
        assert result.exit_code == 0, result.output
        rows = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
        assert len(rows) == n and f"exported {n} rows of {table}" in result.stderr
        if table != "articles":
            assert all(r["article_id"] == 1 for r in rows)
    quotes = json.loads(runner.invoke(app, ["export", "--db", str(db), "-t", "quotes"]).stdout)
    assert quotes["speaker_name"] == "Anna Berg" and quotes["published"] == "2024-05-01T21:30:00Z"


def test_parquet_quotes_and_the_day_filter_in_a_zone(db, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "q.parquet"
    args = ["export", "--db", str(db), "-t", "quotes", "-f", "parquet", "-o", str(out)]
    assert runner.invoke(app, [*args, "--since", "2024-05-02"]).exit_code == 0
    assert pq.read_table(out).num_rows == 0  # 21:30 UTC on May 1st
    assert runner.invoke(app, [*args, "--since", "2024-05-02", "--tz", "Asia/Tokyo"]).exit_code == 0  # 06:30 there
    assert pq.read_table(out).column("text").to_pylist() == ["die Oder steige weiter"]


def test_unknown_table_is_one_clean_error(db):
    result = runner.invoke(app, ["export", "--db", str(db), "--table", "people"])
    assert result.exit_code == 2 and "--table people: choose articles, entities, mentions, quotes, stories" in \
        result.output and "Traceback" not in result.output
