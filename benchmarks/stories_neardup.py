"""Near-duplicate detection on generated syndicated copies of real news texts.

Originals: the full ground-truth bodies of the Zyte (scrapinghub) benchmark, and the paragraph lines
(80+ characters) of the trafilatura-eval text dumps (mostly German). Each page in the "copied" half
gets 1-3 syndicated variants, each made by a seeded generator:

* another headline (words of another page's text);
* another site's boilerplate: navigation / footer lines drawn from the text dumps, above and below —
  the same "site template" is also put on unrelated pages, so boilerplate alone must not link;
* ~10% of the sentences edited (a word replaced, inserted or removed, a number changed) or dropped;
* one in five variants is an exact copy instead (exact-hash path).

The other half are unrelated pages. Everything is shuffled and streamed through the story index
(dedup runs first); precision and recall are counted over near-duplicate pairs (two articles in the
same predicted duplicate group vs. copies of the same original).

    .venv/bin/python benchmarks/stories_neardup.py [--extraction ../shared/benchmarks/extraction] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from lagebild.archive.stories import SQLiteStoryStore  # noqa: E402
from lagebild.model import Article  # noqa: E402
from lagebild.settings import StorySettings  # noqa: E402
from lagebild.stories.index import StoryIndex  # noqa: E402

_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ0-9\"„])")


def load_texts(root: Path) -> tuple[list[str], list[str]]:
    """(article bodies, boilerplate lines) from the extraction benchmark."""
    texts: list[str] = []
    truth = json.loads((root / "scrapinghub" / "ground-truth.json").read_text(encoding="utf-8"))
    for item in truth.values():
        body = item.get("articleBody") or ""
        if len(body) > 600:
            texts.append(body)
    boiler: list[str] = []
    for dump in sorted((root / "trafilatura-eval" / "text").glob("*.txt")):
        lines = [l.strip() for l in dump.read_text(encoding="utf-8", errors="replace").splitlines() if l.strip()]
        paras = [l for l in lines if len(l) >= 80]
        if sum(map(len, paras)) > 600:
            texts.append("\n\n".join(paras))
        boiler += [l for l in lines if 3 <= len(l) < 50]
    return texts, boiler


def edit(text: str, rnd: random.Random, share: float = 0.10) -> str:
    paras = []
    for para in text.split("\n\n"):
        sents = _SENT.split(para)
        out = []
        for s in sents:
            if rnd.random() < share:
                action = rnd.choice(["drop", "replace", "insert", "delete", "number"])
                words = s.split()
                if action == "drop" or len(words) < 4:
                    continue
                i = rnd.randrange(len(words))
                if action == "replace":
                    words[i] = rnd.choice(["jedoch", "also", "reportedly", "nun", "indeed", "zudem", "however"])
                elif action == "insert":
                    words.insert(i, rnd.choice(["now", "bereits", "still", "laut Agentur", "according to sources"]))
                elif action == "delete":
                    del words[i]
                else:
                    s2 = re.sub(r"\d+", lambda m: str(int(m.group()) + rnd.randint(1, 9)), s, count=1)
                    words = s2.split() if s2 != s else words[:i] + words[i + 1 :]
                s = " ".join(words)
            out.append(s)
        if out:
            paras.append(" ".join(out))
    return "\n\n".join(paras)


def generate(texts: list[str], boiler: list[str], seed: int) -> list[tuple[Article, int]]:
    rnd = random.Random(seed)
    templates = [[rnd.choice(boiler) for _ in range(rnd.randint(5, 15))] for _ in range(12)]

    def dress(body: str) -> str:
        t = rnd.choice(templates)
        cut = rnd.randint(0, len(t))
        return "\n".join(t[:cut]) + "\n\n" + body + "\n\n" + "\n".join(t[cut:])

    def headline() -> str:
        words = rnd.choice(texts).split()
        start = rnd.randrange(max(1, len(words) - 10))
        return " ".join(words[start : start + rnd.randint(5, 10)])

    items: list[tuple[Article, int]] = []
    order = list(range(len(texts)))
    rnd.shuffle(order)
    copied = set(order[: len(order) // 2])
    for group, i in enumerate(order):
        items.append((Article(title=headline(), text=dress(texts[i])), group))
        if i in copied:
            for _ in range(rnd.randint(1, 3)):
                if rnd.random() < 0.2:
                    items.append((Article(title=headline(), text=texts[i]), group))
                else:
                    items.append((Article(title=headline(), text=dress(edit(texts[i], rnd))), group))
    rnd.shuffle(items)
    return items


def pairs(groups: dict[int, list[int]]) -> set[tuple[int, int]]:
    return {(a, b) for members in groups.values() for a, b in combinations(sorted(members), 2)}


def minhash_speed(texts: list[str], settings) -> str:
    """Signature time per text with rensa and with datasketch (same shingles, same permutations)."""
    from lagebild.stories.dedup import folded_words, shingles

    sets = [shingles(folded_words(t), settings.shingle) for t in texts]
    out = []
    try:
        import rensa

        started = time.process_time()
        for s in sets:
            m = rensa.RMinHash(num_perm=settings.num_perm, seed=1)
            m.update(list(s))
            m.digest()
        out.append(f"rensa {1000 * (time.process_time() - started) / len(sets):.2f}")
    except ImportError:
        out.append("rensa missing")
    import datasketch

    started = time.process_time()
    for s in sets:
        m = datasketch.MinHash(num_perm=settings.num_perm, seed=1)
        m.update_batch([x.encode() for x in s])
        m.digest()
    out.append(f"datasketch {1000 * (time.process_time() - started) / len(sets):.2f}")
    return "MinHash signature CPU ms/text: " + ", ".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--extraction", type=Path, default=Path(__file__).resolve().parents[2] / "shared/benchmarks/extraction")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    texts, boiler = load_texts(args.extraction)
    items = generate(texts, boiler, args.seed)
    index = StoryIndex(SQLiteStoryStore.memory(), StorySettings(embedder="off"))
    gold: dict[int, list[int]] = defaultdict(list)
    pred: dict[int, list[int]] = defaultdict(list)
    started = time.perf_counter()
    for aid, (article, group) in enumerate(items, 1):
        duplicate_of, _ = index.link(article, aid)
        gold[group].append(aid)
        pred[duplicate_of or aid].append(aid)
    seconds = time.perf_counter() - started
    g, p = pairs(gold), pairs(pred)
    tp = len(g & p)
    precision = tp / len(p) if p else 1.0
    recall = tp / len(g) if g else 1.0
    copies = sum(len(v) - 1 for v in gold.values())
    print(f"originals {len(texts)}  articles {len(items)}  copies {copies}  seed {args.seed}")
    print(f"near-duplicate pairs: gold {len(g)}  predicted {len(p)}  correct {tp}")
    print(f"link time {1000 * seconds / len(items):.1f} ms/article (dedup + story clustering, no embeddings)")
    print(minhash_speed(texts, index.settings.dedup))
    print(f"precision {precision:.4f}  recall {recall:.4f}")


if __name__ == "__main__":
    main()
