"""The filters a search takes beside its query, as one value that travels from the front ends (CLI
flags, REST parameters, the dashboard's form) to the archive."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class Filters:
    """Restrictions beside the query text; ``None`` or ``""`` restricts nothing.

    ``since`` / ``until``: published on or after / on or before (``YYYY-MM-DD`` or ISO 8601).
    ``section``, ``language`` (ISO 639-1), ``source`` (a host, a URL or the publisher) and
    ``entity`` (an entity id, name or alias) restrict as the query fields ``section:``, ``lang:``,
    ``source:`` and ``entity:`` do.

    >>> archive.search("Hochwasser", Filters(language="de", since="2024-09-01"))
    """

    since: str | None = None
    until: str | None = None
    section: str | None = None
    language: str | None = None
    source: str | None = None
    entity: str | None = None

    def without(self, *names: str) -> Filters:
        """These filters with ``names`` lifted (a facet counts what choosing another value would find)."""
        return replace(self, **{name: None for name in names})
