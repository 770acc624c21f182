"""The entities / quotes / eval quotes commands against a small archive and dataset sample."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from lagebild.cli import app
from lagebild.enrich import enrich
from lagebild.model import Article, Mention
from lagebild.settings import EnrichSettings

TEXT = ("Der Außenminister Mevlüt Çavuşoğlu reiste nach Moskau. "
        "Cavusoglu sagte: „Der Vorschlag liegt weiter auf dem Tisch.“ Die türkische Regierung schwieg.")


@pytest.fixture
def db(tmp_path):
    archive_mod = pytest.importorskip("lagebild.archive")
    ms = []
    for surface, type_ in (("Mevlüt Çavuşoğlu", "PER"), ("Cavusoglu", "PER"), ("Moskau", "LOC")):
        start = TEXT.find(surface)
        ms.append(Mention(start, start + len(surface), surface, type_))
    article = Article(title="Besuch in Moskau", text=TEXT, language="de", mentions=ms,
                      published="2016-08-12T00:06:00+02:00", url="https://example.org/a", content_hash="h1")
    enrich(article, EnrichSettings(ner="off"))
    path = tmp_path / "t.db"
    with archive_mod.Archive(path) as archive:
        archive.add(article)
    return path


def test_entities_lists_counts(db):
    result = CliRunner().invoke(app, ["entities", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in json.loads(result.output)}
    assert rows["PER:mevlut-cavusoglu"]["type"] == "PER"
    assert rows["LOC:city:524901"]["country"] == "RU"
    assert "LOC:TR" in rows  # from the adjective "türkische"
    result = CliRunner().invoke(app, ["entities", "--db", str(db), "--type", "LOC", "--json"])
    assert {r["type"] for r in json.loads(result.output)} == {"LOC"}


def test_quotes_by_speaker_in_any_spelling(db):
    for who in ("Çavuşoğlu", "Cavusoglu", "PER:mevlut-cavusoglu"):
        result = CliRunner().invoke(app, ["quotes", "--speaker", who, "--db", str(db), "--json"])
        assert result.exit_code == 0, result.output
        texts = [r["text"] for r in json.loads(result.output)]
        assert texts == ["Der Vorschlag liegt weiter auf dem Tisch."], who


def test_entities_without_archive_is_one_clean_error(tmp_path):
    result = CliRunner().invoke(app, ["entities", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "no archive" in result.output


def test_eval_quotes_on_a_dev_sample(shared, tmp_path):
    src = shared / "benchmarks" / "quotes" / "german_news_quotation_2024" / "data" / "dev"
    if not src.is_dir():
        pytest.skip("quotation dataset absent")
    for f in sorted(src.glob("*.json"))[:5]:
        (tmp_path / f.name).write_bytes(f.read_bytes())
    result = CliRunner().invoke(app, ["eval", "quotes", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["documents"] == 5 and 0 <= report["direct"]["token_f1"] <= 1
