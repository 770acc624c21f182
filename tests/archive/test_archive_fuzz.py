"""Any query text either searches or raises QueryError: never an SQL or FTS5 syntax error."""

from __future__ import annotations

from functools import lru_cache

from hypothesis import given, settings, strategies as st

from archive_corpus import corpus
from lagebild.archive import Archive
from lagebild.errors import QueryError
from lagebild.query import matches, parse

ALPHABET = list('ab "()-:*^ÄçöAND OR NOT entity:section:title:lang:source:author:\'_&%\\') + ["Türkei", "rates"]


@lru_cache(maxsize=1)
def _archive() -> Archive:
    archive = Archive(":memory:")
    for article in corpus():
        archive.add(article)
    return archive


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET), max_size=14).map("".join) | st.text(max_size=20))
def test_search_raises_only_query_error_and_agrees_with_matches(query):
    archive = _archive()
    try:
        node = parse(query)
    except QueryError:
        return
    found = {h.id for h in archive.search(node, limit=None)}
    assert archive.count(query) == len(found)
    if "entity:" not in query:  # entity: falls back to surname matching only in the archive
        assert found == {i for i in range(1, 6) if matches(node, archive.get(i))}
