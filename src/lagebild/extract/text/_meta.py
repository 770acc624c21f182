"""Metadata read from a scraped page's lines around the article text: title, section, byline, reading time,
date and publisher. Each finder takes the page's lines and the index range of the article body.
"""

from __future__ import annotations

import re
from itertools import accumulate

from ..dates import FoundDate, find_dates
from . import _lines as tl

_SUFFIX = re.compile(r"\s+(?:\||-|–|—|::|·|»|›|«|/)\s+|\s+:\s+")
_PIPE = re.compile(r"\s+\|\s+")
_WORDS = re.compile(r"\w+")
_PLAIN = re.compile(r"[^\W\d_]{4,}")
_UPDATED = re.compile(r"aktualisiert|updated|geändert|zuletzt|last modified|modified|stand:", re.I)
_PUBLISHED = re.compile(r"veröffentlicht|erschienen|publiziert|eingetragen|published|posted|datum|date|erstellt|publié|publicado", re.I)
_INLINE_BY = re.compile(
    r"(?:^|\s)(?:von|by|par|por)\s+(?P<names>[A-ZÄÖÜ][\w.'’-]+(?:\s+(?:[A-ZÄÖÜ][\w.'’-]+|und|and|&)){0,5})")
_WEEKDAY = re.compile(
    r"\b(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|"
    r"miércoles|jueves|viernes|sábado|domingo|mon|tue|wed|thu|fri|sat|sun|mo|di|mi|do|fr|sa|so)\b\.?,?\s+\d",
    re.I)
_CUE = re.compile(r"^(?:am|on|le|el|von|by|par|por)\b|\b(?:von|by|par|por)\s+[A-ZÄÖÜ]", re.I)
_NAME_CUT = re.compile(r"\s*(?:[|,(]\s*)?(?:\d|am\s+\d|on\s+\w+\s+\d|veröffentlicht|published|aktualisiert|updated).*$", re.I)


def _tokens(text: str) -> list[str]:
    return [t.casefold() for t in _WORDS.findall(text)]


def title_parts(first: str) -> list[str]:
    """A <title>-like line split into headline and site name ("Headline | Site" -> ["Headline", "Site"]).

    " | " separates first; otherwise only the last dash-like separator does, so that a dash inside the
    headline stays.
    """
    first = first.strip(" |")
    parts = [p.strip() for p in _PIPE.split(first) if p.strip()]
    if len(parts) > 1:
        return parts
    seps = list(_SUFFIX.finditer(first))
    if not seps:
        return [first] if first else []
    last = seps[-1]
    return [p for p in (first[: last.start()].strip(), first[last.end():].strip()) if p]


def _headline_part(parts: list[str]) -> str:
    """The headline among a <title>'s parts: the first, unless it is a short site name before a longer one."""
    if len(parts) >= 2 and len(parts[0].split()) <= 2 and len(parts[-1].split()) > len(parts[0].split()):
        return parts[-1]
    return parts[0] if parts else ""


_ANY_SEP = re.compile(r"\s+(?:\||-|–|—|::|·|•|»|›|«|/)\s+|\s+:\s+")
_TOPIC = re.compile(r"[^\W\d_]{3,}")


def topic_words(text: str) -> set[str]:
    return {w.casefold() for w in _TOPIC.findall(text)}


def _topical_part(first: str, parts: list[str], body_words: set[str]) -> str | None:
    """The piece of a <title> line ("Site » Blog » Headline", "Headline | Section | Site") whose words the
    article's text uses most: the headline is about what the text is about, the site name is not."""
    pieces = [p.strip() for p in _ANY_SEP.split(first.strip(" |")) if topic_words(p)]
    if len(pieces) < 2 or not body_words:
        return None
    default = _headline_part(parts)

    def share(text: str) -> float:
        words = topic_words(text)
        return len(words & body_words) / len(words) if words else 0.0

    best = max(pieces, key=share)
    # only a clearly better piece overrides the title's shape ("Headline | Site", "Site | Headline"), and only a
    # piece as long as the shape's pick: a site or section name the text mentions ("… | Los Angeles Times") is
    # shorter than the headline it would replace
    clear = share(best) >= 0.5 and share(best) >= share(default) + 0.3 and len(topic_words(best)) >= 2 \
        and len(topic_words(best)) >= min(len(topic_words(default)), 4)
    return best if clear else None


_SENTENCE_END = tuple('.!?:;"“”»«')
# Lines that are never a headline: an e-mail address, a web address, a skip link (a server's warnings printed
# into the page are no lines at all: ``_text_lines.split_lines`` drops them)
_NOT_HEADLINE = re.compile(
    r"[\w.+-]+@[\w-]+\.[\w.-]+|^(?:www\.|https?://)|\b[\w-]+\.[a-z]{2,6}/(?:\s|$)|\bskip to (?:main|content)\b",
    re.I,
)


