"""The watch loop, an application over the Python API: poll due sources, fetch new article pages,
run the pipeline into the archive (:func:`lagebild.store`, the one store path), match every newly
stored article against the saved alerts and deliver through the outbox. Each pass is one run in the
archive's ``runs`` table, with its settings and counts.

One pass (:meth:`Watcher.run_once`, ``lagebild watch --once``):

1. send deliveries left pending by an earlier pass or process;
2. for each due source: fetch it conditionally, parse it (sitemap indexes to a bounded depth),
   keep the URLs never seen, fetch those pages (a few in parallel, per-host limits apply), and
   for each page, in order: extract + enrich, store, match, and record the URL as seen together
   with the matches and their outbox rows in one transaction;
3. send the new deliveries.

Every failure is one line naming the URL and the reason, and the pass goes on. :meth:`stop`
(SIGINT / SIGTERM in the CLI) lets the current article finish and commit, then returns.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from ._ingest import Ingest
from .alerts.deliver import deliver_pending
from .alerts.match import Presearcher
from .archive.monitor import Monitor, Source
from .errors import ArchiveError, FetchError, InputError, LagebildError, TransientFetchError
from .model import Alert, Article, Failure, Origin, Page
from .pipeline import process_one
from .settings import Settings
from .sources.discover import discover
from .sources.fetch import Fetcher, Response, to_page
from .sources.sitemaps import MAX_DEPTH
from .sources.urls import Entry

ACCEPT_SOURCE = "application/rss+xml, application/atom+xml, application/feed+json, application/json, application/xml, text/xml, text/plain;q=0.8, */*;q=0.5"
ACCEPT_PAGE = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
MIN_DOCS_FOR_STATISTICS = 200  # below, the presearcher guesses rarity from word length


@dataclass(slots=True)
class PassReport:
    sources: int = 0
    fetched: int = 0
    stored: int = 0
    duplicate: int = 0
    failed: int = 0
    matched: int = 0
    delivered: int = 0
    deferred: int = 0
    failures: list[str] = field(default_factory=list)
    component_failures: dict[str, int] = field(default_factory=dict)  # enrich components, by reason
    link_failures: dict[str, int] = field(default_factory=dict)  # story links, by reason

    def counts(self) -> dict:
        return {k: getattr(self, k) for k in ("sources", "fetched", "stored", "duplicate", "failed", "matched",
                                              "delivered", "deferred")}


class Watcher:
    """Watch the sources recorded in ``archive`` and alert on new matching articles."""

    def __init__(self, archive, settings: Settings | None = None, *, allow_private: bool = False,
                 log: Callable[[str], None] = print, fetcher: Fetcher | None = None, enrich: bool = True) -> None:
        settings = settings or Settings()
        if allow_private and not settings.fetch.allow_private:
            settings = dataclasses.replace(settings, fetch=dataclasses.replace(settings.fetch, allow_private=True))
        if not enrich:  # no component runs (and the recorded settings say so)
            settings = dataclasses.replace(settings, enrich=dataclasses.replace(settings.enrich, pipeline=()))
        self.settings = settings
        self.archive = archive
        self.monitor = Monitor.of(archive)
        self.log = log
        self._run: Ingest | None = None  # the current pass, recorded in the archive's runs
        self._stop = threading.Event()
        self.fetcher = fetcher or Fetcher(settings.fetch, sleep=self._stop.wait)
        self._presearcher: Presearcher | None = None  # built on the first pass
        self._alerts: dict[int, Alert] = {}
        self._resumed = False

    # -- control -----------------------------------------------------------------------------
    def stop(self) -> None:
        """Finish the current article, commit, and return from :meth:`run` / :meth:`run_once`."""
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def close(self) -> None:
        self.fetcher.close()

    def run(self, once: bool = False, *, max_sleep: float = 60.0) -> PassReport:
        """Pass after pass until stopped (or one pass with ``once``); returns the last report."""
        while True:
            report = self.run_once()
            if once or self.stopping:
                return report
            self._stop.wait(self._idle(max_sleep))
            if self.stopping:
                return report

    def _idle(self, max_sleep: float) -> float:
        due = self.monitor.next_due()
        wait = max_sleep if due is None else due - time.time()
        return max(0.5, min(wait, max_sleep))

    # -- one pass ----------------------------------------------------------------------------
    def run_once(self) -> PassReport:
        report = PassReport()
        self._deliver(report)
        self._load_alerts()
        due = self.monitor.due_sources()
        self._run = Ingest(self.archive, self.settings, command="watch", inputs=f"{len(due)} due sources")
        if not self._resumed:  # on start: what an interrupted run stored but never linked
            self._resumed = True
            self._run.link_unlinked()
        for source in due:
            if self.stopping:
                break
            report.sources += 1
            self._poll(source, report)
        self._deliver(report)
        report.component_failures = dict(self._run.components)
        report.link_failures = dict(self._run.links)
        self._run.close(extra={"watch": report.counts()})
        return report

    def _deliver(self, report: PassReport) -> None:
        sent, deferred = deliver_pending(
            self.monitor, self.archive.get, self.settings.alerts, allow_private=self.settings.fetch.allow_private,
            log=self._fail_line(report), stop=lambda: self.stopping)
        report.delivered += sent
        report.deferred += deferred

    def _load_alerts(self) -> None:
        """Bring the presearcher in line with the saved alerts: only added, changed or removed
        ones are (re)indexed, so a large alert set is not rebuilt on every pass."""
        alerts = {a.id: a for a in self.monitor.alerts()}
        if self._presearcher is None:
            df, ndocs = self.monitor.term_frequencies() if alerts else ({}, 0)
            self._presearcher = Presearcher(df if ndocs >= MIN_DOCS_FOR_STATISTICS else None, ndocs)
        for aid, old in list(self._alerts.items()):
            new = alerts.get(aid)
            if new is None or new.query != old.query:
                self._presearcher.remove(aid)
                del self._alerts[aid]
        for aid, alert in alerts.items():
            if aid in self._alerts:
                self._alerts[aid] = alert  # target or secret may have changed
                continue
            try:
                self._presearcher.add(aid, alert.query)
            except LagebildError as exc:
                self.log(f"alert {alert.name}: query {alert.query!r} cannot be used: {exc}")
                continue
            self._alerts[aid] = alert

    def _fail_line(self, report: PassReport) -> Callable[[str], None]:
        def line(message: str) -> None:
            report.failures.append(message)
            self.log(message)

        return line

    # -- a source ----------------------------------------------------------------------------
    def _poll(self, source: Source, report: PassReport) -> None:
        fail = self._fail_line(report)
        validators: list[tuple[str, str | None, str | None]] = []
        try:
            self._poll_entries(source, validators, report, fail)
        except ArchiveError as exc:  # the archive itself: nothing to record against the source
            report.failed += 1
            fail(_one_line(exc, source.url))
        except Exception as exc:  # noqa: BLE001 - one source's failure, whatever it is, never stops the pass
            report.failed += 1
            reason = _one_line(exc if isinstance(exc, LagebildError) else f"{type(exc).__name__}: {exc}", source.url)
            fail(reason)
            self.monitor.polled(source, kind=None, error=reason)

    def _poll_entries(self, source: Source, validators: list, report: PassReport, fail: Callable[[str], None]) -> None:
        kind, entries = self._discover(source, validators, report, fail)
        fresh = {e.url: e for e in entries}
        new = self.monitor.unseen(fresh)[: self.settings.alerts.max_new_per_source]
        for entry, result in self._fetch_all([fresh[u] for u in new]):
            try:
                self._handle(source, entry, result, report)
            except ArchiveError:
                raise
            except Exception as exc:  # noqa: BLE001 - a bug on one page costs that page (retried later), not the source
                report.failed += 1
                fail(_one_line(f"{type(exc).__name__}: {exc}", entry.url))
                self.monitor.failed(entry.url, source.id, f"{type(exc).__name__}: {exc}", permanent=False)
            if self.stopping:
                break
        # Remember ETag / Last-Modified only once every listed URL is settled: a 304 next time
        # must not hide URLs left for later (over max_new_per_source, stopped, failed transiently).
        if not self.monitor.unseen(fresh):
            for url, etag, modified in validators:
                self.monitor.set_validators(url, etag, modified)
        self.monitor.polled(source, kind=kind, error=None)

    def _discover(self, source: Source, validators: list, report: PassReport, fail: Callable[[str], None]) -> tuple[str | None, list[Entry]]:
        """Fetch and parse one source; sitemap indexes are followed ``MAX_DEPTH`` levels."""
        kind, entries, children = self._read_source(source.url, source.kind, validators)
        if kind is None:
            return source.kind, []
        depth, seen = 1, {source.url}
        while children and depth <= MAX_DEPTH and not self.stopping:
            next_level = []
            for child in children:
                if child in seen:
                    continue
                seen.add(child)
                try:
                    _, child_entries, grandchildren = self._read_source(child, "sitemap", validators)
                except (FetchError, InputError) as exc:
                    report.failed += 1
                    fail(_one_line(exc, child))
                    continue
                entries += child_entries
                next_level += grandchildren
            children, depth = next_level, depth + 1
        return kind, entries

    def _read_source(self, url: str, kind: str | None, validators: list) -> tuple[str | None, list[Entry], list[str]]:
        etag, modified = self.monitor.validators(url)
        response = self.fetcher.fetch(url, etag=etag, last_modified=modified, accept=ACCEPT_SOURCE)
        if response.not_modified:
            return None, [], []
        found_kind, entries, children = discover(response.content, url, kind, response.content_type)
        if response.etag or response.last_modified:
            validators.append((url, response.etag, response.last_modified))
        return found_kind, entries, children

    # -- article pages -----------------------------------------------------------------------
    def _fetch_all(self, entries: list[Entry]) -> Iterator[tuple[Entry, Response | FetchError]]:
        """Fetch pages with a few threads, yielding results in entry order; stops early on stop()."""
        if not entries:
            return
        workers = max(1, self.settings.alerts.workers)
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="lagebild-fetch") as pool:
            queue: list[tuple[Entry, Future]] = []
            pending = iter(entries)

            def submit() -> None:
                entry = next(pending, None)
                if entry is not None and not self.stopping:
                    queue.append((entry, pool.submit(self._fetch_page, entry.url)))

            for _ in range(workers * 2):
                submit()
            while queue:
                entry, future = queue.pop(0)
                result = future.result()
                if self.stopping:
                    for _, f in queue:
                        f.cancel()
                    yield entry, result
                    return
                submit()
                yield entry, result

    def _fetch_page(self, url: str) -> Response | FetchError:
        try:
            return self.fetcher.fetch(url, accept=ACCEPT_PAGE)
        except FetchError as exc:
            return exc
        except Exception as exc:  # a fetcher bug must cost one URL, not the loop
            return FetchError(f"{url}: {type(exc).__name__}: {exc}")

    def _handle(self, source: Source, entry: Entry, result: Response | FetchError, report: PassReport) -> None:
        fail = self._fail_line(report)
        if isinstance(result, FetchError):
            report.failed += 1
            fail(_one_line(result, entry.url))
            self.monitor.failed(entry.url, source.id, str(result), permanent=not isinstance(result, TransientFetchError))
            return
        report.fetched += 1
        page = to_page(result, Origin(url=entry.url, feed=entry.source or source.url))
        article, permanent = self._extract(page)
        if isinstance(article, Failure):
            report.failed += 1
            fail(_one_line(article.reason, entry.url))
            self.monitor.failed(entry.url, source.id, article.reason, permanent=permanent)
            return
        _complete(article, entry)
        alerts = []
        if article.page_type == "article":
            alerts = [self._alerts[q] for q in self._presearcher.match(article) if q in self._alerts]
        self._run.prepare(article)  # the embedding, before the transaction: the write lock stays short
        try:
            with self.archive.transaction():
                aid, status = self._run.store(article)  # with its duplicates and story
                self.monitor.stored(entry.url, source.id, status, aid, alerts)
        except LagebildError as exc:  # the archive refused it; the URL stays unseen for a later pass
            report.failed += 1
            fail(_one_line(exc, entry.url))
            return
        report.stored += status == "stored"
        report.duplicate += status == "duplicate"
        report.matched += len(alerts)

    def _extract(self, page: Page) -> tuple[Article | Failure, bool]:
        """The article or the failure, and whether the failure is the page's (for good) rather
        than ours (a missing model, a bug: worth another try on a later pass)."""
        try:
            return process_one(page, self.settings, failures=self._run.components), True
        except InputError as exc:  # the page's own fault
            return Failure(page.origin.label(), str(exc)), True
        except Exception as exc:  # noqa: BLE001 - ours: a missing model, a bug
            return Failure(page.origin.label(), f"{type(exc).__name__}: {exc}"), False


def _complete(article: Article, entry: Entry) -> None:
    """Fill what the page did not say from what the feed or sitemap said about it."""
    if not article.published and entry.published:
        article.published = entry.published
    if not article.title and entry.title:
        article.title = entry.title
    if not article.url:
        article.url = entry.url


def _one_line(reason, url: str) -> str:
    text = " ".join(str(reason).split()) or type(reason).__name__
    return text if text.startswith(url) else f"{url}: {text}"


__all__ = ["PassReport", "Watcher"]
