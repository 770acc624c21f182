"""The CoNLL reader, BIO span logic and strict span scorer (the raw-text tokenizer: test_tokens.py)."""

from __future__ import annotations

import pytest

from lagebild.enrich.ner.conll import parse_conll, spans
from lagebild.enrich.ner.scoring import score
from lagebild.errors import InputError

IOB1 = """EU\tI-ORG
rejects\tO
German\tI-MISC
call\tO

Peter\tI-PER
Blackburn\tI-PER
Paul\tB-PER
"""

GERMEVAL = """Die\tO
deutsche\tB-LOCderiv
Troia-Ausstellung\tB-LOCpart
in\tO
Bad\tB-LOC
Ems\tI-LOC
,\tO
Ecce\tB-OTH
homo\tI-OTH
"""


def test_iob1_becomes_iob2_and_sentences_split():
    sents = parse_conll(IOB1.splitlines())
    assert [w for w, _ in sents] == [["EU", "rejects", "German", "call"], ["Peter", "Blackburn", "Paul"]]
    assert sents[0][1] == ["B-ORG", "O", "B-MISC", "O"]
    assert sents[1][1] == ["B-PER", "I-PER", "B-PER"]
    assert spans(sents[1][1]) == [(0, 2, "PER"), (2, 3, "PER")]


def test_germeval_deriv_part_are_o_and_oth_is_misc():
    (words_, tags), = parse_conll(GERMEVAL.splitlines())
    assert tags == ["O", "O", "O", "O", "B-LOC", "I-LOC", "O", "B-MISC", "I-MISC"]


def test_bad_line_is_an_input_error():
    with pytest.raises(InputError, match="line 2"):
        parse_conll(["EU\tB-ORG", "lonely"])


def test_spans_of_iob1_runs_and_type_changes():
    assert spans(["I-LOC", "I-LOC", "I-ORG", "O", "B-PER"]) == [(0, 2, "LOC"), (2, 3, "ORG"), (4, 5, "PER")]
    assert spans([]) == []


def test_strict_scores_by_hand():
    gold = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "O", "B-MISC"]]
    pred = [["B-PER", "I-PER", "O", "B-ORG"], ["B-ORG", "I-ORG", "O"]]
    s = score(gold, pred)
    assert (s["PER"].tp, s["PER"].predicted, s["PER"].gold) == (1, 1, 1)
    assert s["LOC"].recall == 0.0 and s["LOC"].gold == 1
    assert s["ORG"].predicted == 2 and s["ORG"].tp == 0  # wrong type and wrong boundary both miss
    overall = s["overall"]  # MISC is not scored
    assert (overall.tp, overall.predicted, overall.gold) == (1, 3, 3)
    assert overall.precision == pytest.approx(1 / 3) and overall.f1 == pytest.approx(1 / 3)


def test_perfect_and_empty_scores():
    tags = [["B-PER", "O", "B-LOC", "I-LOC"]]
    assert score(tags, tags)["overall"].f1 == 1.0
    assert score([["O"]], [["O"]])["overall"].f1 == 0.0


def test_unknown_gold_words_are_not_scored():
    # "X": a span the corpus left undecided (SmartData's descriptions); a prediction touching it counts neither way
    gold = [["X", "X", "O", "B-PER", "O"]]
    touching = [["B-LOC", "O", "O", "B-PER", "O"]]
    beside = [["O", "O", "B-LOC", "B-PER", "O"]]
    assert score(gold, touching)["overall"].precision == 1.0
    s = score(gold, beside)["overall"]
    assert (s.tp, s.predicted, s.gold) == (1, 2, 1)
