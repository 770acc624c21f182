"""The archive's write lock and its errors: queueing for ``BEGIN IMMEDIATE`` behind another
process, and turning SQLite's errors into one-line :class:`ArchiveError` reasons.

Split from :mod:`.sqlite` so the :class:`Archive` class stays a readable size.
"""

from __future__ import annotations

import os
import sqlite3
import time
from functools import wraps
from pathlib import Path

from ..errors import ArchiveError, InputError


def locked(exc: sqlite3.Error) -> bool:
    low = str(exc).lower()
    return "locked" in low or "busy" in low


def reason(exc: sqlite3.Error, timeout: float, path: Path | None = None) -> str:
    msg = str(exc)
    low = msg.lower()
    if "not a database" in low or "encrypted" in low:
        return "not an SQLite archive (file is not a database)"
    if locked(exc):
        return f"archive is locked by another process (waited {timeout:g} s)"
    if "readonly" in low or "read-only" in low:
        return f"cannot write here: read-only location ({msg})"
    if "unable to open" in low:
        folder = path.parent if path is not None else None
        if folder is not None and folder.exists() and not os.access(folder, os.W_OK):
            return f"cannot write here: read-only location ({msg})"
        return f"cannot open the file ({msg})"
    return msg


def guarded(method):
    """Serialize calls on one Archive and turn SQLite errors into ArchiveError."""

    @wraps(method)
    def wrapper(self, *args, **kwargs):
        with self._lock:
            try:
                return method(self, *args, **kwargs)
            except sqlite3.Error as exc:
                raise ArchiveError(f"{self.path}: {reason(exc, self.timeout, self.path)}") from exc
            except UnicodeEncodeError as exc:  # SQLite takes UTF-8 only: "\ud800" from JSON, "\xff" from argv
                raise InputError(unencodable(exc)) from None

    return wrapper


def unencodable(exc: UnicodeEncodeError) -> str:
    """The reason, in one line, for text SQLite cannot take (an unpaired surrogate)."""
    bad = exc.object[exc.start:exc.end] if isinstance(exc.object, str) else ""
    shown = bad.encode("unicode_escape").decode("ascii")
    return f"text with an unpaired surrogate or undecodable byte ({shown}) cannot be searched or stored"


def begin(conn: sqlite3.Connection, path: Path, timeout: float, lock_wait: float | None) -> None:
    """``BEGIN IMMEDIATE``, queueing behind another process's writer: each try waits ``timeout``
    in SQLite's busy handler, then we back off and try again until ``lock_wait`` has passed
    (for ever with None). Writers hold the lock for milliseconds (linking computes outside it),
    so two ``ingest`` runs, or ``ingest`` beside ``watch``, take turns instead of one aborting."""
    started, pause = time.monotonic(), 0.05
    while True:
        try:
            conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            waited = time.monotonic() - started
            if not locked(exc) or (lock_wait is not None and waited + pause > lock_wait):
                if locked(exc):
                    raise ArchiveError(f"{path}: archive is locked by another process "
                                       f"(waited {waited + timeout:.3g} s)") from None
                raise
        time.sleep(pause)
        pause = min(2 * pause, 2.0)
