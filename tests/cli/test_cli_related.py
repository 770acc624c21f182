"""`lagebild related`: one score scale, nothing below the relevance floor beyond the article's story."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lagebild.cli import app
from lagebild.settings import StorySettings

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"
runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("rel") / "news.db"
    result = runner.invoke(app, ["ingest", str(CORPUS), "--db", str(path), "--no-enrich", "--workers", "1"])
    assert "stored" in result.output, result.output
    return path


def _related(db, aid: int, *args: str) -> list[dict]:
    result = runner.invoke(app, ["related", str(aid), "--db", str(db), "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _story(db, aid: int) -> int:
    return json.loads(runner.invoke(app, ["show", str(aid), "--db", str(db), "--json"]).output)["story_id"]


def test_results_beyond_the_story_are_above_the_floor_and_fewer_when_that_is_all(db):
    ids = [h["id"] for h in json.loads(runner.invoke(app, ["search", "", "--db", str(db), "--json",
                                                           "-n", "50"]).output)]
    floor = StorySettings(embedder="off").related_floor
    counts = []
    for aid in ids:
        hits = _related(db, aid, "-n", "10")
        counts.append(len(hits))
        mine = _story(db, aid)
        for h in hits:
            assert h["id"] != aid
            assert _story(db, h["id"]) == mine or h["score"] >= floor, (aid, h)
        scores = [h["score"] for h in hits if _story(db, h["id"]) != mine]
        assert scores == sorted(scores, reverse=True)  # one scale, best first
    assert min(counts) < 10 and len(ids) > 5  # a small mixed corpus: not every slot is filled


def test_the_oder_flood_lists_its_story_first(db):
    hits = json.loads(runner.invoke(app, ["search", '"Hochwasser an der Oder"', "--db", str(db), "--json"]).output)
    related = _related(db, hits[0]["id"])
    assert related and any("Oder" in h["title"] for h in related[:2])
