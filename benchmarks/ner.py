"""NER on every corpus in ../shared/benchmarks/ner: each one's held-out split, one table (``lagebild eval ner``).

    .venv/bin/python benchmarks/ner.py [--mode accurate|fast] [--corpora germeval,conll] [--loco ner_loco.json] \
        [--cache /tmp/lagebild_ner]

Rows: GermEval 2014 dev (its test split is training data), CoNLL-2003 English dev, and the test splits of
WikiANN de, Europarl de, SmartData and German LER, read and label-mapped by ``scripts/ner_corpora.py``. Each is
tagged by the installed recognizer from its tokens (e5 included), strict span P/R/F1 over PER/LOC/ORG. The
recognizer was trained on the other splits of these corpora; no row's split was trained on. Leave-one-corpus-
out rows need retraining: ``scripts/ner_loco.py`` writes them, ``--loco FILE`` prints them here.

``--cache DIR`` (accurate only) reads the e5 word vectors that ``scripts/ner_features.py`` cached for these
splits instead of running the encoder: the same head and decoding, minutes instead of an hour on a loaded
machine; the words/s column is then the head's alone.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from lagebild.enrich.ner import get_recognizer  # noqa: E402
from lagebild.enrich.ner.scoring import score  # noqa: E402
from ner_corpora import DATA, ROLES, SETS, language_of  # noqa: E402

TYPES = ("PER", "LOC", "ORG", "overall")


def row(label: str, scores: dict, extra: str = "") -> str:
    cells = [f"{scores[t]['p']:.3f}/{scores[t]['r']:.3f}/{scores[t]['f1']:.3f}" for t in TYPES]
    return f"| {label} | " + " | ".join(cells) + f" | {extra} |"


def as_dict(prf) -> dict:
    return {k: {"p": v.precision, "r": v.recall, "f1": v.f1} for k, v in prf.items()}


def cached_tagger(cache: Path):
    """Set name → predicted tags of the installed accurate head over the set's cached e5 word vectors."""
    from lagebild.enrich.ner.accurate import load_checkpoint, load_heads
    from lagebild.models import WEIGHTS
    from ner_batches import load
    from ner_ensemble import decode, emissions

    path = WEIGHTS / "ner_accurate.pt"
    default, by_language = load_heads(load_checkpoint(path), path)  # once, not per set

    def tag(name: str) -> list[list[str]]:
        heads, data = by_language.get(language_of(name), default), load(cache, name)
        return decode(heads, [emissions(h, data) for h in heads], data)

    return tag


def live_tagger(mode: str):
    """``(sentences, language) → tags`` of the installed recognizer, the language given as the runtime gives
    an article's (it picks the head where the checkpoint has one of that language)."""
    recognizer = get_recognizer(mode)

    def tag(sentences: list[list[str]], language: str) -> list[list[str]]:
        if getattr(recognizer, "by_language", False):
            return recognizer.tag(sentences, languages=[language] * len(sentences))
        return recognizer.tag(sentences)

    return tag


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", default="accurate")
    ap.add_argument("--corpora", default=",".join(c for c, r in ROLES.items() if r[2]))
    ap.add_argument("--loco", default=None, help="JSON lines written by scripts/ner_loco.py")
    ap.add_argument("--cache", default=None, help="accurate: score from the e5 vectors cached here (ner_features.py)")
    args = ap.parse_args(argv)
    if args.cache and args.mode != "accurate":
        print("--cache: only the accurate recognizer reads cached e5 vectors", file=sys.stderr)
        return 2
    if not DATA.is_dir():
        print(f"{DATA}: the NER benchmark data is absent", file=sys.stderr)
        return 1
    tag = cached_tagger(Path(args.cache)) if args.cache else live_tagger(args.mode)
    print(f"| set ({args.mode}{', cached e5' if args.cache else ''}) | PER P/R/F1 | LOC P/R/F1 | ORG P/R/F1 | overall P/R/F1 | sentences, words/s |")
    print("|---|---|---|---|---|---|")
    for corpus in args.corpora.split(","):
        name = ROLES[corpus][2]
        sents = SETS[name]()
        t0 = time.perf_counter()
        pred = tag(name) if args.cache else tag([w for w, _ in sents], language_of(name))
        rate = sum(len(w) for w, _ in sents) / (time.perf_counter() - t0)
        print(row(name, as_dict(score([t for _, t in sents], pred)), f"{len(sents)}, {rate:,.0f}"), flush=True)
    if args.loco:
        print("\nLeave one corpus out (scripts/ner_loco.py: trained without the corpus, scored on its held-out split):\n")
        print("| left out → set | PER P/R/F1 | LOC P/R/F1 | ORG P/R/F1 | overall P/R/F1 | recipe |")
        print("|---|---|---|---|---|---|")
        for line in Path(args.loco).read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            print(row(f"{r['without']} → {r['set']}", r["scores"], r["recipe"]))
    else:
        print("\nLeave-one-corpus-out rows: run scripts/ner_loco.py, then pass its results with --loco.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
