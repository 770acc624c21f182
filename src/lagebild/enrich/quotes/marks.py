"""Quotation marks: the top-level spans between „…“, »…« or «…», “…”, 「…」, 『…』, "…" (nested ‚…‘
stay inside), paired in n log n whatever the text.

Guillemets point one way in a text: German »…«, French, Swiss and most others «…». Trying both
orientations pairs the closing mark of one quote with the opening mark of the next and returns
the text *between* two quotes, so the first guillemet of the text decides which is the opener."""

from __future__ import annotations

import bisect
import re


_PAIRS = (("„", "“”"), ("»", "«"), ("«", "»"), ("“", "”"), ("‚", "‘’"), ("「", "」"), ("『", "』"))


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    """The mark pairs of ``text``: one guillemet orientation, the one its first guillemet opens."""
    left, right = text.find("«"), text.find("»")
    pointing_in = right >= 0 and (left < 0 or right < left)  # »…« (German)
    drop = ("«", "»") if pointing_in else ("»", "«")
    return tuple(p for p in _PAIRS if p != drop)


_STRAIGHT = '"'


_MAX_QUOTE = 6000  # characters: a longer "quotation" is an unclosed mark


def quote_marks(text: str) -> list[tuple[int, int]]:
    """Top-level quotation spans as (index of the opening mark, index of the closing mark), in
    order and disjoint. Linear in the text up to a log factor, whatever its marks."""
    taken = _Intervals()
    breaks = [m.start() for m in re.finditer(r"\n\n", text)]
    for open_, closers in _pairs(text):
        closing = [m.start() for m in re.finditer("[" + re.escape(closers) + "]", text)]
        opening = [m.start() for m in re.finditer(re.escape(open_), text)]
        skip_until = -1
        for i in opening:
            if i <= skip_until:
                continue
            k0 = k = bisect.bisect_right(closing, i)
            closed = False
            while k < len(closing) and closing[k] - i <= _MAX_QUOTE:  # nested „…„…“…“: skip inner pairs
                inner = bisect.bisect_left(opening, closing[k]) - bisect.bisect_right(opening, i)
                if inner <= k - k0:
                    closed = True
                    break
                k = k0 + inner
            if not closed:
                continue
            j = closing[k]
            para_end = breaks[bisect.bisect_right(breaks, i)] if bisect.bisect_right(breaks, i) < len(breaks) else len(text)
            if j > i + 1 and j < para_end and j - i <= _MAX_QUOTE and taken.free(i, j):
                taken.add(i, j)
                skip_until = j
    for a, b in _straight(text, taken):
        taken.add(a, b)
    return taken.spans()


class _Intervals:
    """Disjoint intervals kept sorted, with a logarithmic overlap test."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def free(self, i: int, j: int) -> bool:
        k = bisect.bisect_right(self.starts, j)
        return k == 0 or self.ends[k - 1] < i

    def add(self, i: int, j: int) -> None:
        k = bisect.bisect_right(self.starts, i)
        self.starts.insert(k, i)
        self.ends.insert(k, j)

    def spans(self) -> list[tuple[int, int]]:
        return list(zip(self.starts, self.ends))


def _straight(text: str, taken: _Intervals) -> list[tuple[int, int]]:
    """Pairs of straight double quotes within a line, the opening one after a space or bracket."""
    out = []
    for para in re.finditer(r"[^\n]+", text):
        idx = [m.start() for m in re.finditer(_STRAIGHT, para.group())]
        k = 0
        while k + 1 < len(idx):
            a, b = para.start() + idx[k], para.start() + idx[k + 1]
            prev = text[a - 1] if a > 0 else " "
            if (prev.isspace() or prev in "([:—–-") and not text[a + 1:a + 2].isspace() and b - a <= _MAX_QUOTE \
                    and taken.free(a, b):
                out.append((a, b))
                k += 2
            else:
                k += 1
    return out
