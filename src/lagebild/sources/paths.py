"""Inputs as given (paths, directories, globs, ``-``) to the files to read, in a stable order.

Directories are walked recursively in sorted order, skipping hidden files and directories and
not following symbolic links to directories (no loops). A glob that matches nothing, a directory
that holds no files and a directory that cannot be listed become Failures.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterable, Iterator

from ..model import Failure

_GLOB_CHARS = frozenset("*?[")


def expand(inputs: Iterable[str | os.PathLike[str]]) -> Iterator[tuple[str, bool] | Failure]:
    """``(path, named)`` for each file to read, ``named`` if the user gave it explicitly."""
    for given in inputs:
        try:
            item = os.fspath(given)
        except TypeError:
            yield Failure(repr(given), "not a path")
            continue
        if not isinstance(item, str):
            item = os.fsdecode(item)
        if item == "-" or os.path.lexists(item) or not _GLOB_CHARS & set(item):
            yield from _one(item, named=True)
            continue
        matches = sorted(_glob(item))
        if not matches:
            yield Failure(item, "no files match this pattern")
        seen: set[str] = set()  # "pages/**" matches a directory and the files inside it
        for match in matches:
            for result in _one(match, named=False):
                if isinstance(result, Failure):
                    yield result
                elif result[0] not in seen:
                    seen.add(result[0])
                    yield result


def _glob(pattern: str) -> Iterator[str]:
    """What ``pattern`` matches. ``**`` is matched against a walk that, like :func:`walk`, does not
    follow symbolic links to directories: ``glob``'s own ``**`` follows them, and a link loop makes
    its file list grow exponentially."""
    if "**" not in pattern:
        yield from glob.glob(pattern)
        return
    parts = pattern.split(os.sep)
    fixed = next(i for i, part in enumerate(parts) if _GLOB_CHARS & set(part))
    root = os.sep.join(parts[:fixed]) or ("" if not pattern.startswith(os.sep) else os.sep)
    for base in glob.glob(root) if _GLOB_CHARS & set(root) else [root]:
        matcher = re.compile(_translate(parts[fixed:]))
        start = base or os.curdir
        for folder, dirs, files in os.walk(start, followlinks=False):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            rel = os.path.relpath(folder, start)
            rel = "" if rel == os.curdir else rel + os.sep
            for name in [*dirs, *sorted(f for f in files if not f.startswith("."))]:
                if matcher.fullmatch(rel + name):
                    yield os.path.join(base, rel + name) if base else rel + name


def _translate(parts: list[str]) -> str:
    """A regular expression for the path components of a glob: ``**`` spans any number of
    folders (also none), ``*`` and ``?`` stay inside one, ``[...]`` is a character class."""
    out = []
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if part == "**":
            out.append(".*" if last else f"(?:[^{re.escape(os.sep)}]+{re.escape(os.sep)})*")
            continue
        piece = _component(part)
        out.append(piece if last else piece + re.escape(os.sep))
    return "".join(out)


def _component(part: str) -> str:
    not_sep = f"[^{re.escape(os.sep)}]"
    out, i = [], 0
    while i < len(part):
        c = part[i]
        end = part.find("]", i + 2) if c == "[" else -1
        if c == "*":
            out.append(not_sep + "*")
        elif c == "?":
            out.append(not_sep)
        elif end > 0:
            inner = part[i + 1 : end]
            inner = "^" + inner[1:] if inner.startswith("!") else inner
            out.append("[" + inner.replace("\\", "\\\\") + "]")
            i = end
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


def _one(path: str, *, named: bool) -> Iterator[tuple[str, bool] | Failure]:
    if path != "-" and os.path.isdir(path):
        found = False
        for result in walk(path):
            found = found or not isinstance(result, Failure)
            yield result if isinstance(result, Failure) else (result, False)
        if not found:
            yield Failure(path, "no files in directory")
    else:
        yield path, named


def walk(directory: str) -> Iterator[str | Failure]:
    """Files below ``directory``, sorted, without hidden ones; unreadable directories fail."""
    try:
        with os.scandir(directory) as entries:
            listing = sorted((entry.name, entry.is_dir(follow_symlinks=False)) for entry in entries)
    except PermissionError:
        yield Failure(directory, "permission denied")
        return
    except OSError as exc:
        yield Failure(directory, f"cannot list directory: {exc.strerror or exc}")
        return
    for name, is_dir in listing:
        if name.startswith("."):
            continue
        path = os.path.join(directory, name)
        if is_dir:
            yield from walk(path)
        elif not os.path.isdir(path):  # symlinks to directories are not followed
            yield path
