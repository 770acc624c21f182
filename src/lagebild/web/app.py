"""The FastAPI application: the REST API under ``/api`` and the dashboard, over one archive file.

>>> from lagebild.web import create_app
>>> app = create_app("news.db", token=None)      # uvicorn.run(app, host="127.0.0.1", port=8000)

Reads open the archive read-only per request; writes go through one writer connection behind a
lock (:class:`ArchiveAccess`). Errors become one-line messages: a :class:`LagebildError` is a
4xx (JSON under ``/api``, an error page elsewhere), an unknown id a 404.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import queue
import threading
from collections.abc import Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..api import open_archive
from ..archive import Archive
from ..errors import FetchError, LagebildError, ModelError
from ..settings import Settings, WebConfig
from . import security
from .layout import HERE, error_page
log = logging.getLogger("lagebild.web")
MAX_BODY = 16 * 2**20  # bytes of one request (an HTML page for /api/ingest, as JSON)


class ArchiveAccess:
    """Read-only archives, one per request at a time, kept for the next (a warm SQLite page cache and no
    opening cost: on 100k articles a fresh reader cost a page 15-55 ms); one writer connection, opened
    once, behind a lock. A reader sees every commit: each statement reads the newest snapshot, and the
    full-text index is refreshed before each search."""

    def __init__(self, path: Path, settings: Settings | None = None, readers: int = 4) -> None:
        self.path = path
        self.settings = settings or Settings()
        self._lock = threading.Lock()
        self._readers: queue.LifoQueue[Archive] = queue.LifoQueue()
        self._keep = readers
        self._writer: Archive | None = open_archive(path, settings=self.settings)  # creates and migrates the file

    @contextmanager
    def read(self) -> Iterator[Archive]:
        try:
            archive = self._readers.get_nowait()
        except queue.Empty:
            archive = open_archive(self.path, readonly=True, settings=self.settings)
        try:
            yield archive
        except BaseException:
            archive.close()  # whatever went wrong, the next request starts on a fresh reader
            raise
        if self._readers.qsize() < self._keep:
            self._readers.put(archive)
        else:
            archive.close()

    @contextmanager
    def write(self) -> Iterator[Archive]:
        with self._lock:
            if self._writer is None:
                self._writer = open_archive(self.path, settings=self.settings)
            yield self._writer

    def close(self) -> None:
        while not self._readers.empty():
            self._readers.get_nowait().close()
        with self._lock:
            if self._writer is not None:
                self._writer.close()
                self._writer = None


def one_line(message: object) -> str:
    return " ".join(str(message).split()) or "error"


def error_status(exc: LagebildError) -> int:
    """422 for a URL that could not be fetched, 500 for a broken model (the server's fault), else 400."""
    if isinstance(exc, FetchError):
        return 422
    return 500 if isinstance(exc, ModelError) else 400


def create_app(db_path: str | os.PathLike, token: str | None = None, *, allow_private: bool = False,
               allowed_hosts: tuple[str, ...] | None = None, settings: Settings | None = None,
               warm: bool = False) -> FastAPI:
    """The app over the archive at ``db_path`` (created if missing). With ``token``, writes need it.
    The server's own options end up in ``settings.web`` (:class:`~lagebild.settings.WebConfig`).
    ``warm``: load the models POST /api/ingest uses at start-up, before the first request is answered
    (a dashboard that only reads needs none of them, hence not by default)."""
    settings = dataclasses.replace(settings or Settings(), web=WebConfig(token or None, allow_private, allowed_hosts))
    access = ArchiveAccess(Path(db_path), settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if warm:  # before serving: a request never races the loading (the loaders are not shared-safe)
            from .._pool import warm as load_models

            load_models(settings)
        yield
        access.close()

    app = _App(title="lagebild", version="0.1.0", openapi_url="/api/openapi.json", docs_url=None,
                  redoc_url=None, lifespan=lifespan, max_body_size=MAX_BODY,  # counted as it streams (chunked too)
                  description="News intelligence: search, stories, trends, quotes, entities, alerts and ingest over one archive.")
    app.state.settings = settings
    app.state.config = settings.web
    app.state.archive = access
    _middleware(app)
    _errors(app)
    from . import analysis, api, api_views, feeds, pages

    app.include_router(api.router)
    app.include_router(api_views.router)
    app.include_router(analysis.router)
    app.include_router(pages.router)
    app.include_router(feeds.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app


class _App(FastAPI):
    """FastAPI with :class:`~lagebild.web.security.Outermost` around all of its middleware."""

    def build_middleware_stack(self):
        return security.Outermost(super().build_middleware_stack(), MAX_BODY)


def _middleware(app: FastAPI) -> None:
    @app.middleware("http")
    async def guard(request: Request, call_next):
        length = request.headers.get("content-length") or "0"
        if not security.host_allowed(request, app.state.config.allowed_hosts):
            response = JSONResponse({"error": "unknown Host header"}, status_code=421)
        elif not length.isdigit() or int(length) > MAX_BODY:
            response = JSONResponse({"error": f"request body over {MAX_BODY // 2**20} MiB"}, status_code=413)
        else:
            try:
                response = await call_next(request)
            except Exception as exc:  # noqa: BLE001 - a bug answers 500 in one line, with the same headers as any page
                log.error("%s %s: %s: %s", request.method, request.url.path, type(exc).__name__, exc)
                message = f"internal error ({type(exc).__name__}); the server log has the details"
                response = (JSONResponse({"error": message}, status_code=500) if _wants_json(request)
                            else error_page(request, 500, message))
        for name, value in security.HEADERS.items():
            response.headers.setdefault(name, value)
        if request.url.path.startswith("/api/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def _errors(app: FastAPI) -> None:
    def reply(request: Request, status: int, message: str, headers: dict | None = None):
        if _wants_json(request):
            return JSONResponse({"error": one_line(message)}, status_code=status, headers=headers)
        return error_page(request, status, one_line(message))

    @app.exception_handler(LagebildError)
    async def lagebild_error(request: Request, exc: LagebildError):
        return reply(request, error_status(exc), str(exc))

    @app.exception_handler(UnicodeEncodeError)
    async def unencodable(request: Request, exc: UnicodeEncodeError):  # "\ud800" in JSON or a query
        from ..archive.sqlite import unencodable as reason

        return reply(request, 400, reason(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        return reply(request, exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path"))
        return reply(request, 422, f"{where or 'request'}: {first.get('msg', 'invalid')}")


__all__ = ["ArchiveAccess", "create_app"]
