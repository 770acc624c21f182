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

from ..archive.facets import speaker_label
from . import render, security

HERE = Path(__file__).resolve().parent
_NAV = {"search.html": "search", "article.html": "search", "entities.html": "entities", "entity.html": "entities",
        "alerts.html": "alerts", "login.html": "alerts", "api.html": "api", "stories.html": "stories",
        "story.html": "stories", "trends.html": "trends", "quotes.html": "quotes", "network.html": "entities"}

_env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                          trim_blocks=True, lstrip_blocks=True)
_env.globals.update(bar=render.bar, safe_url=render.safe_url, entity_href=render.entity_href, snippet=render.snippet,
                    when=render.when, qs=render.query_string, ENTITY_TYPES=render.ENTITY_TYPES,
                    type_class=render.type_class, speaker_label=speaker_label)
templates = Jinja2Templates(env=_env)


def page(request: Request, name: str, context: dict, status: int = 200) -> HTMLResponse:
    config = request.app.state.config
    context = {"request": request, "nav": _NAV.get(name), "csrf": security.csrf_token(request),
               "needs_login": bool(config.token), "signed_in": security.session_ok(request, config.token), **context}
    response = templates.TemplateResponse(request, name, context, status_code=status)
    security.set_cookies(request, response)
    return response


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return page(request, "error.html", {"status": status, "message": message, "title": f"Fehler {status}"}, status)


__all__ = ["HERE", "error_page", "page", "templates"]
