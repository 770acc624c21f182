"""Python's cycle collector while a merge feeds its writer (:func:`rare_full_collections`): the
merging process and its linking process (:mod:`.linker`) both run under it."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

FULL_PASSES_EVERY = 1000  # young-generation passes between the collector's full passes while merging (Python's: 10)


@contextlib.contextmanager
def rare_full_collections() -> Iterator[None]:
    """Python's cycle collector runs its full pass (every tracked object, and — the likely reason
    these grew to 300 ms with ~10^5 tracked objects — every entry of every ``lru_cache``: the term
    and lemma caches of textnorm hold 10^5 words) after every 10 passes over the young objects. A merge allocates steadily and frees by reference counts (its rows hold no
    cycles), so those full passes found next to nothing and cost a quarter of the writer's CPU (all
    1,478 real pages into PostgreSQL: 16 passes of 16-300 ms, growing with the caches). While
    merging they run only every :data:`FULL_PASSES_EVERY` young passes; the young passes, which
    collect the few cycles there are, keep their pace. The thresholds are restored afterwards."""
    young, middle, full = gc.get_threshold()
    gc.set_threshold(young, middle, max(full, FULL_PASSES_EVERY))
    try:
        yield
    finally:
        gc.set_threshold(young, middle, full)


__all__ = ["FULL_PASSES_EVERY", "rare_full_collections"]
