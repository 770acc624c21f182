"""The embedded archive: one SQLite file with full-text search over every word form.

>>> from lagebild.archive import Archive
>>> from lagebild.query import Filters
>>> with Archive("news.db") as archive:
...     archive.add(article)                      # (id, "stored") or (id, "duplicate")
...     archive.search('kooperiert -Sport', Filters(language="de", since="2024-01-01"))

Public API (``Archive(path, readonly=False, *, timeout=5.0)``, a context manager):

* writing — ``add(article)``, ``ingest(items, progress=None, *, on_commit=None)`` → :class:`IngestReport`
  (the batched writer; :func:`lagebild.ingest` is the store path that also links stories and records
  the run), ``start_run``/``finish_run``, ``reindex()``, ``transaction()`` (for modules of this package);
  ``story_store`` — the story stage's store over this archive;
* reading — ``get(id)``, ``search(query="", filters=None, *, limit=20, offset=0)`` → list of :class:`Hit`
  (``filters``: a :class:`lagebild.query.Filters` of since, until, section, language, source, entity),
  ``count(query, filters)``, ``ids(query, filters)``, ``related(id, limit=10)``,
  ``key_terms(id)``, ``export(fmt, out, query="", filters=None)``, ``entities(...)`` → :class:`EntityCount`,
  ``entity(id_or_name)``, ``quotes(speaker=None, limit=50)`` → :class:`QuoteHit`, ``stats()``,
  ``runs(limit=20)`` → :class:`Run`.

Snippets mark matched words as ``[word]`` (:data:`SNIPPET_OPEN`, :data:`SNIPPET_CLOSE`); front ends
escape the text, then turn the markers into highlighting.

Modules: ``sqlite`` (the Archive), ``batch`` (the batched writer, :class:`IngestReport`), ``schema``
(named migrations; how features add theirs), ``store`` (one article in and out), ``search`` (query →
SQL + FTS5, snippets), ``related``, ``facets`` (entities, quotes, stats), ``export``, ``runs`` (the
record of every run), ``stories`` (the story stage's tables), ``monitor`` (the watch loop's state),
``views`` (the dashboard's read-only queries).
"""

from .batch import IngestReport
from .facets import EntityCount, QuoteHit
from .runs import Run
from .schema import Migration, register_migrations
from .search import SNIPPET_CLOSE, SNIPPET_OPEN, Hit
from .sqlite import Archive

__all__ = [
    "Archive", "EntityCount", "Hit", "IngestReport", "Migration", "QuoteHit", "Run", "SNIPPET_CLOSE", "SNIPPET_OPEN",
    "register_migrations",
]
