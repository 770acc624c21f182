"""sources: inputs in, :class:`Page` (or :class:`Failure`, or :class:`Skipped`) out.

``read`` takes files, directories, glob patterns and ``-`` (stdin). What a file is comes from its
content first and its name second (:mod:`.sniff`); each format has a reader, registered by name
in ``registry.readers`` (:mod:`lagebild.registry`): one function
``(opened, settings) -> Iterator[Page | Failure | Skipped]``. A record a container holds that is no
page on purpose (a WARC request, a 404, an image) is a :class:`Skipped` with the reason, to be counted.

Bad input is normal input: a missing, unreadable, empty, binary, oversized, truncated or
bomb-like input becomes a Failure naming it and the reason, and reading goes on. Nothing raises
out of :func:`read`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from ..errors import InputError
from ..model import Failure, Page, Skipped
from ..registry import registry
from ..settings import SourceSettings
from .decode import decode_html, decode_text
from .paths import expand
from .sniff import sniff
from .streams import Opened, human_size, open_input

Reader = Callable[[Opened, SourceSettings], Iterator[Page | Failure | Skipped]]

CONTAINERS = frozenset({"warc", "jsonl"})  # streamed record by record; max_bytes is per record


def read(inputs: Iterable[str], settings: SourceSettings | None = None) -> Iterator[Page | Failure | Skipped]:
    """Every page of ``inputs``, in order, and a Failure for each input (or part) that is unusable."""
    settings = settings or SourceSettings()
    if isinstance(inputs, (str, bytes)):
        inputs = [inputs]
    for item in expand(inputs):
        if isinstance(item, Failure):
            yield item
        else:
            yield from _read_one(*item, settings)


def _read_one(path: str, named: bool, settings: SourceSettings) -> Iterator[Page | Failure | Skipped]:
    """The pages of one file (or ``-``); never raises."""
    try:
        opened = open_input(path, settings, regular_only=True)  # a FIFO or device would block or never end
    except InputError as exc:
        yield Failure(path, str(exc))
        return
    except Exception as exc:  # noqa: BLE001 — nothing may escape read()
        yield Failure(path, _unexpected(exc))
        return
    try:
        yield from _pages(opened, settings)
    finally:
        opened.close()


def _pages(opened: Opened, settings: SourceSettings) -> Iterator[Page | Failure | Skipped]:
    try:
        reader: Reader = registry.readers.get(_format(opened, settings))
        pages = reader(opened, settings)
        for page in pages:
            yield page
    except InputError as exc:
        yield Failure(opened.name, str(exc))
    except RecursionError:
        yield Failure(opened.name, "input nested too deeply to read")
    except MemoryError:
        yield Failure(opened.name, "input too large to read in memory")
    except BaseException as exc:  # FastWARC's Rust panics are BaseExceptions; nothing may escape
        if isinstance(exc, (GeneratorExit, KeyboardInterrupt, SystemExit)):
            raise
        yield Failure(opened.name, _unexpected(exc))


def _format(opened: Opened, settings: SourceSettings) -> str:
    """The input's format; raises InputError if it is not pages or is over its size limit."""
    size = opened.size or 0
    if not opened.head and opened.damage:
        raise InputError(f"truncated gzip: {opened.damage}")
    try:
        kind = sniff(opened.name, opened.head)
    except InputError:
        if size > settings.max_bytes:  # "too large" says more than "binary" about a huge file
            raise InputError(_too_large(size, settings.max_bytes)) from None
        raise
    limit = settings.max_archive_bytes if kind in CONTAINERS else settings.max_bytes
    if size > limit:
        raise InputError(_too_large(size, limit))
    return kind


def _too_large(size: int, limit: int) -> str:
    return f"too large: {human_size(size)} > limit {human_size(limit)}"


def _unexpected(exc: BaseException) -> str:
    return f"unexpected error: {type(exc).__name__}: {exc}".rstrip(": ")


__all__ = ["Reader", "decode_html", "decode_text", "read"]
