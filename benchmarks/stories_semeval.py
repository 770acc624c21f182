"""SemEval-2022 Task 8 subset: does our article similarity follow the graded "same story" judgement?

For every pair, both articles are profiled exactly as ingest profiles them (TF-IDF over lemmas,
IDF-weighted names, multilingual embedding; document frequencies counted over the subset's
articles first) and scored with the story stage's similarity (``StoryIndex.similarity``, the
score clustering and ``related`` use). Reported: Pearson r against -Overall (Overall 1 = same
story … 4 = different), overall and per language pair, plus the signals alone.

    .venv/bin/python benchmarks/stories_semeval.py [--pairs ../shared/benchmarks/stories/semeval2022_task8_subset/pairs.jsonl] [--embedder e5|use|off] [--fit] [--floor]

``--fit`` refits the score's weights (how StorySettings' e5 weights were made): least squares of
-Overall on (embedding, max(0, embedding - knee), lexical), separately for same- and
cross-language pairs, plus a cross-language offset — and reports Pearson r under 5-fold
cross-validation whose folds keep pairs sharing an article together.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import zlib
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from lagebild.model import Article  # noqa: E402
from lagebild.stories import embed, features  # noqa: E402
from lagebild.archive.stories import SQLiteStoryStore  # noqa: E402
from lagebild.settings import StorySettings  # noqa: E402
from lagebild.stories.index import StoryIndex  # noqa: E402
from lagebild.stories.profile import signals_pair  # noqa: E402

HERE = Path(__file__).resolve()
DEFAULT = HERE.parents[2] / "shared/benchmarks/stories/semeval2022_task8_subset/pairs.jsonl"


def articles(pairs: list[dict], titles: dict[str, str]) -> dict[str, Article]:
    out: dict[str, Article] = {}
    for p in pairs:
        for k in "12":
            key = p["id" + k]
            if key in out:
                continue
            text, title = p["text" + k], titles.get(key, "")
            body = text[len(title):].strip() if title and text.startswith(title) else text
            out[key] = Article(title=title, text=body, language=p["lang" + k], id=len(out) + 1)
    return out


def pearson(x: np.ndarray, y: np.ndarray) -> float:
    if len(x) < 3 or np.std(x) == 0 or np.std(y) == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


def _folds(pairs: list[dict], k: int = 5) -> np.ndarray:
    """Fold of each pair; pairs linked through a shared article share a fold."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for p in pairs:
        parent[root(p["id1"])] = root(p["id2"])
    return np.array([zlib.crc32(root(p["id1"]).encode()) % k for p in pairs])


def fit(emb: np.ndarray, lex: np.ndarray, cross: np.ndarray, gold: np.ndarray, folds: np.ndarray,
        knee: float = 0.83) -> tuple[np.ndarray, np.ndarray]:
    """Least-squares weights on all pairs, and out-of-fold predictions."""
    feats = [emb, np.maximum(emb - knee, 0.0), lex]
    x = np.column_stack([np.where(cross, 0.0, f) for f in feats] + [np.where(cross, f, 0.0) for f in feats]
                        + [cross.astype(float), np.ones(len(gold))])
    out = np.zeros(len(gold))
    for f in sorted(set(folds)):
        train = folds != f
        out[~train] = x[~train] @ np.linalg.lstsq(x[train], gold[train], rcond=None)[0]
    return np.linalg.lstsq(x, gold, rcond=None)[0], out