def _title_like(line: tl.Line) -> bool:
    text = line.text
    n = len(_WORDS.findall(text))
    return (
        2 <= n <= 30 and 8 <= len(text) <= 220 and not text.endswith(":")
        and tl.READING_TIME.search(text) is None and tl.BYLINE.match(text) is None
        and not ((tl.DATE.search(text) or tl.TIME.search(text)) and len(_PLAIN.findall(text)) <= 3)
        and "©" not in text  # a picture credit
        and _NOT_HEADLINE.search(text) is None
    )


_DOMAIN = re.compile(r"^[\w.-]+\.[a-z]{2,6}$", re.I)
_MARK = re.compile(r"[^\w\s]")


def _marks(text: str) -> int:
    """Punctuation marks in ``text``."""
    return len(_MARK.findall(text))


def _fold(text: str) -> str:
    return " ".join(_tokens(text))


def _dice(a: list[str], b: list[str]) -> float:
    if not a or not b:
        return 0.0
    common = sum(min(a.count(t), b.count(t)) for t in set(a))
    return 2 * common / (len(a) + len(b))


def _meta_line(line: tl.Line) -> bool:
    """A date, byline or reading-time line (between a headline and its text)."""
    text = line.text
    return len(text) < 80 and (tl.BYLINE.match(text) is not None or tl.READING_TIME.search(text) is not None
                               or ((tl.DATE.search(text) or tl.TIME.search(text)) is not None
                                   and len(_PLAIN.findall(text)) <= 3))


def _between(plain: list[int], i: int, j: int) -> int:
    """How many non-meta lines lie strictly between lines i and j (``plain``: running count)."""
    lo, hi = min(i, j), max(i, j)
    hi = min(hi, len(plain) - 1)
    return max(0, plain[hi] - plain[min(lo + 1, hi)])


def _headline_from(text: str, head_tokens: list[str]) -> str | None:
    """The part of ``text`` from where the headline's words start ("Kicker: Headline (more)" -> "Headline
    (more)"); a site name after " | " is cut. None when the headline's words are not in ``text``."""
    spans = list(_WORDS.finditer(text))
    words = [m.group(0).casefold() for m in spans]
    n = len(head_tokens)
    for k in range(len(words) - n + 1):
        if words[k:k + n] == head_tokens:
            start = spans[k].start()
            while start > 0 and text[start - 1] in "«»\"„“”'‘’(":
                start -= 1
            rest = text[start:]
            cut = _PIPE.search(rest, spans[k + n - 1].end() - start)
            return rest[: cut.start()] if cut else rest
    return None


def _titled_score(toks: list[str], fold: str, exact: set[str], head_tokens: list[str], core_tokens: list[str],
                  first_fold: str, others: set[str]) -> float:
    """How well a line matches the page's <title> line: an exact copy of the title (or its headline part)
    beats a line holding the headline with a kicker or a subtitle, which beats a sizeable piece of the
    title, which beats mere word overlap."""
    if fold in exact:
        return 3.0
    if len(head_tokens) >= 3 and f" {' '.join(head_tokens)} " in f" {fold} ":
        return 2.0 + len(head_tokens) / max(len(toks), 1)
    if fold and f" {fold} " in f" {first_fold} " and len(toks) >= 2 and len(toks) >= 0.4 * len(head_tokens):
        return 1.0 + 0.1 * min(len(toks), 10) - (1.0 if fold in others else 0.0)
    return max(_dice(toks, head_tokens), _dice(toks, core_tokens))


