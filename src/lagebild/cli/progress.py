"""Progress of a long ingest on stderr: total, rate, ETA and the current file, and each failure once.

The inputs are counted before the run — the files the paths expand to and their sizes, which a
directory walk and ``stat`` give at once — so progress is the bytes of the files behind the
current one plus, inside a large file (a WARC or JSONL of many pages), how far the reader has
read it (the file offset of its open descriptor, on Linux). Counting the records of a WARC
first would mean decompressing it twice; bytes need nothing extra. Standard input has no size:
then only pages, rate and the current file are shown.

On a terminal a live bar redraws in place; otherwise (a log, a pipe, CI) a plain line is written
every ``every`` seconds, so a 13-minute run never looks dead.
"""

from __future__ import annotations

import os
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rich.markup import escape

from ..model import Failure


@dataclass
class Inputs:
    """The files a run will read, in reading order, with their sizes (None: unknown, e.g. stdin)."""

    paths: list[str] = field(default_factory=list)
    sizes: list[int | None] = field(default_factory=list)

    @classmethod
    def count(cls, given: list[str]) -> Inputs:
        from ..sources.paths import expand

        found = cls()
        for item in expand(given):
            if isinstance(item, Failure):
                continue  # read() reports it as a failure in its place
            path = item[0]
            try:
                size = None if path == "-" else os.stat(path).st_size
            except OSError:
                size = None
            found.paths.append(path)
            found.sizes.append(size)
        return found

    @property
    def total_bytes(self) -> int | None:
        return None if None in self.sizes or not self.sizes else sum(self.sizes)  # type: ignore[arg-type]


def read_offset(path: str) -> int | None:
    """How far this process has read ``path`` (the offset of a descriptor open on it), else None."""
    fds = Path("/proc/self/fd")
    if not fds.is_dir():
        return None
    want = os.path.realpath(path)
    try:
        for fd in fds.iterdir():
            try:
                if os.readlink(fd) == want:
                    for line in (Path("/proc/self/fdinfo") / fd.name).read_text().splitlines():
                        if line.startswith("pos:"):
                            return int(line.split()[1])
            except OSError:
                continue
    except OSError:
        return None
    return None


def human_bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if n < 1024 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TB"  # pragma: no cover


def human_seconds(s: float) -> str:
    s = int(round(s))
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s // 3600} h {s % 3600 // 60:02d} min"


