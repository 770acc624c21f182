"""A gazetteer of entity names seen in the training data, as a per-word feature.

Each word gets one id: 0 if no known name covers it, else ``1 + 2 * type + (0 for the first word, 1
for the others)`` of the longest known name (greedy, left to right) that covers it. Training
sentences get ids from a gazetteer built on the *other* folds, so the tagger learns how far to
trust a match on names it has not seen, as at run time.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from .conll import TYPES, spans

MAX_LEN = 6
N_IDS = 1 + 2 * len(TYPES)


class Gazetteer:
    def __init__(self, names: dict[tuple[str, ...], str] | None = None):
        self.names = names or {}
        self._longest: dict[str, int] | None = None  # first word -> longest name starting with it (ids())

    @classmethod
    def build(cls, sentences) -> Gazetteer:
        """Names from gold ``(words, tags)`` sentences; single words mostly seen outside entities are dropped."""
        kinds: dict[tuple[str, ...], Counter] = defaultdict(Counter)
        for words, tags in sentences:
            for a, b, kind in spans(tags):
                if b - a <= MAX_LEN:
                    kinds[tuple(words[a:b])][kind] += 1
        as_entity = {k[0]: sum(c.values()) for k, c in kinds.items() if len(k) == 1}
        seen = Counter(w for words, _ in sentences for w in words if w in as_entity)
        names = {}
        for key, c in kinds.items():
            if len(key) == 1 and as_entity[key[0]] * 2 < seen[key[0]]:
                continue
            names[key] = c.most_common(1)[0][0]
        return cls(names)

    def ids(self, words: list[str]) -> list[int]:
        if self._longest is None:
            longest: dict[str, int] = {}
            for key in self.names:
                longest[key[0]] = max(longest.get(key[0], 0), len(key))
            self._longest = longest
        out = [0] * len(words)
        i = 0
        while i < len(words):
            # only names that start with this word can match here (most words start none: no lookups)
            for n in range(min(MAX_LEN, len(words) - i, self._longest.get(words[i], 0)), 0, -1):
                kind = self.names.get(tuple(words[i : i + n]))
                if kind is not None:
                    t = TYPES.index(kind)
                    out[i] = 1 + 2 * t
                    for j in range(i + 1, i + n):
                        out[j] = 2 + 2 * t
                    i += n
                    break
            else:
                i += 1
        return out

    def to_list(self) -> list[list[str]]:
        return [[kind, *key] for key, kind in self.names.items()]

    @classmethod
    def from_list(cls, rows: list[list[str]]) -> Gazetteer:
        return cls({tuple(row[1:]): row[0] for row in rows})


def fold_ids(sentences, folds: int = 5) -> list[list[int]]:
    """Gazetteer ids of each training sentence from a gazetteer of the other folds (contiguous blocks)."""
    n = len(sentences)
    bounds = [n * k // folds for k in range(folds + 1)]
    out: list[list[int]] = []
    for k in range(folds):
        others = sentences[: bounds[k]] + sentences[bounds[k + 1] :]
        gaz = Gazetteer.build(others)
        out += [gaz.ids(words) for words, _ in sentences[bounds[k] : bounds[k + 1]]]
    return out
