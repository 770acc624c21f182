"""``lagebild eval entities``: are the entity ids lagebild gives to mentions real-world identities?

The gold file (``benchmarks/entities/gold.jsonl``; its README defines every field) lists mentions
in pages of the shared benchmark data by file and character offsets: one JSON object a line,
``{"file", "start", "end", "text", "type", "id", "lang"}``. ``file`` is relative to the data root
(``../shared``); the offsets index the file's UTF-8 text as decoded, untouched (Python ``str``
offsets, no newline translation); ``text`` must equal that slice, so a changed file is detected.
``id`` is a Wikidata QID, a ``cluster:`` label, or ``none`` for a span that names no entity.

How lagebild is run as the system (:func:`lagebild.api.archive_system`, one floor up): each referenced file's whole text becomes one
:class:`Article` (``text`` = the file, language detected as extraction would), is enriched with the
given settings and stored in a fresh in-memory archive; the mentions are read back from the
archive after all files are stored, so identities are scored as an analyst sees them — including
any resolution the archive does across articles. A gold mention takes the ``entity_id`` of the
system mention that overlaps it most (ties: the shorter, then the earlier); none overlapping means
unrecognised. The scores are in :mod:`lagebild.enrich._entity_scores`.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..model import Mention
from ._entity_scores import NONE, IdentityReport, Scored, report

TYPES = ("PER", "ORG", "LOC", "O")
# A system: every referenced file's text in, that file's mentions (with entity ids) out.
System = Callable[[dict[str, str]], dict[str, list[Mention]]]


@dataclass(frozen=True, slots=True)
class GoldMention:
    file: str
    start: int
    end: int
    text: str
    type: str
    id: str
    lang: str

    @property
    def where(self) -> str:
        return f"{self.file}:{self.start}"


def load_gold(path: Path) -> tuple[list[GoldMention], list[str]]:
    """The gold mentions of a JSONL file, and one reason per line that could not be used."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the gold file ({exc.__class__.__name__}: {exc})") from None
    gold, bad = [], []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            g = GoldMention(str(row["file"]), int(row["start"]), int(row["end"]), str(row["text"]),
                            str(row["type"]), str(row["id"]), str(row.get("lang") or ""))
        except (ValueError, KeyError, TypeError) as exc:
            bad.append(f"{path}:{n}: not a gold mention ({exc.__class__.__name__}: {exc})")
            continue
        if g.type not in TYPES or not 0 <= g.start < g.end or not g.id:
            bad.append(f"{path}:{n}: not a gold mention (type {g.type!r}, span {g.start}-{g.end}, id {g.id!r})")
            continue
        if (g.id == NONE) != (g.type == "O"):
            bad.append(f"{path}:{n}: identity 'none' goes with type 'O' and only with it")
            continue
        gold.append(g)
    return gold, bad


def read_texts(gold: list[GoldMention], root: Path) -> tuple[dict[str, str], list[GoldMention], list[str]]:
    """The texts of the referenced files, the gold mentions whose slice matches, and the reasons
    for the others (missing file, undecodable, changed text)."""
    texts: dict[str, str] = {}
    failed: dict[str, str] = {}
    for f in sorted({g.file for g in gold}):
        path = Path(root) / f
        try:
            texts[f] = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            failed[f] = f"{path}: cannot read ({exc.__class__.__name__})"
    usable, skipped = [], []
    for g in gold:
        if g.file in failed:
            skipped.append(f"{g.where}: {failed[g.file]}")
        elif texts[g.file][g.start:g.end] != g.text:
            found = texts[g.file][g.start:g.end]
            skipped.append(f"{g.where}: the file says {found!r}, the gold {g.text!r} (file changed?)")
        else:
            usable.append(g)
    return texts, usable, skipped


def system_id(g: GoldMention, mentions: list[Mention]) -> str | None:
    """The entity id of the system mention overlapping ``g`` most (shorter, then earlier, on ties)."""
    best, key = None, None
    for m in mentions:
        overlap = min(g.end, m.end) - max(g.start, m.start)
        if overlap <= 0 or not m.entity_id:
            continue
        k = (-overlap, m.end - m.start, m.start)
        if key is None or k < key:
            best, key = m, k
    return best.entity_id if best is not None else None


