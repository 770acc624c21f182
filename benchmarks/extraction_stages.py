#!/usr/bin/env python3
"""Where an HTML page's extraction time goes, stage by stage, against trafilatura in the same process.

    .venv/bin/python benchmarks/extraction_stages.py DATASET_DIR [DATASET_DIR ...] [--every N]

For every N-th page of each set (default 12) this times, one after the other on the same page: trafilatura's
own extraction (the benchmark's peer), the default path's stages (parse, metadata, the rules' body) and the
stages the learned bodies (``"body_pick"``, ``"body_mix"``, ``"body"``) add on top (a fresh parse, trafilatura's
recall pass, segmentation, the e5 word vectors of the blocks, the other block features, the two tree stages,
the chooser). It prints each stage's median milliseconds per page and that median over trafilatura's: the
budget the issue-15 target (median time per page ≤ trafilatura's) leaves. The e5 vectors are timed on their
own, before the block features, with the word cache as a benchmark run has it (each page seen once); the block
features then look the same words up again, from the warm cache (a few ms of their time). Times are
comparable only within one run (the load average is printed); no learned part is trained, so no fold is needed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from extraction import samples  # noqa: E402

STAGES = ("trafilatura", "parse", "metadata", "rules body", "parse again", "recall pass", "segment", "e5 vectors",
          "block features", "trees", "chooser")


def time_page(data: bytes, url: str | None) -> dict[str, float]:
    """Seconds per stage for one page (see the module docstring)."""
    import trafilatura

    from lagebild.extract.cues import WORD, word_vectors
    from lagebild.extract.html import parse
    from lagebild.extract.html._blocks import drop_link_cards, drop_tag_links
    from lagebild.extract.html._body import trafilatura_paragraphs
    from lagebild.extract.html._choose import page_row
    from lagebild.extract.html._extract import rules_body
    from lagebild.extract.html._features import PageEvidence, block_features
    from lagebild.extract.html._model import load
    from lagebild.extract.html._segment import segment
    from lagebild.extract.metadata import read_metadata
    from lagebild.model import Page
    from lagebild.settings import ExtractSettings

    settings, page, took = ExtractSettings(), Page(content=data, kind="html", url=url), {}

    def timed(stage, work, *args):
        start = time.perf_counter()
        out = work(*args)
        took[stage] = time.perf_counter() - start
        return out

    timed("trafilatura", lambda: trafilatura.bare_extraction(data, url=url, with_metadata=True))
    tree = timed("parse", parse, page, settings)
    md = timed("metadata", read_metadata, tree, url, None, set(settings.learned))
    rules = timed("rules body", rules_body, tree, url, md)
    fresh = timed("parse again", parse, page, settings)
    drop_link_cards(fresh), drop_tag_links(fresh)
    main = timed("recall pass", trafilatura_paragraphs, fresh, url)
    blocks = timed("segment", segment, fresh)
    timed("e5 vectors", word_vectors, [WORD.findall(b.text)[:48] for b in blocks])
    evidence = PageEvidence(md.rules_title, md.description, md.article_body, tuple(main), tuple(main))
    features, groups = timed("block features", block_features, blocks, evidence)
    model = load()
    probs = timed("trees", model.predict, features, groups)
    if model.chooser is not None:
        timed("chooser", lambda: model.chooser.predict(page_row(rules, [b.text for b in blocks], features, probs)[None, :]))
    return took


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("datasets", nargs="+", type=Path, help="dataset folders (html/ and the ground truth)")
    parser.add_argument("--every", type=int, default=12, help="time every N-th page of each set")
    args = parser.parse_args(argv)
    times: dict[str, list[float]] = {stage: [] for stage in STAGES}
    load_start = os.getloadavg()
    for root in args.datasets:
        for item in samples(root)[:: args.every]:
            try:
                took = time_page(item.html.read_bytes(), item.url)
            except Exception as exc:  # noqa: BLE001 - a page that fails a stage is reported and left out
                print(f"{root.name}/{item.name}: left out ({type(exc).__name__}: {exc})", file=sys.stderr)
                continue
            for stage, seconds in took.items():
                times[stage].append(seconds)
    peer = statistics.median(times["trafilatura"]) if times["trafilatura"] else 0.0
    print(f"{len(times['trafilatura'])} pages; load average (1, 5, 15 min) at the start "
          f"{' '.join(f'{x:.1f}' for x in load_start)}, at the end {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"{'stage':<16} {'median ms':>10} {'x trafilatura':>14}")
    for stage, values in times.items():
        if values:
            median = statistics.median(values)
            print(f"{stage:<16} {1000 * median:>10.1f} {median / peer if peer else 0.0:>14.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