def find_title(lines: list[tl.Line], start: int, page_counts: dict[str, int],
               exclude: set[int] = frozenset(), body_words: set[str] = frozenset()) -> tuple[int | None, str]:
    """Index and text of the headline.

    When the page's first line looks like its <title> ("Headline | Site"), the headline is the line that
    best matches the title or its headline part, else that part itself. Otherwise it is a headline-like
    line repeated on the page or just before the body.
    """
    if not lines:
        return None, ""
    parts = title_parts(lines[0].text)
    head = _topical_part(lines[0].text, parts, body_words) or _headline_part(parts) or lines[0].text
    head_fold, head_tokens = _fold(head), _tokens(head)
    others = {_fold(p) for p in parts if _fold(p) != head_fold}
    first_fold = _fold(lines[0].text)
    core = " ".join(parts[:-1]) if len(parts) > 1 else lines[0].text  # the title without its site name
    exact = {head_fold, first_fold, _fold(core)} - {""}
    pieces = _ANY_SEP.split(lines[0].text)
    if len(pieces) >= 3 and len(_tokens(pieces[-1])) >= 3 and not _DOMAIN.match(pieces[-1].strip()):
        # "Site - Section - Headline" (not "Headline | Section | example.co.uk")
        exact.add(_fold(pieces[-1]))
    plain = list(accumulate((not _meta_line(line) for line in lines), initial=0))
    titled = len(head_tokens) >= 3 or (len(parts) > 1 and len(head_tokens) >= 2)
    best, best_score = None, 0.0
    window = len(lines) if titled else min(len(lines), max(start + 3, 1))
    for i in range(1, window):
        line = lines[i]
        if i in exclude:
            continue
        toks = _tokens(line.text)
        fold = " ".join(toks)
        # a copy of the <title>'s headline is the headline even when short or dated ("Zeitphilosophie",
        # "Protokoll der Sitzung vom 10. Oktober 2019")
        if not (_title_like(line) or titled and fold in exact and len(line.text) <= 220 and not line.text.endswith(":")):
            continue
        distance = _between(plain, i, start)
        if titled:
            score = _titled_score(toks, fold, exact, head_tokens, _tokens(core), first_fold, others)
            sentence = line.text.endswith(".") and len(toks) >= 12  # the lead, retelling the title
            score += 0.4 / (1 + distance) - (0.1 if line.text.endswith(".") else 0.0) - (0.3 if sentence else 0.0)
        else:
            score = -3.0 if fold in others else 0.0
            if page_counts.get(line.key, 1) >= 2:
                score += 1.5
            score += 1.5 / (1 + distance) if i < start else 0.3 / (1 + distance)
            score += 0.5 if not line.text.endswith(".") else -0.5
            score += 0.3 if 4 <= len(toks) <= 20 else 0.0
        if score > best_score:
            best, best_score = i, score
    if titled:
        if best is not None and best_score >= 0.6:
            text = lines[best].text
            if _fold(text) == head_fold and _marks(head) > _marks(text):
                # the same words as the <title>'s headline, but a separator lost where the page set a kicker and
                # its headline in two elements ("Kicker: Headline" shown as "Kicker Headline"): the title's spelling
                return best, head
            if _fold(text) not in exact and len(head_tokens) >= 3:
                return best, _headline_from(text, head_tokens) or text
            return best, text
        return 0, head
    if best is not None and best_score >= 2.0:
        best = next(i for i in range(1, best + 1) if lines[i].key == lines[best].key)  # its first copy
        return best, lines[best].text
    if 0 < start < len(lines) - 1 and start not in exclude and _title_like(lines[start]) \
            and not lines[start].text.rstrip().endswith(_SENTENCE_END):
        # No repeated or <title>-matched headline: the article block opens with a line that reads
        # as a heading, not a sentence; that is its headline.
        return start, lines[start].text
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


def authors_in_dateline(text: str) -> list[str]:
    """Names in a short line that holds a date: "Publiziert am 13. Januar 2014 von Uri Ebe", "12/04/2020 by Kay"."""
    if len(text) > 120:
        return []
    m = _INLINE_BY.search(text)
    if not m:
        return []
    names = _NAME_CUT.sub("", m.group("names")).strip(" ,;|")
    return [p.strip() for p in re.split(r"\s*,\s*|\s+(?:und|and|&)\s+", names) if p.strip()][:4]


UPDATE_PENALTY = 2.0


def find_date(lines: list[tl.Line], anchors: list[int], body: set[int], language: str | None,
              title_index: int | None = None) -> tuple[FoundDate | None, FoundDate | None, set[int]]:
    """(published, modified, indices of short date lines).

    Dates are read from lines outside the article text (and from short lines in it); the one closest to
    the headline or the start of the body (``anchors``) wins, with a bonus for a publishing cue
    ("veröffentlicht", "published", "von …") and a penalty for lines listing many dates (archives).
    """
    published = modified = None
    best_score = -1e9
    used: set[int] = set()
    # a date in the headline or the <title> line is what the article is about (an event), not its date
    titles = {lines[i].key for i in (0, title_index) if i is not None and i < len(lines)}
    for i, line in enumerate(lines):
        text = line.text
        dates = find_dates(text[:300], language)
        dates = [d for d in dates if d.start < 60] if len(text) > 200 or (i in body and len(text) > 100) else dates
        if not dates:
            continue
        if len(text) < 100:
            used.add(i)
        update = _UPDATED.search(text)
        updated_only = update and update.start() <= dates[0].start and not _PUBLISHED.search(text[: dates[0].start])
        if updated_only:
            modified = modified or dates[0]
        distance = min(abs(i - a) for a in anchors) if anchors else i
        score = -distance / 2 + (2.0 if _PUBLISHED.search(text) or _CUE.search(text) else 0.0)
        score -= UPDATE_PENALTY if updated_only else 0.0  # the page's only date may be "Aktualisiert: …"
        score += 0.5 if dates[0].clock else 0.0
        score += 1.5 if _WEEKDAY.search(text) else 0.0
        score += 1.0 if len(_PLAIN.findall(text)) <= 2 else 0.0
        score -= 3.0 if len(dates) > 2 else 0.0
        score -= 1.0 if i in body and dates[0].start > 3 else 0.0
        score -= 4.0 if i in body and len(text) > 80 else 0.0  # a date the article's prose tells of
        score -= 3.0 if line.key in titles else 0.0
        if score > best_score:
            best_score, published = score, dates[0]
            if update and len(dates) > 1:
                modified = dates[-1]
    return published or modified, modified, used


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
