"""Strict span precision / recall / F1 (an entity counts only with exact bounds and type)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .conll import spans

EVAL_TYPES = ("PER", "LOC", "ORG")


@dataclass(slots=True)
class PRF:
    tp: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(gold: list[list[str]], predicted: list[list[str]], types=EVAL_TYPES) -> dict[str, PRF]:
    """Per-type and ``"overall"`` scores of predicted against gold tag sequences.

    A gold tag ``X`` marks a word whose label is unknown (a corpus that leaves some spans undecided):
    a predicted entity touching such a word is neither right nor wrong.
    """
    tp, npred, ngold = Counter(), Counter(), Counter()
    for g, p in zip(gold, predicted, strict=True):
        unknown = [i for i, t in enumerate(g) if t == "X"]
        gs = {s for s in spans(g) if s[2] in types}
        ps = {s for s in spans(p) if s[2] in types and not any(s[0] <= i < s[1] for i in unknown)}
        for s in gs:
            ngold[s[2]] += 1
        for s in ps:
            npred[s[2]] += 1
        for s in gs & ps:
            tp[s[2]] += 1
    out = {t: PRF(tp[t], npred[t], ngold[t]) for t in types}
    out["overall"] = PRF(sum(tp.values()), sum(npred.values()), sum(ngold.values()))
    return out


def evaluate_file(path, mode: str = "accurate", language: str | None = None) -> dict[str, PRF]:
    """Tag the tokens of a CoNLL file (text in ``language``, None: unknown) with the ``mode`` recognizer
    and score it against its tags."""
    from . import get_recognizer
    from .conll import read_conll

    sentences = read_conll(path)
    words = [words for words, _ in sentences]
    recognizer = get_recognizer(mode)
    by_language = getattr(recognizer, "by_language", False)
    predicted = recognizer.tag(words, languages=[language] * len(words)) if by_language else recognizer.tag(words)
    return score([tags for _, tags in sentences], predicted)


def file_language(path) -> str | None:
    """The language of a CoNLL file's text as extract detects an article's (its first 5,000 characters)."""
    from ...extract.finish import detect_language
    from .conll import read_conll

    return detect_language(" ".join(w for words, _ in read_conll(path)[:200] for w in words)[:5000])
