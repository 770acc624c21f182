"""The embedded archive: one SQLite file with a full-text index beside it (tantivy, else FTS5) over every
word form.

>>> from lagebild.archive import Archive
>>> from lagebild.query import Filters
>>> with Archive("news.db") as archive:
...     archive.add(article)                      # (id, "stored") or (id, "duplicate")
...     archive.search('kooperiert -Sport', Filters(language="de", since="2024-01-01"))

Public API (``Archive(path, readonly=False, *, timeout=5.0, index=None)``, a context manager):

* writing — ``add(article)``, ``ingest(items, progress=None, *, on_commit=None)`` → :class:`IngestReport`
  (the batched writer; :func:`lagebild.ingest` is the store path that also links stories and records
  the run), ``start_run``/``finish_run``, ``reindex(index=None)`` (rebuild or switch the full-text
  index), ``transaction()`` (for modules of this package);
  ``story_store`` — the story stage's store over this archive;
* reading — ``get(id)``, ``search(query="", filters=None, *, limit=20, offset=0, sort="relevance")`` → list
  of :class:`Hit` (``sort="date"``: newest first; ``filters``: a :class:`lagebild.query.Filters` of
  since, until, section, language, source, entity), ``facets(query, filters)`` → section, language,
  source and month counts from the index,
  ``count(query, filters)``, ``ids(query, filters)``, ``related(id, limit=10)``,
  ``key_terms(id)``, ``export(fmt, out, query="", filters=None)``, ``entities(...)`` → :class:`EntityCount`,
  ``entity(id_or_name)``, ``quotes(speaker=None, limit=50)`` → :class:`QuoteHit`, ``stats()``,
  ``runs(limit=20)`` → :class:`Run`.

Snippets mark matched words as ``[word]`` (:data:`SNIPPET_OPEN`, :data:`SNIPPET_CLOSE`); front ends
escape the text, then turn the markers into highlighting.

Modules: ``sqlite`` (the Archive), ``batch`` (the batched writer, :class:`IngestReport`), ``schema``
(named migrations; how features add theirs), ``store`` (one article in and out), ``fulltext`` (the
index beside the store, by name: ``tantivy``, ``fts5``; the outbox that keeps it in step), ``search``
(query → FTS5 SQL, snippets), ``related``, ``facets`` (entities, quotes, stats), ``export``, ``runs`` (the
record of every run), ``stories`` (the story stage's tables), ``monitor`` (the watch loop's state),
``views`` (the dashboard's read-only queries), ``pg`` (the same Archive on PostgreSQL:
``lagebild.open_archive("postgresql://…")`` picks it; see docs/scale.md).
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
