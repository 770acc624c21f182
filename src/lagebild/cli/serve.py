"""``lagebild serve``: the REST API and the dashboard over one archive (see lagebild.web)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .app import DB_OPTION, INDEX_DIR_OPTION, app, console, err_console, fail, guard


@app.command()
@guard
def serve(
    db: Path = DB_OPTION,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind; a non-loopback one needs --token."),
    port: int = typer.Option(8000, "--port", help="TCP port."),
    token: Optional[str] = typer.Option(None, "--token", envvar="LAGEBILD_TOKEN",
                                        help="Writes (POST/DELETE) need 'Authorization: Bearer TOKEN'."),
    allow_private: bool = typer.Option(False, "--allow-private",
                                       help="Let POST /api/ingest fetch private and loopback addresses."),
    allowed_host: list[str] = typer.Option([], "--allowed-host",
                                           help="Also answer requests for this Host name (repeatable); "
                                                "the bound address and, on loopback, localhost are always answered."),
    index_dir: Optional[Path] = INDEX_DIR_OPTION,
    warm: bool = typer.Option(False, "--warm",
                              help="Load the extraction and enrichment models before answering (a few seconds and "
                                   "~1 GB at start), so the first POST /api/ingest does not pay for loading them."),
) -> None:
    """Serve the dashboard and the REST API (/api, spec at /api/openapi.json).

    Example: lagebild serve --db demo.db   then open http://127.0.0.1:8000/
    """
    import uvicorn

    from ..web import create_app
    from ..web.security import allowed_hosts, check_bind

    check_bind(host, token)
    if not db.exists():
        err_console.print(f"{db}: no archive yet; starting with an empty one", highlight=False)
    elif db.is_dir():
        fail(f"{db}: is a directory, not an archive file")
    allowed = allowed_hosts(host, tuple(allowed_host))
    from ..settings import ArchiveSettings, Settings

    settings = Settings(archive=ArchiveSettings(index_dir=str(index_dir))) if index_dir else None
    web_app = create_app(db, token, allow_private=allow_private, allowed_hosts=allowed, settings=settings, warm=warm)
    shown = f"[{host}]" if ":" in host else host
    console.print(f"lagebild dashboard on http://{shown}:{port}/  ·  API http://{shown}:{port}/api  ·  {db}",
                  highlight=False)
    uvicorn.run(web_app, host=host, port=port, log_level="warning", server_header=False)
