"""The dashboard: server-rendered pages over the same Python API as the REST routes.

``/`` search with facets, ``/articles/{id}``, ``/entities`` and ``/entities/{id}``, ``/alerts``
(save, try and delete queries), ``/login`` when the server has a token. Templates autoescape;
article data is never marked safe — :mod:`.render` escapes it before wrapping it in tags.
"""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ..api import related as related_articles
from ..alerts import rules
from ..archive import network, quotefind, storyviews, trends, views
from ..archive.monitor import Monitor
from ..errors import LagebildError
from ..query import Filters
from . import charts, render, security
from .api import MAX_ID, FilterParams
from .layout import display_zone, page

router = APIRouter(include_in_schema=False)
PER_PAGE = 20
_FILTER_LABELS = {"section": "Rubrik", "lang": "Sprache", "source": "Quelle", "entity": "Entität", "since": "ab",
                  "until": "bis"}

def _access(request: Request):
    return request.app.state.archive


# ---------------------------------------------------------------- search

@router.get("/", response_class=HTMLResponse)
def home(
    request: Request, q: str = "", *, form: Annotated[FilterParams, Query()],
    page_no: int = Query(1, alias="page", ge=1, le=10_000),
):
    params = {"q": q, **{k: v or "" for k, v in form.model_dump().items()}}
    zone = display_zone(request)
    filters = form.filters(zone)
    context = {"params": params, "title": q or "Lage", "hits": [], "total": 0, "facets": {}, "error": None, "chart": None,
               "page": page_no, "pages": 1, "numbers": [], "top": [], "stats": None}
    status = 200
    with _access(request).read() as archive:
        try:
            context["hits"] = archive.search(q, filters, limit=PER_PAGE, offset=(page_no - 1) * PER_PAGE)
            context["total"] = total = archive.count(q, filters)
            context["facets"] = views.facets(archive, q, filters)
            context["trend"] = trends.compare(archive, [q], filters.without("since", "until"))
        except LagebildError as exc:  # an unreadable query or date
            context["error"], status = " ".join(str(exc).split()), 400
            total = 0
        context["pages"] = pages = max(1, math.ceil(total / PER_PAGE))
        context["numbers"] = render.page_numbers(page_no, pages)
        if not any(params.values()):
            context["top"] = archive.entities(limit=12)
            context["stats"] = views.overview(archive)
    if context.get("trend"):
        context["chart"] = charts.trend_svg(
            context["trend"], lambda a, b: "/" + render.query_string(params, since=a, until=b, page=""),
            selected=(params["since"][:10], params["until"][:10]), height=170)
    context["active"] = [(k, _FILTER_LABELS[k], v) for k, v in params.items() if v and k in _FILTER_LABELS]
    return page(request, "search.html", context, status)


# ---------------------------------------------------------------- one article

@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, article_id: int = Path(ge=1, le=MAX_ID)):
    display_zone(request)  # an unknown ?tz= is a 400 here too, not a page silently in UTC
    with _access(request).read() as archive:
        if not views.has_article(archive, article_id):
            raise HTTPException(404, f"Kein Artikel mit der Nummer {article_id}.")
        art = archive.get(article_id)
        related = related_articles(archive, article_id, limit=6)
        ids = [m.entity_id for m in art.mentions] + [q.speaker_entity_id for q in art.quotes]
        names = {**views.entity_names(archive, ids), **{e.id: e.name for e in art.entities}}
        belongs = storyviews.article_story(archive, article_id)
    link = render.safe_url(art.canonical_url) or render.safe_url(art.url)
    return page(request, "article.html", {
        "title": art.title or "(ohne Titel)", "a": art, "paragraphs": render.paragraphs(art, names),
        "related": related, "names": names, "link": link, "base": link,
        "entities": sorted(art.entities, key=lambda e: (e.type, e.name.lower())),
        "in_story": belongs["story"], "duplicates": belongs["duplicates"],
    })


# ---------------------------------------------------------------- entities

