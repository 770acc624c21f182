"""The language sweep (language_sweep.py) as tests: in every language and script of
tests/fixtures/languages (our own texts), enrichment gives no merged identities, no entity that is no
name, no wrong quotation, and NER goes through the confidence floor; ingesting the texts fails on
none without a one-line reason."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("language_sweep", Path(__file__).with_name("language_sweep.py"))
sweep = importlib.util.module_from_spec(_spec)
sys.modules["language_sweep"] = sweep
_spec.loader.exec_module(sweep)

EXPECTED = sweep.expectations()
TEXTS = sweep.texts()


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_enrichment_holds_in_every_language(name):
    result = sweep.check(name, TEXTS[name], EXPECTED[name])
    assert result.language == name.split("-")[0] or name == "de-en-mix"  # the floor is decided by it
    assert {c: result.counts[c] for c in sweep.CHECKS} == dict.fromkeys(sweep.CHECKS, 0), result.problems


@pytest.mark.parametrize("name", ["fr", "fr-2", "pl", "pl-2", "tr", "tr-2", "es-2", "it-2", "nl-2"])
def test_languages_with_a_verb_list_find_their_quotations(name):
    result = sweep.check(name, TEXTS[name], EXPECTED[name])
    assert result.quotes_found == result.quotes_expected, result.problems


def test_ingesting_every_text_stores_it_or_names_it_with_a_reason(tmp_path):
    from typer.testing import CliRunner

    from lagebild.cli import app

    files = sorted(sweep.FIXTURES.glob("*.txt"))
    result = CliRunner().invoke(app, ["ingest", *map(str, files), "--db", str(tmp_path / "sweep.db"), "--workers", "1"])
    text = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in text
    failed = sorted({line for line in text.splitlines() if line.startswith("failed ")})  # output and stderr both
    assert all(re.match(r"failed \S+\.txt: \S", line) for line in failed), failed  # one line: input, reason
    stored = re.search(r"stored (\d+) · duplicate (\d+) · not articles (\d+) · failed (\d+)", text)
    assert stored and sum(map(int, stored.groups())) == len(files) and int(stored.group(4)) == len(failed)
