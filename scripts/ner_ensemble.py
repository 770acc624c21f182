"""Score accurate NER checkpoints (alone and summed) on cached sets; optionally merge them.

    .venv/bin/python scripts/ner_ensemble.py A.pt B.pt ... [--sets germeval_dev,conll_dev] [--all-only]
        [--out src/lagebild/models/ner_accurate.pt] [--language en=E.pt]

Uses the e5 word vectors cached by scripts/ner_features.py, so no transformer runs here. Each head's
emission scores are computed once; every combination of heads is then decoded from their sums
(``--all-only``: only the sum of all of them, e.g. to score one checkpoint on test splits).
``--language en=E.pt``: E's heads tag the sets in that language (``ner_corpora.language_of``: CoNLL is
English) instead of the checkpoints'; with ``--out`` they are written as that language's heads, which the
runtime uses for text in that language (``enrich/ner/accurate.py``). A checkpoint that already has
language heads is scored the same way.
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path

import torch

from lagebild.enrich.ner.accurate import Head, load_checkpoint, load_heads
from lagebild.enrich.ner.crf import viterbi
from lagebild.enrich.ner.scoring import score
from lagebild.enrich.ner.tagger import TAGS
from ner_batches import load
from ner_corpora import language_of

BATCH = 128


def _batches(data, features: bool = True):
    for i in range(0, len(data), BATCH):
        items = data[i : i + BATCH]
        lengths = torch.tensor([len(x.words) for x in items])
        feats = None
        if features:
            feats = torch.zeros(len(items), int(lengths.max()), *items[0].feats.shape[1:])
            for r, x in enumerate(items):
                feats[r, : len(x.words)] = torch.from_numpy(x.feats.astype("float32"))
        yield items, feats, lengths


@torch.inference_mode()
def emissions(head: Head, data) -> list[torch.Tensor]:
    out = []
    for items, feats, lengths in _batches(data):
        out.append(head.model.emissions(feats, head.categories([x.words for x in items], feats.shape[1]), lengths))
    return out


def decode(heads, ems, data) -> list[list[str]]:
    trans, start = (sum(x) for x in zip(*(h.model.crf.scores() for h in heads)))
    pred = []
    for b, (_, _, lengths) in enumerate(_batches(data, features=False)):
        mask = torch.arange(int(lengths.max()))[None] < lengths[:, None]
        pred += [[TAGS[k] for k in p] for p in viterbi(sum(e[b] for e in ems), trans, start, mask)]
    return pred


def heads_for(path: Path, language: str) -> list[Head]:
    """The heads of a checkpoint that tag text in ``language`` (its own, else the default ones)."""
    default, by_language = load_heads(load_checkpoint(path), path)
    return by_language.get(language, default)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("checkpoints", nargs="+")
    ap.add_argument("--cache", default="/tmp/lagebild_ner")
    ap.add_argument("--sets", default="germeval_dev,conll_dev")
    ap.add_argument("--all-only", action="store_true", help="score only the sum of all heads")
    ap.add_argument("--out", help="merge these heads into one checkpoint")
    ap.add_argument("--language", action="append", default=[], help="LANG=E.pt: E's heads for text in LANG")
    args = ap.parse_args()
    torch.set_num_threads(1)
    parts, languages = [], {}
    for name in args.checkpoints:
        ckpt = load_checkpoint(Path(name))
        parts += ckpt.get("heads", [ckpt])
        languages.update(ckpt.get("languages") or {})
    for lang, name in (kv.split("=", 1) for kv in args.language):
        languages[lang] = load_checkpoint(Path(name))
    merged = {"heads": parts, **({"languages": languages} if languages else {})}
    default, by_language = load_heads(merged, Path(args.checkpoints[0]))
    for name in args.sets.split(","):
        heads = by_language.get(language_of(name), default)
        combos = [tuple(range(len(heads)))] if args.all_only else [
            c for k in range(1, len(heads) + 1) for c in itertools.combinations(range(len(heads)), k)
        ]
        data = load(Path(args.cache), name)
        gold = [x.tags for x in data]
        ems = [emissions(h, data) for h in heads]
        for combo in combos:
            s = score(gold, decode([heads[i] for i in combo], [ems[i] for i in combo], data))
            label = "+".join(map(str, combo))
            print(f"{name} heads {label}: " + "  ".join(
                f"{t} P {v.precision:.3f} R {v.recall:.3f} F1 {v.f1:.4f}" for t, v in s.items()), flush=True)
    if args.out:
        torch.save(merged, args.out)
        print(f"wrote {len(parts)} heads" + "".join(f" + {lang}" for lang in languages) + f" → {args.out}")


if __name__ == "__main__":
    main()
