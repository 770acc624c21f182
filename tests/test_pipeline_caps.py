"""Issue 13: inputs over a size cap are cut and the cut is said — on the article (``truncated``),
in the run's counts and in the CLI's summary — instead of costing minutes or being cut silently."""

from __future__ import annotations

import dataclasses

from typer.testing import CliRunner

import lagebild
from lagebild.archive import Archive
from lagebild.model import Article, Origin, Page
from lagebild.pipeline import run
from lagebild.settings import ExtractSettings, Settings

import random

WHO = ["Der Stadtrat", "Die Bürgermeisterin", "Ein Sprecher der Verwaltung", "Die Opposition", "Der Bauausschuss",
       "Eine Anwohnerin", "Der Kämmerer", "Die Gewerkschaft"]
DID = ["hat am Dienstag beschlossen", "kritisierte am Abend", "forderte erneut", "begrüßte ausdrücklich",
       "lehnte zunächst ab", "prüft derzeit"]
WHAT = ["die Sanierung der alten Brücke über den Fluss", "einen Zuschuss für den Umbau des Bahnhofs",
        "die Verlängerung der Straßenbahn bis zum Hafen", "den Neubau der Grundschule im Norden",
        "zusätzliche Radwege entlang der Hauptstraße", "eine Bürgerbefragung zum Stadtpark"]


def _paragraph(i: int) -> str:
    rng = random.Random(i)
    return " ".join(f"{rng.choice(WHO)} {rng.choice(DID)} {rng.choice(WHAT)}, Punkt {i}.{k}." for k in range(4))


def _settings(**extract) -> Settings:
    s = Settings()
    s.enrich.pipeline = ()
    s.stories.embedder = "off"
    s.extract = dataclasses.replace(ExtractSettings(), **extract)
    return s


def _text_page(lines: int) -> Page:
    text = "Brücke wird saniert\n\n" + "\n\n".join(_paragraph(i) for i in range(lines))
    return Page(content=text, kind="text", origin=Origin(path=f"live-{lines}.txt"))


def _html_page(paragraphs: int, script_kb: int = 0) -> Page:
    script = "<script>" + "var x = 1;" * (script_kb * 100) + "</script>"
    body = "".join(f"<p>{_paragraph(i)}</p>" for i in range(paragraphs))
    html = f"<html><head><title>Brücke wird saniert</title>{script}</head><body><article><h1>Brücke wird saniert</h1>{body}</article></body></html>"
    return Page(content=html.encode(), kind="html", origin=Origin(path=f"page-{paragraphs}.html"))


def test_long_scraped_text_is_cut_at_a_line_and_says_so():
    settings = _settings(max_text_chars=20_000)
    (article,) = run([_text_page(400)], settings, enrich=False)
    assert isinstance(article, Article)
    assert article.truncated and "max_text_chars" in article.truncated
    assert len(article.text) <= 20_000 and "Punkt 0.0" in article.text
    (whole,) = run([_text_page(20)], settings, enrich=False)
    assert whole.truncated is None


def test_long_html_is_cut_after_its_scripts_are_dropped_and_says_so():
    settings = _settings(max_html_chars=50_000)
    (article,) = run([_html_page(600)], settings, enrich=False)
    assert article.truncated and "max_html_chars" in article.truncated and "Punkt 0.0" in article.text
    (scripted,) = run([_html_page(50, script_kb=80)], settings, enrich=False)  # big only by its script
    assert scripted.truncated is None and "Punkt 49.3" in scripted.text


def test_the_cut_is_counted_in_the_run_and_shown_by_the_cli(tmp_path):
    settings = _settings(max_text_chars=20_000)
    with Archive(tmp_path / "a.db") as archive:
        report = lagebild.ingest(archive, [_text_page(400), _text_page(20)], settings)
        assert report.stored == 2 and [name for name, _ in report.truncated] == ["live-400.txt"]
        assert archive.runs(1)[0].counts["truncated"] == 1
        cut, whole = (archive.get(i) for i in report.ids)  # the flag is stored with the article
        assert cut.truncated and "max_text_chars" in cut.truncated and whole.truncated is None
    from lagebild.cli import app

    shown = CliRunner().invoke(app, ["show", str(cut.id), "--db", str(tmp_path / "a.db")])
    assert shown.exit_code == 0 and "cut text of" in " ".join(shown.output.split()), shown.output
    as_json = CliRunner().invoke(app, ["show", str(cut.id), "--json", "--db", str(tmp_path / "a.db")])
    assert '"truncated": "text of' in as_json.output


def test_cli_ingest_prints_each_failure_once(tmp_path):
    from lagebild.cli import app

    (tmp_path / "bad.html").write_bytes(b"\x00\x01\x02" * 50)
    (tmp_path / "empty.txt").write_text("")
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "bad.html"), str(tmp_path / "empty.txt"),
                                      "--no-enrich", "--db", str(tmp_path / "a.db")])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("failed")]
    assert len(lines) == 2 and len({line.split(":")[0] for line in lines}) == 2, result.output
    assert "Traceback" not in result.output
