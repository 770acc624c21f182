"""The dashboard's templates and the two ways to answer with one: :func:`page` and :func:`error_page`.

Its own module so that the app (error pages) and the routes (every page) both use it without
importing each other.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from .. import times
from ..archive.facets import speaker_label
from ..errors import QueryError
from . import render, security

HERE = Path(__file__).resolve().parent
_NAV = {"search.html": "search", "article.html": "search", "entities.html": "entities", "entity.html": "entities",
        "alerts.html": "alerts", "login.html": "alerts", "api.html": "api", "stories.html": "stories",
        "story.html": "stories", "trends.html": "trends", "quotes.html": "quotes", "network.html": "entities"}

_env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                          trim_blocks=True, lstrip_blocks=True)


def display_zone(request: Request) -> str:
    """The one zone dates are read and shown in for this request (issue 19, item 7): the ``tz``
    query parameter, else ``Settings.display.tz``, else UTC. QueryError (a 400) for an unknown name."""
    asked = request.query_params.get("tz", "").strip()
    return times.zone_name(asked or request.app.state.settings.display.tz)


def _page_zone(request: Request) -> str:
    """:func:`display_zone` for rendering: an error page about a bad ``tz`` still renders (in UTC)."""
    try:
        return display_zone(request)
    except QueryError:
        return "UTC"


@jinja2.pass_context
def _when(context, value: str | None, with_time: bool = True) -> str:
    """A stored date as shown in the page's zone (``zone`` in the context): a bare date stays, undated is ""."""
    return times.shown(value, context.get("zone"), with_time=with_time)


_env.globals.update(bar=render.bar, safe_url=render.safe_url, entity_href=render.entity_href, snippet=render.snippet,
                    when=_when, qs=render.query_string, ENTITY_TYPES=render.ENTITY_TYPES,
                    type_class=render.type_class, speaker_label=speaker_label)
templates = Jinja2Templates(env=_env)


def page(request: Request, name: str, context: dict, status: int = 200) -> HTMLResponse:
    config = request.app.state.config
    context = {"request": request, "nav": _NAV.get(name), "zone": _page_zone(request), "csrf": security.csrf_token(request),
               "needs_login": bool(config.token), "signed_in": security.session_ok(request, config.token), **context}
    response = templates.TemplateResponse(request, name, context, status_code=status)
    security.set_cookies(request, response)
    return response


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return page(request, "error.html", {"status": status, "message": message, "title": f"Fehler {status}"}, status)


__all__ = ["HERE", "display_zone", "error_page", "page", "templates"]
