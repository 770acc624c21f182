"""One rule for dates on the command line: --since/--until and the dates shown agree in one zone."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from lagebild.archive import Archive
from lagebild.cli import app
from lagebild.model import Article

runner = CliRunner()

# Late evening in New York on the 18th is already the 19th in UTC and in Berlin.
LATE = "2019-11-18T23:30:00-05:00"


def run(*args: str):
    result = runner.invoke(app, list(args), env={"COLUMNS": "240", "LAGEBILD_TZ": ""})
    return result


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "t.db"
    with Archive(path) as archive:
        archive.add(Article(title="Spätsitzung im Kongress", text="Der Kongress tagte bis spät in die Nacht.",
                            url="https://example.org/late", published=LATE, language="de"))
        archive.add(Article(title="Ohne Datum", text="Ein Text ohne Datum über den Kongress.",
                            url="https://example.org/undated", language="de"))
    return path


def _ids(db, *args):
    result = run("search", "Kongress", "--db", str(db), "--json", *args)
    assert result.exit_code == 0, result.output
    return [h["title"] for h in json.loads(result.output)]


@pytest.mark.parametrize("tz, day", [("UTC", "2019-11-19"), ("Europe/Berlin", "2019-11-19"),
                                     ("America/New_York", "2019-11-18")])
def test_the_day_shown_is_the_day_since_and_until_match(db, tz, day):
    table = run("search", "Kongress", "--db", str(db), "--tz", tz).output
    assert f"published ({tz})" in table and day in table
    late = "Spätsitzung im Kongress"
    assert late in _ids(db, "--since", day, "--tz", tz) and late in _ids(db, "--until", day, "--tz", tz)
    next_day = f"{day[:-2]}{int(day[-2:]) + 1:02d}"
    assert late not in _ids(db, "--since", next_day, "--tz", tz)


def test_the_zone_comes_from_the_environment_too(db):
    result = runner.invoke(app, ["search", "Kongress", "--db", str(db)], env={"COLUMNS": "240",
                                                                                "LAGEBILD_TZ": "America/New_York"})
    assert "published (America/New_York)" in result.output and "2019-11-18 23:30" in result.output


def test_undated_articles_never_match_a_date_and_show_no_date(db):
    assert "Ohne Datum" in _ids(db)
    assert "Ohne Datum" not in _ids(db, "--since", "1900-01-01")
    shown = run("show", "2", "--db", str(db)).output
    assert "Ohne Datum" in shown and "UTC" not in shown


def test_relative_dates_and_clean_errors(db):
    assert _ids(db, "--since", "7d") == [] and _ids(db, "--until", "yesterday")  # the article is from 2019
    result = run("search", "Kongress", "--db", str(db), "--since", "last week")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "'last week' is not a date: use YYYY-MM-DD" in result.output
    result = run("search", "Kongress", "--db", str(db), "--tz", "Mars/Olympus")
    assert result.exit_code == 2 and "unknown time zone 'Mars/Olympus'" in result.output
