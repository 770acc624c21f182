"""Filters: one value for the six search filters, from the front ends to the archive's SQL."""

from __future__ import annotations

import sqlite3

import pytest

from lagebild.archive.search import plan
from lagebild.query import Filters


def test_without_lifts_only_the_named_filters():
    f = Filters(since="2024-01-01", until="2024-02-01", section="Politik", language="de")
    assert f.without("section") == Filters(since="2024-01-01", until="2024-02-01", language="de")
    assert f.without("since", "until") == Filters(section="Politik", language="de")
    assert f.without() == f


def test_empty_values_restrict_nothing():
    conn = sqlite3.connect(":memory:")
    assert plan(conn, "", Filters(section="", language=None, since="")).where == []
    assert plan(conn, "").where == []


def test_each_filter_becomes_one_condition_in_a_fixed_order():
    conn = sqlite3.connect(":memory:")
    p = plan(conn, "", Filters(until="2024-05-01", since="2024-04-01", language="DE", section="Politik"))
    assert p.where == ["a.section_folded = ?", "lower(a.language) = ?", "a.published_utc >= ?", "a.published_utc <= ?"]
    assert p.params[:2] == ["politik", "de"]


def test_resolved_dates_are_utc_instants_of_days_in_the_zone():
    f = Filters(since="2019-11-18", until="2019-11-18", section="Politik", tz="Europe/Berlin").resolved()
    assert (f.since, f.until, f.tz, f.section) == ("2019-11-17T23:00:00Z", "2019-11-18T22:59:59Z", None, "Politik")
    assert Filters(since="2019-11-18").resolved().since == "2019-11-18T00:00:00Z"  # UTC without a zone
    assert Filters(section="x").resolved() == Filters(section="x")


def test_resolved_reads_relative_days_and_names_what_it_cannot_read():
    from datetime import datetime, timezone

    from lagebild.errors import QueryError

    now = datetime(2026, 1, 10, 12, tzinfo=timezone.utc)
    assert Filters(since="7d", until="yesterday").resolved(now) == Filters(since="2026-01-03T00:00:00Z",
                                                                            until="2026-01-09T23:59:59Z")
    with pytest.raises(QueryError, match="'next week' is not a date"):
        Filters(until="next week").resolved(now)
