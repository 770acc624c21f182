"""The REST API's analyst views under ``/api``: stories, one story, quotes, trends, the entity network,
and the export of matching articles, streamed.

Every list is paginated (``limit``, ``offset``, ``total``) and takes the query language (``q``) and
the filters of ``/api/articles``. Handlers parse, call the archive's read-only views and return
plain dicts; errors become ``{"error": "one line"}`` (see :mod:`.app`).
"""

from __future__ import annotations

import inspect
import logging
import queue
import threading
from typing import Annotated, Literal

import anyio
from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import StreamingResponse

from ..archive import network as _network
from ..archive import quotefind, storyviews, trends
from ..errors import ArchiveError, InputError
from ..model import to_dict
from .api import MAX_ID, FilterParams
from .layout import display_zone

router = APIRouter(prefix="/api", tags=["api"])
log = logging.getLogger("lagebild.web")
QUERY = Query("", description='Words, "phrases", AND/OR/NOT, ( ), Tür* (a trailing * is a prefix), entity:,'
                                  ' section:, lang:, source: (as /api/articles)')
Window = Literal["1d", "7d", "30d", "90d", "all"]
EXPORT_TYPES = {"jsonl": "application/x-ndjson", "csv": "text/csv; charset=utf-8",
                "parquet": "application/vnd.apache.parquet"}


def _access(request: Request):
    return request.app.state.archive


@router.get("/stories")
def stories(request: Request, q: str = QUERY, *, params: Annotated[FilterParams, Query()],
            window: Window = Query("7d", description="Activity window ending at the newest article"),
            sort: Literal["active", "growth", "size", "recent"] = Query(
                "active", description="active: most matching articles in the window; growth: most more than in"
                                      " the window before; size: all articles; recent: newest article"),
            limit: int = Query(20, ge=1, le=200), offset: int = Query(0, ge=0, le=10**9)) -> dict:
    """Stories with matching articles in the window, by activity: label, span, size, recent / before /
    growth counts, sources, languages and top entities by name. A search's matches are counted newest
    first, at most 20,000 of them: ``read`` of ``matching`` (both null without q or filters)."""
    zone = display_zone(request)
    with _access(request).read() as archive:
        found = storyviews.stories(archive, q, params.filters(zone), days=storyviews.WINDOWS[window], sort=sort,
                                   limit=limit, offset=offset)
    return {"total": found["total"], "limit": limit, "offset": offset, "window": found["window"], "sort": sort,
            "zone": zone, "read": found["read"], "matching": found["matching"], "items": found["items"]}


@router.get("/stories/{story_id}")
def story(request: Request, story_id: int = Path(ge=1, le=MAX_ID),
          since: str | None = Query(None, description="Its articles published on or after (as /api/articles)"),
          until: str | None = Query(None, description="Its articles published on or before"),
          tz: str | None = Query(None, description="IANA zone of since/until and of the days (default: the"
                                                   " server's Settings.display.tz, else UTC)"),
          limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0, le=10**9)) -> dict:
    """One story: summary, articles per day in ``zone``, quotes, top entities and its articles oldest
    first (``groups``: near-duplicates folded under their first copy; ``limit``/``offset`` page the
    articles, ``since``/``until`` restrict them)."""
    zone = display_zone(request)
    with _access(request).read() as archive:
        try:
            record = storyviews.story(archive, story_id, since=since, until=until, limit=limit, offset=offset,
                                      tz=zone)
        except ArchiveError as exc:
            if "no story" in str(exc):
                raise HTTPException(404, f"no story with id {story_id}") from None
            raise
    record["quotes"] = [to_dict(q) for q in record["quotes"]]
    return {**record, "zone": zone, "limit": limit, "offset": offset, "total": record.pop("matching")}


@router.get("/quotes")
def quotes(request: Request, text: str = Query("", description="Words the quote contains (all of them)"),
           speaker: str = Query("", description="Speaker: entity id, name or alias, or as named in the text"),
           about: str = Query("", description="An entity the quoting article names"), q: str = QUERY, *,
           params: Annotated[FilterParams, Query()], limit: int = Query(20, ge=1, le=200),
           offset: int = Query(0, ge=0, le=10**9)) -> dict:
    """Quotes, newest article first, by speaker, entity, words and the articles a search finds."""
    zone = display_zone(request)
    with _access(request).read() as archive:
        total, hits = quotefind.find_quotes(archive, text=text, speaker=speaker, entity=about, query=q,
                                            filters=params.filters(zone), limit=limit, offset=offset)
    return {"total": total, "limit": limit, "offset": offset,
            "items": [{**to_dict(h), "speaker_label": h.who} for h in hits]}


