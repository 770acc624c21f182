"""spaCy's stop-word lists read without importing spaCy's language packages (lagebild.stopwords)."""

import importlib
import subprocess
import sys

import pytest

from lagebild.stopwords import stop_words


@pytest.mark.parametrize("lang", ["de", "en", "fr", "tr", "ru", "zh"])
def test_the_same_words_as_spacy_lists(lang):
    assert stop_words(lang) == frozenset(importlib.import_module(f"spacy.lang.{lang}.stop_words").STOP_WORDS)


@pytest.mark.parametrize("lang", ["", "xx", "../de", "de/../en", "DE", None])
def test_no_list_is_an_empty_set(lang):
    assert stop_words(lang) == frozenset()


def test_the_french_package_is_not_imported():
    # importing spacy.lang.fr compiles its tokenizer exceptions: ~2 s on a server's first French page
    code = ("import sys; from lagebild.enrich.casing import stop_words; "
            "assert 'très' in stop_words('fr'); print('spacy.lang.fr' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
