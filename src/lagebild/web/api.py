"""The REST API under ``/api``: the same calls as the CLI, as JSON.

Reads: articles (search with the query language and filters), one article, entities, alerts,
sources, health. Writes (POST/DELETE; with a server token they need ``Authorization: Bearer``):
alerts, sources, ingest. Every handler parses, calls the Python API and returns model dicts.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from pydantic import BaseModel, Field

from ..api import related as related_articles
from ..alerts import rules
from ..archive import views
from ..archive.monitor import Monitor
from ..errors import InputError
from ..model import Alert, Origin, Page, to_dict
from ..query import Filters
from . import security
from .layout import display_zone

router = APIRouter(prefix="/api", tags=["api"])
WRITE = [Depends(security.require_api_write)]
MAX_PAGE_CHARS = 8 * 1024 * 1024
EntityType = Literal["PER", "ORG", "LOC", "MISC"]
MAX_ID = 2**63 - 1  # the largest SQLite rowid


def _access(request: Request):
    return request.app.state.archive


class AlertIn(BaseModel):
    name: str = Field(description="1-64 letters, digits, '.', '-' or '_'")
    query: str = Field(description="A query in the search language")
    channel: str = Field(description="webhook, email or atom")
    target: str = Field(description="The webhook URL, e-mail address or Atom feed name (served at /feeds/<name>)")
    secret: str | None = Field(None, description="HMAC key for webhooks (generated when missing)")


class FilterParams(BaseModel):
    """The search filters as query parameters, for ``/api/articles`` and the dashboard's search."""

    since: str | None = Field(None, description="Published on or after: YYYY-MM-DD (a day in the zone tz), an ISO"
                                                " 8601 time, today, yesterday, or 7d, 2w, 3m, 1y back from today")
    until: str | None = Field(None, description="Published on or before (the end of that day; as since)")
    section: str | None = Field(None, description="Only this section, e.g. Politik")
    lang: str | None = Field(None, description="Only this language (ISO 639-1)")
    source: str | None = Field(None, description="Only this source host, e.g. example.com")
    entity: str | None = Field(None, description="Only articles naming this entity (id, name or alias)")
    tz: str | None = Field(None, description="IANA time zone since/until days and day counts are read in"
                                             " (default: the server's Settings.display.tz, else UTC)")

    def filters(self, zone: str | None = None) -> Filters:
        """The filters with since/until read as days in ``tz`` (or ``zone``, the request's zone)."""
        return Filters(since=self.since, until=self.until, section=self.section, language=self.lang,
                       source=self.source, entity=self.entity, tz=self.tz or zone)


class SourceIn(BaseModel):
    url: str
    every: str = "10m"
    kind: Literal["feed", "sitemap", "urls"] | None = None


class IngestIn(BaseModel):
    html: str | None = Field(None, max_length=MAX_PAGE_CHARS, description="An HTML page")
    text: str | None = Field(None, max_length=MAX_PAGE_CHARS, description="Scraped text of a page")
    url: str | None = Field(None, description="The page's URL; fetched when neither html nor text is given")


def public_alert(alert: Alert, request: Request) -> dict:
    """An alert without its webhook secret (shown once, when the alert is created); a reader without
    the server's token sees its destination redacted."""
    record = to_dict(alert)
    record.pop("secret", None)
    if not security.may_write(request):
        record["target"] = security.redact(alert.target)
    return record


# ---------------------------------------------------------------- reading

@router.get("/health")
def health(request: Request) -> dict:
    """The server is up; how many articles the archive holds."""
    with _access(request).read() as archive:
        return {"status": "ok", "articles": archive.count(), "archive": archive.path.name}


@router.get("/articles")
def articles(
    request: Request,
    q: str = Query("", description='Words, "phrases", AND/OR/NOT, ( ), Tür* (a trailing * is a prefix),'
                                      ' entity:, section:, lang:, source:'),
    *, params: Annotated[FilterParams, Query()],
    limit: int = Query(20, ge=1, le=200), offset: int = Query(0, ge=0, le=10**9),
    facets: bool = Query(False, description="Also count the matches by section, language, source and month"),
) -> dict:
    """Articles matching the query and filters, best first (newest first without words), with the total."""
    filters = params.filters(display_zone(request))
    with _access(request).read() as archive:
        hits = archive.search(q, filters, limit=limit, offset=offset)
        out = {"total": archive.count(q, filters), "limit": limit, "offset": offset,
               "items": [to_dict(h) for h in hits]}
        if facets:
            out["facets"] = {k: [{"value": v, "count": n} for v, n in rows]
                             for k, rows in views.facets(archive, q, filters).items()}
    return out


@router.get("/articles/{article_id}")
def article(request: Request, article_id: int = Path(ge=1, le=MAX_ID), related: int = Query(8, ge=0, le=50)) -> dict:
    """One article: its fields, mentions, entities, quotes, teasers and related_articles (other articles on
    the same subject)."""
    with _access(request).read() as archive:
        if not views.has_article(archive, article_id):
            raise HTTPException(404, f"no article with id {article_id}")
        record = to_dict(archive.get(article_id))
        record["related_articles"] = [to_dict(h) for h in related_articles(archive, article_id, limit=related)] if related else []
    return record


