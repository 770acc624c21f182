"""textnorm.fold's ASCII shortcut gives what the full fold gives."""

from __future__ import annotations

import unicodedata

from hypothesis import given, strategies as st

from lagebild.textnorm import _UNDECOMPOSED, fold


def full_fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_UNDECOMPOSED)


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_shortcut_is_the_full_fold(word):
    assert fold(word) == full_fold(word)


@given(st.text())
def test_fold_of_any_text(word):
    assert fold(word) == full_fold(word)


def test_examples():
    assert fold("Çavuşoğlu") == "cavusoglu" and fold("Słubice") == "slubice" and fold("REGIERUNG") == "regierung"
