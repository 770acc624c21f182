"""The tantivy documents' terms, computed per whitespace chunk, are the terms of every word in order."""

from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from lagebild.archive.fulltext import terms
from lagebild.textnorm import index_terms, words

_TOKEN = re.compile(r"[^\W_]+")


def by_word(text: str, lang: str | None) -> list[str]:
    """The terms as computed before the chunk cache: every word of the text, then its tokens."""
    return [t for w in words(text) for term in index_terms(w, lang) for t in _TOKEN.findall(term)]


PIECES = ["Regierung", "Regierungen,", "Ost-West", "ost–west", "U.S.", "2024", "Çavuşoğlu's", "l’État", "snake_case",
          "_", "--", "’", "'quoted'", "(Streik)", "Straße.", "İstanbul", "kooperierten;", "e-mail-", "\u00a0", "\t",
          "\n\n", "日本語", "١٢٣", "x²", "Ⅻ", "a-", "-b", "ﬁnance"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=30),
       st.lists(st.sampled_from([" ", "  ", "\n", "\t", "", "\u2003", "\x1c"]), min_size=30, max_size=30),
       st.sampled_from(["de", "en", None, "fr"]))
def test_chunk_terms_are_the_word_terms(parts, gaps, lang):
    text = "".join(p + g for p, g in zip(parts, gaps))
    terms.clear()
    got = terms.token_text(text, lang)
    assert got.split() == by_word(text, lang)
    assert terms.token_text(text, lang) == got  # from the cache: the same


def test_cache_starts_again_when_full(monkeypatch):
    monkeypatch.setattr(terms, "MAX_CACHED", 3)
    terms.clear()
    assert terms.token_text("die Regierung kooperierte", "de").split() == by_word("die Regierung kooperierte", "de")
    assert terms.token_text("Polizei und Gericht", "de").split() == by_word("Polizei und Gericht", "de")
    assert len(terms._CHUNKS["de"]) <= 3 + 3
    terms.clear()
