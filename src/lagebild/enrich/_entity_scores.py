"""The arithmetic of the entity-identity evaluation: pairs of gold mentions, and whether the system
gives two mentions one id.

Every gold mention carries a gold identity (a Wikidata QID or a cluster label) and a system id
(the ``entity_id`` of the system mention that covers it). Two special cases make the pair counts
honest:

* a gold mention the system did not recognise gets a system id of its own (it shares nothing);
* a gold *non-entity* (identity ``none``: an all-caps word such as "WHO IS …" that looks like a
  name) is an identity of its own, so a system that files it under a real entity's id makes false
  pairs with that entity's mentions.

Counts use contingency tables (``C(n, 2)`` per cell), so 100,000 mentions cost no more than 1,000.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

NONE = "none"  # gold identity of a span that names no entity


@dataclass(frozen=True, slots=True)
class Scored:
    """One gold mention after matching: its gold identity, the system's id (None: unrecognised)."""

    gold: str
    system: str | None
    lang: str = ""
    script: str = ""
    text: str = ""
    where: str = ""  # "file:start", for listings


@dataclass(slots=True)
class PairCounts:
    gold_pairs: int = 0  # pairs of mentions of one real identity
    system_pairs: int = 0  # pairs the system gives one id
    true_pairs: int = 0  # both

    def __sub__(self, other: "PairCounts") -> "PairCounts":
        return PairCounts(self.gold_pairs - other.gold_pairs, self.system_pairs - other.system_pairs,
                          self.true_pairs - other.true_pairs)

    @property
    def precision(self) -> float:
        """Share of the system's same-id pairs that are one real entity (1.0 when it claims none)."""
        return self.true_pairs / self.system_pairs if self.system_pairs else 1.0

    @property
    def recall(self) -> float:
        """Share of same-entity pairs the system gives one id (1.0 when there are none)."""
        return self.true_pairs / self.gold_pairs if self.gold_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _keys(items: list[Scored]) -> list[tuple[str, str]]:
    """(gold key, system key) per mention: non-entities and unrecognised mentions are singletons."""
    out = []
    for i, s in enumerate(items):
        gold = f"{NONE}#{i}" if s.gold == NONE else s.gold
        system = f"(unrecognised)#{i}" if s.system is None else s.system
        out.append((gold, system))
    return out


def _c2(n: int) -> int:
    return n * (n - 1) // 2


def pair_counts(items: list[Scored], keep: Callable[[Scored], bool] | None = None) -> PairCounts:
    """Pair counts over the mentions ``keep`` selects (all when None)."""
    keys = [k for s, k in zip(items, _keys(items)) if keep is None or keep(s)]
    gold = Counter(g for g, _ in keys)
    system = Counter(s for _, s in keys)
    cell = Counter(keys)
    real = {g for g in gold if not g.startswith(NONE + "#")}
    return PairCounts(sum(_c2(n) for g, n in gold.items() if g in real),
                      sum(_c2(n) for n in system.values()),
                      sum(_c2(n) for (g, _s), n in cell.items() if g in real))


def touching(items: list[Scored], attr: str, value: str) -> PairCounts:
    """Pairs with at least one mention whose ``attr`` is ``value`` (a language or script row)."""
    return pair_counts(items) - pair_counts(items, lambda s: getattr(s, attr) != value)


def across(items: list[Scored], attr: str) -> PairCounts:
    """Pairs whose two mentions differ in ``attr`` (e.g. cross-language pairs)."""
    total = pair_counts(items)
    for value in {getattr(s, attr) for s in items}:
        total = total - pair_counts(items, lambda s, v=value: getattr(s, attr) == v)
    return total


