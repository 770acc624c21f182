"""tantivy's commit on a thread of its own, so that a bulk ingest's writer stores the next batch meanwhile.

A commit waits for the indexing thread to take in the documents just added and writes the segment:
~20 % of a bulk build's wall time when the writer waits for it. tantivy's Python binding lets go of
the GIL while it commits, so the commit can run beside the writer. The outbox rows of those
documents stay until it has finished; the next sync (or the end of the ingest) waits for it and
deletes them then (:meth:`TantivyIndex.sync`), so a crash meanwhile re-applies them — applying is
idempotent — and nothing is lost or doubled.
"""

from __future__ import annotations

import threading

from . import outbox

# outbox rows a sync must apply to commit on the thread: a bulk ingest's (batches of ~1,000). Fewer — the
# real pipeline's article or two a second — commit at once as before, so that readers (and a process
# that dies right after) find a committed article in the index without waiting for the next writer.
BULK_ROWS = 256


class Committing:
    """At most one commit in flight: :meth:`start` it, :meth:`wait` for it (then its rows may go)."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self.last_seq = 0  # the outbox position the commit covers
        self.rows = 0  # outbox rows it covers

    @property
    def active(self) -> bool:
        return self._thread is not None

    def start(self, writer, last_seq: int, rows: int) -> None:
        def run() -> None:
            try:
                writer.commit()
            except BaseException as exc:  # handed to the writer's thread by wait()
                self._error = exc

        self.wait()
        self.last_seq, self.rows, self._error = last_seq, rows, None
        self._thread = threading.Thread(target=run, daemon=True, name="lagebild-tantivy-commit")
        self._thread.start()

    def wait(self) -> int | None:
        """Wait for the commit in flight; the outbox position it covered (None: none was in flight).
        Raises what the commit raised (its rows stay queued)."""
        thread, self._thread = self._thread, None
        if thread is None:
            return None
        thread.join()
        self.rows = 0
        error, self._error = self._error, None
        if error is not None:
            raise error
        return self.last_seq

    def settle(self, conn, writer) -> None:
        """Wait for the commit in flight; then the outbox rows it applied go (in the caller's transaction)."""
        try:
            seq = self.wait()
        except BaseException:
            writer.rollback()  # its rows stay queued
            raise
        if seq is not None:
            outbox.done(conn, seq)

    def abandon(self) -> None:
        """Wait for the commit in flight, keeping its rows queued (a sync that failed, a close)."""
        try:
            self.wait()
        except Exception:
            pass


__all__ = ["BULK_ROWS", "Committing"]
