"""Scoring quotation attribution against the German news quotation dataset
(Petersen-Frey & Biemann 2024; one JSON file per document with ``originalText`` and
``annotations``; see benchmarks/README.md).

Metrics, separately for direct quotes (type ``Direct``) and indirect speech (types ``Indirect``,
``IndirectFreeIndirect``, ``FreeIndirect``; ``Reported`` speech is not scored):

* **token F1** (the headline figure): the word tokens inside gold quote spans against the word
  tokens inside predicted ones, micro-averaged over documents. Quotation marks are not tokens, so
  whether a span includes its marks does not matter.
* **exact F1**: a predicted span counts when it equals a gold span after both are trimmed of
  quotation marks, spaces and final punctuation.
* **speaker accuracy**: over gold quotes with a speaker that a prediction covers (at least half of
  the gold tokens), the share whose predicted speaker phrase overlaps the gold speaker span (or
  shares a capitalised word with it, when attribution went through a pronoun or an earlier quote).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import InputError
from .find import find_quotes
from .found import Found
from .lexicon import DETERMINERS, PRONOUNS

KINDS = {"Direct": "direct", "Indirect": "indirect", "IndirectFreeIndirect": "indirect", "FreeIndirect": "indirect"}
_TRIM = " \t\n„“”\"»«‚‘’'.,;:"
_WORD = re.compile(r"\w+")
_FUNCTION = DETERMINERS | PRONOUNS | {"dies", "diese", "dieser", "man", "laut", "nach"}


@dataclass(slots=True)
class Tally:
    tp: int = 0
    pred: int = 0
    gold: int = 0
    exact_tp: int = 0
    exact_pred: int = 0
    exact_gold: int = 0
    speaker_ok: int = 0
    speaker_n: int = 0

    def scores(self) -> dict[str, float | int]:
        def f1(tp, p, g):
            prec = tp / p if p else 0.0
            rec = tp / g if g else 0.0
            return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)

        p, r, f = f1(self.tp, self.pred, self.gold)
        ep, er, ef = f1(self.exact_tp, self.exact_pred, self.exact_gold)
        return {
            "token_precision": round(p, 4), "token_recall": round(r, 4), "token_f1": round(f, 4),
            "exact_precision": round(ep, 4), "exact_recall": round(er, 4), "exact_f1": round(ef, 4),
            "speaker_accuracy": round(self.speaker_ok / self.speaker_n, 4) if self.speaker_n else 0.0,
            "speaker_n": self.speaker_n, "gold_quotes": self.exact_gold,
        }


@dataclass(slots=True)
class Report:
    documents: int = 0
    tallies: dict[str, Tally] = field(default_factory=lambda: {"direct": Tally(), "indirect": Tally()})

    def to_dict(self) -> dict:
        return {"documents": self.documents, **{k: t.scores() for k, t in self.tallies.items()}}


def documents(path: Path, split: str | None = "dev") -> list[Path]:
    """The JSON documents under ``path`` (its ``data/<split>`` folder when there is one)."""
    path = Path(path)
    for cand in (path / "data" / split, path / split) if split else ():
        if cand.is_dir():
            path = cand
            break
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    if not files or not files[0].is_file():
        raise InputError(f"{path}: no quotation documents (*.json) here")
    return files


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in _TRIM:
        s += 1
    while e > s and text[e - 1] in _TRIM:
        e -= 1
    return s, e


def token_positions(text: str, spans) -> set[int]:
    """Start offsets of the word tokens inside ``spans`` (quotation marks and spaces are no tokens)."""
    out: set[int] = set()
    for s, e in spans:
        out.update(m.start() + s for m in _WORD.finditer(text[s:e]))
    return out


def rules_only(text: str) -> list[Found]:
    """The hand-written finder, whatever speaker ranker ``$LAGEBILD_QUOTE_RANKER`` names: the ranker's
    weights were trained on this corpus, so scoring them here would be in-sample (the learned figures
    come from ``benchmarks/quotes_cv.py --learned``, one ranker per fold)."""
    return find_quotes(text, ranker=None)


def score_document(doc: dict, report: Report, predict=rules_only) -> None:
    text = doc["originalText"]
    found: list[Found] = predict(text)
    report.documents += 1
    for kind, tally in report.tallies.items():
        gold = []
        for a in doc["annotations"]:
            if KINDS.get(a["type"]) != kind or not a.get("quote"):
                continue
            spans = [(sp["charBegin"], sp["charEnd"]) for sp in a["quote"]["spans"]]
            speaker = [(sp["charBegin"], sp["charEnd"]) for sp in a["speaker"]["spans"]] if a.get("speaker") else []
            gold.append((spans, speaker, a["speaker"]["text"] if a.get("speaker") else ""))
        preds = [f for f in found if f.kind == kind]
        g_tok = token_positions(text, [s for spans, _, _ in gold for s in spans])
        p_tok = token_positions(text, [(f.start, f.end) for f in preds])
        tally.tp += len(g_tok & p_tok)
        tally.gold += len(g_tok)
        tally.pred += len(p_tok)
        g_exact = {_trim(text, spans[0][0], spans[-1][1]) for spans, _, _ in gold}
        p_exact = {_trim(text, f.start, f.end) for f in preds}
        tally.exact_tp += len(g_exact & p_exact)
        tally.exact_gold += len(g_exact)
        tally.exact_pred += len(p_exact)
        for spans, speaker, speaker_text in gold:
            if not speaker:
                continue
            toks = token_positions(text, spans)
            best = max(preds, key=lambda f: len(toks & token_positions(text, [(f.start, f.end)])), default=None)
            if best is None or 2 * len(toks & token_positions(text, [(best.start, best.end)])) < max(1, len(toks)):
                continue
            tally.speaker_n += 1
            tally.speaker_ok += speaker_matches(best, speaker, speaker_text)


def speaker_matches(f: Found, gold_spans, gold_text: str) -> bool:
    """The predicted speaker phrase overlaps the gold speaker span or shares a capitalised word with it."""
    if f.speaker_start is None:
        return False
    if any(f.speaker_start < e and f.speaker_end > s for s, e in gold_spans):
        return True
    def names(t: str) -> set[str]:
        return {w.casefold() for w in _WORD.findall(t) if w[:1].isupper() and w.casefold() not in _FUNCTION}

    return bool(names(gold_text) & names(f.speaker_text or ""))


def fold_documents(path: Path, folds: int = 5, splits=("train", "dev")) -> list[list[Path]]:
    """The documents of ``splits`` (never test) dealt into ``folds`` folds: sorted by file name,
    document i goes to fold i mod ``folds``, so the folds are fixed and every run sees the same."""
    files = sorted((f for s in splits for f in documents(path, s)), key=lambda f: f.name)
    return [files[k::folds] for k in range(folds)]


def cross_validate(path: Path, folds: int = 5, fit=None, splits=("train", "dev")) -> dict:
    """Score the finder fold by fold over train+dev: ``fit(train_files) -> predict`` is called with
    the other folds when the finder learns anything (a hand-written finder passes ``fit=None`` and
    is scored on each fold as it is). Returns each fold's report, their mean and the pooled report."""
    parts = fold_documents(path, folds, splits)
    pooled, reports = Report(), []
    for k, held in enumerate(parts):
        predict = fit([f for j, p in enumerate(parts) if j != k for f in p]) if fit else rules_only
        r = Report()
        for file in held:
            doc = _load(file)
            score_document(doc, r, predict)
            score_document(doc, pooled, predict)
        reports.append(r.to_dict())
    mean = {kind: {key: round(sum(r[kind][key] for r in reports) / len(reports), 4) for key in reports[0][kind]}
            for kind in ("direct", "indirect")}
    return {"folds": reports, "mean": mean, "pooled": pooled.to_dict()}


def _load(file: Path) -> dict:
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{file}: {exc}") from exc


def evaluate(path: Path, split: str | None = "dev", predict=rules_only) -> Report:
    """Score ``predict`` (text -> list of Found) on every document of ``path``/``split``."""
    report = Report()
    for file in documents(path, split):
        score_document(_load(file), report, predict)
    return report
