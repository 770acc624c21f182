"""The filters a search takes beside its query, as one value that travels from the front ends (CLI
flags, REST parameters, the dashboard's form) to the archive."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from ..times import utc_bound


@dataclass(frozen=True, slots=True)
class Filters:
    """Restrictions beside the query text; ``None`` or ``""`` restricts nothing.

    ``since`` / ``until``: published on or after / on or before a day or a time: ``YYYY-MM-DD``,
    an ISO 8601 time, ``today``, ``yesterday`` or a span back from today (``7d``, ``2w``, ``3m``,
    ``1y``); a day is read in the zone ``tz`` (an IANA name, UTC when None) — the zone the dates
    are shown in (:mod:`lagebild.times`). ``section``, ``language`` (ISO 639-1), ``source`` (a
    host, a URL or the publisher) and ``entity`` (an entity id, name or alias) restrict as the
    query fields ``section:``, ``lang:``, ``source:`` and ``entity:`` do.

    >>> archive.search("Hochwasser", Filters(language="de", since="7d", tz="Europe/Berlin"))
    """

    since: str | None = None
    until: str | None = None
    section: str | None = None
    language: str | None = None
    source: str | None = None
    entity: str | None = None
    tz: str | None = None

    def without(self, *names: str) -> Filters:
        """These filters with ``names`` lifted (a facet counts what choosing another value would find)."""
        return replace(self, **{name: None for name in names})

    def resolved(self, now: datetime | None = None) -> Filters:
        """These filters with ``since`` / ``until`` as UTC instants (``2019-11-17T23:00:00Z``), the
        form every archive backend compares with; QueryError for a date that cannot be read."""
        if not self.since and not self.until and self.tz is None:
            return self
        return replace(self, since=utc_bound(self.since, self.tz, now=now),
                       until=utc_bound(self.until, self.tz, end=True, now=now), tz=None)
