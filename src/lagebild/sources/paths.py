"""Inputs as given (paths, directories, globs, ``-``) to the files to read, in a stable order.

Directories are walked recursively in sorted order, skipping hidden files and directories and
not following symbolic links to directories (no loops). A glob that matches nothing, a directory
that holds no files and a directory that cannot be listed become Failures.
"""

from __future__ import annotations

import glob
import os
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
        matches = sorted(glob.glob(item, recursive=True))
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