_LANG = Query(None, description="Names as articles in this language write them (de, en, …); ids do not change")


@router.get("/entities")
def entities(request: Request, type: EntityType | None = None,
             since: str | None = Query(None, description="Named on or after (as /api/articles)"),
             until: str | None = Query(None, description="Named on or before"),
             tz: str | None = Query(None, description="IANA zone of since/until (default: the server's setting, UTC)"),
             limit: int = Query(50, ge=1, le=500), lang: str | None = _LANG) -> list[dict]:
    """The most-named entities, by articles then mentions."""
    zone = display_zone(request)
    with _access(request).read() as archive:
        return [to_dict(e) for e in archive.entities(type=type, since=since, until=until, tz=zone, limit=limit, lang=lang)]


@router.get("/entities/{entity_id:path}")
def entity(request: Request, entity_id: str, lang: str | None = _LANG) -> dict:
    """One entity by id, name or alias: its record, mentions per day and co-occurring entities."""
    with _access(request).read() as archive:
        if not views.has_entity(archive, entity_id):
            raise HTTPException(404, f"no entity {entity_id!r}")
        return archive.entity(entity_id, lang=lang)


@router.get("/alerts")
def alerts(request: Request) -> list[dict]:
    """The saved alerts (without their webhook secrets)."""
    with _access(request).read() as archive:
        return [public_alert(a, request) for a in rules.list_alerts(archive)]


@router.get("/alerts/{name}/test")
def test_alert(request: Request, name: str, limit: int = Query(20, ge=1, le=200)) -> dict:
    """The archived articles the alert's query matches now."""
    with _access(request).read() as archive:
        alert = Monitor.of(archive).alert(name)
        if alert is None:
            raise HTTPException(404, f"no alert named {name!r}")
        return {"alert": public_alert(alert, request), "total": archive.count(alert.query),
                "items": [to_dict(h) for h in archive.search(alert.query, limit=limit)]}


@router.get("/sources")
def sources(request: Request) -> list[dict]:
    """The sources `lagebild watch` polls."""
    with _access(request).read() as archive:
        return [to_dict(s) for s in rules.list_sources(archive)]


# ---------------------------------------------------------------- writing

@router.post("/alerts", status_code=201, dependencies=WRITE)
def create_alert(request: Request, body: AlertIn) -> dict:
    """Save a query; the response holds the webhook secret (later listings do not)."""
    alert = rules.new_alert(body.name, body.query, body.channel, body.target, secret=body.secret)
    with _access(request).write() as archive:
        return to_dict(rules.add_alert(archive, alert))


@router.delete("/alerts/{name}", dependencies=WRITE)
def delete_alert(request: Request, name: str) -> dict:
    """Delete a saved alert and its pending deliveries."""
    with _access(request).write() as archive:
        if Monitor.of(archive).alert(name) is None:
            raise HTTPException(404, f"no alert named {name!r}")
        rules.remove_alert(archive, name)
    return {"deleted": name}


@router.post("/sources", status_code=201, dependencies=WRITE)
def create_source(request: Request, body: SourceIn) -> dict:
    """Watch a feed, sitemap or URL list (every: 30s, 10m, 2h, 1d)."""
    with _access(request).write() as archive:
        return to_dict(rules.add_source(archive, body.url, every=body.every, kind=body.kind))


@router.delete("/sources/{source_id}", dependencies=WRITE)
def delete_source(request: Request, source_id: int = Path(ge=1, le=MAX_ID)) -> dict:
    """Stop watching a source."""
    with _access(request).write() as archive:
        if Monitor.of(archive).source(source_id) is None:
            raise HTTPException(404, f"no source with id {source_id}")
        source = rules.remove_source(archive, str(source_id))
    return {"deleted": to_dict(source)}


def _origin(url: str | None) -> Origin:
    return Origin(url=url) if url else Origin(path="<api>")


@router.post("/ingest", status_code=201, dependencies=WRITE)
def ingest(request: Request, body: IngestIn) -> dict:
    """Extract, enrich and store one page: html, scraped text, or a url to fetch (public addresses only,
    unless the server runs with --allow-private). A page that is no article (a front page, under 50 words
    of text) is not stored (status "skipped"); enrich components and story links that failed are counted."""
    from .ingest import fetch_page, store_page

    settings = request.app.state.settings
    if body.html is not None and body.text is not None:
        raise InputError("give html or text, not both")
    if body.html is not None:
        page = Page(content=body.html.encode("utf-8"), kind="html", url=body.url, declared_encoding="utf-8",
                    origin=_origin(body.url))
    elif body.text is not None:
        page = Page(content=body.text, kind="text", url=body.url, origin=_origin(body.url))
    elif body.url:
        page = fetch_page(body.url, settings)
    else:
        raise InputError("give html, text or a url to fetch")
    return store_page(page, settings, _access(request))
