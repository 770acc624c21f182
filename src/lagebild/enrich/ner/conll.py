"""Reading CoNLL-style NER files and turning BIO tags into spans.

A file holds ``token<TAB>tag`` lines (extra columns are ignored, the tag is the last one),
with a blank line between sentences. Tags may be IOB1 (``I-`` starts an entity unless it follows
the same type) or IOB2; GermEval's ``*deriv`` / ``*part`` tags are not entities and become ``O``;
GermEval's ``OTH`` is our ``MISC``.
"""

from __future__ import annotations

from pathlib import Path

from ...errors import InputError

TYPES = ("PER", "ORG", "LOC", "MISC")
_ALIASES = {"OTH": "MISC"}

Sentence = tuple[list[str], list[str]]


def normalize_tag(tag: str) -> str:
    """``B-LOC``/``I-LOC``/``O`` for any input tag; unknown and deriv/part types become ``O``."""
    if tag in ("O", "") or "-" not in tag:
        return "O"
    prefix, _, kind = tag.partition("-")
    kind = _ALIASES.get(kind, kind)
    if prefix not in ("B", "I", "E", "S") or kind not in TYPES:
        return "O"
    return ("B-" if prefix in ("B", "S") else "I-") + kind


def to_iob2(tags: list[str]) -> list[str]:
    """Repair a tag sequence so every entity starts with ``B-`` (IOB1 → IOB2)."""
    out, prev = [], "O"
    for tag in tags:
        if tag.startswith("I-") and prev[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        out.append(tag)
        prev = tag
    return out


def parse_conll(lines) -> list[Sentence]:
    """Sentences of ``(tokens, IOB2 tags)`` from CoNLL lines."""
    sentences: list[Sentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    for n, line in enumerate(lines, start=1):
        line = line.rstrip("\r\n")
        if not line.strip() or line.startswith("-DOCSTART-"):
            if tokens:
                sentences.append((tokens, to_iob2(tags)))
                tokens, tags = [], []
            continue
        cols = line.split("\t") if "\t" in line else line.split()
        cols = [c for c in cols if c != ""] if len(cols) > 2 else cols
        if len(cols) < 2:
            raise InputError(f"line {n}: expected token<TAB>tag, got {line[:60]!r}")
        tokens.append(cols[0])
        tags.append(normalize_tag(cols[-1]))
    if tokens:
        sentences.append((tokens, to_iob2(tags)))
    return sentences


def read_conll(path: str | Path) -> list[Sentence]:
    path = Path(path)
    try:
        with path.open(encoding="utf-8") as fh:
            return parse_conll(fh)
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text") from exc


def spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Entity spans ``(start, end_exclusive, type)`` of an IOB2 (or IOB1) tag sequence."""
    out = []
    start, kind = None, None
    for i, tag in enumerate([*tags, "O"]):
        if tag.startswith("I-") and kind == tag[2:]:
            continue
        if kind is not None:
            out.append((start, i, kind))
            start, kind = None, None
        if tag != "O":
            start, kind = i, tag[2:]
    return out