_SCRIPTS = {"CJK": "Han", "HIRAGANA": "Kana", "KATAKANA": "Kana", "HANGUL": "Hangul"}


def script_of(text: str) -> str:
    """The writing system most letters of ``text`` belong to ("Latin", "Cyrillic", "Han", …)."""
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            first = unicodedata.name(ch, "UNKNOWN").split()[0]
            name = _SCRIPTS.get(first, first.capitalize())
            counts[name] = counts.get(name, 0) + 1
    return max(sorted(counts), key=counts.__getitem__) if counts else "None"


def evaluate(gold_path: Path, root: Path, system: System) -> IdentityReport:
    """Score ``system`` on a gold file (``lagebild.api.archive_system`` runs lagebild itself)."""
    gold, skipped = load_gold(gold_path)
    texts, usable, unusable = read_texts(gold, root)
    skipped += unusable
    if not usable:
        first = f" (first: {skipped[0]})" if skipped else ""
        raise InputError(f"{gold_path}: no usable gold mention under {root}{first}")
    found = system({f: texts[f] for f in sorted({g.file for g in usable})})
    items = [Scored(g.id, system_id(g, found.get(g.file, [])), g.lang, script_of(g.text), g.text, g.where)
             for g in usable]
    return report(items, skipped)


def format_report(r: IdentityReport, worst: int = 10) -> list[str]:
    """The report as text lines; the last one is ``identity F1 <value>``."""
    d = r.to_dict()
    out = [f"{d['mentions']} gold mentions of {d['identities']} real entities"
           f" (+{d['non_entities']} non-entity spans); {len(r.skipped)} gold lines skipped",
           f"mention coverage {d['coverage']:.3f} ({d['recognised']} of {d['mentions']} recognised at all;"
           " an unrecognised mention shares no id, so it costs recall only)",
           f"identity precision {d['identity_precision']:.4f} ({d['true_pairs']} of {d['system_pairs']}"
           " same-id pairs are one entity)",
           f"identity recall {d['identity_recall']:.4f} ({d['true_pairs']} of {d['gold_pairs']}"
           " same-entity pairs share an id)",
           f"B-cubed precision {d['bcubed_precision']:.4f} recall {d['bcubed_recall']:.4f} (mention-weighted)",
           f"cross-language pairs: precision {d['cross_language']['precision']:.4f}"
           f" recall {d['cross_language']['recall']:.4f} ({d['cross_language']['true_pairs']} of"
           f" {d['cross_language']['gold_pairs']})",
           f"wrong merges: {d['wrong_merges']} system ids hold {d['merged_entities']} distinct real entities;"
           f" {d['non_entities_merged']} of {d['non_entities']} non-entity spans share an id with other mentions",
           "", f"{'rows: pairs touching':<22} {'mentions':>8} {'coverage':>8} {'P':>7} {'R':>7} {'F1':>7}"]
    for title, rows in (("language", d["by_language"]), ("script", d["by_script"])):
        for row in rows:
            out.append(f"{title + ' ' + row['name']:<22} {row['mentions']:>8} {row['coverage']:>8.3f}"
                       f" {row['precision']:>7.3f} {row['recall']:>7.3f} {row['f1']:>7.3f}")
    out += ["", f"worst merges (system id: gold identities with mentions and forms), of {len(r.merges)}:"]
    for m in r.merges[:worst]:
        parts = "; ".join(f"{g} {n}× {' / '.join(f)}" for g, n, f in m.identities)
        out.append(f"  {m.system} [{m.false_pairs} false pairs]: {parts}")
    out += ["", f"worst splits (gold identity: system ids with mentions and forms), of {len(r.splits)}:"]
    for s in r.splits[:worst]:
        parts = "; ".join(f"{k} {n}× {' / '.join(f)}" for k, n, f in s.parts)
        out.append(f"  {s.gold} ({s.mentions} mentions) [{s.missed_pairs} pairs lost]: {parts}")
    for reason in r.skipped[:5]:
        out.append(f"skipped: {reason}")
    out += ["", f"identity F1 {d['identity_f1']:.4f}"]
    return out


__all__ = ["GoldMention", "System", "evaluate", "format_report", "load_gold",
           "read_texts", "script_of", "system_id"]