def related_floor(sims: np.ndarray, gold: np.ndarray, folds: np.ndarray, threshold: float) -> None:
    """The floor of ``related`` (StorySettings.related_floor): "on the subject" = Overall <= 2.5; the
    F1-best floor is chosen on four folds and scored on the fifth (folds keep pairs sharing an
    article together), then chosen on all pairs; printed as a margin below the join threshold."""
    positive = -gold <= 2.5
    grid = np.quantile(sims, np.linspace(0.02, 0.98, 97))

    def prf(mask: np.ndarray, floor: float) -> tuple[float, float, float]:
        chosen, truth = sims[mask] >= floor, positive[mask]
        tp = float((chosen & truth).sum())
        p, r = tp / max(chosen.sum(), 1), tp / max(truth.sum(), 1)
        return p, r, 2 * p * r / max(p + r, 1e-9)

    held = []
    for f in sorted(set(folds)):
        best = max(grid, key=lambda t: prf(folds != f, t)[2])
        held.append((best, *prf(folds == f, best)))
    h = np.array(held)
    every = np.ones(len(sims), bool)
    best = max(grid, key=lambda t: prf(every, t)[2])
    print(f"related floor: held-out P {h[:, 1].mean():.3f} R {h[:, 2].mean():.3f} F1 {h[:, 3].mean():.3f} "
          f"(fold floors {', '.join(f'{x:.2f}' for x in h[:, 0])}); on all pairs {best:.2f} = join threshold "
          f"{threshold:.2f} - {threshold - best:.2f}; positives {positive.mean():.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=Path, default=DEFAULT)
    ap.add_argument("--embedder", default=StorySettings().embedder)
    ap.add_argument("--embed-chars", type=int, default=StorySettings().embed_chars)
    ap.add_argument("--fit", action="store_true", help="refit the weights and report 5-fold cross-validated r")
    ap.add_argument("--floor", action="store_true", help="choose the related floor, 5-fold cross-validated")
    ap.add_argument("--cache", type=Path, help="an .npz of embeddings by article id: read if present, else written")
    args = ap.parse_args()
    pairs = [json.loads(l) for l in args.pairs.open(encoding="utf-8")]
    titles = {}
    meta = args.pairs.with_name("articles.jsonl")
    if meta.exists():
        for line in meta.open(encoding="utf-8"):
            row = json.loads(line)
            titles[str(row["id"])] = row.get("title") or ""
    arts = articles(pairs, titles)
    settings = StorySettings(embedder=args.embedder, embed_chars=args.embed_chars)
    index = StoryIndex(SQLiteStoryStore.memory(), settings)
    index.warm(arts.values())
    started = time.perf_counter()
    embedder, index._embedder = index.embedder, False  # embed in batches below, not one by one
    profiles = {k: index.profile(a, a.id, features.extract(a), count=False) for k, a in arts.items()}
    if embedder is not None:
        keys = list(arts)
        if args.cache and args.cache.exists():
            cached = np.load(args.cache)
            matrix = cached["vectors"][[list(cached["ids"]).index(k) for k in keys]]
        else:
            texts = [embed.embed_text(arts[k].title, arts[k].text, settings.embed_chars) for k in keys]
            matrix = np.vstack([embedder(texts[i : i + 32]) for i in range(0, len(keys), 32)])
            if args.cache:
                np.savez(args.cache, ids=np.array(keys), vectors=matrix)
        for k, v in zip(keys, matrix):
            profiles[k].vector = v
    seconds = time.perf_counter() - started
    gold = -np.array([float(p["Overall"]) for p in pairs])
    lang = np.array([f"{p['lang1']}-{p['lang2']}" for p in pairs])
    sims = np.array([index.similarity(profiles[p["id1"]], profiles[p["id2"]]) for p in pairs])
    sig = [signals_pair(profiles[p["id1"]], profiles[p["id2"]]) for p in pairs]
    lex = np.array([s.lexical if s.lexical is not None else 0.0 for s in sig])
    names = np.array([s.names for s in sig])
    emb = np.array([s.embedding if s.embedding is not None else 0.0 for s in sig])
    print(f"pairs {len(pairs)}  articles {len(arts)}  embedder {args.embedder}  "
          f"profile+embed {1000 * seconds / len(arts):.1f} ms/article")
    groups = ["all", "de-de", "de-en"] + sorted(set(lang) - {"de-de", "de-en"})
    print(f"{'pairs':8} {'n':>5} {'ours':>6} {'lexical':>8} {'names':>6} {'embed':>6}")
    for g in groups:
        m = np.ones(len(pairs), bool) if g == "all" else lang == g
        print(f"{g:8} {int(m.sum()):5d} {pearson(sims[m], gold[m]):6.3f} {pearson(lex[m], gold[m]):8.3f} "
              f"{pearson(names[m], gold[m]):6.3f} {pearson(emb[m], gold[m]):6.3f}")
    if args.fit:
        cross = np.array([p["lang1"] != p["lang2"] for p in pairs])
        weights, oof = fit(emb, lex, cross, gold, _folds(pairs))
        names_ = ["emb", "knee", "lexical"]
        print("fitted  same-language " + "  ".join(f"{n} {w:.2f}" for n, w in zip(names_, weights[:3]))
              + "  | cross-language " + "  ".join(f"{n} {w:.2f}" for n, w in zip(names_, weights[3:6]))
              + f"  | cross offset {weights[6]:.2f}")
        print(f"5-fold cross-validated r {pearson(oof, gold):.3f} (de-de {pearson(oof[lang == 'de-de'], gold[lang == 'de-de']):.3f}, "
              f"de-en {pearson(oof[lang == 'de-en'], gold[lang == 'de-en']):.3f})")
    if args.floor:
        related_floor(sims, gold, _folds(pairs), settings.threshold)
    print(f"Pearson r {pearson(sims, gold):.3f} (de-de {pearson(sims[lang == 'de-de'], gold[lang == 'de-de']):.3f}, "
          f"de-en {pearson(sims[lang == 'de-en'], gold[lang == 'de-en']):.3f})")


if __name__ == "__main__":
    main()