@router.get("/entities", response_class=HTMLResponse)
def entities(request: Request, type: str = "", since: str = "", until: str = ""):
    kind = type if type in render.ENTITY_TYPES else None
    zone = display_zone(request)
    with _access(request).read() as archive:
        rows = archive.entities(type=kind, since=since or None, until=until or None, tz=zone, limit=100)
    return page(request, "entities.html", {"title": "Entitäten", "rows": rows, "kind": kind,
                                           "params": {"type": kind or "", "since": since, "until": until,
                                                      "tz": request.query_params.get("tz", "")}})


@router.get("/entities/find", response_class=HTMLResponse)
def find_entity(request: Request, name: str = ""):
    """Jump to the entity called ``name`` in any spelling (the most-named one when several fit)."""
    with _access(request).read() as archive:
        if name.strip() and views.has_entity(archive, name.strip()):
            eid = archive.entity(name.strip())["entity"]["id"]
            return RedirectResponse(render.entity_href(eid), status_code=303)
        rows = archive.entities(limit=100)
    return page(request, "entities.html", {"title": "Entitäten", "rows": rows, "kind": None, "name": name,
                                           "missing": name, "params": {"type": "", "since": "", "until": ""}}, 404)


@router.get("/entities/{entity_id:path}", response_class=HTMLResponse)
def entity(request: Request, entity_id: str):
    zone = display_zone(request)
    with _access(request).read() as archive:
        if not views.has_entity(archive, entity_id):
            raise HTTPException(404, f"Keine Entität {entity_id!r}.")
        info = network.entity_card(archive, entity_id)
        eid = info["entity"]["id"]
        recent = archive.search("", Filters(entity=eid), limit=10)
        quotes = quotefind.find_quotes(archive, speaker=eid, limit=8)[1]
        volume = trends.compare(archive, [""], Filters(entity=eid), zone=zone)
    chart = charts.trend_svg(volume, lambda a, b: "/" + render.query_string({"entity": eid, "since": a, "until": b}))
    return page(request, "entity.html", {
        "title": info["entity"]["name"], "info": info, "e": info["entity"], "recent": recent, "quotes": quotes,
        "chart": chart, "volume": volume,
    })


# ---------------------------------------------------------------- alerts

def _alerts_context(request: Request, archive, *, q: str = "", test: str = "", form: dict | None = None) -> dict:
    alerts = rules.list_alerts(archive)
    if not security.may_write(request):
        for alert in alerts:
            alert.target, alert.secret = security.redact(alert.target), ""
    context = {"title": "Alerts", "alerts": alerts, "sources": rules.list_sources(archive), "q": q, "test": None,
               "hits": [], "total": 0, "error": None, "form": form or {"channel": "atom"}}
    query = q
    if test:
        alert = Monitor.of(archive).alert(test)
        if alert is None:
            raise HTTPException(404, f"Kein Alert namens {test!r}.")
        context["test"], query = alert, alert.query
    if query:
        try:
            context["hits"] = archive.search(query, limit=20)
            context["total"] = archive.count(query)
        except LagebildError as exc:
            context["error"] = " ".join(str(exc).split())
    return context


@router.get("/alerts", response_class=HTMLResponse)
def alerts(request: Request, q: str = "", test: str = ""):
    with _access(request).read() as archive:
        context = _alerts_context(request, archive, q=q, test=test)
    return page(request, "alerts.html", context, 400 if context["error"] else 200)


@router.post("/alerts", response_class=HTMLResponse)
def create_alert(request: Request, name: str = Form(""), query: str = Form(""), channel: str = Form("atom"),
                 target: str = Form(""), csrf: str = Form("")):
    security.check_form(request, csrf)
    form = {"name": name, "query": query, "channel": channel, "target": target}
    try:
        alert = rules.new_alert(name, query, channel, target)
        with _access(request).write() as archive:
            rules.add_alert(archive, alert)
    except LagebildError as exc:
        with _access(request).read() as archive:
            context = _alerts_context(request, archive, form=form)
        context["form_error"] = " ".join(str(exc).split())
        return page(request, "alerts.html", context, 400)
    return RedirectResponse(f"/alerts{render.query_string({'test': name})}", status_code=303)


