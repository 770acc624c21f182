"""Pair terms for phrases of common words, as Lucene's CommonGrams and Elasticsearch's
``index_phrases`` do: "die Regierung" is one term, not a positional walk over the postings of "der".

A phrase of very common words is the slowest query a positional index answers: every document
holding "der" and "regier" is opened and their positions compared, and that grows with the archive.
So besides its terms, each text field (title, lead, text) gets a second field (``text_pairs``…)
holding a term for every adjacent pair of its index tokens of which at least one is *common*,
``der_regier``, at the position of the pair's first token. Pairs of two uncommon tokens are not
indexed (they would double the index; a phrase with a rare word is fast anyway): a gap token stands
in their place and the field's analyzer drops it, so positions stay those of the words.

A token sequence (one word-form variant of a phrase, split as FTS5 splits terms) is then matched
exactly by pair terms when every token lies in an indexed pair: the pairs at fixed offsets pin
every token to its position, which is what a phrase match is. Two tokens: one term query; more:
a phrase over pair terms with their offsets. Anything else keeps the positional phrase.

*Common* is decided per token, never per language, and the set an index was built with is
recorded beside it (``archive_meta``), so index and queries always agree: the tokens of every
word form (``textnorm.query_forms``) of spaCy's German and English stop-word lists, a general list
of the languages' most frequent function words (read from spaCy's package files, without
importing spaCy).
"""

from __future__ import annotations

import importlib.util
import runpy
from functools import lru_cache
from pathlib import Path

from ...query import fts_tokens
from ...textnorm import query_forms

JOIN = "_"  # between a pair's tokens: never inside one (tokens are [^\W_]+)
GAP = "."  # stands for a pair that is not indexed; dropped by ANALYZER, leaving its position empty
ANALYZER = "lagebild_pairs"
LANGUAGES = ("de", "en")


def analyzer():
    """The pair fields' analyzer: split on spaces, drop the gap tokens (their positions stay)."""
    import tantivy

    return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).filter(
        tantivy.Filter.custom_stopword([GAP])).build()


def _stop_words(lang: str) -> set[str]:
    spec = importlib.util.find_spec("spacy")  # the package's location, without importing it (~2 s)
    if spec is None or spec.origin is None:
        return set()
    path = Path(spec.origin).parent / "lang" / lang / "stop_words.py"
    try:
        return set(runpy.run_path(str(path)).get("STOP_WORDS", ()))
    except (OSError, SyntaxError):
        return set()


@lru_cache(maxsize=1)
def common_tokens() -> frozenset[str]:
    """The common tokens a new index is built with (see the module doc)."""
    out: set[str] = set()
    for lang in LANGUAGES:
        for word in _stop_words(lang):
            out.update(fts_tokens(query_forms(word)))
    return frozenset(t for t in out if t and JOIN not in t and t != GAP)


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
    """A field's pair terms, space-separated, from its tokens (``token_text``): ``a_b`` at each
    position whose pair holds a common token, GAP elsewhere."""
    toks = tokens.split()
    return " ".join([f"{a}{JOIN}{b}" if a in common or b in common else GAP for a, b in zip(toks, toks[1:])])


def cover(tokens: list[str], common: frozenset[str]) -> list[tuple[int, str]] | None:
    """Indexed pairs (offset, term) that pin every token of ``tokens`` to its position, or None
    when some token lies in no indexed pair (or there are fewer than two). Left to right, each
    token not yet covered takes the pair it begins, else the one it ends: a cover exists exactly
    when this finds one."""
    n = len(tokens)
    if n < 2 or not common:
        return None
    out: list[tuple[int, str]] = []
    i = 0
    while i < n:
        if i + 1 < n and (tokens[i] in common or tokens[i + 1] in common):
            out.append((i, tokens[i] + JOIN + tokens[i + 1]))
            i += 2
        elif i > 0 and (tokens[i - 1] in common or tokens[i] in common):
            out.append((i - 1, tokens[i - 1] + JOIN + tokens[i]))
            i += 1
        else:
            return None
    return out


__all__ = ["ANALYZER", "analyzer", "common_tokens", "cover", "dump", "load", "pair_text", "record", "recorded"]
