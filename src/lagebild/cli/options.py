"""Options several commands share: the search filters and the time zone dates are read and shown in."""

from __future__ import annotations

import functools
import inspect
from typing import Optional

import typer

from ..query import Filters
from ..times import DATE_HELP

SINCE = typer.Option(None, "--since", help=f"Published on or after this day or time: {DATE_HELP}.")
UNTIL = typer.Option(None, "--until", help="Published on or before this day or time (as --since).")
SECTION = typer.Option(None, "--section", help="Only this section (e.g. Politik).")
LANG = typer.Option(None, "--lang", help="Only this language (ISO 639-1, e.g. de).")
SOURCE = typer.Option(None, "--source", help="Only this source host (e.g. www.example.com).")
ENTITY = typer.Option(None, "--entity", help="Only articles naming this entity, in any spelling.")
TZ = typer.Option(None, "--tz", envvar="LAGEBILD_TZ", show_default="UTC",
                  help="Time zone of the dates shown and of --since/--until days (IANA name, e.g. Europe/Berlin).")
_FILTER_OPTIONS = {"since": SINCE, "until": UNTIL, "section": SECTION, "lang": LANG, "source": SOURCE,
                   "entity": ENTITY, "tz": TZ}


def filter_options(*names: str):
    """Decorator: the command's ``filters: Filters`` parameter becomes the options ``names`` (of
    since, until, section, lang, source, entity, tz) in its place, and the command gets one Filters.
    typer reads options from the signature, so the wrapper shows typer the options instead of one."""

    def decorate(fn):
        sig = inspect.signature(fn, eval_str=True)
        params: list[inspect.Parameter] = []
        for p in sig.parameters.values():
            if p.name != "filters":
                params.append(p)
                continue
            params += [inspect.Parameter(n, p.kind, default=_FILTER_OPTIONS[n], annotation=Optional[str]) for n in names]

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            values = {("language" if n == "lang" else n): kwargs.pop(n, None) for n in names}
            return fn(*args, filters=Filters(**values), **kwargs)

        wrapper.__signature__ = sig.replace(parameters=params)
        wrapper.__annotations__ = {p.name: p.annotation for p in params} | {"return": sig.return_annotation}
        return wrapper

    return decorate


def display_zone(tz: str | None) -> str | None:
    """The zone dates are shown in: ``--tz`` / LAGEBILD_TZ, else ``Settings().display.tz``;
    a name the system does not know is one clean error (QueryError, turned into a line by guard)."""
    from ..settings import Settings
    from ..times import zone_name

    return zone_name(tz or Settings().display.tz)


__all__ = ["ENTITY", "LANG", "SECTION", "SINCE", "SOURCE", "TZ", "UNTIL", "display_zone", "filter_options"]
