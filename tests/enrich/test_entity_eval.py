"""The entity-identity evaluation: its pair arithmetic on a hand-made gold file and fixture text,
the matching of gold spans to system mentions, and the CLI's last line."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from lagebild.cli import app
from lagebild.enrich.entity_eval import evaluate, format_report, load_gold, read_texts, script_of, system_id
from lagebild.errors import InputError
from lagebild.model import Mention

# Written for this test. Gold identities: A = Alma Berger (3 mentions), B = Lindenau, a town
# (2), C = Ostwerk, a company (1), and one all-caps word that names nothing.
TEXT = ("Alma Berger besuchte Lindenau. Berger lobte die Stadt.\n"
        "In English: Berger met staff at Ostwerk. WHO CARES?\n"
        "Lindenau feierte.")


def _at(surface: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(surface, start + 1)
    return start, start + len(surface)


GOLD = [  # (surface, occurrence, type, identity, language)
    ("Alma Berger", 0, "PER", "cluster:berger-alma", "de"),
    ("Berger", 1, "PER", "cluster:berger-alma", "de"),
    ("Berger", 2, "PER", "cluster:berger-alma", "en"),
    ("Lindenau", 0, "LOC", "cluster:lindenau", "de"),
    ("Lindenau", 1, "LOC", "cluster:lindenau", "de"),
    ("Ostwerk", 0, "ORG", "cluster:ostwerk", "en"),
    ("WHO", 0, "O", "none", "en"),
]


@pytest.fixture
def gold_file(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "fixture.txt").write_bytes(TEXT.encode("utf-8"))
    lines = []
    for surface, nth, type_, ident, lang in GOLD:
        s, e = _at(surface, nth)
        lines.append(json.dumps({"file": "pages/fixture.txt", "start": s, "end": e, "text": surface,
                                 "type": type_, "id": ident, "lang": lang}))
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def stub_system(texts):
    """A system with known answers: x holds Alma Berger twice, the first Lindenau and the all-caps
    word (a wrong merge); the English "Berger" gets an id of its own (a split); the second
    Lindenau is not recognised; Ostwerk is right."""
    text = texts["pages/fixture.txt"]
    assert text == TEXT

    def m(surface, nth, eid, pad=0):
        s, e = _at(surface, nth)
        return Mention(s, e + pad, text[s:e + pad], "PER", eid)

    return {"pages/fixture.txt": [m("Alma Berger", 0, "x"), m("Berger", 1, "x"), m("Berger", 2, "y"),
                                  m("Lindenau", 0, "x"), m("Ostwerk", 0, "z"), m("WHO", 0, "x")]}


def test_pair_arithmetic(gold_file, tmp_path):
    r = evaluate(gold_file, tmp_path, stub_system).to_dict()
    # gold pairs: Berger 3 (3 pairs) + Lindenau 1 = 4; x holds 4 mentions = 6 pairs, 1 of them true
    assert (r["gold_pairs"], r["system_pairs"], r["true_pairs"]) == (4, 6, 1)
    assert r["identity_precision"] == pytest.approx(1 / 6, abs=1e-4)
    assert r["identity_recall"] == pytest.approx(1 / 4, abs=1e-4)
    assert r["identity_f1"] == pytest.approx(0.2, abs=1e-4)
    assert (r["mentions"], r["recognised"], r["coverage"]) == (6, 5, pytest.approx(5 / 6, abs=1e-4))
    assert (r["wrong_merges"], r["merged_entities"]) == (1, 2)
    assert (r["non_entities"], r["non_entities_merged"]) == (1, 1)
    # B-cubed by hand: precision (.5+.5+1+.25+1+1+.25)/7, recall (2/3+2/3+1/3+.5+.5+1+1)/7
    assert r["bcubed_precision"] == pytest.approx(4.5 / 7, abs=1e-4)
    assert r["bcubed_recall"] == pytest.approx((14 / 3) / 7, abs=1e-4)
    # cross-language: Berger de-en 2 gold pairs; x holds 3 de-en pairs (with the English WHO), none true
    assert r["cross_language"] == {"gold_pairs": 2, "system_pairs": 3, "true_pairs": 0,
                                   "precision": 0.0, "recall": 0.0}
    rows = {row["name"]: row for row in r["by_language"]}
    assert (rows["de"]["gold_pairs"], rows["de"]["system_pairs"], rows["de"]["true_pairs"]) == (4, 6, 1)
    assert (rows["en"]["gold_pairs"], rows["en"]["system_pairs"], rows["en"]["true_pairs"]) == (2, 3, 0)
    assert (rows["de"]["mentions"], rows["en"]["mentions"]) == (4, 2)  # the non-entity is not a mention


def test_merges_and_splits_listed_worst_first(gold_file, tmp_path):
    r = evaluate(gold_file, tmp_path, stub_system)
    assert [m.system for m in r.merges] == ["x"]
    assert r.merges[0].false_pairs == 5
    assert [(s.gold, s.missed_pairs) for s in r.splits] == [("cluster:berger-alma", 2), ("cluster:lindenau", 1)]
    assert r.splits[1].parts[-1][0] == "(unrecognised)"
    lines = format_report(r)
    assert lines[-1] == "identity F1 0.2000"


def test_a_perfect_system_scores_one(gold_file, tmp_path):
    def perfect(texts):
        gold, _ = load_gold(gold_file)
        ids = [f"none@{g.start}" if g.id == "none" else g.id for g in gold]  # a non-entity names nothing
        return {"pages/fixture.txt": [Mention(g.start, g.end, g.text, "PER", i) for g, i in zip(gold, ids)]}

    r = evaluate(gold_file, tmp_path, perfect).to_dict()
    assert (r["identity_precision"], r["identity_recall"], r["wrong_merges"]) == (1.0, 1.0, 0)


def test_changed_or_missing_files_are_skipped_with_a_reason(tmp_path, gold_file):
    lines = gold_file.read_text(encoding="utf-8").splitlines()
    bad = json.loads(lines[0]) | {"text": "Alma Bergen"}
    gone = json.loads(lines[1]) | {"file": "pages/gone.txt"}
    gold_file.write_text("\n".join([json.dumps(bad), json.dumps(gone), *lines[2:], "{not json"]) + "\n")
    gold, bad_lines = load_gold(gold_file)
    assert len(bad_lines) == 1 and "not a gold mention" in bad_lines[0]
    _texts, usable, skipped = read_texts(gold, tmp_path)
    assert len(usable) == len(GOLD) - 2
    assert any("file changed" in s for s in skipped) and any("gone.txt" in s for s in skipped)
    with pytest.raises(InputError):
        evaluate(gold_file, tmp_path / "elsewhere", stub_system)


def test_system_id_takes_the_largest_overlap():
    from lagebild.enrich.entity_eval import GoldMention

    g = GoldMention("f", 10, 20, "x" * 10, "PER", "cluster:a", "de")
    assert system_id(g, [Mention(5, 12, "", "PER", "small"), Mention(12, 30, "", "PER", "big")]) == "big"
    assert system_id(g, [Mention(0, 40, "", "PER", "wide"), Mention(10, 20, "", "PER", "exact")]) == "exact"
    assert system_id(g, [Mention(20, 25, "", "PER", "after")]) is None


@pytest.mark.parametrize("text,script", [("이재명", "Hangul"), ("トランプ", "Kana"), ("\uf9e1", "Han"),
                                         ("Путин", "Cyrillic"), ("ترامب", "Arabic"), ("Çavuşoğlu", "Latin")])
def test_script_of(text, script):
    assert script_of(text) == script


def test_cli_runs_lagebild_and_ends_with_the_f1_line(gold_file, tmp_path):
    result = CliRunner().invoke(app, ["eval", "entities", str(gold_file), "--root", str(tmp_path), "--ner", "off"])
    assert result.exit_code == 0, result.output
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("identity F1 ") and 0.0 <= float(last.split()[-1]) <= 1.0
    assert "6 gold mentions of 3 real entities" in result.output
