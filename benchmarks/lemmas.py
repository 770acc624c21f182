"""lagebild.lemmas against simplemma: the same answer for every word, and what each costs.

    PYTHONPATH=src .venv/bin/python benchmarks/lemmas.py [--langs de,en,...] [--limit N]

The words are every token (``textnorm.words`` and the enrichers' ``tokens``) of the reference texts of
all shared extraction pages (``../shared/benchmarks/extraction/*/text``; ``--limit`` takes the first N
files), as written, lower-cased and capitalised. For each language, ``lemmas.lemmatize`` and
``lemmas.is_known`` are compared with ``simplemma.lemmatize`` / ``simplemma.is_known`` on every word
(a language's answers are whatever its dictionary and rules give, whatever language the page is in).
Printed per language: words compared, differences (with up to five examples; any is a failure, exit 1),
CPU seconds of simplemma's dictionary load and of the table's first open (a build when the cache is
cold), and microseconds per uncached lookup both ways.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT.parent / "shared/benchmarks/extraction"
LANGS = "de,en,es,fr,it,nl,pt,ru,pl,tr"


def vocabulary(limit: int = 0) -> list[str]:
    from lagebild.enrich.tokens import tokens
    from lagebild.textnorm import words

    files = sorted(TEXTS.glob("*/text/*.txt"))
    if limit:
        files = files[:limit]
    seen: set[str] = set()
    for f in files:
        text = f.read_text(encoding="utf-8", errors="replace")
        for w in [*words(text), *(t.text for t in tokens(text))]:
            seen.update((w, w.lower(), w.capitalize()))
    seen.discard("")
    return sorted(seen)


def compare(lang: str, vocab: list[str]) -> tuple[int, list[tuple[str, str, str]], dict[str, float]]:
    import simplemma
    from simplemma.strategies.dictionaries.dictionary_factory import DEFAULT_DICTIONARY_FACTORY

    from lagebild import lemmas

    cost = {}
    t = time.process_time()
    DEFAULT_DICTIONARY_FACTORY.get_dictionary(lang)
    cost["simplemma load s"] = time.process_time() - t
    t = time.process_time()
    lemmas.FACTORY.get_dictionary(lang)
    cost["table open s"] = time.process_time() - t
    diffs = []
    t = time.process_time()
    ours = [(lemmas.lemmatize(w, lang), lemmas.is_known(w, lang)) for w in vocab]
    cost["table µs/word"] = (time.process_time() - t) / len(vocab) * 1e6
    t = time.process_time()
    theirs = [(simplemma.lemmatize(w, lang=lang), simplemma.is_known(w, lang)) for w in vocab]
    cost["simplemma µs/word"] = (time.process_time() - t) / len(vocab) * 1e6
    for w, a, b in zip(vocab, ours, theirs):
        if a != b:
            diffs.append((w, repr(a), repr(b)))
    DEFAULT_DICTIONARY_FACTORY._get_dictionary.cache_clear()  # one language's dictionary in memory at a time
    return len(vocab), diffs, cost


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--langs", default=LANGS)
    ap.add_argument("--limit", type=int, default=0, help="first N text files (0: all)")
    args = ap.parse_args()
    if not TEXTS.is_dir():
        print(f"no shared extraction texts at {TEXTS}", file=sys.stderr)
        return 2
    vocab = vocabulary(args.limit)
    print(f"{len(vocab):,} distinct words (as written, lower-cased, capitalised)")
    failed = 0
    for lang in args.langs.split(","):
        n, diffs, cost = compare(lang, vocab)
        failed += len(diffs)
        print(f"{lang}: {n:,} words, {len(diffs)} differ; " + ", ".join(f"{k} {v:.2f}" for k, v in cost.items()))
        for d in diffs[:5]:
            print("   ", *d)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
