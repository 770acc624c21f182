"""`lagebild stories` / `story`: the largest stories first, entities by name, undated stays undated."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from lagebild import stories
from lagebild.archive import Archive
from lagebild.cli import app
from lagebild.model import Article, Entity
from lagebild.settings import StorySettings

runner = CliRunner()
ODER = Entity(id="LOC:city:2000001", name="Frankfurt (Oder)", type="LOC", country="DE")
FLOOD = ("Hochwasser an der Oder: Pegel in Frankfurt (Oder) steigt weiter, Deiche werden verstärkt, "
         "Anwohner am Oderufer werden evakuiert. Das Hochwasser erreicht am Abend seinen Höchststand.")


def run(*args: str):
    return runner.invoke(app, list(args), env={"COLUMNS": "240", "LAGEBILD_TZ": ""})


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "s.db"
    articles = [
        Article(title=f"Hochwasser an der Oder: Tag {i}", text=f"{FLOOD} Bericht {i}.", language="de",
                url=f"https://example.org/oder-{i}", published=f"2024-05-0{i}T08:00:00+02:00", entities=[ODER])
        for i in (1, 2, 3)
    ] + [
        Article(title="Bürgermeisterwahl in Cottbus", text="Cottbus wählt einen neuen Bürgermeister; die Wahl "
                "ist knapp, die Auszählung dauert bis in die Nacht.", language="de", url="https://example.org/wahl",
                published="2024-06-01T20:00:00+02:00"),
        Article(title="Rezept: Spargel mit Sauce", text="Spargel schälen, kochen und mit Butter servieren; dazu "
                "passen neue Kartoffeln und eine helle Sauce.", language="de", url="https://example.org/spargel"),
    ]
    with Archive(path) as archive:
        for article in articles:
            aid, _ = archive.add(article)
            stories.link(archive.story_store, archive.get(aid), StorySettings(embedder="off"))
    return path


def _stories(db, *args):
    result = run("stories", "--db", str(db), "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_largest_first_by_default_and_most_recent_first_on_request(db):
    by_size = _stories(db)
    assert [len(s["article_ids"]) for s in by_size][0] == 3
    assert by_size[0]["label"].startswith("Hochwasser an der Oder")
    recent = _stories(db, "--sort", "recent")
    assert recent[0]["label"] == "Bürgermeisterwahl in Cottbus"
    assert recent[-1]["label"].startswith("Rezept")  # undated: after every dated story
    assert sorted(s["id"] for s in recent) == sorted(s["id"] for s in by_size)
    assert run("stories", "--db", str(db), "--sort", "newest").exit_code == 2


def test_top_entities_are_shown_by_name(db):
    flood = _stories(db)[0]
    assert "LOC:city:2000001" in flood["top_entities"]
    assert "Frankfurt (Oder)" in flood["top_entity_names"]
    table = run("stories", "--db", str(db)).output
    assert "Frankfurt (Oder)" in table and "LOC:city:2000001" not in table


def test_an_undated_story_has_no_dates_instead_of_its_neighbours(db):
    undated = next(s for s in _stories(db) if s["label"].startswith("Rezept"))
    assert undated["first_seen"] is None and undated["last_seen"] is None
    shown = run("story", str(undated["id"]), "--db", str(db)).output
    assert "undated" in shown and "2024" not in shown


def test_since_reads_days_in_the_zone_and_undated_stories_match_no_date(db):
    assert [s["label"] for s in _stories(db, "--since", "2024-06-01")] == ["Bürgermeisterwahl in Cottbus"]
    # 2024-06-01T20:00+02:00 is June 2nd in Tokyo
    assert _stories(db, "--since", "2024-06-02", "--tz", "Asia/Tokyo")[0]["label"] == "Bürgermeisterwahl in Cottbus"
    assert _stories(db, "--since", "2024-06-02") == []
    assert run("stories", "--db", str(db), "--since", "soon").exit_code == 2
