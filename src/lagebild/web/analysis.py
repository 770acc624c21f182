"""The analyst's pages of the dashboard: stories, one story, trends, quotes and the entity network.

Each handler parses its parameters (the search's query language and filters, as on ``/``), calls
the archive's read-only views (:mod:`lagebild.archive.storyviews`, ``trends``, ``network``,
``quotefind``) and renders a template; charts are server-drawn SVG (:mod:`.charts`).
"""

from __future__ import annotations

import math
from urllib.parse import urlencode
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse

from ..archive import network as _network
from ..archive import quotefind, storyviews, trends
from ..errors import ArchiveError, LagebildError
from . import charts, render
from .api import MAX_ID, FilterParams
from .layout import display_zone, page

router = APIRouter(include_in_schema=False)
PER_PAGE = 20
WINDOW_LABELS = {"1d": "24 Stunden", "7d": "7 Tage", "30d": "30 Tage", "90d": "90 Tage", "all": "gesamt"}
SORT_LABELS = {"active": "aktiv", "growth": "wachsend", "size": "groß", "recent": "neu"}


def _access(request: Request):
    return request.app.state.archive


def _params(q: str, form: FilterParams, **more) -> dict:
    return {"q": q, **{k: v or "" for k, v in form.model_dump().items()}, **more}


def _pages(total: int, page_no: int) -> tuple[int, list]:
    pages = max(1, math.ceil(total / PER_PAGE))
    return pages, render.page_numbers(page_no, pages)


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


# ---------------------------------------------------------------- stories

@router.get("/stories", response_class=HTMLResponse)
def stories(request: Request, q: str = "", *, form: Annotated[FilterParams, Query()], window: str = "7d",
            sort: str = "active", page_no: int = Query(1, alias="page", ge=1, le=10_000)):
    window = window if window in storyviews.WINDOWS else "7d"
    sort = sort if sort in storyviews.SORTS else "active"
    params = _params(q, form, window=window, sort=sort)
    context = {"title": "Stories", "params": params, "found": None, "error": None, "page": page_no,
               "windows": WINDOW_LABELS, "sorts": SORT_LABELS}
    status = 200
    zone = display_zone(request)
    with _access(request).read() as archive:
        try:
            context["found"] = storyviews.stories(archive, q, form.filters(zone), days=storyviews.WINDOWS[window],
                                                  sort=sort, limit=PER_PAGE, offset=(page_no - 1) * PER_PAGE)
        except LagebildError as exc:
            context["error"], status = _one_line(exc), 400
    total = context["found"]["total"] if context["found"] else 0
    context["pages"], context["numbers"] = _pages(total, page_no)
    return page(request, "stories.html", context, status)


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(request: Request, story_id: int = Path(ge=1, le=MAX_ID), since: str = "", until: str = ""):
    zone = display_zone(request)
    with _access(request).read() as archive:
        try:
            record = storyviews.story(archive, story_id, since=since or None, until=until or None, tz=zone)
        except ArchiveError as exc:
            if "no story" in str(exc):
                raise HTTPException(404, f"Keine Story mit der Nummer {story_id}.") from None
            raise
    data = {**trends.align([("", {d["day"]: d["articles"] for d in record["days"]}, 0)]), "zone": zone}
    base = f"/stories/{story_id}"
    keep = {"tz": request.query_params.get("tz", "")}
    chart = charts.trend_svg(data, lambda a, b: base + render.query_string({"since": a, "until": b, **keep}),
                             selected=(since[:10], until[:10]) if since and until else None)
    return page(request, "story.html", {"title": record["label"] or f"Story {story_id}", "s": record,
                                        "chart": chart, "since": since, "until": until, "base": base})


# ---------------------------------------------------------------- trends

@router.get("/trends", response_class=HTMLResponse)
def trend(request: Request, q: Annotated[list[str], Query()] = [], *,  # noqa: B006 - FastAPI reads it, never mutated
          form: Annotated[FilterParams, Query()], unit: str = "auto"):
    queries = [x.strip() for x in q if x.strip()][: trends.MAX_SERIES]
    unit = unit if unit in (*trends.UNITS, "auto") else "auto"
    filters = form.filters(display_zone(request))
    params = _params("", form)
    context = {"title": "Trends", "queries": queries, "params": params, "unit": unit, "data": None,
               "chart": None, "error": None, "units": {"auto": "automatisch", "day": "Tage", "week": "Wochen",
                                                       "month": "Monate"}}
    status = 200
    with _access(request).read() as archive:
        try:
            context["data"] = data = trends.compare(archive, queries or [""], filters, unit=unit)  # a range zooms in
        except LagebildError as exc:
            context["error"], status = _one_line(exc), 400
    if context["data"]:
        context["chart"] = charts.trend_svg(data, lambda a, b: _range_link(queries, params, unit, a, b),
                                            selected=(params["since"], params["until"]))
        context["legend"] = [(k % 6, s) for k, s in enumerate(data["series"])]
    return page(request, "trends.html", context, status)


def _range_link(queries: list[str], params: dict, unit: str, since: str, until: str) -> str:
    """A bucket's link: the search over its days for one query, the chart narrowed to them for several."""
    if len(queries) <= 1:
        return "/" + render.query_string({**params, "q": queries[0] if queries else ""}, since=since, until=until)
    pairs = [("q", x) for x in queries] + [(k, v) for k, v in {**params, "since": since, "until": until}.items()
                                            if v and k != "q"]
    return "/trends?" + urlencode(pairs + ([("unit", unit)] if unit != "auto" else []))


# ---------------------------------------------------------------- quotes

@router.get("/quotes", response_class=HTMLResponse)
def quotes(request: Request, text: str = "", speaker: str = "", entity_q: str = Query("", alias="about"),
           q: str = "", *, form: Annotated[FilterParams, Query()],
           page_no: int = Query(1, alias="page", ge=1, le=10_000)):
    params = _params(q, form, text=text, speaker=speaker, about=entity_q)
    zone = display_zone(request)
    context = {"title": "Zitate", "params": params, "hits": [], "total": 0, "error": None, "page": page_no}
    status = 200
    with _access(request).read() as archive:
        try:
            context["total"], context["hits"] = quotefind.find_quotes(
                archive, text=text, speaker=speaker, entity=entity_q, query=q, filters=form.filters(zone),
                limit=PER_PAGE, offset=(page_no - 1) * PER_PAGE)
        except LagebildError as exc:
            context["error"], status = _one_line(exc), 400
    context["pages"], context["numbers"] = _pages(context["total"], page_no)
    return page(request, "quotes.html", context, status)


# ---------------------------------------------------------------- the network

@router.get("/network", response_class=HTMLResponse)
def network(request: Request, q: str = "", *, form: Annotated[FilterParams, Query()],
            story: int | None = Query(None, ge=1, le=MAX_ID), nodes: int = Query(30, ge=2, le=80)):
    params = _params(q, form, story=story or "")
    zone = display_zone(request)
    context = {"title": "Netzwerk", "params": params, "graph": None, "chart": None, "error": None, "story": None}
    status = 200
    with _access(request).read() as archive:
        try:
            if story is not None:
                context["story"] = storyviews.story(archive, story, limit=1, quotes=0)
            context["graph"] = graph = _network.network(archive, q, form.filters(zone), story=story, nodes=nodes)
            context["chart"] = charts.network_svg(graph)
        except LagebildError as exc:
            if story is not None and "no story" in str(exc):
                raise HTTPException(404, f"Keine Story mit der Nummer {story}.") from None
            context["error"], status = _one_line(exc), 400
    return page(request, "network.html", context, status)