class IngestProgress:
    """Call :meth:`tick` per stored item; use as a context manager around the run."""

    def __init__(self, console, inputs: Inputs, *, live: bool | None = None, every: float = 10.0,
                 clock=time.monotonic, offset=read_offset):
        self.console, self.inputs, self.every, self.clock, self.offset = console, inputs, every, clock, offset
        self.live = console.is_terminal if live is None else live
        self.index = {p: i for i, p in enumerate(inputs.paths)}
        self.current = 0  # index of the file being read
        self.items = 0
        self.printed: Counter[tuple[str, str]] = Counter()  # failures already on screen
        self.started = self.last_line = clock()
        self._bar = self._task = self._beat = None
        self._lock = threading.Lock()
        self._seen_open: set[int] = set()  # files whose read offset was seen

    def __enter__(self) -> IngestProgress:
        if not self.live and self.every > 0:  # a line even while no page arrives (models loading, a slow page)
            self._stop = threading.Event()
            self._beat = threading.Thread(target=self._heartbeat, name="lagebild-progress", daemon=True)
            self._beat.start()
        if self.live:
            from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn

            self._bar = Progress(SpinnerColumn(), BarColumn(), TextColumn("{task.description}"),
                                 console=self.console, transient=True)
            self._bar.__enter__()
            self._task = self._bar.add_task(self.status(), total=None)
        return self

    def __exit__(self, *exc) -> None:
        if self._beat is not None:
            self._stop.set()
            self._beat.join()
        if self._bar is not None:
            self._bar.__exit__(*exc)

    def _heartbeat(self) -> None:
        while not self._stop.wait(self.every / 4):
            self._line_if_due()

    def _line_if_due(self) -> None:
        with self._lock:
            now = self.clock()
            if now - self.last_line >= self.every:
                self.last_line = now
                self.console.print(f"ingest: {self.status(now)}", highlight=False, markup=False)

    def tick(self, item) -> None:
        self.items += 1
        where = self._file_of(item)
        if where is not None and where > self.current:
            self.current = where
        if isinstance(item, Failure):
            self.failure(item.input, item.reason)
        elif getattr(item, "truncated", None):
            self.print(f"[yellow]cut[/yellow] {escape(item.origin.label())}: {escape(item.truncated)}")
        now = self.clock()
        if self._bar is not None:
            if now - self.last_line >= 0.25:  # the bar redraws a few times a second, not per page
                self.last_line = now
                total = self.inputs.total_bytes
                self._bar.update(self._task, description=self.status(now), total=total,
                                 completed=self.bytes_done() if total else None)
        else:
            self._line_if_due()

    def failure(self, name: str, reason: str) -> None:
        """Print a failure — at most as often as it happened, however many places report it."""
        self.printed[(name, reason or "unknown")] += 1
        self.print(f"[red]failed[/red] {escape(name)}: {escape(reason or 'unknown')}")

    def unprinted(self, failures) -> list[tuple[str, str]]:
        """Those of ``failures`` (a report's) not printed yet: the archive refused them after the tick."""
        left, out = Counter(self.printed), []
        for pair in failures:
            if left[pair] > 0:
                left[pair] -= 1
            else:
                out.append(pair)
        return out

    def print(self, line: str) -> None:
        with self._lock:
            (self._bar.console if self._bar is not None else self.console).print(line, highlight=False)

    def status(self, now: float | None = None) -> str:
        """``120 pages · 3.1/s · file 2/5 crawl.warc.gz · 41% of 1.2 GB read · ETA 4 min 10 s · elapsed 3 min``."""
        elapsed = max((now or self.clock()) - self.started, 1e-9)
        parts = [f"{self.items} pages", f"{self.items / elapsed:.1f}/s"]
        n = len(self.inputs.paths)
        if n:
            parts.append(f"file {self.current + 1}/{n} {Path(self.inputs.paths[self.current]).name}")
        done, total = self.bytes_done(), self.inputs.total_bytes
        if total:
            # the reader runs a few dozen pages ahead of what is stored (chunks in flight), so this is
            # how much is read; once all is read, what is left is those pages
            frac = min(1.0, done / total)
            if frac >= 0.999:
                parts.append(f"all {human_bytes(total)} read, finishing")
            else:
                parts.append(f"{100 * frac:.0f}% of {human_bytes(total)} read")
                if frac > 0.0 and elapsed >= 2.0:
                    parts.append(f"ETA {human_seconds(elapsed * (1 - frac) / frac)}")
        parts.append(f"elapsed {human_seconds(elapsed)}")
        return " · ".join(parts)

    def bytes_done(self) -> int:
        sizes = self.inputs.sizes
        if not sizes or None in sizes:
            return 0
        before = sum(sizes[: self.current])  # type: ignore[arg-type]
        size = sizes[self.current] or 0
        inside = self.offset(self.inputs.paths[self.current])
        if inside is None:  # not open: not started yet, or — once it was seen open — read to the end and closed
            inside = size if self.current in self._seen_open else 0
        else:
            self._seen_open.add(self.current)
        return before + min(inside, size)

    def _file_of(self, item) -> int | None:
        name = item.input if isinstance(item, Failure) else getattr(getattr(item, "origin", None), "path", None)
        if not name:
            return None
        for candidate in (name, name.split("#", 1)[0], name.rsplit(":", 1)[0]):
            if candidate in self.index:
                return self.index[candidate]
        return None


__all__ = ["IngestProgress", "Inputs", "human_bytes", "human_seconds", "read_offset"]
