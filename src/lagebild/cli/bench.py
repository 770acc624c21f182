"""Benchmark commands: run lagebild and its peers side by side (``lagebild bench extraction``).

The runners live in the repository's ``benchmarks/`` folder (they need the peers from the
``bench`` extra and the datasets from ``../shared``); these commands only find and call them.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Optional

import typer

from .app import bench_app, fail

BENCHMARKS = Path(__file__).resolve().parents[3] / "benchmarks"


def _runner(name: str):
    path = BENCHMARKS / f"{name}.py"
    if not path.is_file():
        fail(f"{path}: benchmark runner not found (run from a source checkout of lagebild)")
    spec = importlib.util.spec_from_file_location(f"lagebild_bench_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@bench_app.command("extraction")
def extraction(
    datasets: list[Path] = typer.Argument(..., help="Dataset folders with html/, text/ and their ground truth."),
    only: Optional[str] = typer.Option(None, "--only", help="Comma-separated extractors, e.g. lagebild,trafilatura."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Only the first N pages of each set."),
    half: Optional[str] = typer.Option(None, "--half", help="Only the dev or the check half of each set (MD5 of the page name)."),
    scorer: Optional[Path] = typer.Option(None, "--scorer", help="score.py (default: next to the datasets)."),
) -> None:
    """Article extraction: body P/R/F1, title/date/author accuracy and ms/page, one table.

    Example: lagebild bench extraction ../shared/benchmarks/extraction/scrapinghub ../shared/benchmarks/extraction/trafilatura-eval
    """
    for folder in datasets:
        if not (folder / "html").is_dir():
            fail(f"{folder}: no html/ folder here")
    argv = [str(d) for d in datasets]
    if only:
        argv += ["--only", only]
    if limit:
        argv += ["--limit", str(limit)]
    if half:
        argv += ["--half", half]
    if scorer:
        argv += ["--scorer", str(scorer)]
    raise typer.Exit(_runner("extraction").main(argv))
