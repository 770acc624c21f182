"""JSON Lines (plain or gzip): one ``{"url": …, "html": …}`` or ``{"url": …, "text": …}`` a line.

A bad line becomes ``Failure("path:line", reason)`` and the rest of the file goes on. Lines are
read with a bound, so one huge line costs ``max_bytes`` of memory at most.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..errors import InputError
from ..model import Failure, Origin, Page
from ..settings import SourceSettings
from .streams import Opened, human_size

_SKIP_STEP = 1024 * 1024


def read_jsonl(opened: Opened, settings: SourceSettings) -> Iterator[Page | Failure]:
    """Pages of the JSONL file in ``opened``; bad lines become Failures."""
    number = 0
    try:
        for number, line in _lines(opened, settings.max_bytes):
            if line is None:
                reason = f"line too long: over the {human_size(settings.max_bytes)} limit"
                yield Failure(f"{opened.name}:{number}", reason)
            elif line.strip():
                yield _page(line, opened.name, number)
    except InputError as exc:  # a gzip bomb, raised by the decompressing stream
        yield Failure(opened.name, f"{exc} (after line {number})")
        return
    except OSError as exc:
        yield Failure(opened.name, f"read error after line {number}: {exc.strerror or exc}")
        return
    if opened.damage:
        yield Failure(opened.name, f"truncated gzip after line {number} ({opened.damage})")


def _lines(opened: Opened, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """``(number, line)``; ``None`` for a line longer than ``limit``, whose rest is skipped."""
    number = 0
    while True:
        line = opened.stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := opened.stream.readline(_SKIP_STEP)) and not rest.endswith(b"\n"):
                pass
            yield number, None
        else:
            yield number, line


def _page(line: bytes, path: str, number: int) -> Page | Failure:
    label = f"{path}:{number}"
    try:
        obj = json.loads(line.decode("utf-8-sig" if number == 1 else "utf-8"))
    except UnicodeDecodeError:
        return Failure(label, "not UTF-8 text")
    except json.JSONDecodeError as exc:
        return Failure(label, f"invalid JSON: {exc.msg} at column {exc.colno}")
    except RecursionError:
        return Failure(label, "invalid JSON: nested too deeply")
    except ValueError as exc:  # e.g. an integer past Python's 4,300-digit conversion limit
        return Failure(label, f"invalid JSON: {' '.join(str(exc).split())[:200]}")
    if not isinstance(obj, dict):
        return Failure(label, f"not a JSON object but {_json_type(obj)}")
    try:
        return _from_object(obj, path, number)
    except InputError as exc:
        return Failure(label, str(exc))


def _from_object(obj: dict[str, Any], path: str, number: int) -> Page:
    url = obj.get("url")
    if url is not None and not isinstance(url, str):
        raise InputError(f'"url" is {_json_type(url)}, not a string')
    fetched = obj.get("fetched") if isinstance(obj.get("fetched"), str) else None
    origin = Origin(path=path, line=number, url=url)
    for field in ("html", "text"):
        value = obj.get(field)
        if value is None:
            continue
        if not isinstance(value, str):
            raise InputError(f'"{field}" is {_json_type(value)}, not a string')
        if not value.strip():
            raise InputError(f'empty "{field}"')
        raw = value.encode("utf-8", "replace")  # lone surrogates from "\ud800" escapes become "?"
        content = raw if field == "html" else raw.decode("utf-8")
        encoding = "utf-8" if field == "html" else None
        return Page(content, field, origin, url=url, declared_encoding=encoding, fetched=fetched)
    raise InputError('no "html" or "text" field')


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")
