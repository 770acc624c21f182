"""A bulk ingest's second core: what storing an article needs that no archive state decides — its
text packed (zlib) and its index terms — computed in a helper process while this one writes SQLite.

Only an optimisation, never a second truth: :func:`lagebild.archive.batch.ingest` hands a batch of
at least ``MIN_BATCH`` articles over in chunks (a batch ahead of the one it stores) and, storing
article by article, takes what the helper has finished or is computing and computes the rest itself,
exactly as without it (same functions, so the same bytes and terms; a failure in the helper is one
more "not finished"). Terms go to the index with the row they were computed from
(:meth:`~lagebild.archive.fulltext.tantivy_index.TantivyIndex.prepared`), which uses them only when
the stored row still holds that title, lead, text and language, and otherwise computes them from the
row as before; the outbox decides what is indexed, as before, so a crash loses or doubles nothing.
"""

from __future__ import annotations

import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
from concurrent.futures import CancelledError, Future

from ..model import Article
from .fulltext.bigrams import pair_text
from .fulltext.terms import token_text
from .textpack import pack_text

MIN_BATCH = 256  # articles in one commit: below that the helper's start and hand-over cost more than they save
CHUNK = 64  # articles per hand-over: small enough that the first is back before the writer needs it
IN_FLIGHT = 3  # chunks sent and not yet answered
WAIT = 2.0  # seconds the writer waits for a chunk the helper is computing (a chunk takes ~20 ms)
_HEAD = struct.Struct("<Q")


def compute(rows: list[tuple[str, str, str, str | None]], terms: bool,
            common: frozenset[str] | None = None) -> list[tuple]:
    """``(packed text, title terms, lead terms, text terms)`` of each ``(title, lead, text, language)``,
    followed by the three fields' pair terms (:mod:`.fulltext.bigrams`) when ``common`` is given."""
    if not terms:
        return [(pack_text(text), None, None, None) for _title, _lead, text, _lang in rows]
    out = [(pack_text(text), token_text(title, lang), token_text(lead, lang), token_text(text, lang))
           for title, lead, text, lang in rows]
    if common:
        out = [(*r, *(pair_text(tokens, common) for tokens in r[1:])) for r in out]
    return out


def _send(stream, obj) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEAD.pack(len(data)) + data)
    stream.flush()


def _receive(stream):
    head = stream.read(_HEAD.size)
    if len(head) < _HEAD.size:
        return None
    return pickle.loads(stream.read(_HEAD.unpack(head)[0]))


def serve(inp=None, out=None) -> None:
    """The helper's loop (``python -m lagebild.archive.ahead``): ``(seq, rows, terms, common)`` in,
    ``(seq, results)`` out; ``common`` is sent once (None after: the same as before)."""
    inp, out = inp or sys.stdin.buffer, out or sys.stdout.buffer
    common = None
    while (job := _receive(inp)) is not None:
        seq, rows, terms, *more = job
        common = more[0] if more and more[0] is not None else common
        try:
            _send(out, (seq, compute(rows, terms, common)))
        except Exception:  # the writer computes this chunk itself and gets the error where it belongs
            _send(out, (seq, None))


class Prepared:
    """What the helper computes for one batch: :meth:`get` of an item's position."""

    def __init__(self, chunks: list[tuple[Future, list[int]]], common: frozenset[str] | None = None) -> None:
        self.common = common  # the pair-term list the pair texts are computed with (None: none computed)
        self._where: dict[int, tuple[Future, int]] = {}
        for fut, positions in chunks:
            for k, pos in enumerate(positions):
                self._where[pos] = (fut, k)

    def get(self, position: int) -> tuple | None:
        """The item's ``(packed text, title terms, lead terms, text terms[, three pair texts])``, or None: the
        writer computes them itself. A chunk not sent yet is taken over (the helper skips it); a chunk sent
        is waited for, at most ``WAIT`` seconds: the helper began it earlier than the writer could, so doing
        it again would cost the writer more than the rest of the wait (and made the two race chunk by chunk,
        each doing the other's work)."""
        found = self._where.get(position)
        if found is None:
            return None
        fut, k = found
        if not fut.done() and fut.cancel():
            return None
        try:
            results = fut.result(timeout=WAIT)
        except (CancelledError, TimeoutError):  # taken over before; or a starved helper
            return None
        return results[k] if results is not None else None


