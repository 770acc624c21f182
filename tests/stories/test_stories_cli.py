from __future__ import annotations

import json

from texts import CHILE_DE_1, CHILE_DE_2, CHILE_EN, JAPAN_DE, make
from typer.testing import CliRunner

from lagebild import stories
from lagebild.archive import Archive
from lagebild.cli import app

runner = CliRunner()


def test_eval_stories_prints_the_bcubed_line_last(tmp_path):
    rows = [
        {"id": "a", "cluster": "chile", "item": CHILE_DE_1},
        {"id": "b", "cluster": "japan", "item": JAPAN_DE},
        {"id": "c", "cluster": "chile", "item": CHILE_DE_2},
        {"id": "d", "cluster": "chile", "item": CHILE_EN},
    ]
    path = tmp_path / "tiny.jsonl"
    with path.open("w") as fh:
        for r in rows:
            title, text, lang, date = r["item"]
            fh.write(json.dumps({"id": r["id"], "cluster": r["cluster"], "title": title, "text": text,
                                 "language": lang, "date": date}) + "\n")
    result = runner.invoke(app, ["eval", "stories", str(path)])
    assert result.exit_code == 0, result.output
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("B-cubed F1 ") and float(last.split()[-1]) == 1.0
    assert "related MAP" in result.output


def test_eval_stories_reports_an_unreadable_file_in_one_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    result = runner.invoke(app, ["eval", "stories", str(bad)])
    assert result.exit_code == 2 and "not JSON" in result.output


def test_link_fills_the_archive_and_the_story_commands_show_it(tmp_path):
    db = tmp_path / "news.db"
    with Archive(db) as archive:
        for i, item in enumerate([CHILE_DE_1, JAPAN_DE, CHILE_DE_2, CHILE_EN]):
            article = make(item, url=f"https://example.org/{i}")
            archive.add(article)
            stories.link(archive.story_store, article)
        rows = archive.conn.execute("SELECT id, story_id FROM articles ORDER BY id").fetchall()
        assert rows[0][1] == rows[2][1] == rows[3][1] != rows[1][1]
        assert [r.article_id for r in stories.related(archive.story_store, 1)][:2] in ([3, 4], [4, 3])
    out = runner.invoke(app, ["stories", "--db", str(db), "--json"])
    assert out.exit_code == 0, out.output
    listed = json.loads(out.output)
    chile = next(s for s in listed if len(s["article_ids"]) == 3)
    shown = runner.invoke(app, ["story", str(chile["id"]), "--db", str(db)])
    assert shown.exit_code == 0 and "Chile" in shown.output
    missing = runner.invoke(app, ["story", "999", "--db", str(db)])
    assert missing.exit_code == 2 and "no story 999" in missing.output
