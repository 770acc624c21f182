"""A trailing ``*`` is a prefix search (issue 19.8 / 20.2): parsed, refused when too short, matched
in memory (alerts) as the archive's indexes match it, highlighted in snippets."""

from __future__ import annotations

import pytest

from lagebild.errors import QueryError
from lagebild.model import Article
from lagebild.query import Not, Prefix, matches, parse, positive_terms, prefix_terms, unparse


def test_a_trailing_star_is_a_prefix_and_reads_back():
    assert parse("Tür*") == Prefix("Tür")
    assert parse("-Tür**") == Not(Prefix("Tür"))
    for q in ("Tür*", "Regierung* Polizei", "(Infla* OR Streik) -Tür*", "2024*"):
        assert parse(unparse(parse(q))) == parse(q)
    assert parse("*") == parse("")  # a star alone holds no word, like any token without one


@pytest.mark.parametrize("query, reason", [
    ("T*", "at least 2 letters"), ("Krieg a*", "at least 2 letters"), ("Ost-W*", "one word"), ("a:b*", "one word"),
    ("ab*c*", "one word"),
])
def test_a_prefix_too_short_or_not_one_word_is_refused_with_the_reason(query, reason):
    with pytest.raises(QueryError, match=reason):
        parse(query)


def test_the_prefix_is_folded_and_keeps_the_words_own_shorter_stem():
    folded, exact = prefix_terms(Prefix("Tür"))
    assert folded == "tur" and exact == []
    folded, exact = prefix_terms(Prefix("Regierungen"))  # the stem "regier" is shorter than what was typed
    assert folded == "regierungen" and "regier" in exact
    assert {"tur*"} <= positive_terms(parse("Tür* -Krieg"))


def _doc(text: str, lang: str = "de") -> Article:
    return Article(title="Meldung", text=text, language=lang)


def test_matches_words_beginning_with_the_prefix_in_any_accent_and_the_word_itself():
    assert matches(parse("Tür*"), _doc("Die Türkei verhandelt."))
    assert matches(parse("tur*"), _doc("Die Türen bleiben zu."))
    assert matches(parse("Tür*"), _doc("Ein Turm steht am Hafen."))  # folded: tur…
    assert not matches(parse("Tür*"), _doc("Das Tor ist offen."))
    assert matches(parse("Regierungen*"), _doc("Die Regierung tagt."))  # the word's own form
    assert matches(parse("Regierung*"), _doc("Der Regierungssprecher schweigt."))
    assert not matches(parse("Regierung* -Tür*"), _doc("Die Regierung und die Türkei."))


def test_snippets_mark_the_words_a_prefix_found(tmp_path):
    from lagebild.archive import Archive
    from lagebild.archive.fulltext import available

    for index in available():
        with Archive(tmp_path / f"{index}.db", index=index) as ar:
            ar.add(Article(url="https://x.example/1", title="Grenze", language="de",
                           text="An der Grenze zur Türkei warteten Lastwagen vor geschlossenen Türen."))
            (hit,) = ar.search("Tür*")
            assert "[Türkei]" in hit.snippet and "[Türen]" in hit.snippet and "[Grenze]" not in hit.snippet
            with pytest.raises(QueryError):
                ar.search("T*")
