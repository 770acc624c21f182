"""Opening an input as a byte stream: files, stdin, and gzip with a guard against bombs.

:func:`open_input` gives an :class:`Opened`: a buffered stream positioned at the start of the
(decompressed) content, plus its first bytes for sniffing. Gzip is decompressed here, in
bounded steps, so that nothing downstream can be made to hold a bomb in memory, and so that a
truncated gzip stream is noticed (``Opened.damage``) instead of silently ending early.
"""

from __future__ import annotations

import io
import os
import stat
import sys
import zlib
from dataclasses import dataclass
from typing import BinaryIO

from ..errors import InputError
from ..settings import SourceSettings

HEAD_BYTES = 64 * 1024  # what kind sniffing looks at
_CHUNK = 64 * 1024
GZIP_MAGIC = b"\x1f\x8b"


@dataclass(slots=True)
class Opened:
    """One input, open for reading."""

    name: str  # the path as given, "-" for stdin
    stream: BinaryIO  # positioned at the start of the content (decompressed if gzip)
    head: bytes  # the first HEAD_BYTES of the content
    size: int | None  # bytes on disk, None for pipes and stdin
    gzip: GzipReader | None = None

    @property
    def damage(self) -> str | None:
        """Why the gzip stream ended early, if it did."""
        return self.gzip.damage if self.gzip else None

    def close(self) -> None:
        self.stream.close()


def open_input(name: str, settings: SourceSettings, *, regular_only: bool = False) -> Opened:
    """Open a path (or ``-`` for stdin); raises InputError with the reason."""
    if name == "-":
        if sys.stdin is None:
            raise InputError("no standard input")
        raw: BinaryIO = getattr(sys.stdin, "buffer", sys.stdin)
        size = None
    else:
        raw, size = _open_path(name, regular_only=regular_only)
    try:
        return _opened(name, raw, size, settings)
    except BaseException:
        if name != "-":
            raw.close()
        raise


def _open_path(path: str, *, regular_only: bool) -> tuple[BinaryIO, int | None]:
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise InputError("is a directory")
        if not stat.S_ISREG(info.st_mode) and regular_only:
            raise InputError(f"not a regular file ({_file_type(info.st_mode)}), skipped")
        stream = open(path, "rb")  # noqa: SIM115 — closed by Opened.close
    except FileNotFoundError:
        reason = "broken symbolic link" if os.path.islink(path) else "no such file or directory"
        raise InputError(reason) from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(f"cannot open: {exc.strerror or exc}") from None
    except ValueError as exc:  # e.g. an embedded NUL byte
        raise InputError(f"invalid path: {exc}") from None
    return stream, info.st_size if stat.S_ISREG(info.st_mode) else None


def _file_type(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "fifo"), (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "device")):
        if test(mode):
            return name
    return "special file"


def _opened(name: str, raw: BinaryIO, size: int | None, settings: SourceSettings) -> Opened:
    first = read_up_to(raw, HEAD_BYTES)
    stream: BinaryIO = io.BufferedReader(_Prefixed(first, raw), _CHUNK)
    if not first.startswith(GZIP_MAGIC):
        return Opened(name, stream, first, size)
    gzip = GzipReader(stream, settings)
    stream = io.BufferedReader(gzip, _CHUNK)
    head = read_up_to(stream, HEAD_BYTES)
    return Opened(name, io.BufferedReader(_Prefixed(head, stream), _CHUNK), head, size, gzip)


def read_up_to(stream: BinaryIO, limit: int) -> bytes:
    """At most ``limit`` bytes, fewer only at the end of the stream; raises InputError on I/O errors."""
    parts: list[bytes] = []
    remaining = limit
    while remaining > 0:
        try:
            data = stream.read(remaining)
        except InputError:
            raise
        except OSError as exc:
            raise InputError(f"read error: {exc.strerror or exc}") from None
        if not data:
            break
        parts.append(data)
        remaining -= len(data)
    return b"".join(parts)


class _Prefixed(io.RawIOBase):
    """Bytes already read, then the rest of a stream."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if self._rest is not getattr(sys.stdin, "buffer", None):
            self._rest.close()
        super().close()


class GzipReader(io.RawIOBase):
    """Gzip (any number of members) decompressed in bounded steps.

    Raises InputError once the output grows past ``max_decompressed_ratio`` times the compressed
    bytes read and past ``decompressed_floor_bytes``: a bomb is stopped after a few MB, never held.
    A stream that ends inside a member, or corrupt data, ends the output and sets ``damage``.
    """

    def __init__(self, raw: BinaryIO, settings: SourceSettings) -> None:
        self._raw = raw
        self._ratio = settings.max_decompressed_ratio
        self._floor = settings.decompressed_floor_bytes
        self._inflater = zlib.decompressobj(31)
        self._pending = b""  # compressed bytes read but not yet given to the inflater
        self._in_member = False
        self._eof = False
        self.bytes_in = 0
        self.bytes_out = 0
        self.damage: str | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._inflate(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def _inflate(self, size: int) -> bytes:
        while not self._eof:
            source = self._inflater.unconsumed_tail or self._next_input()
            if not source:
                self._finish()
                break
            try:
                out = self._inflater.decompress(source, size)
            except zlib.error as exc:
                self._stop(f"corrupt gzip data ({exc})")
                break
            self._in_member = not self._inflater.eof
            if self._inflater.eof:
                self._pending = self._inflater.unused_data
                self._inflater = zlib.decompressobj(31)
            if out:
                self._count(len(out))
                return out
        return b""

    def _next_input(self) -> bytes:
        if self._pending:
            data, self._pending = self._pending, b""
            if not self._in_member and not data.strip(b"\x00"):
                return b""  # zero padding after the last member
            return data
        data = self._raw.read(_CHUNK)
        self.bytes_in += len(data)
        return data

    def _finish(self) -> None:
        if self._in_member:
            self._stop("gzip stream ends early")
        self._eof = True

    def _stop(self, reason: str) -> None:
        self.damage = reason
        self._eof = True

    def _count(self, n: int) -> None:
        self.bytes_out += n
        if self.bytes_out > self._floor and self.bytes_out > self._ratio * max(self.bytes_in, 1):
            self._eof = True
            raise InputError(
                f"gzip bomb: over {self.bytes_out // 2**20} MB decompressed from "
                f"{human_size(self.bytes_in)}, more than {self._ratio}x"
            )

    def close(self) -> None:
        self._raw.close()
        super().close()


def human_size(n: int) -> str:
    """``1.5 MB``, ``12 KB``, ``900 bytes``."""
    if n >= 2**20:
        return f"{n / 2**20:.1f} MB".replace(".0 MB", " MB")
    if n >= 2**10:
        return f"{n / 2**10:.1f} KB".replace(".0 KB", " KB")
    return f"{n} bytes"
