"""Pair terms for phrases of common words, as Lucene's CommonGrams and Elasticsearch's
``index_phrases`` do: "die Regierung" is one term, not a positional walk over the postings of "der".

A phrase of very common words is the slowest query a positional index answers: every document
holding "der" and "regier" is opened and their positions compared, and that grows with the archive.
So besides its terms, each text field (title, lead, text) gets a second field (``text_pairs``…)
holding a term for every adjacent pair of its index tokens of which at least one is *common*,
``der_regier``. Pairs of two uncommon tokens are not indexed (they would double the index; a phrase
with a rare word is fast anyway). The pair fields keep no positions (a third of their indexing cost
and size): a phrase of two tokens whose pair is indexed is that one term, exactly; a longer one is
the field's positional phrase, walked only in the documents that hold all of its indexed pairs.

*Common* is decided per token, never per language, and the set an index was built with is
recorded beside it (``archive_meta``), so index and queries always agree: the tokens of every
word form (``textnorm.query_forms``) of spaCy's German and English stop-word lists, a general list
of the languages' most frequent function words (read from spaCy's package files, without
importing spaCy).
"""

from __future__ import annotations

from functools import lru_cache

from ...query import fts_tokens
from ...stopwords import stop_words
from ...textnorm import query_forms

JOIN = "_"  # between a pair's tokens: never inside one (tokens are [^\W_]+)
LANGUAGES = ("de", "en")


@lru_cache(maxsize=1)
def common_tokens() -> frozenset[str]:
    """The common tokens a new index is built with (see the module doc)."""
    out: set[str] = set()
    for lang in LANGUAGES:
        for word in stop_words(lang):
            out.update(fts_tokens(query_forms(word)))
    return frozenset(t for t in out if t and JOIN not in t)


def dump(common: frozenset[str]) -> str:
    return " ".join(sorted(common))


def load(text: str) -> frozenset[str]:
    return frozenset(text.split())


def recorded(conn) -> tuple[str | None, frozenset[str] | None]:
    """The tantivy index's format version as recorded in ``archive_meta``, and its common tokens."""
    meta = dict(conn.execute("SELECT key, value FROM archive_meta WHERE key IN ('tantivy_schema', 'tantivy_common')"))
    common = meta.get("tantivy_common")
    return meta.get("tantivy_schema"), (load(common) if common is not None else None)


def record(conn, version: str, common: frozenset[str] | None) -> None:
    """Record the index's format version and the common tokens it was built with (None: no pair fields)."""
    conn.execute("INSERT OR REPLACE INTO archive_meta(key, value) VALUES ('tantivy_schema', ?)", (version,))
    if common is None:
        conn.execute("DELETE FROM archive_meta WHERE key = 'tantivy_common'")
    else:
        conn.execute("INSERT OR REPLACE INTO archive_meta(key, value) VALUES ('tantivy_common', ?)", (dump(common),))


def pair_text(tokens: str, common: frozenset[str]) -> str:
    """A field's pair terms, space-separated, from its tokens (``token_text``): ``a_b`` for each
    adjacent pair that holds a common token, in order."""
    toks = tokens.split()
    return " ".join([f"{a}{JOIN}{b}" for a, b in zip(toks, toks[1:]) if a in common or b in common])


def pairs_in(tokens: list[str], common: frozenset[str]) -> list[str]:
    """The indexed pair terms of a token sequence (its adjacent pairs holding a common token), each
    once, in order: every document holding the sequence holds them all in the same field."""
    if not common:
        return []
    return list(dict.fromkeys(a + JOIN + b for a, b in zip(tokens, tokens[1:]) if a in common or b in common))


__all__ = ["common_tokens", "dump", "load", "pair_text", "pairs_in", "record", "recorded"]
