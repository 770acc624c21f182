"""Metadata read from a scraped page's lines around the article text: title, section, byline, reading time,
date and publisher. Each finder takes the page's lines and the index range of the article body.
"""

from __future__ import annotations

import re

from . import _text_lines as tl
from .dates import FoundDate, find_dates

_SUFFIX = re.compile(r"\s+(?:\||-|–|—|::|·|»|/)\s+")
_WORDS = re.compile(r"\w+")
_UPDATED = re.compile(r"aktualisiert|updated|geändert|zuletzt|last modified|modified|stand:", re.I)
_PUBLISHED = re.compile(r"veröffentlicht|erschienen|published|posted|datum|date|erstellt", re.I)
_NAME_CUT = re.compile(r"\s*(?:[|,(]\s*)?(?:\d|am\s+\d|on\s+\w+\s+\d|veröffentlicht|published|aktualisiert|updated).*$", re.I)


def _tokens(text: str) -> list[str]:
    return [t.casefold() for t in _WORDS.findall(text)]


def title_parts(first: str) -> list[str]:
    """The segments of a <title>-like line ("Headline | Site" -> ["Headline", "Site"])."""
    return [p.strip() for p in _SUFFIX.split(first) if p.strip()]


def _title_like(line: tl.Line) -> bool:
    text = line.text
    n = len(_WORDS.findall(text))
    return (
        2 <= n <= 30 and 8 <= len(text) <= 220 and not text.endswith(":")
        and tl.READING_TIME.search(text) is None and tl.BYLINE.match(text) is None
        and not (tl.DATE.search(text) and n <= 6)
    )


def find_title(lines: list[tl.Line], start: int, page_counts: dict[str, int]) -> tuple[int | None, str]:
    """Index and text of the headline: a line like the page's <title> line, repeated, or just before the body."""
    first_parts = title_parts(lines[0].text) if lines else []
    first_tokens = set(_tokens(lines[0].text)) if lines else set()
    best, best_score = None, 0.0
    limit = min(len(lines), max(start + 3, 1))
    for i in range(1, limit):
        line = lines[i]
        if not _title_like(line):
            continue
        toks = _tokens(line.text)
        if not toks:
            continue
        score = 0.0
        if any(line.text.casefold() == p.casefold() for p in first_parts):
            score += 4.0
        overlap = sum(t in first_tokens for t in toks) / len(toks)
        score += 2.0 * overlap if len(toks) >= 2 else 0.0
        if page_counts.get(line.key, 1) >= 2:
            score += 1.5
        distance = abs(start - i)
        score += 1.5 / (1 + distance) if i < start else 0.3 / (1 + distance)
        score += 0.5 if not line.text.endswith(".") else -0.5
        score += 0.3 if 4 <= len(toks) <= 20 else 0.0
        if score > best_score:
            best, best_score = i, score
    if best is not None and best_score >= 2.0:
        return best, lines[best].text
    if lines and first_parts:
        head = max(first_parts[: max(1, len(first_parts) - 1)], key=len)
        return 0, head
    return None, ""


def find_section(lines: list[tl.Line], title_index: int | None) -> str | None:
    """A short label line right above the headline ("Politik")."""
    if not title_index:
        return None
    for i in range(title_index - 1, max(-1, title_index - 3), -1):
        text = lines[i].text
        words = _WORDS.findall(text)
        if 1 <= len(words) <= 3 and len(text) <= 30 and not tl.DATE.search(text) and text[-1] not in ".:!?" \
                and not tl.is_boiler_word(text):
            return text
    return None


def find_reading_time(lines: list[tl.Line], start: int) -> tuple[int | None, int | None]:
    """(minutes, line index) from "Lesezeit: 1 min" / "5 min read" in the page head."""
    for i in range(0, min(len(lines), start + 5)):
        if len(lines[i].text) > 80:
            continue
        m = tl.READING_TIME.search(lines[i].text)
        if m:
            minutes = int(m.group("a") or m.group("b"))
            if 0 < minutes < 300:
                return minutes, i
    return None, None


def find_authors(lines: list[tl.Line], head: range, tail: range) -> tuple[list[str], int | None]:
    """Names from a byline ("Von Max Muster", "By Jane Doe and John Roe")."""
    for i in list(head) + list(tail):
        text = lines[i].text
        if len(text) > 120:
            continue
        m = tl.BYLINE.match(text)
        if not m:
            continue
        names = _NAME_CUT.sub("", m.group("names")).strip(" ,;|")
        parts = [p.strip() for p in re.split(r"\s*,\s*|\s+(?:und|and|&|y|et)\s+", names) if p.strip()]
        parts = [p for p in parts if 1 <= len(p.split()) <= 4 and p[0].isupper()]
        if parts:
            return parts, i
    return [], None


def find_date(lines: list[tl.Line], title_index: int | None, start: int, body: set[int],
              language: str | None) -> tuple[FoundDate | None, FoundDate | None, set[int]]:
    """(published, modified, indices of date lines) from the page's head, then from the other non-body lines."""
    near_from = max(0, (title_index or start) - 4)
    near = list(range(near_from, min(len(lines), start + 4)))
    rest = [i for i in range(len(lines)) if i not in body and i not in near and len(lines[i].text) < 200]
    published = modified = None
    used: set[int] = set()
    for group in (near, rest):
        for i in group:
            text = lines[i].text
            if len(text) > 300:
                continue
            dates = find_dates(text, language)
            if not dates:
                continue
            if _UPDATED.search(text) and not _PUBLISHED.search(text):
                modified = modified or dates[0]
                used.add(i)
                continue
            if published is None:
                published = dates[0]
                if len(dates) > 1 and _UPDATED.search(text):
                    modified = dates[-1]
                if len(text) < 80:
                    used.add(i)
        if published:
            break
    return published, modified, used


def find_publisher(lines: list[tl.Line]) -> str | None:
    """The site name from a "<headline> | Site" first line, when that line looks like a <title>."""
    if not lines:
        return None
    parts = title_parts(lines[0].text)
    if len(parts) < 2:
        return None
    site = parts[-1]
    if 1 <= len(site.split()) <= 4 and len(site) <= 40 and len(parts[0]) > len(site) and not tl.DATE.search(site):
        return site
    return None
