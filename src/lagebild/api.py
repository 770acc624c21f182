"""The Python API: as small as the CLI.

>>> import lagebild
>>> article = lagebild.extract("page.html")
>>> with lagebild.Archive("lagebild.db") as archive:
...     report = archive.ingest(lagebild.process(["pages/"]))
...     hits = archive.search("kooperieren section:Politik")
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import InputError
from .model import Article, Failure, Origin, Page
from .settings import Settings


def read(inputs: Iterable[str | os.PathLike] | str | os.PathLike, settings: Settings | None = None) -> Iterator[Page | Failure]:
    """Pages from files, directories, globs, ``-`` (stdin), WARC and JSONL files."""
    from .sources import read as read_sources

    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    settings = settings or Settings()
    return read_sources([os.fspath(i) for i in inputs], settings.sources)


def process(inputs, settings: Settings | None = None, *, enrich: bool = True) -> Iterator[Article | Failure]:
    """Read, extract and enrich every page of ``inputs``."""
    from .pipeline import run

    settings = settings or Settings()
    return run(read(inputs, settings), settings, enrich=enrich)


def extract(
    source: str | os.PathLike | bytes | Page,
    *,
    url: str | None = None,
    kind: str | None = None,
    settings: Settings | None = None,
    enrich: bool = False,
) -> Article:
    """One article from a path, raw HTML bytes, a text string or a :class:`Page`.

    A ``str`` that names an existing file is read as a file; any other ``str`` is the page itself
    (HTML if it looks like markup, else scraped text). Raises :class:`InputError` with the reason.
    """
    settings = settings or Settings()
    if isinstance(source, Page):
        page = source
    elif isinstance(source, bytes):
        page = Page(content=source, kind=kind or "html", url=url, origin=Origin(url=url))
    elif isinstance(source, os.PathLike) or (isinstance(source, str) and len(source) < 4096 and "\n" not in source and Path(source).is_file()):
        results = list(read(source, settings))
        if not results:
            raise InputError(f"{source}: no page found")
        first = results[0]
        if isinstance(first, Failure):
            raise InputError(str(first))
        page = first
        if url:
            page.url = url
    else:
        looks_html = source.lstrip()[:1] == "<"
        page = Page(content=source, kind=kind or ("html" if looks_html else "text"), url=url, origin=Origin(url=url))
    from .pipeline import run

    (result,) = list(run([page], settings, enrich=enrich))
    if isinstance(result, Failure):
        raise InputError(str(result))
    return result
