"""Build gold.jsonl from the labelling specs (spec/*.spec) and the identity list (identities.tsv).

The specs are how the gold was made and are kept so that it can be reviewed and extended: each
names a page of the shared data and, per chosen entity, the surface forms (regular expressions) of
its mentions in that page; every match becomes a gold mention unless the spec drops it by offset
(a deliberate exclusion: a name inside a longer name, an ambiguous metonymy, …). The specs hold
no article text; this script reads the pages from the data root to find the offsets.

    python benchmarks/entities/build_gold.py                  # rewrite gold.jsonl
    python benchmarks/entities/build_gold.py --check          # exit 1 if gold.jsonl is stale
    python benchmarks/entities/build_gold.py --show NTV_2025  # every mention of matching pages in context
    python benchmarks/entities/build_gold.py --uncovered      # other occurrences of gold surface forms
    python benchmarks/entities/build_gold.py --set dev        # gold-dev.jsonl from spec/dev/ (any option)

The dev set (spec/dev/*.spec, its new identities in spec/dev/identities.tsv, written to
gold-dev.jsonl) was labelled after every rule so far had been chosen: see README.md.

Spec lines (tab or spaces between the two fields):
    @ FILE LANG [cjk]   a page, relative to the data root; cjk: no word-boundary guard (no spaces)
    KEY REGEX           mentions of identity KEY; guarded by (?<![\\w-]) … (?![\\w-]) unless cjk,
                        so a name that is only part of a hyphenated or longer word never matches
    - OFFSET …          drop the matches starting at these offsets
    + START END KEY     add a span by hand (e.g. a non-entity: KEY none)
    # …                 comment
Earlier KEY lines claim their spans first; later overlapping matches are skipped.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent


# --set NAME: (spec folder, extra identity list or None, output file)
SETS = {"main": (HERE / "spec", None, HERE / "gold.jsonl"),
        "dev": (HERE / "spec" / "dev", HERE / "spec" / "dev" / "identities.tsv", HERE / "gold-dev.jsonl")}


def identities(*paths: Path) -> dict[str, tuple[str, str, str]]:
    """KEY -> (identity label, type, description), over the lists given (a key or label once)."""
    out: dict[str, tuple[str, str, str]] = {}
    labels: dict[str, str] = {}
    lines = [line for path in paths for line in path.read_text(encoding="utf-8").splitlines()]
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        key, label, typ, desc = line.split("\t")
        if key in out or (label in labels and label != "none"):
            raise SystemExit(f"{' + '.join(map(str, paths))}: duplicate key or label in line {line!r}")
        out[key] = (label, typ, desc)
        labels[label] = key
    return out


def pages(spec: Path) -> list[dict]:
    out: list[dict] = []
    for n, raw in enumerate(spec.read_text(encoding="utf-8").splitlines(), 1):
        line = "" if raw.startswith("#") else raw.split("  #")[0].rstrip()
        if not line.strip():
            continue
        if line.startswith("@"):
            body = line[1:].strip()
            cjk = body.endswith(" cjk")
            body = body[:-4] if cjk else body
            fname, lang = body.rsplit(None, 1)
            out.append({"file": fname, "lang": lang, "cjk": cjk, "rules": [], "drop": set(), "add": []})
        elif not out:
            raise SystemExit(f"{spec}:{n}: a rule before the first @ page line")
        elif line.startswith("- "):
            out[-1]["drop"].update(int(x) for x in line[2:].split())
        elif line.startswith("+ "):
            s, e, k = line[2:].split()
            out[-1]["add"].append((int(s), int(e), k))
        else:
            key, rx = line.split(None, 1)
            out[-1]["rules"].append((key, rx.strip()))
    return out


def spans(page: dict, text: str, known: dict) -> list[tuple[int, int, str]]:
    found = list(page["add"])
    for key, rx in page["rules"]:
        if key not in known:
            raise SystemExit(f"{page['file']}: unknown identity key {key!r}")
        pattern = rx if page["cjk"] else rf"(?<![\w-])(?:{rx})(?![\w-])"
        for m in re.finditer(pattern, text):
            s, e = m.start(), m.end()
            if s not in page["drop"] and all(e <= a or s >= b for a, b, _ in found):
                found.append((s, e, key))
    return sorted(found)


def build(root: Path, which: str = "main") -> tuple[list[dict], dict[str, str], list[dict]]:
    folder, extra, _target = SETS[which]
    known = identities(HERE / "identities.tsv", *([extra] if extra else []))
    rows, texts, specs = [], {}, []
    for spec in sorted(folder.glob("*.spec")):
        for page in pages(spec):
            specs.append(page)
            text = texts.setdefault(page["file"], (root / page["file"]).read_bytes().decode("utf-8"))
            for s, e, key in spans(page, text, known):
                label, typ, _desc = known[key]
                rows.append({"file": page["file"], "start": s, "end": e, "text": text[s:e], "type": typ,
                             "id": label, "lang": page["lang"]})
    rows.sort(key=lambda r: (r["file"], r["start"]))
    return rows, texts, specs


def show(rows: list[dict], texts: dict[str, str], pattern: str) -> None:
    for r in rows:
        if pattern in r["file"]:
            t = texts[r["file"]]
            left = t[max(0, r["start"] - 45):r["start"]].replace("\n", "⏎")
            right = t[r["end"]:r["end"] + 45].replace("\n", "⏎")
            print(f"{r['start']:6d} {r['id']:32.32s} {left:>45.45s}[[{r['text']}]]{right}")


def uncovered(rows: list[dict], texts: dict[str, str]) -> None:
    """Word-bounded occurrences (also in capitals) of each page's gold surface forms that no gold
    span covers: what the specs exclude on purpose, listed for review."""
    by_file: dict[str, list[dict]] = {}
    for r in rows:
        by_file.setdefault(r["file"], []).append(r)
    for f, rs in by_file.items():
        text, covered = texts[f], [(r["start"], r["end"]) for r in rs]
        for form in sorted({r["text"] for r in rs if r["id"] != "none"}, key=len, reverse=True):
            alts = "|".join({re.escape(form), re.escape(form.upper())})
            cjk = any(ord(c) > 0x2E80 for c in form)
            for m in re.finditer(alts if cjk else rf"(?<!\w)(?:{alts})(?!\w)", text):
                if not any(a < m.end() and m.start() < b for a, b in covered):
                    covered.append((m.start(), m.end()))
                    ctx = text[max(0, m.start() - 35):m.end() + 35].replace("\n", "⏎")
                    print(f"{f}:{m.start()} {form!r}: …{ctx}…")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=HERE.parents[2] / "shared", help="the shared data folder")
    ap.add_argument("--check", action="store_true", help="compare with gold.jsonl instead of writing it")
    ap.add_argument("--show", metavar="PATTERN", help="print the mentions of pages whose path contains PATTERN")
    ap.add_argument("--uncovered", action="store_true", help="list occurrences of gold forms left out")
    ap.add_argument("--set", choices=sorted(SETS), default="main", help="which gold set (default: main)")
    args = ap.parse_args(argv)
    rows, texts, _specs = build(args.root, args.set)
    if args.show:
        show(rows, texts, args.show)
        return 0
    if args.uncovered:
        uncovered(rows, texts)
        return 0
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    target = SETS[args.set][2]
    langs = dict(Counter(r["lang"] for r in rows).most_common())
    summary = f"{len(rows)} mentions, {len(texts)} files, {len({r['id'] for r in rows})} identities, {langs}"
    if args.check:
        same = target.exists() and target.read_text(encoding="utf-8") == lines
        print(f"{target.name} is {'up to date' if same else 'STALE'}: " + summary)
        return 0 if same else 1
    target.write_text(lines, encoding="utf-8")
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