@router.get("/trends")
def trend(request: Request, q: Annotated[list[str], Query(description="One to six queries (repeat q=)")] = [],  # noqa: B006
          *, params: Annotated[FilterParams, Query()],
          unit: Literal["auto", "day", "week", "month"] = "auto",
          limit: int = Query(400, ge=1, le=5000, description="At most this many buckets, the newest"),
          offset: int = Query(0, ge=0, le=10**6, description="Buckets skipped from the newest")) -> dict:
    """Matching articles per day, week (from Monday) or month in one stated zone (``zone``; UTC unless
    set), one series per query on one axis."""
    zone = display_zone(request)
    with _access(request).read() as archive:
        data = trends.compare(archive, [x for x in q if x.strip()] or [""], params.filters(zone), unit=unit)
    n = len(data["buckets"])
    lo, hi = max(0, n - offset - limit), max(0, n - offset)
    return {**data, "total": n, "limit": limit, "offset": offset, "buckets": data["buckets"][lo:hi],
            "series": [{**s, "counts": s["counts"][lo:hi]} for s in data["series"]]}


@router.get("/network")
def network(request: Request, q: str = QUERY, *, params: Annotated[FilterParams, Query()],
            story: int | None = Query(None, ge=1, le=MAX_ID, description="The articles of this story instead"),
            nodes: int = Query(30, ge=2, le=200)) -> dict:
    """Co-occurrence graph: the most-named entities of the matching articles (the newest 2,000 of them)
    and, for each pair, the number of articles naming both."""
    zone = display_zone(request)
    with _access(request).read() as archive:
        return _network.network(archive, q, params.filters(zone), story=story, nodes=nodes)


# ---------------------------------------------------------------- export, streamed

class _Pipe:
    """A write-only binary file whose bytes go, in chunks of 64 KiB, to a bounded queue the response reads."""

    CHUNK = 64 * 1024

    def __init__(self, chunks: queue.Queue, stop: threading.Event) -> None:
        self.chunks, self.stop, self.position, self.closed = chunks, stop, 0, False
        self.buffer = bytearray()

    def write(self, data) -> int:
        size = len(data)
        self.buffer += data
        self.position += size
        if len(self.buffer) >= self.CHUNK:
            self.drain()
        return size

    def drain(self) -> None:
        """Hand the buffered bytes to the response (waiting while it is behind; stopping when it is gone)."""
        if not self.buffer:
            return
        chunk, self.buffer = bytes(self.buffer), bytearray()
        while True:
            if self.stop.is_set():
                raise InputError("export cancelled: the client went away")
            try:
                self.chunks.put(chunk, timeout=1)
                return
            except queue.Full:
                continue

    def tell(self) -> int:
        return self.position

    def flush(self) -> None:
        pass

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return False

    def seekable(self) -> bool:
        return False


def _run_export(access, fmt: str, q: str, filters, table: str | None, chunks: queue.Queue, stop: threading.Event):
    try:
        with access.read() as archive:
            extra = {"table": table} if table and "table" in inspect.signature(archive.export).parameters else {}
            pipe = _Pipe(chunks, stop)
            archive.export(fmt, pipe, q, filters, **extra)
            pipe.drain()
    except Exception as exc:  # noqa: BLE001 - the response has started: log it and end the stream
        if not stop.is_set():
            log.error("export %s: %s: %s", fmt, type(exc).__name__, exc)
    finally:
        try:
            chunks.put(None, timeout=5)  # the end; nobody may be reading any more
        except queue.Full:
            pass


@router.get("/export", responses={200: {"content": {t: {} for t in EXPORT_TYPES.values()},
                                        "description": "The matching articles, streamed"}})
def export(request: Request, format: Literal["jsonl", "csv", "parquet"] = "jsonl", q: str = QUERY, *,
           params: Annotated[FilterParams, Query()],
           table: str | None = Query(None, description="articles (default) or, where the archive offers them,"
                                                       " entities, mentions, quotes, stories, aliases")):
    """Every matching article as JSONL (one article per line), CSV or Parquet, streamed as it is written."""
    filters = params.filters(display_zone(request))
    access = _access(request)
    with access.read() as archive:
        archive.count(q, filters)  # an unreadable query fails here, as a 400, before anything is sent
        takes_table = "table" in inspect.signature(archive.export).parameters
    if table not in (None, "", "articles") and not takes_table:
        raise InputError(f"unknown export table {table!r}: this archive exports articles")
    chunks: queue.Queue = queue.Queue(maxsize=64)
    stop = threading.Event()
    threading.Thread(target=_run_export, args=(access, format, q, filters, table or None, chunks, stop),
                     daemon=True, name="lagebild-export").start()

    async def stream():
        try:  # a client that goes away cancels the wait below, and the export stops at its next chunk
            while (chunk := await anyio.to_thread.run_sync(chunks.get, abandon_on_cancel=True)) is not None:
                yield chunk
        finally:
            stop.set()

    name = f"lagebild-{table or 'articles'}.{format}"
    return StreamingResponse(stream(), media_type=EXPORT_TYPES[format],
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})
