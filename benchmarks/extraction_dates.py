"""Which benchmark pages show their expected date at all.

    shows_day(html_bytes, "2024-04-18", url)   # True when that day is written anywhere in the page
    shown_date_score(root, predictions, urls)    # date accuracy over the pages that show their expected date

The issue's date target counts pages "where the page shows a date": some annotated dates (WCXB's above all)
are written nowhere in the stored page — the annotator saw another version of it — and no extractor can
find them. A page counts when its expected day is written somewhere in its HTML — visible text, markup
(``<meta>``, JSON-LD, attributes) or its URL — in any spelling :func:`lagebild.extract.dates.find_dates`
reads (ISO, numeric day-month-year either way round, month names in ten languages). This is a property
of the page and its gold value only; the extractor's own reading plays no part in it.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

_TAG = re.compile(r"<[^>]*>")
_COMPACT = re.compile(r"(?<!\d)((?:19|20)\d\d)(\d\d)(\d\d)(?!\d)")
_YMD = re.compile(r"(?<!\d)((?:19|20)\d\d)[/_.-]([01]?\d)[/_.-]([0-3]?\d)(?!\d)")  # a URL's 2017/7/12
_DMY = re.compile(r"(?<!\d)([0-3]?\d)[-_]([01]?\d)[-_]((?:19|20)\d\d)(?!\d)")  # 29-10-2021


def written_days(html: bytes, url: str | None, year: str) -> set[str]:
    """Every day ("YYYY-MM-DD") of ``year`` written in the page or its URL, read day-first and month-first
    (only the text around each mention of the year is read: the whole page through the date patterns is slow)."""
    from lagebild.extract.dates import find_dates

    days: set[str] = set()
    raw = html.decode("utf-8", errors="replace")
    for chunk in (raw, unescape(_TAG.sub(" ", raw)), url or ""):
        for m in re.finditer(year, chunk):
            window = chunk[max(0, m.start() - 40):m.end() + 40]
            for language in ("en", None):
                days.update(d.day.isoformat() for d in find_dates(window, language))
            numbers = _COMPACT.findall(window) + _YMD.findall(window) + [(y, mo, d) for d, mo, y in _DMY.findall(window)]
            days.update(f"{y}-{int(mo):02d}-{int(d):02d}" for y, mo, d in numbers if 1 <= int(mo) <= 12 and 1 <= int(d) <= 31)
    return days


def shows_day(html: bytes, day: str, url: str | None = None) -> bool:
    """Whether the expected ``day`` (ISO, only its first ten characters count) is written in the page."""
    return len(day) >= 10 and day[:10] in written_days(html, url, day[:4])


def expected_dates(root: Path) -> dict[str, str]:
    """The expected date of every page of the set that has one (ground-truth.json or evaldata.jsonl)."""
    if (root / "ground-truth.json").exists():
        truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
        return {page: rec["date"] for page, rec in truth.items() if rec.get("date")}
    out = {}
    for line in (root / "evaldata.jsonl").open(encoding="utf-8"):
        rec = json.loads(line) if line.strip() else {}
        if rec.get("date"):
            out[Path(rec["file"]).stem] = rec["date"]
    return out


def shown_date_score(root: Path, predictions: Path, urls: dict[str, str | None]) -> tuple[float, int] | None:
    """(share of right dates, pages) over the pages whose expected date the page shows, as score.py compares
    a date (the first ten characters); None when the set has no dates."""
    expected = expected_dates(root)
    if not expected:
        return None
    found = {}
    for line in predictions.open(encoding="utf-8"):
        rec = json.loads(line)
        found[rec["page"]] = str(rec.get("published") or "")[:10]
    shown = [page for page, day in expected.items() if (root / "html" / f"{page}.html").exists()
             and shows_day((root / "html" / f"{page}.html").read_bytes(), day, urls.get(page))]
    if not shown:
        return None
    return sum(found.get(page) == expected[page][:10] for page in shown) / len(shown), len(shown)
