"""The one way to store articles: :func:`ingest` (a stream) and :func:`store` (one article), both
through :class:`Ingest`, which sits above the archive and the story stage and joins them.

For every batch the archive commits (``Archive.ingest(on_commit=…)``), the articles it stored are
linked to their near-duplicates and their story (``stories.link`` over ``archive.story_store``);
a link that fails is logged and counted by reason, never fatal. Enrich components that fail are
counted the same way. A run — ``lagebild ingest``, ``demo``, a ``watch`` pass, ``POST /api/ingest``
— records its resolved settings and its counts in the archive's ``runs`` table.

    with lagebild.Archive("news.db") as archive:
        report = lagebild.ingest(archive, ["pages/", "crawl.warc.gz"])     # paths, pages or articles
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator

from .errors import ArchiveError, LagebildError
from .model import Article, Failure, Page, Skipped
from .settings import Settings

log = logging.getLogger("lagebild")

Item = str | os.PathLike | Page | Article | Failure | Skipped


class Ingest:
    """One ingest run over ``archive``: feeds items through the pipeline into the archive, links
    what was stored, adds up one :class:`~lagebild.archive.IngestReport` and, with a ``command``,
    records the run (started on entering, finished with its counts on :meth:`close`)."""

    def __init__(self, archive, settings: Settings | None = None, *, command: str | None = None,
                 inputs: str = "") -> None:
        from .archive import IngestReport

        self.archive = archive
        self.settings = settings or Settings()
        self.report = IngestReport()
        self.components: Counter[str] = Counter()  # enrich component failures by reason (also from process_one)
        self.links: Counter[str] = Counter()  # story links that failed, by reason
        self._parts: dict[int, dict] = {}  # what linking needs, made beforehand (prepare, given), by id(article)
        self.link_with: Callable | None = None  # links committed batches elsewhere (merge: batch/linker.py)
        if command is not None:
            self.report.run_id = archive.start_run(command, inputs, self.settings.to_dict())

    def feed(self, items: Item | Iterable[Item], progress: Callable | None = None, *, batch_size: int | None = None):
        """Store ``items`` (paths to read, pages to process, articles or failures as they are);
        returns the report of this call (the run's totals are in :attr:`report`). ``batch_size``: commit
        every so many items and only then (``merge``: articles made beforehand, a few hundred per
        commit and the same commits however fast they come); by default the archive's own rule."""
        from ._pool import run

        pending: list[Article] = []

        def produced() -> Iterator[Article | Failure | Skipped]:
            for item in run(_pages(items, self.settings), self.settings, failures=self.components):
                if isinstance(item, Article):
                    if item.id is not None:  # read from an archive: its ids mean nothing in this one
                        item = dataclasses.replace(item, id=None, duplicate_of=None, story_id=None)
                    pending.append(item)
                yield item

        def committed(ids: list[int], batch: list) -> None:
            # ``pending`` may also hold the articles of a batch handed over and not stored yet (the
            # archive's helper process prepares one batch while the one before is stored): only this
            # commit's items leave it; those it stored (they have an id now) are linked
            stored, done = set(ids), {id(item) for item in batch}
            linked = []
            for article in pending:
                if id(article) in done:
                    if article.id is not None and article.id in stored:
                        linked.append(article)
                    else:
                        self._parts.pop(id(article), None)  # a duplicate: never linked (and its id() is reused)
            pending[:] = [a for a in pending if id(a) not in done]
            self._link_all(linked)

        before = dict(self.components), dict(self.links)
        size = {} if batch_size is None else {"batch_size": batch_size, "batch_seconds": float("inf")}
        try:
            part = self.archive.ingest(produced(), progress, on_commit=committed, **size)
        finally:
            for article in pending:  # what a failed or interrupted batch did not store: never linked
                self._parts.pop(id(article), None)
            pending.clear()
        part.component_failures = _since(self.components, before[0])
        part.link_failures = _since(self.links, before[1])
        self.report.add(part)
        self._totals()
        return part

    def link_unlinked(self) -> int:
        """Link every stored article that has no story link yet (a run killed, out of disk or locked
        out between a commit and its linking); returns how many were linked. Each is linked in its
        own short transaction, so this can be stopped and started again at any point."""
        linked, tried = 0, set()
        while batch := [i for i in self.archive.unlinked() if i not in tried]:
            for article_id in batch:
                tried.add(article_id)  # one that fails is counted once, not retried in a loop
                before = sum(self.links.values())
                try:
                    article = self.archive.get(article_id)
                except LagebildError as exc:  # removed meanwhile, or unreadable: counted, not fatal
                    self.links[type(exc).__name__] += 1
                    continue
                self._link(article)
                linked += sum(self.links.values()) == before
        if linked:
            log.info("linked %d stored articles that an earlier run left unlinked", linked)
        return linked

    def store(self, article: Article) -> tuple[int | None, str]:
        """One article in one transaction, stored and linked or not at all: ``(id, "stored")``,
        ``(existing id, "duplicate")`` or ``(None, "skipped")`` for a page that is no article.
        Raises :class:`ArchiveError` when the archive refuses it."""
        if "vector" not in self._parts.get(id(article), {}):
            self.prepare(article)
        try:
            with self.archive.transaction():
                return outcome(self.feed([article]))
        finally:
            self._parts.pop(id(article), None)

    def prepare(self, article: Article) -> None:
        """Compute the slow part of linking ``article`` (its embedding) now, before the caller opens
        the write transaction that :meth:`store` will run in, so the archive's lock is held briefly."""
        from . import stories

        try:
            vector = stories.embedding(self.archive.story_store, article, self.settings.stories)
        except Exception:  # noqa: BLE001 - linking computes it again and counts what fails
            return
        self.given(article, vector=vector)

    def given(self, article: Article, **parts) -> None:
        """Link ``article``, once :meth:`feed` stores it, with parts computed elsewhere: its
        embedding (``vector``) and :func:`lagebild.stories.prepare` output (``prepared``) — what a
        batch worker wrote beside it (``lagebild merge``), so the writer does not compute them again."""
        self._parts.setdefault(id(article), {}).update(parts)

    def close(self, extra: dict | None = None) -> None:
        """Record the run's end with its counts (and ``extra`` ones, e.g. a watch pass's)."""
        self._totals()
        if self.report.run_id is not None:
            self.archive.finish_run(self.report.run_id, {**self.report.counts(), **(extra or {})})

    def _totals(self) -> None:
        self.report.component_failures = dict(self.components)
        self.report.link_failures = dict(self.links)

    def __enter__(self) -> Ingest:
        return self

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is None:  # a run that raised stays unfinished in the record
            self.close()

    def _link_all(self, articles: list[Article]) -> None:
        """Link a committed batch at once (:func:`lagebild.stories.link_many`: the same linking, a few
        statements for the batch); if that fails, article by article, each failure counted alone."""
        from . import stories
        from .stories.index import _COMPUTE

        if not articles:
            return
        parts = [self._parts.pop(id(a), {}) for a in articles]
        if self.link_with is not None:
            return self.link_with(articles, parts)
        try:  # sets each article's duplicate_of and story_id
            stories.link_many(self.archive.story_store, [(a, p.get("vector", _COMPUTE), p.get("prepared"))
                                                         for a, p in zip(articles, parts)], self.settings.stories)
        except Exception as exc:  # noqa: BLE001 - nothing of the batch was written: link one by one
            log.info("linking %d articles at once failed (%s); linking them one by one", len(articles), exc)
            for article, part in zip(articles, parts):
                self._parts[id(article)] = part
                self._link(article)

    def _link(self, article: Article) -> None:
        """Stories are an enrichment of the archive: a failure to link is counted, never fatal."""
        from . import stories

        try:
            extra = self._parts.pop(id(article), {})
            article.duplicate_of, article.story_id = stories.link(self.archive.story_store, article,
                                                                  self.settings.stories, **extra)
        except Exception as exc:  # noqa: BLE001 - left unlinked, it is linked again later (link_unlinked)
            log.warning("%s: not linked to a story: %s", article.origin.label(), exc)
            self.links[type(exc).__name__] += 1


def ingest(archive, items: Item | Iterable[Item], settings: Settings | None = None, *,
           progress: Callable | None = None, command: str = "ingest"):
    """Store ``items`` in ``archive`` — paths (files, directories, globs, WARC, JSONL, ``-``), pages,
    or articles and failures made elsewhere (e.g. :func:`lagebild.process` output) — linking every
    stored article to its near-duplicates and its story once committed, and recording the run with
    its resolved settings. ``progress(item)`` is called per item once committed. Returns the
    :class:`~lagebild.archive.IngestReport`."""
    with Ingest(archive, settings, command=command, inputs=_inputs(items)) as run:
        run.link_unlinked()  # what an interrupted run stored but never linked
        run.feed(items, progress)
    return run.report


def store(archive, article: Article, settings: Settings | None = None) -> tuple[int | None, str]:
    """One article in one transaction, linked to its duplicates and story (see :meth:`Ingest.store`);
    not recorded as a run of its own (the caller's run is: a watch pass, an API request)."""
    return Ingest(archive, settings).store(article)


def outcome(report) -> tuple[int | None, str]:
    """``(id, status)`` of a one-item report; :class:`ArchiveError` if the item could not be stored."""
    if report.stored:
        return report.ids[0], "stored"
    if report.duplicate:
        return report.duplicate_ids[0], "duplicate"
    if report.skipped:
        return None, "skipped"
    name, reason = report.failures[0] if report.failures else ("<article>", "not stored")
    raise ArchiveError(f"{name}: {reason}")


def _pages(items: Item | Iterable[Item], settings: Settings) -> Iterator[Page | Article | Failure | Skipped]:
    from .sources import read

    for item in [items] if isinstance(items, (str, os.PathLike, Page, Article, Failure, Skipped)) else items:
        if isinstance(item, (str, os.PathLike)):
            yield from read([os.fspath(item)], settings.sources)
        else:
            yield item


def _inputs(items) -> str:
    """What a run was given, in a line: the paths, or what kind of stream."""
    if isinstance(items, (str, os.PathLike)):
        return os.fspath(items)
    if isinstance(items, (list, tuple)) and all(isinstance(i, (str, os.PathLike)) for i in items):
        return " ".join(os.fspath(i) for i in items)
    if isinstance(items, (list, tuple)):
        return f"{len(items)} items"
    return "a stream of pages or articles"


def _since(now: Counter[str], before: dict[str, int]) -> dict[str, int]:
    return {k: n - before.get(k, 0) for k, n in now.items() if n - before.get(k, 0)}


__all__ = ["Ingest", "ingest", "outcome", "store"]
