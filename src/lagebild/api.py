"""The Python API: as small as the CLI, and what every front end (CLI, web, watch) calls.

>>> import lagebild
>>> article = lagebild.extract_article("page.html")
>>> with lagebild.Archive("lagebild.db") as archive:
...     report = lagebild.ingest(archive, ["pages/"])
...     hits = archive.search("kooperieren section:Politik")

Storing is :func:`ingest` / :func:`store` (:mod:`lagebild._ingest`, re-exported here); reading the
archive is the :class:`~lagebild.archive.Archive`'s methods plus :func:`related`,
:func:`list_stories` and :func:`get_story`, which join the archive and the story stage.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ._ingest import Ingest, ingest, store
from .errors import InputError
from .model import Article, Failure, Mention, Origin, Page, Skipped, Story
from .settings import EnrichSettings, Settings


class ArchiveURL(str):
    """An archive named by a URL (``postgresql://user@host/db``): opened by the backend registered under
    its scheme. Answers the few questions front ends ask of a ``--db`` path."""

    @property
    def scheme(self) -> str:
        return self.split(":", 1)[0].lower()

    @property
    def name(self) -> str:
        return self.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1] or str(self)

    def exists(self) -> bool:
        return True  # a server's database: whether it opens is the backend's to say

    def is_dir(self) -> bool:
        return False


_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):(/+)")


def archive_target(target: str | os.PathLike) -> Path | ArchiveURL:
    """``--db`` as given: an :class:`ArchiveURL` when it starts with ``NAME://`` and NAME is a registered
    archive backend (``postgresql://…``), else a file path. A URL that went through ``Path`` (which
    folds ``//`` to ``/``) is mended."""
    from .registry import registry

    text = target if isinstance(target, str) else os.fspath(target)
    m = _URL.match(text)
    if m and m[1].lower() != "sqlite" and m[1].lower() in registry.backends:
        slashes = m[2] if isinstance(target, str) or len(m[2]) > 1 else "//"
        return ArchiveURL(f"{m[1]}:{slashes}{text[m.end():]}")
    return Path(text)


def open_archive(path: str | os.PathLike, *, readonly: bool = False, settings: Settings | None = None):
    """The archive at ``path``: a ``NAME://…`` URL opens with the backend registered as NAME
    (``postgresql://…``), a file with the backend the settings name (``registry.backends``; SQLite)."""
    from .registry import registry

    settings = settings or Settings()
    target = archive_target(path)
    name = target.scheme if isinstance(target, ArchiveURL) else settings.archive.backend
    backend = registry.backends.get(name)
    return backend(target, readonly, timeout=settings.archive.timeout, lock_wait=settings.archive.lock_wait,
                   index=settings.archive.index or None, index_dir=settings.archive.index_dir or None)


def read(inputs: Iterable[str | os.PathLike] | str | os.PathLike, settings: Settings | None = None
         ) -> Iterator[Page | Failure | Skipped]:
    """Pages from files, directories, globs, ``-`` (stdin), WARC and JSONL files; a Failure per
    unusable input, a Skipped per WARC record that is no page (a request, a 404, an image)."""
    from .sources import read as read_sources

    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    settings = settings or Settings()
    return read_sources([os.fspath(i) for i in inputs], settings.sources)


def process(inputs, settings: Settings | None = None, *, enrich: bool = True
            ) -> Iterator[Article | Failure | Skipped]:
    """Read, extract and enrich every page of ``inputs`` (records passed over come through as Skipped)."""
    from .pipeline import run

    settings = settings or Settings()
    return run(read(inputs, settings), settings, enrich=enrich)


def extract_article(
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
        results = [r for r in read(source, settings) if not isinstance(r, Skipped)]  # a WARC's request records
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
    from .pipeline import process_one

    return process_one(page, settings, enrich=enrich)


def related(archive, article_id: int, limit: int = 10) -> list:
    """Other articles on the subject of ``article_id`` ("Mehr zum Thema"), best first: its story's
    articles, then the wider context — stories sharing its keys and the articles sharing its key
    terms (full text) — every one scored with the story stage's pair similarity (``score``, one
    scale) and kept only above ``StorySettings.related_floor``: fewer than ``limit`` when that is
    all there is. Never the article's own near-duplicates. An article stored without the story
    stage (``Archive.add``) gets the full-text ranking of its key terms alone."""
    from . import stories
    from .archive.search import Hit
    from .sources.urls import host_of

    lexical = archive.related(article_id, limit=3 * limit + 20)
    if archive.get(article_id).story_id is None:  # stored without the story stage: its full-text ranking alone
        return lexical[:limit]
    exclude = {int(article_id), *stories.also_published(archive.story_store, article_id)}
    hits: list[Hit] = []
    for r in stories.related(archive.story_store, article_id, limit, extra=[h.id for h in lexical]):
        if r.article_id in exclude:
            continue
        a = archive.get(r.article_id)
        exclude.add(r.article_id)
        hits.append(Hit(id=r.article_id, title=a.title, url=a.url, published=a.published, section=a.section,
                        language=a.language, source=host_of(a.canonical_url or a.url),
                        snippet=(a.lead or a.text)[:240], score=round(float(r.score), 4)))
    return hits


def list_stories(archive, since: str | None = None, limit: int = 50, *, sort: str = "recent",
                 tz: str | None = None) -> list[Story]:
    """The stories of ``archive`` active on or after ``since`` (``2024-03-01``, ``7d``, … a day in
    the zone ``tz``), the most recently active first, or with ``sort="size"`` the largest first."""
    from . import stories

    return stories.list_stories(archive.story_store, since=since, limit=limit, sort=sort, tz=tz)


def get_story(archive, story_id: int) -> Story:
    """One story of ``archive`` with its articles' ids, newest first; ArchiveError if there is none."""
    from . import stories

    return stories.get_story(archive.story_store, story_id)


__all__ = ["ArchiveURL", "Ingest", "archive_target", "extract_article", "get_story", "ingest", "list_stories",
           "open_archive", "process", "read", "related", "store"]


def archive_system(settings: EnrichSettings | None = None):
    """An entity system for :func:`lagebild.enrich.entity_eval.evaluate`: enrich each text as one
    article and read the mentions back from a fresh in-memory archive, so identities are scored as
    an analyst sees them, including any resolution the archive does across articles."""

    def run(texts: dict[str, str]) -> dict[str, list[Mention]]:
        from .archive import Archive
        from .enrich import enrich
        from .extract.finish import detect_language

        ids: dict[str, int] = {}
        with Archive(":memory:") as archive:
            for f, text in texts.items():
                article = Article(text=text, language=detect_language(text), url=f"lagebild-eval:{f}",
                                  origin=Origin(path=f))
                ids[f], _status = archive.add(enrich(article, settings or EnrichSettings()))
            return {f: archive.get(aid).mentions for f, aid in ids.items()}

    return run
