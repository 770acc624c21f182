"""The embedded archive: one SQLite file with full-text search over every word form.

>>> from lagebild.archive import Archive
>>> from lagebild.query import Filters
>>> with Archive("news.db") as archive:
...     archive.add(article)                      # (id, "stored") or (id, "duplicate")
...     archive.search('kooperiert -Sport', Filters(language="de", since="2024-01-01"))

Public API (``Archive(path, readonly=False, *, timeout=5.0)``, a context manager):

* writing — ``add(article)``, ``ingest(items, progress=None, *, on_commit=None)`` → :class:`IngestReport`,
  ``reindex()``, ``transaction()`` (for modules of this package);
* reading — ``get(id)``, ``search(query="", filters=None, *, limit=20, offset=0)`` → list of :class:`Hit`
  (``filters``: a :class:`lagebild.query.Filters` of since, until, section, language, source, entity),
  ``count(query, filters)``, ``ids(query, filters)``, ``related(id, limit=10)``,
  ``key_terms(id)``, ``export(fmt, out, query="", filters=None)``, ``entities(...)`` → :class:`EntityCount`,
  ``entity(id_or_name)``, ``quotes(speaker=None, limit=50)`` → :class:`QuoteHit`, ``stats()``.

Snippets mark matched words as ``[word]`` (:data:`SNIPPET_OPEN`, :data:`SNIPPET_CLOSE`); front ends
escape the text, then turn the markers into highlighting.

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
