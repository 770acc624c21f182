"""The shared query language: parsing, unparsing, errors with positions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from lagebild.errors import QueryError
from lagebild.query import And, Field, Not, Or, Phrase, Word, parse, unparse


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", And(())),
        ("kooperiert", Word("kooperiert")),
        ("a b", And((Word("a"), Word("b")))),
        ("a AND b", And((Word("a"), Word("b")))),
        ("a OR b c", Or((Word("a"), And((Word("b"), Word("c")))))),
        ("a and b or c", And((Word("a"), Word("and"), Word("b"), Word("or"), Word("c")))),
        ('"Russische Föderation"', Phrase(("Russische", "Föderation"))),
        ("-Sport", Not(Word("Sport"))),
        ("NOT Sport", Not(Word("Sport"))),
        ("a -(b OR c)", And((Word("a"), Not(Or((Word("b"), Word("c"))))))),
        ('entity:"Mevlüt Çavuşoğlu"', Field("entity", "Mevlüt Çavuşoğlu")),
        ("entity:PER:mevlut-cavusoglu", Field("entity", "PER:mevlut-cavusoglu")),
        ("section:Politik lang:de", And((Field("section", "Politik"), Field("lang", "de")))),
        ("Language:de", Field("lang", "de")),
        ("(source:spiegel.de OR title:Ankara)", Or((Field("source", "spiegel.de"), Field("title", "Ankara")))),
        ("-section:Sport", Not(Field("section", "Sport"))),
        ("author:Müller", Field("author", "Müller")),
        ("U.S.", Phrase(("U", "S"))),
        ("foo:bar", Phrase(("foo", "bar"))),
        ("Ost-West", Word("Ost-West")),
        ("a & b", And((Word("a"), Word("b")))),
        ('"one"', Word("one")),
    ],
)
def test_parse(query, expected):
    assert parse(query) == expected
    assert parse(unparse(expected)) == expected


@pytest.mark.parametrize(
    "query, position, reason",
    [
        ('"abc', 0, "unclosed quote"),
        ("(a", 0, "unclosed ("),
        ("a)", 1, "unmatched )"),
        ("a AND", 5, "query ends"),
        ("OR a", 0, "expected a term"),
        ("a OR OR b", 5, "expected a term"),
        ("()", 0, "empty parentheses"),
        ("section:", 0, "needs a value"),
        ('entity:""', 0, "needs a value"),
        ('""', 0, "empty phrase"),
        ("NOT", 3, "query ends"),
        ("(" * 100 + "a" + ")" * 100, 16, "nested deeper"),
    ],
)
def test_errors_name_position_and_reason(query, position, reason):
    with pytest.raises(QueryError) as info:
        parse(query)
    assert info.value.position == position
    assert reason in str(info.value)
    assert f"position {position}" in str(info.value)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab "()-:ÄçAND OR NOT entity:section:\t\\*_&')), max_size=40) | st.text(max_size=30))
def test_parse_raises_only_query_error(query):
    try:
        node = parse(query)
    except QueryError:
        return
    assert parse(unparse(node)) == node


def test_term_limit():
    from lagebild.query import MAX_TERMS

    assert len(parse(" ".join(["-x"] * MAX_TERMS)).items) == MAX_TERMS
    with pytest.raises(QueryError, match=f"more than {MAX_TERMS} terms"):
        parse(" OR ".join(["section:x"] * (MAX_TERMS + 1)))