@router.post("/alerts/{name}/delete")
def delete_alert(request: Request, name: str, csrf: str = Form("")):
    security.check_form(request, csrf)
    with _access(request).write() as archive:
        if Monitor.of(archive).alert(name) is None:
            raise HTTPException(404, f"Kein Alert namens {name!r}.")
        rules.remove_alert(archive, name)
    return RedirectResponse("/alerts", status_code=303)


@router.post("/sources", response_class=HTMLResponse)
def create_source(request: Request, url: str = Form(""), every: str = Form("10m"), csrf: str = Form("")):
    security.check_form(request, csrf)
    try:
        with _access(request).write() as archive:
            rules.add_source(archive, url, every=every or "10m")
    except LagebildError as exc:
        with _access(request).read() as archive:
            context = _alerts_context(request, archive)
        context["source_form"] = {"url": url, "every": every}
        context["source_error"] = " ".join(str(exc).split())
        return page(request, "alerts.html", context, 400)
    return RedirectResponse("/alerts#sources", status_code=303)


@router.post("/sources/{source_id}/delete")
def delete_source(request: Request, source_id: int = Path(ge=1, le=MAX_ID), csrf: str = Form("")):
    security.check_form(request, csrf)
    with _access(request).write() as archive:
        if Monitor.of(archive).source(source_id) is None:
            raise HTTPException(404, f"Keine Quelle mit der Nummer {source_id}.")
        rules.remove_source(archive, str(source_id))
    return RedirectResponse("/alerts#sources", status_code=303)


# ---------------------------------------------------------------- the API, readable

def _type(schema: dict) -> str:
    if "anyOf" in schema:
        return " | ".join(_type(s) for s in schema["anyOf"] if s.get("type") != "null")
    if "enum" in schema:
        return " | ".join(map(str, schema["enum"]))
    return schema.get("type", "object")


def _fields(schema: dict, spec: dict) -> list[dict]:
    ref = schema.get("$ref", "").rsplit("/", 1)[-1]
    body = spec.get("components", {}).get("schemas", {}).get(ref, {})
    required = set(body.get("required", []))
    return [{"name": k, "type": _type(v), "required": k in required, "description": v.get("description", "")}
            for k, v in body.get("properties", {}).items()]


def api_reference(spec: dict) -> list[dict]:
    """The endpoints of an OpenAPI spec, flattened for the template."""
    out = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            out.append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "description": op.get("description", ""), "write": method in ("post", "delete", "put", "patch"),
                "params": [{"name": p["name"], "where": p["in"], "required": p.get("required", False),
                            "type": _type(p.get("schema", {})), "description": p.get("description", "")}
                           for p in op.get("parameters", [])],
                "body": _fields(body, spec) if body else [],
            })
    return out


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs(request: Request):
    endpoints = api_reference(request.app.openapi())
    return page(request, "api.html", {"title": "REST API", "endpoints": endpoints})


# ---------------------------------------------------------------- signing in (servers with a token)

@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request):
    return page(request, "login.html", {"title": "Anmelden", "failed": False})


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, token: str = Form(""), csrf: str = Form("")):
    security.check_form(request, csrf, need_session=False)
    config = request.app.state.config
    if not config.token:
        return RedirectResponse("/alerts", status_code=303)
    if not security.token_matches(token, config.token):
        return page(request, "login.html", {"title": "Anmelden", "failed": True}, 401)
    response = RedirectResponse("/alerts", status_code=303)
    response.set_cookie(security.SESSION_COOKIE, security.session_value(config.token), httponly=True,
                        samesite="strict", path="/")
    return response


@router.post("/logout")
def logout(request: Request, csrf: str = Form("")):
    security.check_form(request, csrf, need_session=False)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(security.SESSION_COOKIE, path="/")
    return response
