"""The batched writer behind :meth:`Archive.ingest`, and what it reports.

A batch is committed when it holds ``batch_size`` items, when ``batch_seconds`` have passed since
its first item (checked as items arrive), or at once when items arrive slowly (the producer took
more than ``batch_seconds / 20`` for one) — so the real pipeline, which takes longer than that per
page, commits every article as it comes. A large batch handed to the helper process (.ahead) is
stored once the next one is handed over too, so the helper works a batch ahead of the writer. Killing
the process loses at most the batches in flight (one, or two in a bulk load); the archive stays
consistent.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone

from ..model import Article, Failure, Skipped
from . import store
from .ahead import Ahead, Prepared
from .fulltext.given import terms_key, tokens
from .textpack import pack_text
from .written import Written


@dataclass(slots=True)
class IngestReport:
    stored: int = 0
    duplicate: int = 0
    failed: int = 0
    skipped: int = 0  # pages that are not articles (home, section, search pages): not stored, not failed
    failures: list[tuple[str, str]] = field(default_factory=list)  # (input, reason)
    skipped_pages: list[str] = field(default_factory=list)
    # records a source passed over on purpose (WARC requests, 404s, images), by reason: no page, no failure
    skipped_records: dict[str, int] = field(default_factory=dict)
    truncated: list[tuple[str, str]] = field(default_factory=list)  # (input, how) of stored inputs cut at a size cap
    ids: list[int] = field(default_factory=list)  # ids of the articles stored by this run
    duplicate_ids: list[int] = field(default_factory=list)  # the archived copies the duplicates matched
    # counted by reason as they happen (datatrove's stat_update): "<component>: <error>" and "<error>"
    component_failures: dict[str, int] = field(default_factory=dict)  # enrich components that failed
    link_failures: dict[str, int] = field(default_factory=dict)  # stored articles not linked to a story
    seconds: float = 0.0
    run_id: int | None = None  # the run recorded in the archive's runs table

    @property
    def total(self) -> int:
        return self.stored + self.duplicate + self.failed + self.skipped

    def add(self, other: IngestReport) -> None:
        """Add ``other``'s counts and lists to this report's."""
        for name in ("stored", "duplicate", "failed", "skipped", "seconds"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("failures", "skipped_pages", "truncated", "ids", "duplicate_ids"):
            getattr(self, name).extend(getattr(other, name))
        for name in ("component_failures", "link_failures", "skipped_records"):
            mine = getattr(self, name)
            for reason, n in getattr(other, name).items():
                mine[reason] = mine.get(reason, 0) + n

    def counts(self) -> dict:
        """What a run records: the counts and the failures by reason (not the per-item lists)."""
        return {"stored": self.stored, "duplicate": self.duplicate, "skipped": self.skipped, "failed": self.failed,
                "truncated": len(self.truncated), "skipped_records": dict(self.skipped_records),
                "component_failures": dict(self.component_failures), "link_failures": dict(self.link_failures),
                "seconds": round(self.seconds, 3)}


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def ingest(archive, items: Iterable[Article | Failure | Skipped], progress: Callable | None = None, *,
           on_commit: Callable[[list[int], list], None] | None = None, batch_size: int = 50,
           batch_seconds: float = 1.0) -> IngestReport:
    report = IngestReport()
    started = time.monotonic()
    batch: list[Article | Failure] = []
    batch_start = 0.0
    ahead = Ahead()  # a helper process for large batches (archive/ahead.py)
    held: tuple[list, Prepared] | None = None  # a batch handed to the helper, stored after the next one is

    def flush(pending: list, slow: bool) -> None:
        nonlocal held
        early = _hand_over(archive, pending, ahead)
        if held is not None:  # first the batch before: order is kept
            before, held = held, None  # not tried twice when it fails
            _flush(archive, *before, report, progress, on_commit)
        if early is not None and not slow:
            held = (pending, early)
        else:
            _flush(archive, pending, early, report, progress, on_commit)

    try:
        last = time.monotonic()
        for item in items:
            now = time.monotonic()
            if not batch:
                batch_start = now
            batch.append(item)
            slow = now - last > batch_seconds / 20
            if len(batch) >= batch_size or now - batch_start >= batch_seconds or slow:
                pending, batch = batch, []
                flush(pending, slow)
            last = time.monotonic()
    finally:
        try:
            if batch or held is not None:  # what came before a producer error or an interrupt is kept
                flush(batch, True)
        finally:
            ahead.close()
        report.seconds = time.monotonic() - started
    return report


def _hand_over(archive, batch: list, ahead: Ahead) -> Prepared | None:
    """Give a large batch to the helper process (.ahead): what it will have computed, or None."""
    if not batch or getattr(archive, "store_batch", None) is not None:  # a bulk backend needs none of it
        return None
    hint = getattr(archive.index, "prepared", None)  # an index that takes terms computed ahead
    given = getattr(archive.index, "given", None)
    if hint is not None and given and all(terms_key(a) in given for a in batch if isinstance(a, Article)):
        return None  # every article's terms came with it (a merge): the rest is cheaper here than a hand-over
    common = getattr(archive.index, "common", None) if hint is not None else None  # pair terms too
    return ahead.submit(batch, hint is not None, common)


def _given(given, item) -> tuple | None:
    """What the helper would have computed for ``item`` — packed text and the index's tokens — from
    the index terms it was given (a merge: .fulltext.given), or None."""
    cols = given.take(terms_key(item)) if given and isinstance(item, Article) else None
    return None if cols is None else (pack_text(item.text or ""), *tokens(cols))


def _flush(archive, batch, early: Prepared | None, report: IngestReport, progress, on_commit) -> None:
    if not batch:
        return
    outcomes: list[tuple[str, int | None, str | None]] = []
    # a backend may store a whole batch at once (PostgreSQL: COPY); None = item by item
    bulk = getattr(archive, "store_batch", None)
    hint = getattr(archive.index, "prepared", None)  # an index that takes terms computed ahead
    given = getattr(archive.index, "given", None)  # ... or given them (a merge: FTS5 takes them itself)
    try:
        with archive.transaction() as conn:
            now = utc_now()
            outcomes = (bulk(conn, batch, now) if bulk is not None else None) or []
            if not outcomes:
                written = Written()  # entity rows and aliases this transaction wrote (each once per batch)
                for i, item in enumerate(batch):
                    done = early.get(i) if early is not None else None
                    common = early.common if done else None  # the list its pair texts were computed with
                    if done is None and hint is not None:
                        done = _given(given, item)
                    outcomes.append(_store_one(conn, item, now, done[0] if done else None, written))
                    if done and hint is not None and outcomes[-1][0] == "stored":
                        hint(outcomes[-1][1], (item.title or "", item.lead or "", done[0], item.language), done[1:],
                             common)
    finally:
        if given:
            given.spend(batch)  # stored or not (a duplicate, a failure): what is left of the batch's is spent
    new_ids = []
    for item, (status, aid, reason) in zip(batch, outcomes):
        if status == "stored":
            report.stored += 1
            report.ids.append(aid)  # type: ignore[arg-type]
            new_ids.append(aid)
            item.id = aid
            if item.truncated:
                report.truncated.append((label(item), item.truncated))
        elif status == "duplicate":
            report.duplicate += 1
            report.duplicate_ids.append(aid)  # type: ignore[arg-type]
        elif status == "skipped":
            report.skipped += 1
            report.skipped_pages.append(label(item))
        elif status == "passed over":
            report.skipped_records[reason] = report.skipped_records.get(reason, 0) + 1  # type: ignore[index]
        else:
            report.failed += 1
            name = item.input if isinstance(item, Failure) else label(item)
            report.failures.append((name, reason or "unknown"))
    if on_commit is not None:
        on_commit(new_ids, batch)
    if progress is not None:
        for item in batch:
            progress(item)


def _store_one(conn: sqlite3.Connection, item, now: str, packed_text: str | bytes | None = None,
               written: Written | None = None):
    if isinstance(item, Skipped):  # nothing to store and nothing failed: only counted
        return "passed over", None, item.reason
    if isinstance(item, Failure):
        conn.execute("INSERT INTO failures(input, reason, at) VALUES (?, ?, ?)", (item.input, item.reason, now))
        return "failed", None, item.reason
    if getattr(item, "page_type", "article") == "other":
        # A front page lists articles; it is none. Its teasers stay out of search and stories.
        return "skipped", None, None
    conn.execute("SAVEPOINT lb_item")
    try:
        existing = store.find_existing(conn, item)
        if existing is not None:
            result = ("duplicate", existing, None)
        else:
            result = ("stored", store.insert_article(conn, item, now, packed_text, written), None)
    except Exception as exc:
        if isinstance(exc, sqlite3.OperationalError):  # locked, disk full, I/O: the archive's, not the item's
            raise
        conn.execute("ROLLBACK TO lb_item")
        if written is not None:
            written.clear()  # what this item wrote is gone again
        reason = f"could not store: {exc}"
        conn.execute("INSERT INTO failures(input, reason, at) VALUES (?, ?, ?)", (label(item), reason, now))
        result = ("failed", None, reason)
    conn.execute("RELEASE lb_item")
    return result


def label(item) -> str:
    """A name for an item in failure lists: its origin, else its URL or title."""
    if not isinstance(item, Article):
        return f"<{type(item).__name__}>"
    origin = item.origin
    if origin is not None and (origin.path or origin.url):
        return origin.label()
    return item.canonical_url or item.url or (item.title or "")[:60] or "<article>"


__all__ = ["IngestReport", "ingest", "label"]
