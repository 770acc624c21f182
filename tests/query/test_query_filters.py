"""Filters: one value for the six search filters, from the front ends to the archive's SQL."""

from __future__ import annotations

import sqlite3

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
