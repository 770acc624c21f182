"""Time stamps as they cross stage boundaries: ISO 8601 text in, aware datetimes out — and the one
rule by which people's dates are read and shown.

The rule (issue 19): a day is a day in one stated zone, UTC unless the user names another
(``--tz Europe/Berlin`` on the CLI, ``Settings.display.tz`` for the dashboard and the API).
Both directions go through this module, so what is shown and what is filtered agree:

* :func:`utc_bound` reads a ``since`` / ``until`` value — ``2019-11-18``, an ISO 8601 time,
  ``today``, ``yesterday`` or a span back from today (``7d``, ``2w``, ``3m``, ``1y``) — as the start
  (or, for ``until``, the last second) of that day in the zone, in UTC, as the archive stores
  ``published_utc``;
* :func:`shown` turns a stored ``published`` into ``2019-11-18 23:30`` in the same zone (a bare
  date stays that date; an undated article stays empty).

So an article shown as 2019-11-18 matches ``since 2019-11-18`` and not ``since 2019-11-19`` when
both use the same zone. A date without a time names a day, not an instant: the archive places it
at 12:00 UTC (archive/store.py), so it keeps its day in every zone from UTC-11 to UTC+11; only
in UTC+12 to +14 does its day filter count it on the next day (README, "Use").
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache

from .errors import QueryError

UTC = timezone.utc
DATE_HELP = "YYYY-MM-DD, an ISO 8601 time, today, yesterday, or a span back from today such as 7d, 2w, 3m, 1y"
_SPAN = re.compile(r"(\d{1,5})\s*([dwmy])")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR = re.compile(r"(\d{4})")


def parse_iso(value: str | None) -> datetime | None:
    """An ISO 8601 / RFC 3339 string ("…Z" too) as an aware datetime; a naive time is read as UTC.
    None for anything that is not such a string."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        stamp = datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=timezone.utc)


def iso_date(value) -> str | None:
    """An RFC 3339 / ISO 8601 string normalised to ``YYYY-MM-DDTHH:MM:SS+HH:MM`` (a bare date stays a
    date, a naive time stays naive), else ``None``."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    try:
        stamp = datetime.fromisoformat(text)
    except ValueError:
        return None
    if stamp.tzinfo is None:
        return stamp.date().isoformat() if len(text) <= 10 else stamp.isoformat(timespec="seconds")
    return stamp.isoformat(timespec="seconds")


@lru_cache(maxsize=64)
def zone(name: str | None = None) -> tzinfo:
    """The zone called ``name`` (an IANA name such as ``Europe/Berlin``); UTC for None, "" or "UTC".
    QueryError for a name the system does not know."""
    if not name or name.strip().upper() in ("UTC", "Z", "GMT"):
        return UTC
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise QueryError(f"unknown time zone {name!r}: use an IANA name such as Europe/Berlin, or UTC") from None


def zone_name(name: str | None = None) -> str:
    """``name`` as it is stated beside dates ("UTC" when none is set); checked like :func:`zone`."""
    zone(name)
    return name.strip() if name and name.strip().upper() not in ("UTC", "Z", "GMT") else "UTC"


def moment(value: str | date | datetime, tz: str | None = None, *, end: bool = False,
           now: datetime | None = None) -> datetime:
    """``value`` as an aware datetime: a day (``2019-11-18``, ``2019-11``, ``2019``, ``today``,
    ``yesterday``, ``7d``, ``2w``, ``3m``, ``1y``) starts at 00:00 in ``tz`` — or, with ``end``,
    ends at its last second; a time without an offset is read in ``tz``. QueryError (one line,
    naming the value) for anything else."""
    where = zone(tz)
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=where)
    if isinstance(value, date):
        return _day_edge(value, value, where, end)
    text = str(value).strip()
    try:
        first, last = _days(text.lower(), (now or datetime.now(UTC)).astimezone(where).date())
    except (ValueError, OverflowError):  # 9999-12 ends after year 9999; 99999w starts before year 1
        raise QueryError(f"{text!r} is out of the range of dates") from None
    if first is not None:
        return _day_edge(first, last, where, end)
    try:
        stamp = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise QueryError(f"{text!r} is not a date: use {DATE_HELP}") from None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=where)


def utc_bound(value: str | date | datetime | None, tz: str | None = None, *, end: bool = False,
              now: datetime | None = None) -> str | None:
    """A ``since`` (or, with ``end``, an ``until``) value as sortable UTC text
    ``YYYY-MM-DDTHH:MM:SSZ`` — what the archive compares ``published_utc`` with; None for none."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return moment(value, tz, end=end, now=now).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def shown(value: str | None, tz: str | None = None, *, with_time: bool = True) -> str:
    """A stored ``published`` as people see it: ``2019-11-18 23:30`` in ``tz`` (UTC by default). A
    bare date stays that date, a naive time is read as UTC (as the archive stores it), an undated
    article is "" and text that is no date is shown as it is."""
    if not value:
        return ""
    text = str(value).strip()
    if len(text) <= 10:
        return text
    stamp = parse_iso(text)
    if stamp is None:
        return text[:16]
    local = stamp.astimezone(zone(tz))
    return local.strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d")


def _days(text: str, today: date) -> tuple[date | None, date | None]:
    """The first and last day a day-like ``text`` names, or (None, None)."""
    if text == "today":
        return today, today
    if text == "yesterday":
        day = today - timedelta(days=1)
        return day, day
    if m := _SPAN.fullmatch(text):
        n, unit = int(m.group(1)), m.group(2)
        if unit in "dw":
            day = today - timedelta(days=n * (7 if unit == "w" else 1))
        else:
            day = _months_back(today, n * (12 if unit == "y" else 1))
        return day, day
    if len(text) == 10:
        try:
            day = date.fromisoformat(text)
        except ValueError:
            return None, None
        return day, day
    if m := _MONTH.fullmatch(text):
        year, month = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12:
            after = date(year + month // 12, month % 12 + 1, 1)
            return date(year, month, 1), after - timedelta(days=1)
    if (m := _YEAR.fullmatch(text)) and int(m.group(1)) > 0:
        return date(int(m.group(1)), 1, 1), date(int(m.group(1)), 12, 31)
    return None, None


def _months_back(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    after = date(year + month // 12, month % 12 + 1, 1)
    return date(year, month, min(day.day, (after - timedelta(days=1)).day))


def _day_edge(first: date, last: date, where: tzinfo, end: bool) -> datetime:
    if end:
        return datetime.combine(last, time(23, 59, 59), tzinfo=where)
    return datetime.combine(first, time(0, 0), tzinfo=where)


__all__ = ["DATE_HELP", "UTC", "iso_date", "moment", "parse_iso", "shown", "utc_bound", "zone", "zone_name"]
