"""The archive on PostgreSQL (``--db postgresql://…``): the same public API as the SQLite archive.

Needs ``psycopg`` 3 (``pip install 'lagebild[postgres]'``) and a database the user may create tables
in; the ``pg_trgm`` extension is created by the first writable open (a trusted extension: the
database owner may). Modules: ``archive`` (:class:`PgArchive`), ``conn`` (the dialect layer that runs
the archive's shared ``sqlite3``-style code on psycopg), ``schema`` (migrations, named as in SQLite),
``fulltext`` (tsvector of lagebild's own terms, kept from the change log), ``tsquery`` (query language →
tsquery + SQL), ``tantivy`` (instead of the tsvector: a tantivy copy per machine following the change
log by watermark), ``bulk`` (COPY per ingest batch), ``stories`` (the story stage's store).
"""

from .archive import PgArchive

Archive = PgArchive

__all__ = ["Archive", "PgArchive"]
