"""`lagebild runs`: every ingest run is recorded with the settings it used and what it counted."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from lagebild.cli import app
from lagebild.settings import Settings

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"
runner = CliRunner()


def test_runs_show_settings_and_counts(tmp_path):
    db = str(tmp_path / "news.db")
    first = runner.invoke(app, ["ingest", str(CORPUS / "oderbote-hochwasser.html"), "--db", db, "--no-enrich"])
    assert first.exit_code == 0 and "stored 1 " in first.output, first.output
    runner.invoke(app, ["ingest", str(CORPUS / "oderbote-startseite.html"), "--db", db, "--ner", "fast"])
    out = runner.invoke(app, ["runs", "--db", db, "--json"])
    newest, oldest = json.loads(out.output)
    assert oldest["command"] == "ingest" and oldest["inputs"].endswith("oderbote-hochwasser.html")
    assert oldest["counts"]["stored"] == 1 and oldest["finished"]
    assert Settings.from_dict(oldest["settings"]).enrich.pipeline == ()  # --no-enrich is recorded
    assert newest["settings"]["enrich"]["ner"] == "fast" and newest["counts"]["skipped"] == 1
    table = runner.invoke(app, ["runs", "--db", db])
    assert table.exit_code == 0 and "stored 1" in table.output and "skipped 1" in table.output


def test_reindex_rebuilds_and_switches_the_index(tmp_path):
    from lagebild.archive import Archive
    from lagebild.archive.fulltext import available

    db = str(tmp_path / "news.db")
    with Archive(db, index="fts5") as ar:
        before = ar.count("Hochwasser")
    runner.invoke(app, ["ingest", str(CORPUS / "oderbote-hochwasser.html"), "--db", db, "--no-enrich"])
    out = runner.invoke(app, ["reindex", "--db", db])
    assert out.exit_code == 0 and "full-text index fts5 rebuilt" in out.output, out.output
    out = runner.invoke(app, ["reindex", "--db", db, "--index", "nosuch"])
    assert out.exit_code == 2 and "unknown full-text index 'nosuch'" in out.output
    with Archive(db) as ar:
        assert ar.index.name == "fts5" and ar.count("Hochwasser") == before + 1
    out = runner.invoke(app, ["reindex", "--db", db, "--index", "tantivy"])
    if "tantivy" in available():
        assert out.exit_code == 0 and "full-text index tantivy rebuilt (1 articles" in out.output, out.output
        with Archive(db, readonly=True) as ar:
            assert ar.index.name == "tantivy" and ar.count("Hochwasser") == before + 1