def bcubed(items: list[Scored]) -> tuple[float, float]:
    """Mention-weighted precision and recall (B-cubed): big entities weigh per mention, not per pair."""
    keys = _keys(items)
    if not keys:
        return 1.0, 1.0
    gold = Counter(g for g, _ in keys)
    system = Counter(s for _, s in keys)
    cell = Counter(keys)
    p = sum(cell[k] / system[k[1]] for k in keys) / len(keys)
    r = sum(cell[k] / gold[k[0]] for k in keys) / len(keys)
    return p, r


@dataclass(slots=True)
class Merge:
    """One system id that holds mentions of two or more different gold identities."""

    system: str
    identities: list[tuple[str, int, list[str]]]  # (gold identity, mentions, surface forms)
    false_pairs: int


@dataclass(slots=True)
class Split:
    """One real identity whose mentions the system spreads over several ids."""

    gold: str
    mentions: int
    parts: list[tuple[str, int, list[str]]]  # (system id or "(unrecognised)", mentions, surface forms)
    missed_pairs: int


def _forms(items: Iterable[Scored], limit: int = 4) -> list[str]:
    return [t for t, _n in Counter(s.text for s in items).most_common(limit)]


def merges(items: list[Scored]) -> list[Merge]:
    """System ids covering two or more gold identities (non-entities included), worst first."""
    by_system: dict[str, list[Scored]] = defaultdict(list)
    for s in items:
        if s.system is not None:
            by_system[s.system].append(s)
    out = []
    for sid, group in by_system.items():
        by_gold: dict[str, list[Scored]] = defaultdict(list)
        for s in group:
            by_gold[s.gold].append(s)
        n_real = sum(1 for g in by_gold if g != NONE)
        if n_real + len(by_gold.get(NONE, [])) < 2:
            continue
        same = sum(_c2(len(v)) for g, v in by_gold.items() if g != NONE)
        ids = sorted(((g, len(v), _forms(v)) for g, v in by_gold.items()), key=lambda t: -t[1])
        out.append(Merge(sid, ids, _c2(len(group)) - same))
    return sorted(out, key=lambda m: (-m.false_pairs, m.system))


def splits(items: list[Scored]) -> list[Split]:
    """Real identities spread over several system ids (an unrecognised mention is a part of its
    own), worst first by the same-entity pairs they lose."""
    by_gold: dict[str, list[Scored]] = defaultdict(list)
    for s in items:
        if s.gold != NONE:
            by_gold[s.gold].append(s)
    out = []
    for gid, group in by_gold.items():
        parts: dict[str, list[Scored]] = defaultdict(list)
        for s in group:
            parts[s.system or "(unrecognised)"].append(s)
        kept = sum(_c2(len(v)) for k, v in parts.items() if k != "(unrecognised)")
        missed = _c2(len(group)) - kept
        if missed:
            rows = sorted(((k, len(v), _forms(v)) for k, v in parts.items()), key=lambda t: -t[1])
            out.append(Split(gid, len(group), rows, missed))
    return sorted(out, key=lambda s: (-s.missed_pairs, s.gold))


@dataclass(slots=True)
class Row:
    name: str
    mentions: int
    recognised: int
    pairs: PairCounts

    def to_dict(self) -> dict:
        return {"name": self.name, "mentions": self.mentions, "recognised": self.recognised,
                "coverage": round(self.recognised / self.mentions, 4) if self.mentions else 0.0,
                "gold_pairs": self.pairs.gold_pairs, "system_pairs": self.pairs.system_pairs,
                "true_pairs": self.pairs.true_pairs, "precision": round(self.pairs.precision, 4),
                "recall": round(self.pairs.recall, 4), "f1": round(self.pairs.f1, 4)}


def rows(items: list[Scored], attr: str) -> list[Row]:
    """One row per language (or script): mentions in it, and the pairs touching it."""
    out = []
    for value in sorted({getattr(s, attr) for s in items}):
        mine = [s for s in items if getattr(s, attr) == value and s.gold != NONE]
        out.append(Row(value, len(mine), sum(s.system is not None for s in mine), touching(items, attr, value)))
    return sorted(out, key=lambda r: (-r.mentions, r.name))


