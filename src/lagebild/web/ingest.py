"""One page in through the API: fetch it (politely, public addresses only unless the server
allows private ones), run the pipeline outside the writer lock, then store it under the lock
through :func:`lagebild.ingest` (one run in the archive's record per request)."""

from __future__ import annotations

import dataclasses
from collections import Counter

from .._ingest import Ingest, outcome
from ..model import Origin, Page
from ..pipeline import process_one
from ..settings import Settings
from ..sources.fetch import Fetcher, to_page

ACCEPT_PAGE = "text/html,application/xhtml+xml,text/plain;q=0.8,*/*;q=0.5"


def fetch_page(url: str, settings: Settings) -> Page:
    """The page at ``url`` through :class:`~lagebild.sources.fetch.Fetcher`; FetchError says why not."""
    fetch = dataclasses.replace(settings.fetch, allow_private=settings.web.allow_private,
                                retries=min(settings.fetch.retries, 1))
    with Fetcher(fetch) as fetcher:
        response = fetcher.fetch(url, accept=ACCEPT_PAGE)
    return to_page(response, Origin(url=url))


def store_page(page: Page, settings: Settings, access) -> dict:
    """Extract and enrich ``page``, then add it: ``{"id", "status", "title", "url", "page_type"}`` and
    the enrich components or story link that failed, by reason. A page that is no article (a front
    page) is not stored: status ``skipped``, id ``null``."""
    failures: Counter[str] = Counter()
    result = process_one(page, settings, failures=failures)
    if not result.url and page.url:
        result.url = page.url
    with access.write() as archive, Ingest(archive, settings, command="api", inputs=page.origin.label()) as run:
        run.components.update(failures)  # counted while extracting, outside the writer lock
        run.feed([result])
    article_id, status = outcome(run.report)
    return {"id": article_id, "status": status, "title": result.title, "url": result.url,
            "page_type": result.page_type, "component_failures": run.report.component_failures,
            "link_failures": run.report.link_failures}


__all__ = ["fetch_page", "store_page"]
