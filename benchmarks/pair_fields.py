"""What the tantivy pair fields (archive/fulltext/bigrams.py) cost to index, with and without positions.

    PYTHONPATH=src .venv/bin/python benchmarks/pair_fields.py [--docs 20000] [--rounds 3]

Indexes the text field of ``tests/archive/archive_gen.make_articles`` documents (~400 words, lagebild's
index terms) into a fresh tantivy index per variant, committing every 2,000 documents as a bulk ingest
does, and prints CPU-seconds per document (every thread of the process: tantivy indexes and merges on its
own) and bytes per document, the variants alternating ``--rounds`` times in one process:

- ``none``: the text field alone;
- ``positions``: plus its pair field as schema 3 had it — positions kept, a gap token (dropped by the
  field's analyzer) wherever a pair holds no common token, so positions stay those of the words;
- ``freq``: plus its pair field as schema 4 has it — term frequencies only, no gap tokens.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "archive"))

from archive_gen import make_articles  # noqa: E402

import tantivy  # noqa: E402

from lagebild.archive.fulltext.bigrams import JOIN, common_tokens, pair_text  # noqa: E402
from lagebild.archive.fulltext.terms import token_text  # noqa: E402

GAP, GAPPED = ".", "gapped_pairs"


def gapped(tokens: str, common: frozenset[str]) -> str:
    """Schema 3's pair text: a gap token where the pair holds no common token."""
    toks = tokens.split()
    return " ".join([f"{a}{JOIN}{b}" if a in common or b in common else GAP for a, b in zip(toks, toks[1:])])


def index_once(variant: str, texts: list[str], pairs: dict[str, list[str]], folder: Path) -> tuple[float, float]:
    b = tantivy.SchemaBuilder()
    b.add_integer_field("id", indexed=True, fast=True)
    b.add_text_field("text", tokenizer_name="whitespace", index_option="position")
    if variant == "positions":
        b.add_text_field("text_pairs", tokenizer_name=GAPPED, index_option="position")
    elif variant == "freq":
        b.add_text_field("text_pairs", tokenizer_name="whitespace", index_option="freq")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    index = tantivy.Index(b.build(), path=str(folder))
    index.register_tokenizer(GAPPED, tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).filter(
        tantivy.Filter.custom_stopword([GAP])).build())
    writer = index.writer(heap_size=64_000_000)
    before = resource.getrusage(resource.RUSAGE_SELF)
    for i, text in enumerate(texts):
        doc = tantivy.Document()
        doc.add_integer("id", i)
        doc.add_text("text", text)
        if variant in pairs:
            doc.add_text("text_pairs", pairs[variant][i])
        writer.add_document(doc)
        if i % 2000 == 1999:
            writer.commit()
    writer.commit()
    writer.wait_merging_threads()
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    size = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
    return cpu / len(texts), size / len(texts)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    common = common_tokens()
    texts = [token_text(a.text, a.language) for a in make_articles(args.docs)]
    pairs = {"positions": [gapped(t, common) for t in texts], "freq": [pair_text(t, common) for t in texts]}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            for variant in ("none", "positions", "freq"):
                t0 = time.perf_counter()
                cpu, size = index_once(variant, texts, pairs, Path(tmp) / variant)
                print(f"round {r + 1} {variant:9} {cpu * 1e6:6.0f} µs CPU/doc  {size:6.0f} bytes/doc"
                      f"  ({time.perf_counter() - t0:.1f} s wall)", flush=True)


if __name__ == "__main__":
    main()
