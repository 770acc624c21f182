"""The REST API and the web dashboard: ``create_app(db_path, token=None)``; ``lagebild serve`` runs it.

    lagebild serve --db demo.db                      # http://127.0.0.1:8000/
    lagebild serve --host 0.0.0.0 --token SECRET     # reachable from others: writes need the token

REST API (JSON; the spec is ``/api/openapi.json``)::

    GET    /api/health
    GET    /api/articles?q=&since=&until=&section=&lang=&source=&entity=&limit=&offset=&facets=
    GET    /api/articles/{id}                 fields, entities, mentions, quotes, teasers, related_articles
    GET    /api/entities?type=&since=&until=&limit=
    GET    /api/entities/{id or name}         record, timeline (per day), co-occurring entities
    GET    /api/stories?q=&<filters>&window=7d&sort=active|growth|size|recent&limit=&offset=
    GET    /api/stories/{id}?since=&until=&limit=&offset=   articles (copies folded), days, quotes, entities
    GET    /api/quotes?text=&speaker=&about=&q=&<filters>&limit=&offset=
    GET    /api/trends?q=&q=…&<filters>&unit=auto|day|week|month     articles per bucket, UTC
    GET    /api/network?q=&<filters>&story=&nodes=            entity co-occurrence graph
    GET    /api/export?format=jsonl|csv|parquet&q=&<filters>  the matching articles, streamed
    GET    /api/alerts                        POST /api/alerts    DELETE /api/alerts/{name}
    GET    /api/alerts/{name}/test            what the saved query matches now
    GET    /api/sources                       POST /api/sources   DELETE /api/sources/{id}
    POST   /api/ingest                        {"html": …} | {"text": …} | {"url": …} (+ "url" for html/text)
                                              → {id, status: stored | duplicate | skipped, title, url,
                                                 page_type, component_failures, link_failures}

Dashboard: ``/`` (latest articles, search, facets, volume chart), ``/articles/{id}``, ``/stories``,
``/stories/{id}``, ``/trends``, ``/quotes``, ``/network``, ``/entities``, ``/entities/{id}``,
``/alerts``, ``/login`` (servers with a token). ``<filters>``: since, until, section, lang, source, entity. Errors are ``{"error": "one line"}``.
"""

from .app import create_app

__all__ = ["create_app"]