@dataclass(slots=True)
class IdentityReport:
    """Everything ``lagebild eval entities`` prints."""

    mentions: int  # real gold mentions (non-entities not counted)
    recognised: int
    identities: int
    pairs: PairCounts
    bcubed: tuple[float, float]
    by_language: list[Row]
    by_script: list[Row]
    cross_language: PairCounts
    merges: list[Merge]
    splits: list[Split]
    non_entities: int = 0
    non_entities_merged: int = 0  # non-entity spans filed under an id other gold mentions share
    skipped: list[str] = field(default_factory=list)  # gold lines that could not be used, with reasons

    @property
    def wrong_merges(self) -> int:
        """System ids that hold two or more distinct real entities."""
        return sum(1 for m in self.merges if sum(1 for g, _n, _f in m.identities if g != NONE) >= 2)

    @property
    def merged_entities(self) -> int:
        """Distinct real entities involved in a wrong merge."""
        return len({g for m in self.merges for g, _n, _f in m.identities
                    if g != NONE and sum(1 for h, _m, _f2 in m.identities if h != NONE) >= 2})

    def to_dict(self) -> dict:
        b_p, b_r = self.bcubed
        return {
            "mentions": self.mentions, "recognised": self.recognised,
            "coverage": round(self.recognised / self.mentions, 4) if self.mentions else 0.0,
            "identities": self.identities,
            "identity_precision": round(self.pairs.precision, 4), "identity_recall": round(self.pairs.recall, 4),
            "identity_f1": round(self.pairs.f1, 4), "gold_pairs": self.pairs.gold_pairs,
            "system_pairs": self.pairs.system_pairs, "true_pairs": self.pairs.true_pairs,
            "bcubed_precision": round(b_p, 4), "bcubed_recall": round(b_r, 4),
            "cross_language": {"gold_pairs": self.cross_language.gold_pairs,
                               "system_pairs": self.cross_language.system_pairs,
                               "true_pairs": self.cross_language.true_pairs,
                               "precision": round(self.cross_language.precision, 4),
                               "recall": round(self.cross_language.recall, 4)},
            "wrong_merges": self.wrong_merges, "merged_entities": self.merged_entities,
            "non_entities": self.non_entities, "non_entities_merged": self.non_entities_merged,
            "by_language": [r.to_dict() for r in self.by_language],
            "by_script": [r.to_dict() for r in self.by_script],
            "merges": [{"system": m.system, "false_pairs": m.false_pairs,
                        "identities": [{"gold": g, "mentions": n, "forms": f} for g, n, f in m.identities]}
                       for m in self.merges],
            "splits": [{"gold": s.gold, "mentions": s.mentions, "missed_pairs": s.missed_pairs,
                        "parts": [{"system": k, "mentions": n, "forms": f} for k, n, f in s.parts]}
                       for s in self.splits],
            "skipped": self.skipped,
        }


def report(items: list[Scored], skipped: list[str] | None = None) -> IdentityReport:
    """The full report over matched gold mentions."""
    real = [s for s in items if s.gold != NONE]
    system_sizes = Counter(s.system for s in items if s.system is not None)
    nones = [s for s in items if s.gold == NONE]
    return IdentityReport(
        mentions=len(real), recognised=sum(s.system is not None for s in real),
        identities=len({s.gold for s in real}), pairs=pair_counts(items), bcubed=bcubed(items),
        by_language=rows(items, "lang"), by_script=rows(items, "script"),
        cross_language=across(items, "lang"), merges=merges(items), splits=splits(items),
        non_entities=len(nones),
        non_entities_merged=sum(1 for s in nones if s.system is not None and system_sizes[s.system] > 1),
        skipped=list(skipped or []))


__all__ = ["NONE", "IdentityReport", "Merge", "PairCounts", "Row", "Scored", "Split", "across", "bcubed",
           "merges", "pair_counts", "report", "rows", "splits", "touching"]
