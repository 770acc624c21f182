"""Dates written on a page (German, English; month names also in French, Spanish, Italian, Dutch,
Portuguese and Russian), read into ``datetime`` values.

    "12.08.2016 00:06"            -> 2016-08-12 00:06 (naive: read later in the page language's zone)
    "12. August 2016"             -> 2016-08-12 (a date without a time)
    "Aug 12, 2016 5:30 PM EDT"    -> 2016-08-12 17:30-04:00
    "2016-08-12T00:06:00+02:00"   -> as written

:func:`find_dates` yields every date in a line; :func:`to_iso` turns one into ISO 8601 with an offset
(a naive time is placed in the language's zone from the settings; a bare day stays ``YYYY-MM-DD``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from ..settings import ExtractSettings

_MONTHS = {
    # German
    "januar": 1, "jänner": 1, "jaenner": 1, "februar": 2, "feber": 2, "märz": 3, "maerz": 3, "mrz": 3,
    "mär": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7, "august": 8, "september": 9, "oktober": 10,
    "okt": 10, "november": 11, "dezember": 12, "dez": 12,
    # English
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "october": 10,
    "oct": 10, "nov": 11, "december": 12, "dec": 12,
    # French, Spanish, Italian, Dutch (full names only, to stay unambiguous)
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "juin": 6, "juillet": 7, "août": 8,
    "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "enero": 1, "febrero": 2, "marzo": 3,
    "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8, "septiembre": 9, "octubre": 10,
    "noviembre": 11, "diciembre": 12, "gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6,
    "luglio": 7, "settembre": 9, "ottobre": 10, "dicembre": 12, "januari": 1, "februari": 2, "maart": 3,
    "mei": 5, "augustus": 8,
    # Portuguese
    "janeiro": 1, "fevereiro": 2, "março": 3, "marco": 3, "maio": 5, "junho": 6, "julho": 7, "setembro": 9,
    "outubro": 10, "dezembro": 12,
    # Russian (the genitive a date is written with: "15 августа 2016")
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7, "августа": 8,
    "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}
_MONTH = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_TZ_HOURS = {
    "utc": 0, "gmt": 0, "z": 0, "bst": 1, "cet": 1, "mez": 1, "cest": 2, "mesz": 2, "eet": 2, "eest": 3,
    "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
}
_TZ_ZONES = {"et": "America/New_York", "ct": "America/Chicago", "pt": "America/Los_Angeles"}

_TIME = (
    r"(?:\s*(?:,|um|at|-|–|—|\||/)?\s*(?P<h>[01]?\d|2[0-3])[:.](?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?"
    r"(?:\s*(?P<ampm>[ap]\.?m\.?))?(?:\s*(?:uhr|h))?"
    r"(?:\s*(?P<tz>[+-](?:[01]\d):?[0-5]\d|utc|gmt|bst|cet|mez|cest|mesz|eet|eest|est|edt|cst|cdt|mst|mdt|pst|pdt|et|ct|pt)\b)?)?"
)
_ISO = re.compile(
    r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)(?:[T ](?P<h>[01]\d|2[0-3]):(?P<mi>[0-5]\d)"
    r"(?::(?P<s>[0-5]\d)(?:\.\d+)?)?(?P<tz>Z|[+-][01]\d:?[0-5]\d)?)?",
    re.I,
)
_DMY_NUM = re.compile(r"(?<![\d.])(?P<d>[0-3]?\d)\.\s?(?P<m>[0-3]?\d)\.\s?(?P<y>(?:19|20)\d\d|\d\d)(?![\d])" + _TIME, re.I)
_DMY_NAME = re.compile(
    r"(?<!\d)(?P<d>[0-3]?\d)(?:\.|st|nd|rd|th|er)?\s*(?:\s|/|de\s|of\s)\s*" + _MONTH
    + r"(?:\s*/\s*|,?\s+(?:de\s+)?)(?P<y>(?:19|20)\d\d)\b" + _TIME, re.I)
# "14 Gennaio 20 )": a two-digit year after a month name, only where the line or a bracket closes.
_DMY_NAME_YY = re.compile(r"(?<!\d)(?P<d>[0-3]?\d)\.?\s+" + _MONTH + r"\s+(?P<y>\d\d)\s*(?=$|[)\]|])", re.I)
_MDY_NAME = re.compile(_MONTH + r"\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b" + _TIME, re.I)
_SLASH = re.compile(r"(?<![\d/])(?P<a>[01]?\d|[23]\d)/(?P<b>[0-3]?\d)/(?P<y>(?:19|20)\d\d)(?![\d/])" + _TIME, re.I)
_YMD_SLASH = re.compile(r"(?<![\d/])(?P<y>(?:19|20)\d\d)/(?P<m>[01]?\d)/(?P<d>[0-3]?\d)(?![\d/])" + _TIME, re.I)

@dataclass(slots=True, frozen=True)
class FoundDate:
    """A date read from text: the day, the time of day if given, and an explicit zone if given."""

    day: date
    clock: time | None = None
    zone: timezone | ZoneInfo | None = None
    start: int = 0

    def datetime(self) -> datetime:
        value = datetime.combine(self.day, self.clock or time())
        return value.replace(tzinfo=self.zone) if self.zone else value


def _zone(text: str | None) -> timezone | ZoneInfo | None:
    if not text:
        return None
    low = text.lower()
    if low in _TZ_HOURS:
        return timezone(timedelta(hours=_TZ_HOURS[low]))
    if low in _TZ_ZONES:
        return ZoneInfo(_TZ_ZONES[low])
    m = re.fullmatch(r"([+-])(\d\d):?(\d\d)", low)
    if m:
        delta = timedelta(hours=int(m.group(2)), minutes=int(m.group(3)))
        return timezone(-delta if m.group(1) == "-" else delta)
    return None


def _clock(g: dict) -> time | None:
    if g.get("h") is None:
        return None
    hour, minute = int(g["h"]), int(g["mi"])
    ampm = (g.get("ampm") or "").replace(".", "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    return time(hour, minute, int(g.get("s") or 0))


def _year(text: str) -> int:
    y = int(text)
    return y + (2000 if y < 70 else 1900) if y < 100 else y


def _make(y: int, m: int, d: int, g: dict, start: int) -> FoundDate | None:
    try:
        day = date(y, m, d)
    except ValueError:
        return None
    if not 1990 <= day.year <= 2100:
        return None
    return FoundDate(day, _clock(g), _zone(g.get("tz")), start)


def find_dates(line: str, language: str | None = None) -> list[FoundDate]:
    """Every date written in ``line``, in order of position (day-first unless the page is English)."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match, y: int, mo: int | None, d: int) -> None:
        if mo is None or any(a < m.end() and m.start() < b for a, b in taken):
            return
        item = _make(y, mo, d, m.groupdict(), m.start())
        if item is not None:
            found.append(item)
            taken.append((m.start(), m.end()))

    for m in _ISO.finditer(line):
        add(m, int(m["y"]), int(m["m"]), int(m["d"]))
    for m in _DMY_NAME.finditer(line):
        add(m, int(m["y"]), _MONTHS.get(m["mon"].lower()), int(m["d"]))
    for m in _MDY_NAME.finditer(line):
        add(m, int(m["y"]), _MONTHS.get(m["mon"].lower()), int(m["d"]))
    for m in _DMY_NAME_YY.finditer(line):
        add(m, _year(m["y"]), _MONTHS.get(m["mon"].lower()), int(m["d"]))
    for m in _DMY_NUM.finditer(line):
        d, mo = int(m["d"]), int(m["m"])
        d, mo = (mo, d) if mo > 12 >= d else (d, mo)  # "01.21.2020" can only be month first
        add(m, _year(m["y"]), mo, d)
    for m in _YMD_SLASH.finditer(line):
        add(m, int(m["y"]), int(m["m"]), int(m["d"]))
    for m in _SLASH.finditer(line):
        a, b = int(m["a"]), int(m["b"])
        month_first = language == "en" or b > 12
        add(m, int(m["y"]), a if month_first else b, b if month_first else a)
    found.sort(key=lambda f: f.start)
    return found


def to_iso(found: FoundDate, language: str | None, settings: ExtractSettings) -> str:
    """ISO 8601: with the offset of the written zone, else the language's zone; a bare day as a date."""
    if found.clock is None and found.zone is None:
        return found.day.isoformat()
    value = found.datetime()
    if value.tzinfo is None:
        zone = settings.timezone_by_language.get(language or "", settings.default_timezone)
        value = value.replace(tzinfo=ZoneInfo(zone))
    return value.isoformat()
