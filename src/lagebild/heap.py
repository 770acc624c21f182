"""The process heap: what glibc's allocator keeps after the encoder's large, short-lived tensors.

A worker's memory peaks inside a chunk, not between chunks: freed blocks of tens of MB stay in the
heap (glibc slides its mmap threshold up to 32 MB after the first large free), fragment between
long-lived objects and pile up from one batch to the next. Giving the free pages back after each
large step (NER's head batches, a worker's chunk) keeps the peak at one step's working set.
"""

from __future__ import annotations

import ctypes
import os
import sys

M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter


def limit_heap(threshold: int) -> None:
    """In a worker process: allocations of ``threshold`` bytes or more get their own mapping,
    returned to the system when freed. glibc's default threshold slides up to 32 MB after the first
    large block is freed, after which the encoder's per-batch activations (tens of MB) are carved
    from the heap, which fragments and does not shrink: a worker kept 2 GB after 64 pages."""
    if threshold <= 0 or not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL("libc.so.6").mallopt(M_MMAP_THRESHOLD, int(threshold))
    except (OSError, AttributeError):  # pragma: no cover - not glibc: its own allocator's rules apply
        pass


def trim_heap() -> None:
    """Give the heap's free pages back to the system (glibc ``malloc_trim``): after each chunk in a
    worker, and in the fork server once the models are loaded — free heap pages it kept would be
    inherited by every worker, and copied by each as soon as it allocates there."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):  # pragma: no cover - not glibc
            pass


THP_ENV = "THP_MEM_ALLOC_ENABLE"  # torch's own switch (c10's CPU allocator)


def use_huge_pages() -> None:
    """Ask torch to back its large CPU tensors (≥ 2 MB) with transparent huge pages (``madvise``), in
    this process and the ones it starts, unless the user set torch's ``THP_MEM_ALLOC_ENABLE`` (``0``: off).

    Why: the encoder allocates and frees tensors of a few to ~13 MB per layer; in glibc's heap they
    fragment and a worker's peak inside a chunk climbs layer by layer and batch by batch. With torch's
    huge-page path the same forward passes (one thread, 12 of them, no trim) kept +156 / +168 / +173 /
    +193 MB instead of +549 / +593 / +607 / +799 MB above their start and used ~10 % less CPU (fewer page
    faults and TLB misses); docs/benchmarks.md, issue 17, wave 12. Where the kernel has no transparent huge
    pages it changes nothing. Must run before the models are loaded (torch reads the variable on its first
    large allocation)."""
    os.environ.setdefault(THP_ENV, "1")
