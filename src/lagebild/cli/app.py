"""The Typer application and what every command shares: archive opening, error translation.

Commands only parse arguments, call the Python API and turn errors into one clean line; each
command group lives in its own module and registers itself on :data:`app` when imported.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from ..errors import LagebildError

app = typer.Typer(
    name="lagebild",
    help="News intelligence: news pages in, a searchable, alertable picture of who did what out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Score lagebild against a benchmark file.", no_args_is_help=True)
bench_app = typer.Typer(help="Run lagebild and its peers side by side on a benchmark.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
app.add_typer(bench_app, name="bench")

console = Console(soft_wrap=True)  # one message = one line, however long
err_console = Console(stderr=True, soft_wrap=True)

def _db_target(value):
    from ..api import archive_target  # a postgresql:// URL stays a URL (Path would fold its //)

    return archive_target(value)


DB_OPTION = typer.Option(Path("lagebild.db"), "--db", help="The archive: an SQLite file or a postgresql:// URL.",
                         envvar="LAGEBILD_DB", parser=_db_target)
JSON_OUT = typer.Option(False, "--json", help="Print JSON instead of a table.")
INDEX_DIR_OPTION = typer.Option(
    None, "--index-dir", envvar="LAGEBILD_INDEX_DIR",
    help="PostgreSQL archives: this machine's tantivy copy of the full-text index (default: the tsvector in the"
         " database, or ~/.local/share/lagebild/indexes/ for an archive that keeps tantivy copies).")


def print_json(obj) -> None:
    """Plain, indented JSON on stdout (no colour, no wrapping): what --json promises to scripts."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def failure_counts(report) -> str:
    """`` · enrich failures: quotes: IndexError ×2 · not linked: ModelError ×1`` of a report, or ''."""
    out = ""
    for what, counts in (("enrich failures", report.component_failures), ("not linked", report.link_failures)):
        if counts:
            out += f" · {what}: " + ", ".join(f"{reason} ×{n}" for reason, n in sorted(counts.items()))
    return out


def fail(message: str, code: int = 2) -> NoReturn:
    """Print one error line to stderr and exit."""
    message = message.encode("utf-8", "backslashreplace").decode("utf-8")  # an unpaired surrogate must not crash the print
    err_console.print(f"[red]error:[/red] {escape(message)}", highlight=False, markup=True)
    raise typer.Exit(code)


def open_archive(db: Path, *, must_exist: bool = True, readonly: bool = False, index_dir: Path | None = None):
    """Open the archive at ``db`` (a PostgreSQL archive's tantivy copy in ``index_dir``) or exit with a clean message."""
    from ..api import open_archive as open_backend
    from ..settings import ArchiveSettings, Settings

    if must_exist and not db.exists():
        fail(f"{db}: no archive here (run `lagebild ingest PATH --db {db}` first)")
    settings = Settings(archive=ArchiveSettings(index_dir=str(index_dir))) if index_dir else None
    try:
        return open_backend(db, readonly=readonly, settings=settings)
    except LagebildError as exc:
        fail(str(exc))  # ArchiveError messages name the file already


def guard(fn):
    """Decorator: turn a LagebildError escaping a command into one line and exit code 2."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except LagebildError as exc:
            fail(str(exc))
        except UnicodeEncodeError as exc:  # an argument with bytes that are not UTF-8 ($'\xff')
            from ..archive.sqlite import unencodable

            fail(unencodable(exc))
        except BrokenPipeError:  # `lagebild search … | head`
            sys.stderr.close()
            raise typer.Exit(0)

    return wrapper
