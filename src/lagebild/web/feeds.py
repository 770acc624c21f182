"""The Atom feeds of alerts, served read-only at ``/feeds/<name>`` from the one folder they are
written to (``settings.alerts.atom_dir``); the name is checked like an alert's target, so a
request can reach no other file."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse

from ..alerts.deliver import AtomFile
from ..errors import InputError

router = APIRouter(tags=["feeds"])


@router.get("/feeds/{name}")
def feed(request: Request, name: str) -> FileResponse:
    """An alert's Atom feed (application/atom+xml)."""
    try:
        filename = AtomFile.check_target(name)
    except InputError:
        raise HTTPException(404, f"no feed named {name!r}") from None
    path = Path(request.app.state.settings.alerts.atom_dir) / filename
    if not path.is_file():
        raise HTTPException(404, f"no feed named {name!r} (yet: it is written when the alert first matches)")
    return FileResponse(path, media_type="application/atom+xml")


__all__ = ["router"]
