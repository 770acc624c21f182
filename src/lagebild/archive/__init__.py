"""The embedded archive: one SQLite file with full-text search over every word form.

>>> from lagebild.archive import Archive
>>> with Archive("news.db") as archive:
...     archive.add(article)                      # (id, "stored") or (id, "duplicate")
...     archive.search('kooperiert -Sport', language="de", since="2024-01-01")

Modules: ``sqlite`` (the Archive), ``schema`` (named migrations; how features add theirs),
``store`` (one article in and out), ``search`` (query → SQL + FTS5, snippets), ``related``,
``facets`` (entities, quotes, stats), ``export``.
"""

from .facets import EntityCount, QuoteHit
from .schema import Migration, register_migrations
from .search import SNIPPET_CLOSE, SNIPPET_OPEN, Hit
from .sqlite import Archive, IngestReport

__all__ = [
    "Archive", "EntityCount", "Hit", "IngestReport", "Migration", "QuoteHit", "SNIPPET_CLOSE", "SNIPPET_OPEN",
    "register_migrations",
]
