"""Shards: the units of work of a batch, planned from the inputs the same way every time.

A WARC or JSONL file is one shard, or (``shard_size`` N) one shard per N of its records; loose
pages (HTML, text files, directories of them) are grouped ``files_per_shard`` to a shard. A
shard's name comes from what it holds (its files' absolute paths and sizes, its record range), so
a rerun over the same inputs finds the shards it finished before, whatever the order of the
inputs, and two runs never write one shard under two names.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from ..model import Failure, Page
from ..settings import BatchSettings, SourceSettings

CONTAINERS = (".warc", ".warc.gz", ".arc", ".arc.gz", ".jsonl", ".jsonl.gz", ".ndjson")


@dataclass(frozen=True, slots=True)
class Shard:
    """Some inputs' pages: ``paths`` read in order, records ``start`` to ``start + count`` of them
    (``count`` 0: all). ``container``: one WARC/JSONL file, whose own damage fails the shard."""

    name: str
    paths: tuple[str, ...]
    start: int = 0
    count: int = 0
    container: bool = False
    weight: float = 0.0  # its share of the input bytes: how long it will take, roughly (largest first)


def is_container(path: str) -> bool:
    return path.lower().endswith(CONTAINERS)


def plan(inputs: Iterable[str], batch: BatchSettings, sources: SourceSettings) -> tuple[list[Shard], list[Failure]]:
    """The shards of ``inputs`` (files, directories, globs), and a Failure per input that names
    nothing readable. With ``shard_size``, each container is read once here to count its records."""
    from ..sources.paths import expand

    shards: list[Shard] = []
    missing: list[Failure] = []
    loose: list[str] = []
    for item in expand(list(inputs)):
        if isinstance(item, Failure):
            missing.append(item)
            continue
        path = os.path.abspath(item[0])
        if not is_container(path):
            loose.append(path)
        elif batch.shard_size > 0:
            total = sum(1 for _ in read_pages((path,), sources))
            for start in range(0, max(total, 1), batch.shard_size):
                share = (min(total, start + batch.shard_size) - start) / max(total, 1)
                shards.append(_shard((path,), start, batch.shard_size, container=True, share=share))
        else:
            shards.append(_shard((path,), container=True))
    size = max(1, batch.files_per_shard)
    for i in range(0, len(loose), size):
        shards.append(_shard(tuple(loose[i : i + size])))
    return shards, missing


def _shard(paths: tuple[str, ...], start: int = 0, count: int = 0, *, container: bool = False,
           share: float = 1.0) -> Shard:
    sizes = [_size(p) for p in paths]
    digest = hashlib.sha1(json.dumps([paths, sizes, start, count]).encode("utf-8", "surrogateescape")).hexdigest()
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", os.path.basename(paths[0]))[:40] or "input"
    part = f"-{start:07d}" if count else ""
    return Shard(f"{stem}{part}-{digest[:10]}", paths, start, count, container, share * sum(max(0, n) for n in sizes))


def largest_first(shards: list[Shard]) -> list[Shard]:
    """The shards in the order to hand them to workers: the largest first, so that the small ones
    fill the gaps at the end and no worker is left with a large one while the others idle
    (longest-processing-time-first scheduling); equal ones keep the plan's order."""
    return sorted(shards, key=lambda s: -s.weight)


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return -1  # read later, where its failure is named


def read_pages(paths: tuple[str, ...], sources: SourceSettings) -> Iterator[Page | Failure]:
    from ..sources import read

    return read(list(paths), sources)


def pages(shard: Shard, sources: SourceSettings) -> Iterator[Page | Failure]:
    """The shard's pages (and the failures among its records), in the order of its inputs."""
    stream = read_pages(shard.paths, sources)
    return islice(stream, shard.start, shard.start + shard.count) if shard.count else stream


__all__ = ["Shard", "is_container", "largest_first", "pages", "plan"]
