"""The article commands end to end over the sample corpus: exit codes, JSON shapes, idempotency."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lagebild.cli import app

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"
runner = CliRunner()


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "news.db"
    result = run("ingest", str(CORPUS), "--db", str(path), "--no-enrich")
    assert "stored" in result.output, result.output
    return path


def test_ingest_twice_stores_nothing_new(db):
    result = run("ingest", str(CORPUS), "--db", str(db), "--no-enrich")
    assert "stored 0 " in result.output
    assert "duplicate" in result.output


def test_search_json_finds_word_forms(db):
    result = run("search", "evakuieren", "--db", str(db), "--json")
    assert result.exit_code == 0
    hits = json.loads(result.output)
    assert any("evakuiert" in h["title"] for h in hits)
    assert {"id", "title", "url", "published", "section", "language", "snippet", "score"} <= set(hits[0])


def test_search_filters_by_language(db):
    hits = json.loads(run("search", "", "--lang", "en", "--db", str(db), "--json").output)
    assert hits and all(h["language"] == "en" for h in hits)


def test_show_json_has_article_fields_and_source(db):
    first = json.loads(run("search", "Hochwasser", "--db", str(db), "--json").output)[0]
    shown = json.loads(run("show", str(first["id"]), "--db", str(db), "--json").output)
    assert shown["title"] == first["title"]
    for key in ("lead", "body", "text", "published", "language", "reading_time", "word_count", "related",
                "page_type", "content_hash", "source"):
        assert key in shown


def test_show_unknown_id_is_one_clean_error(db):
    result = runner.invoke(app, ["show", "99999", "--db", str(db)])
    assert result.exit_code == 2
    assert "99999" in result.output and "Traceback" not in result.output


def test_search_on_missing_archive_says_so(tmp_path):
    result = runner.invoke(app, ["search", "x", "--db", str(tmp_path / "nope.db")])
    assert result.exit_code == 2 and "no archive" in result.output


def test_bad_query_is_one_clean_error(db):
    result = runner.invoke(app, ["search", "(unclosed", "--db", str(db)])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_export_jsonl_and_csv(db, tmp_path):
    jsonl = run("export", "--db", str(db), "--format", "jsonl")
    rows = [json.loads(line) for line in jsonl.stdout.splitlines() if line.strip()]
    assert len(rows) >= 6 and all(r["title"] for r in rows)
    out = tmp_path / "a.csv"
    run("export", "--db", str(db), "--format", "csv", "-o", str(out))
    with out.open(newline="", encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) == len(rows)
    pq = tmp_path / "a.parquet"
    run("export", "--db", str(db), "--format", "parquet", "-o", str(pq))
    import pyarrow.parquet as papq

    assert papq.read_table(pq).num_rows == len(rows)


def test_related_lists_other_articles_of_the_story(db):
    hits = json.loads(run("search", '"Hochwasser an der Oder"', "--db", str(db), "--json").output)
    related = json.loads(run("related", str(hits[0]["id"]), "--db", str(db), "--json").output)
    assert related and hits[0]["id"] not in {h["id"] for h in related}
    assert any("Oder" in h["title"] for h in related)


def test_extract_jsonl_one_object_per_input_and_exit_1_on_failure(tmp_path):
    bad = tmp_path / "broken.html"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    result = runner.invoke(app, ["extract", str(CORPUS / "rheinkurier-oder-pegel.txt"), str(bad), "--jsonl"])
    lines = [json.loads(x) for x in result.stdout.splitlines() if x.strip()]
    assert result.exit_code == 1
    assert len(lines) == 2
    assert lines[0]["error"] is None and lines[0]["title"]
    assert lines[1]["error"] and lines[1]["source"].endswith("broken.html")


def test_extract_reads_stdin():
    text = (CORPUS / "rheinkurier-wasserstoff-faehre.txt").read_text(encoding="utf-8")
    result = runner.invoke(app, ["extract", "-", "--jsonl"], input=text)
    assert result.exit_code == 0
    assert json.loads(result.stdout.splitlines()[0])["language"] == "de"


def test_the_demo_puts_quotation_marks_only_around_direct_quotes():
    from lagebild.archive.facets import QuoteHit
    from lagebild.cli.articles import quote_line

    said = QuoteHit("Wir bauen die Brücke bis zum Herbst", "direct", "Jana Roth", None, 1, "t", None, None)
    reported = QuoteHit("Die Brücke werde bis zum Herbst fertig", "indirect", "Jana Roth", None, 1, "t", None, None)
    assert quote_line(said) == "Jana Roth: „Wir bauen die Brücke bis zum Herbst“"
    assert "„" not in quote_line(reported) and "reported" in quote_line(reported)
    # article text is untrusted: rich markup in it is escaped, not rendered
    assert r"\[b]x" in quote_line(QuoteHit("[b]x[/b]", "direct", "A", None, 1, "t", None, None))
