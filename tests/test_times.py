"""One rule for dates: days are read and shown in one stated zone (lagebild.times)."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from lagebild.errors import QueryError
from lagebild.times import moment, shown, utc_bound, zone, zone_name

NOW = datetime(2026, 3, 31, 22, 30, tzinfo=timezone.utc)  # already April 1st in Berlin (summer time)


def test_a_day_starts_and_ends_in_the_stated_zone():
    assert utc_bound("2019-11-18") == "2019-11-18T00:00:00Z"
    assert utc_bound("2019-11-18", end=True) == "2019-11-18T23:59:59Z"
    assert utc_bound("2019-11-18", "Europe/Berlin") == "2019-11-17T23:00:00Z"
    assert utc_bound("2019-11-18", "Europe/Berlin", end=True) == "2019-11-18T22:59:59Z"
    assert utc_bound("2019-07-01", "Europe/Berlin") == "2019-06-30T22:00:00Z"  # summer: UTC+2


def test_a_time_with_an_offset_is_that_instant_and_one_without_is_read_in_the_zone():
    assert utc_bound("2019-11-18T23:30:00-05:00", "Europe/Berlin") == "2019-11-19T04:30:00Z"
    assert utc_bound("2019-11-18T10:00", "Europe/Berlin") == "2019-11-18T09:00:00Z"
    assert utc_bound("2019-11-18T10:00Z", "Europe/Berlin") == "2019-11-18T10:00:00Z"


def test_months_and_years_are_their_first_and_last_day():
    assert utc_bound("2024-02") == "2024-02-01T00:00:00Z"
    assert utc_bound("2024-02", end=True) == "2024-02-29T23:59:59Z"
    assert utc_bound("2023", end=True) == "2023-12-31T23:59:59Z"


@pytest.mark.parametrize("text, utc, berlin", [
    ("today", "2026-03-31", "2026-04-01"),
    ("yesterday", "2026-03-30", "2026-03-31"),
    ("0d", "2026-03-31", "2026-04-01"),
    ("7d", "2026-03-24", "2026-03-25"),
    ("2w", "2026-03-17", "2026-03-18"),
    ("1m", "2026-02-28", "2026-03-01"),  # March 31 less a month is the last day of February
    ("3m", "2025-12-31", "2026-01-01"),
    ("1y", "2025-03-31", "2025-04-01"),
    (" 7D ", "2026-03-24", "2026-03-25"),
])
def test_relative_days_count_back_from_today_in_the_zone(text, utc, berlin):
    assert moment(text, now=NOW).date() == date.fromisoformat(utc)
    local = moment(text, "Europe/Berlin", now=NOW)
    assert local.date() == date.fromisoformat(berlin) and (local.hour, local.minute) == (0, 0)
    assert moment(text, "Europe/Berlin", end=True, now=NOW).time().isoformat() == "23:59:59"


@pytest.mark.parametrize("bad", ["last tuesday", "7x", "2019-13-01", "2019-02-30", "-7d", "", "d7", "9999-12-31T25:00"])
def test_what_is_no_date_is_one_clear_error(bad):
    if not bad:
        assert utc_bound(bad) is None  # nothing given restricts nothing
        return
    with pytest.raises(QueryError) as err:
        utc_bound(bad)
    message = str(err.value)
    assert "\n" not in message and repr(bad.strip()) in message


def test_spans_beyond_the_calendar_are_clean_errors():
    for bad in ("99999y", "9999-12", "99999m"):
        with pytest.raises(QueryError, match=repr(bad)):
            utc_bound(bad, end=True, now=NOW)


def test_zones_are_iana_names_and_utc_by_default():
    assert zone(None) is timezone.utc and zone("") is timezone.utc and zone("utc") is timezone.utc
    assert zone_name(None) == "UTC" and zone_name("Europe/Berlin") == "Europe/Berlin"
    with pytest.raises(QueryError, match="unknown time zone 'Mars/Olympus'"):
        zone("Mars/Olympus")


def test_shown_converts_times_to_the_zone_and_keeps_dates_and_undated_as_they_are():
    assert shown("2019-11-18T23:30:00-05:00") == "2019-11-19 04:30"
    assert shown("2019-11-18T23:30:00-05:00", "America/New_York") == "2019-11-18 23:30"
    assert shown("2019-11-18T23:30:00-05:00", "Europe/Berlin", with_time=False) == "2019-11-19"
    assert shown("2019-11-18") == "2019-11-18" == shown("2019-11-18", "Europe/Berlin")
    assert shown(None) == "" and shown("") == ""
    assert shown("2019-11-18T10:00:00") == "2019-11-18 10:00"  # naive: UTC, as the archive stores it
    assert shown("gestern") == "gestern"


@pytest.mark.parametrize("tz", ["UTC", "Europe/Berlin", "Asia/Tokyo", "America/New_York"])
@pytest.mark.parametrize("published", ["2019-11-18T23:30:00-05:00", "2019-11-18T00:10:00+01:00",
                                       "2019-11-18T12:00:00Z", "2019-11-18T23:59:59+14:00"])
def test_the_day_shown_is_the_day_the_filter_matches(tz, published):
    """The property of issue 19: shown as D, an article matches since D and until D, not since D+1."""
    day = date.fromisoformat(shown(published, tz, with_time=False))
    at = utc_bound(published)
    assert utc_bound(day.isoformat(), tz) <= at <= utc_bound(day.isoformat(), tz, end=True)
    after = date.fromordinal(day.toordinal() + 1).isoformat()
    assert not at >= utc_bound(after, tz)
