"""The robustness sweep over languages and scripts we have no gold data for (issues 14 and 16.4).

The texts in ``tests/fixtures/languages/`` are short news paragraphs written for this project (no
copied article text), one per language, each with an all-caps or plain headline, names of persons,
places and organisations and, where the language has them, quotations in its own marks.
``expected.json`` says, per text, every span that may be an entity (with an identity label) and
every quotation a finder may return (with the speakers it may give). The sweep enriches each text
as the archive would (language detected from the text, the default pipeline) and counts what must
hold whatever the language:

* ``merged``: an entity id holding names of two different identities;
* ``not_a_name``: an entity mention that is none of the text's names (a function word, sentence
  opener, verb, number, headline word, a piece of a name);
* ``bad_quote``: a quotation that is not one of the text's quotations (the text between two quotes,
  a title), or one whose speaker is not one it may have;
* ``unfloored``: the text's language is one NER was not trained on, yet its mentions skip the
  confidence floor (enrich/ner/floor.py);
* ``failed``: an enrich component failed on the text.

Missing names and quotations are counted too (``found`` of ``expected``), but are no error: the rule
is "less output, never wrong output".

Run: ``PYTHONPATH=src python tests/enrich/language_sweep.py [--ner accurate|fast|off] [--json] [--dir DIR]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "languages"
CHECKS = ("merged", "not_a_name", "bad_quote", "unfloored", "failed")


@dataclass(slots=True)
class Result:
    name: str
    language: str | None
    counts: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    names_found: int = 0
    names_expected: int = 0
    quotes_found: int = 0
    quotes_expected: int = 0


def expectations(folder: Path = FIXTURES) -> dict[str, dict]:
    data = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def texts(folder: Path = FIXTURES) -> dict[str, str]:
    """Fixture name -> text, for every fixture that has expectations."""
    exp = expectations(folder)
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt")) if p.stem in exp}


def enrich_text(name: str, text: str, ner: str = "accurate"):
    """The article the archive would store for ``text`` (its language detected as extract does)."""
    from lagebild.enrich import enrich
    from lagebild.extract.finish import detect_language
    from lagebild.model import Article, Origin
    from lagebild.settings import EnrichSettings

    failures: Counter[str] = Counter()
    article = Article(text=text, language=detect_language(text), origin=Origin(path=f"{name}.txt"))
    return enrich(article, EnrichSettings(ner=ner), failures=failures), failures


def check(name: str, text: str, expected: dict, ner: str = "accurate") -> Result:
    from lagebild.enrich.ner import floored
    from lagebild.settings import EnrichSettings

    article, failures = enrich_text(name, text, ner)
    res = Result(name, article.language)
    names: dict[str, str] = expected["names"]
    res.counts["failed"] = sum(failures.values())
    res.problems += [f"component failed: {k}" for k in failures]
    trained = EnrichSettings().ner_languages
    if article.language and article.language not in trained and not floored(article.language, trained):
        res.counts["unfloored"] += 1
    by_id: dict[str, set[str]] = {}
    for m in article.mentions:
        surface = m.text.strip()
        if surface not in names:
            res.counts["not_a_name"] += 1
            res.problems.append(f"not a name: {m.type} {surface!r} -> {m.entity_id}")
            continue
        by_id.setdefault(m.entity_id or "", set()).add(names[surface])
    for eid, identities in by_id.items():
        if len(identities) > 1:
            res.counts["merged"] += 1
            res.problems.append(f"merged under {eid}: {sorted(identities)}")
    res.names_expected = len(set(names.values()))
    res.names_found = len({names[m.text.strip()] for m in article.mentions if m.text.strip() in names})
    wanted = expected["quotes"]
    res.quotes_expected = len(wanted)
    for q in article.quotes:
        said = q.text.strip()
        match = next((w for w in wanted if said.startswith(w[0])), None)
        if match is None:
            res.counts["bad_quote"] += 1
            res.problems.append(f"not a quotation: {said[:50]!r} ({q.speaker!r})")
        elif q.speaker is not None and q.speaker not in match[1]:
            res.counts["bad_quote"] += 1
            res.problems.append(f"wrong speaker {q.speaker!r} for {said[:30]!r}")
        else:
            res.quotes_found += 1
    return res


def sweep(ner: str = "accurate", folder: Path = FIXTURES) -> list[Result]:
    exp = expectations(folder)
    return [check(name, text, exp[name], ner) for name, text in texts(folder).items()]


def table(results: list[Result]) -> str:
    head = "| text | lang | " + " | ".join(CHECKS) + " | names found | quotes found |"
    rows = [head, "|" + "---|" * (len(CHECKS) + 4)]
    total: Counter = Counter()
    for r in results:
        total.update(r.counts)
        rows.append(f"| {r.name} | {r.language} | " + " | ".join(str(r.counts[c]) for c in CHECKS)
                    + f" | {r.names_found}/{r.names_expected} | {r.quotes_found}/{r.quotes_expected} |")
    rows.append("| **all** | | " + " | ".join(str(total[c]) for c in CHECKS) + f" | "
                f"{sum(r.names_found for r in results)}/{sum(r.names_expected for r in results)} | "
                f"{sum(r.quotes_found for r in results)}/{sum(r.quotes_expected for r in results)} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ner", default="accurate")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--dir", type=Path, default=FIXTURES, help="texts and their expected.json")
    args = parser.parse_args(argv)
    results = sweep(args.ner, args.dir)
    if args.json:
        print(json.dumps([{"text": r.name, "language": r.language, **{c: r.counts[c] for c in CHECKS},
                           "problems": r.problems} for r in results], ensure_ascii=False, indent=1))
        return 0
    print(table(results))
    for r in results:
        for p in r.problems:
            print(f"{r.name}: {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
