"""``lagebild eval ner``: strict span scores of the NER recognizer on a CoNLL file, or on every corpus."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Optional

import typer

from .app import console, eval_app, guard
from .bench import _runner

MODE_OPTION = typer.Option("accurate", "--mode", help="Recognizer: accurate (e5 + BiLSTM-CRF) or fast (CNN).")


@eval_app.command("ner")
@guard
def eval_ner(
    file: Optional[Path] = typer.Argument(
        None, help="CoNLL file: token<TAB>BIO tag, blank line between sentences (none: every corpus)."
    ),
    mode: str = MODE_OPTION,
    loco: Optional[Path] = typer.Option(
        None, "--loco", help="With no FILE: also print these leave-one-corpus-out rows (scripts/ner_loco.py)."
    ),
    cache: Optional[Path] = typer.Option(
        None, "--cache", help="With no FILE: read e5 vectors cached by scripts/ner_features.py (accurate only)."
    ),
    language: Optional[str] = typer.Option(
        None, "--language", help="FILE's language (picks the head, as an article's does); "
        "default: detected from its text as extract detects an article's."
    ),
) -> None:
    """Score NER on FILE: strict span precision/recall/F1 for PER, LOC, ORG and overall.

    IOB1 and IOB2 tags are accepted; GermEval's OTH counts as MISC (not scored) and its
    deriv/part tags as O. Without FILE, one table: the held-out split of every corpus in
    ../shared/benchmarks/ner (benchmarks/ner.py; needs a source checkout).

    Example: lagebild eval ner ../shared/benchmarks/ner/germeval2014/conll_4class/dev.txt --mode fast
    """
    if mode not in ("accurate", "fast"):
        raise typer.BadParameter("expected accurate or fast", param_hint="--mode")
    if file is None:
        argv = ["--mode", mode] + (["--loco", str(loco)] if loco else []) + (["--cache", str(cache)] if cache else [])
        raise typer.Exit(_runner("ner").main(argv))
    from ..enrich.ner.scoring import evaluate_file, file_language

    t0 = time.perf_counter()
    language = language or file_language(file)
    scores = evaluate_file(file, mode, language)
    seconds = time.perf_counter() - t0
    console.print(f"{'type':<8} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6}", highlight=False)
    for kind, s in scores.items():
        console.print(
            f"{kind:<8} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.gold:6d} {s.predicted:6d}", highlight=False
        )
    console.print(f"({mode}, language {language or 'unknown'}, {seconds:.1f}s including model loading)", highlight=False)
    console.print(f"overall F1 {scores['overall'].f1:.4f}", highlight=False)
