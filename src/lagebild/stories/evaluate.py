"""Scoring story clustering on a labelled JSONL file (ECB+ format).

Each line is ``{id, cluster, title, text, language, date}`` (``split`` optional). The articles are
streamed through the same :class:`StoryIndex` that ingest uses — in date order, file order among
equal or missing dates — without being told the clusters or their number. Reported: B-cubed
precision / recall / F1, pairwise F1, and the mean average precision of the ``related`` ranking
(same story first, then by similarity; relevant = same gold cluster).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..model import Article
from ..settings import StorySettings
from .index import StoryIndex
from .store import StoryStore


@dataclass(slots=True)
class Scores:
    n: int
    clusters: int
    predicted: int
    bcubed_p: float
    bcubed_r: float
    bcubed_f1: float
    pairwise_p: float
    pairwise_r: float
    pairwise_f1: float
    map: float | None = None
    by_split: dict[str, "Scores"] = field(default_factory=dict)


def read_labelled(path: str | Path) -> list[dict]:
    rows = []
    try:
        with open(path, encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path}:{number}: not JSON ({exc.msg})") from None
                if "cluster" not in row or "id" not in row:
                    raise InputError(f"{path}:{number}: needs 'id' and 'cluster'")
                rows.append(row)
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror}") from None
    if not rows:
        raise InputError(f"{path}: no articles")
    return rows


def to_article(row: dict, number: int) -> Article:
    date = row.get("date")
    date = None if date in (None, "None", "") else str(date)
    title = row.get("title") or ""
    text = row.get("text") or ""
    return Article(title=title, text=text, language=row.get("language"), published=date, id=number)


def bcubed(gold: list, pred: list) -> tuple[float, float, float]:
    by_gold, by_pred, both = defaultdict(int), defaultdict(int), defaultdict(int)
    for g, p in zip(gold, pred):
        by_gold[g] += 1
        by_pred[p] += 1
        both[g, p] += 1
    n = len(gold)
    precision = sum(both[g, p] / by_pred[p] for g, p in zip(gold, pred)) / n
    recall = sum(both[g, p] / by_gold[g] for g, p in zip(gold, pred)) / n
    return precision, recall, _f1(precision, recall)


def pairwise(gold: list, pred: list) -> tuple[float, float, float]:
    def pairs(labels):
        groups = defaultdict(list)
        for i, label in enumerate(labels):
            groups[label].append(i)
        return {(a, b) for g in groups.values() for i, a in enumerate(g) for b in g[i + 1 :]}

    g, p = pairs(gold), pairs(pred)
    tp = len(g & p)
    precision = tp / len(p) if p else 1.0
    recall = tp / len(g) if g else 1.0
    return precision, recall, _f1(precision, recall)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def mean_average_precision(rankings: Iterable[tuple[list[bool], int]]) -> float:
    """Mean over queries of average precision; each item is (relevance in rank order, #relevant)."""
    aps = []
    for rel, total in rankings:
        if not total:
            continue
        hits, ap = 0, 0.0
        for rank, r in enumerate(rel, 1):
            if r:
                hits += 1
                ap += hits / rank
        aps.append(ap / total)
    return sum(aps) / len(aps) if aps else 0.0


def _scores(gold: list, pred: list, ap: float | None) -> Scores:
    bp, br, bf = bcubed(gold, pred)
    pp, pr, pf = pairwise(gold, pred)
    return Scores(len(gold), len(set(gold)), len(set(pred)), bp, br, bf, pp, pr, pf, ap)


def evaluate(path: str | Path, store: StoryStore, settings: StorySettings | None = None, *, with_map: bool = True,
             warm_idf: bool = True) -> Scores:
    """Stream the file through a story index over ``store`` (a fresh one: an in-memory archive's) and
    score it. ``warm_idf`` counts the file's document frequencies first (no labels involved), as an
    archive that has seen similar news would have them; the stream itself never sees the clusters."""
    rows = read_labelled(path)
    order = sorted(range(len(rows)), key=lambda i: (str(rows[i].get("date") or ""), i))
    index = StoryIndex(store, settings)
    if warm_idf:
        index.warm(to_article(r, i + 1) for i, r in enumerate(rows))
    predicted: dict[int, int] = {}
    for i in order:
        _, story = index.link(to_article(rows[i], i + 1), i + 1)
        predicted[i] = story
    gold = [rows[i]["cluster"] for i in range(len(rows))]
    pred = [predicted[i] for i in range(len(rows))]
    ranks = _map_rankings(index, gold, pred) if with_map else None
    total = _scores(gold, pred, mean_average_precision(ranks) if ranks else None)
    splits = sorted({str(r["split"]) for r in rows if r.get("split")})
    for split in splits if len(splits) > 1 else []:
        keep = [i for i, r in enumerate(rows) if str(r.get("split")) == split]
        sub_ranks = [ranks[i] for i in keep] if ranks else None
        total.by_split[split] = _scores([gold[i] for i in keep], [pred[i] for i in keep],
                                        mean_average_precision(sub_ranks) if sub_ranks else None)
    return total


def _map_rankings(index: StoryIndex, gold: list, pred: list) -> list[tuple[list[bool], int]]:
    """Per article: every other article ranked as ``related`` ranks them (same story, then score)."""
    profiles = [index.article_profile(i + 1) for i in range(len(gold))]
    out = []
    for i, prof in enumerate(profiles):
        others = [j for j in range(len(gold)) if j != i]
        key = {j: (pred[j] == pred[i], index.similarity(prof, profiles[j])) for j in others}
        others.sort(key=lambda j: key[j], reverse=True)
        rel = [gold[j] == gold[i] for j in others]
        out.append((rel, sum(rel)))
    return out


def report(scores: Scores) -> list[str]:
    def lines(s: Scores, prefix: str = "") -> list[str]:
        out = [
            f"{prefix}articles {s.n}  gold clusters {s.clusters}  predicted stories {s.predicted}",
            f"{prefix}B-cubed P {s.bcubed_p:.3f}  R {s.bcubed_r:.3f}  F1 {s.bcubed_f1:.3f}",
            f"{prefix}pairwise P {s.pairwise_p:.3f}  R {s.pairwise_r:.3f}  F1 {s.pairwise_f1:.3f}",
        ]
        if s.map is not None:
            out.append(f"{prefix}related MAP {s.map:.3f}")
        return out

    out = []
    for split, sub in scores.by_split.items():
        out += lines(sub, f"[{split}] ")
    out += lines(scores)
    out.append(f"B-cubed F1 {scores.bcubed_f1:.3f}")
    return out
