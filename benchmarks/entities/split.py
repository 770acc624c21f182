"""Fix the held-out split of the entity gold (issue 14) and write its two halves.

The rule was fixed before any tuning on the gold: pages are grouped by language (the languages with
a single page — ar, es, fi, fr, pl, ru — form one group), sorted by file path within a group, and
every third page starting with the first is held out. Tuning looks only at ``gold-tune.jsonl``;
the figure that counts is ``gold-heldout.jsonl``'s.

    python benchmarks/entities/split.py          # rewrites gold-heldout.jsonl and gold-tune.jsonl
    python benchmarks/entities/split.py --check  # fails when they differ from gold.jsonl's split
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).parent


def held_out_pages(lines: list[dict]) -> set[str]:
    lang = {d["file"]: d["lang"] for d in lines}
    pages_per_lang = defaultdict(set)
    for f, la in lang.items():
        pages_per_lang[la].add(f)
    groups: dict[str, list[str]] = defaultdict(list)
    for la, files in pages_per_lang.items():
        groups[la if len(files) > 1 else "(single-page languages)"].extend(files)
    return {f for files in groups.values() for i, f in enumerate(sorted(files)) if i % 3 == 0}


def main(argv: list[str]) -> int:
    raw = (HERE / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    lines = [json.loads(x) for x in raw if x.strip()]
    held = held_out_pages(lines)
    halves = {"gold-heldout.jsonl": [x for x, d in zip(raw, lines) if d["file"] in held],
              "gold-tune.jsonl": [x for x, d in zip(raw, lines) if d["file"] not in held]}
    for name, rows in halves.items():
        text = "".join(r + "\n" for r in rows)
        path = HERE / name
        if "--check" in argv:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                print(f"{name} differs from the split of gold.jsonl; rerun split.py")
                return 1
        else:
            path.write_text(text, encoding="utf-8")
        pages = {json.loads(r)["file"] for r in rows}
        print(f"{name}: {len(rows)} mentions, {len(pages)} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
