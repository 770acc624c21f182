"""Line statistics across the pages of one run: lines on many pages are boilerplate evidence."""

from __future__ import annotations

import hashlib
import math
from collections import Counter

from ._lines import split_lines


class CorpusStats:
    """How many pages of the run hold each line (by its key). One per run, passed to every page.

    A page is counted once however often it is observed, so a runner may :meth:`observe` every page
    first and extract afterwards, or just extract page after page (later pages then see more).
    """

    max_keys = 2_000_000  # beyond this, lines seen on one page only are forgotten

    def __init__(self) -> None:
        self.pages = 0
        self._counts: Counter[int] = Counter()
        self._seen: set[bytes] = set()

    @staticmethod
    def _hash(key: str) -> int:
        return int.from_bytes(hashlib.blake2b(key.encode("utf-8", "replace"), digest_size=8).digest(), "big")

    def observe(self, content: str) -> None:
        """Count the lines of one page (idempotent per page content)."""
        digest = hashlib.blake2b(content.encode("utf-8", "replace"), digest_size=16).digest()
        if digest in self._seen:
            return
        self._seen.add(digest)
        self.pages += 1
        self._counts.update({self._hash(line.key) for line in split_lines(content)})
        if len(self._counts) > self.max_keys:
            self._counts = Counter({k: v for k, v in self._counts.items() if v > 1})

    def other_pages(self, key: str) -> int:
        """On how many other observed pages this line occurs (the page itself is assumed observed)."""
        return max(0, self._counts.get(self._hash(key), 0) - 1)

    def evidence(self, key: str) -> float:
        """A boilerplate score in [0, ~3]: log of the number of other pages holding the line."""
        return math.log1p(self.other_pages(key))