class Ahead:
    """One helper process for one ingest, started when the first large batch comes; :meth:`close` ends it.

    A fresh interpreter (``python -m``), not multiprocessing: forking a process that runs threads (a
    tantivy index has some) can leave the child stuck on a lock, and spawn would run the caller's
    ``__main__`` again. Two threads here move the bytes (pipes release the GIL), at most ``IN_FLIGHT``
    chunks ahead of the helper, so a chunk the writer took over is never sent.
    """

    def __init__(self) -> None:
        self._proc: subprocess.Popen | None = None
        self.broken = False
        self._seq = 0
        self._waiting: dict[int, Future] = {}
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._slots = threading.Semaphore(IN_FLIGHT)
        self._common: frozenset[str] | None = None  # the pair-term list the helper holds

    def submit(self, batch: list, terms: bool, common: frozenset[str] | None = None) -> Prepared | None:
        """Hand the batch's articles over (``common``: the index's pair-term list, when it has one);
        None when the batch is too small (or the helper failed)."""
        positions = [i for i, item in enumerate(batch) if isinstance(item, Article)]
        if len(positions) < MIN_BATCH or self.broken or os.environ.get("LAGEBILD_AHEAD") == "0":  # 0: off
            return None
        if self._proc is None and not self._start():
            return None
        chunks = []
        # last chunk first: the writer starts at the front and takes over what is not sent yet, the helper
        # works from the back, and the two meet without doing the same chunk twice
        for start in reversed(range(0, len(positions), CHUNK)):
            part = positions[start:start + CHUNK]
            rows = [(a.title or "", a.lead or "", a.text or "", a.language) for a in (batch[i] for i in part)]
            fut: Future = Future()
            self._seq += 1
            self._waiting[self._seq] = fut
            sent = common if common is not self._common else None  # the list goes over once
            self._common = common if common is not None else self._common
            self._jobs.put((fut, (self._seq, rows, terms, sent)))
            chunks.append((fut, part))
        return Prepared(chunks, common if terms else None)

    def _start(self) -> bool:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        if not os.path.basename(sys.executable or "").startswith("python"):  # embedded (a server's binary)
            self.broken = True
            return False
        try:
            self._proc = subprocess.Popen([sys.executable, "-m", "lagebild.archive.ahead"], stdin=subprocess.PIPE,
                                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        except OSError:  # no process to be had: the writer does it all itself
            self.broken = True
            return False
        threading.Thread(target=self._write, args=(self._proc.stdin,), daemon=True, name="lagebild-ahead-w").start()
        threading.Thread(target=self._read, args=(self._proc.stdout,), daemon=True, name="lagebild-ahead-r").start()
        return True

    def _write(self, stream) -> None:
        try:
            while (job := self._jobs.get()) is not None:
                fut, payload = job
                self._slots.acquire()
                if self.broken:
                    break
                if not fut.set_running_or_notify_cancel():  # the writer took it over
                    self._waiting.pop(payload[0], None)
                    self._slots.release()
                    continue
                _send(stream, payload)
            stream.close()
        except (OSError, ValueError):
            self.broken = True

    def _read(self, stream) -> None:
        try:
            while (answer := _receive(stream)) is not None:
                fut = self._waiting.pop(answer[0], None)
                self._slots.release()
                if fut is not None:
                    fut.set_result(answer[1])
        except (OSError, EOFError, pickle.UnpicklingError):
            pass
        self.broken = True  # the helper is gone: what it still owed is computed by the writer
        for fut in list(self._waiting.values()):
            if not fut.cancel() and not fut.done():  # sent, never answered
                fut.set_result(None)
        self._slots.release(IN_FLIGHT)  # let the sending thread see it

    def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        self._jobs.put(None)  # the helper ends at the end of its input
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()


__all__ = ["MIN_BATCH", "Ahead", "Prepared", "compute", "serve"]


if __name__ == "__main__":
    serve()
