"""A parsed query and its filters as one tantivy query, matching what the FTS5 plan matches.

Words and phrases match the same index terms as FTS5 does (``textnorm.query_forms``, split as the
unicode61 tokenizer splits them: :func:`lagebild.query.fts_tokens`), in title (boost 5), lead (2) and
text (1) as FTS5's ``bm25(5, 2, 1)`` weighs them. Only the parts FTS5 ranks are scored; fields,
filters and negations score 0, and a query with nothing to rank is listed newest first. Two tokens
of which one is common are matched by the field's pair term (:mod:`.bigrams`); a longer sequence by
positions, among the documents holding its pair terms.
"""

from __future__ import annotations

import calendar
import re
import time

import tantivy
from tantivy import Occur, Query

from ...query import And, Field, Filters, Node, Not, Or, Phrase, Prefix, Word, fts_tokens, phrase_variants, prefix_terms
from ...sources.urls import source_host
from ...textnorm import fold, query_forms, words
from .. import search as _search
from ..store import to_utc
from . import bigrams

TEXT_FIELDS = (("title", 5.0), ("lead", 2.0), ("text", 1.0))
_PAIRED = {name for name, _ in TEXT_FIELDS}


def pair_field(name: str) -> str:
    """The field holding the pair terms of text field ``name`` (:mod:`.bigrams`)."""
    return f"{name}_pairs"


def epoch(utc: str) -> int:
    """Seconds since 1970 of a ``YYYY-MM-DDTHH:MM:SSZ`` time (what ``published_utc`` holds). Sliced,
    not strptime'd (3 vs 13 µs): it runs once per article in a build."""
    if len(utc) == 20 and utc[4] == "-" and utc[10] == "T" and utc[19] == "Z":
        try:
            return calendar.timegm((int(utc[0:4]), int(utc[5:7]), int(utc[8:10]), int(utc[11:13]),
                                    int(utc[14:16]), int(utc[17:19]), 0, 0, 0))
        except ValueError:
            pass
    return calendar.timegm(time.strptime(utc, "%Y-%m-%dT%H:%M:%SZ"))


def _bool(clauses: list[tuple[Occur, Query]]) -> Query:
    return Query.boolean_query(clauses)


def _any(queries: list[Query]) -> Query:
    if not queries:
        return Query.empty_query()
    return queries[0] if len(queries) == 1 else _bool([(Occur.Should, q) for q in queries])


def _zero(q: Query) -> Query:
    return Query.const_score_query(q, 0.0)


MAX_EXPANSION = 64  # terms a prefix expands to, scored each; beyond, one constant-score regex per field


class Compiler:
    def __init__(self, schema: tantivy.Schema, entity_ids, expand=None, common: frozenset[str] | None = None) -> None:
        self.schema = schema
        self.entity_ids = entity_ids  # value -> entity ids (the archive's entity tables)
        self.expand = expand  # (field, prefix, limit) -> up to limit index terms beginning with prefix
        self.common = common  # the index's common tokens (None: an index without pair fields)

    # ------------------------------------------------------------ words

    def _seq(self, field: str, tokens: list[str]) -> Query | None:
        if not tokens:
            return None
        if len(tokens) == 1:
            return Query.term_query(self.schema, field, tokens[0])
        pairs = bigrams.pairs_in(tokens, self.common) if self.common and field in _PAIRED else []
        if len(tokens) == 2 and pairs:  # the pair term is the phrase
            return Query.term_query(self.schema, pair_field(field), pairs[0])
        phrase = Query.phrase_query(self.schema, field, tokens)
        if not pairs:
            return phrase
        # the pair terms pick the few documents that may hold the phrase; positions decide and score there
        return Query.boolean_query([(Occur.Must, phrase)] + [
            (Occur.Must, Query.const_score_query(Query.term_query(self.schema, pair_field(field), p), 0.0))
            for p in pairs])

    def _forms(self, field: str, sequences: list[list[str]]) -> Query:
        return _any([q for q in (self._seq(field, s) for s in sequences) if q is not None])

    def _fields(self, sequences: list[list[str]], only: str | None = None) -> Query:
        parts = [Query.boost_query(self._forms(f, sequences), w) for f, w in TEXT_FIELDS if only in (None, f)]
        return _any(parts)

    @staticmethod
    def word_sequences(text: str) -> list[list[str]]:
        forms = sorted(f for f in query_forms(text) if any(c.isalnum() for c in f)) or [fold(text)]
        return [fts_tokens([f]) for f in forms]

    @staticmethod
    def phrase_sequences(phrase_words) -> list[list[str]]:
        return [fts_tokens(v) for v in sorted(phrase_variants(tuple(phrase_words)))]

    def prefix(self, node: Prefix) -> Query:
        """Terms beginning with the folded prefix, or the word's own forms, in title, lead and text.
        Up to MAX_EXPANSION terms are scored (BM25) each, like a word's forms; a prefix common enough
        to begin more is one regex over the term dictionary, matching the same documents at a
        constant score (the field boosts still apply)."""
        folded, exact = prefix_terms(node)
        parts = []
        for f, weight in TEXT_FIELDS:
            found = self.expand(f, folded, MAX_EXPANSION + 1) if self.expand is not None else None
            if found is None or len(found) > MAX_EXPANSION:
                begins = Query.const_score_query(Query.regex_query(self.schema, f, re.escape(folded) + ".*"), 1.0)
            else:
                begins = self._forms(f, [[t] for t in found])
            parts.append(Query.boost_query(_any([begins, self._forms(f, [[t] for t in exact])]), weight))
        return _any(parts)

    def terms(self, terms: list[str]) -> Query:
        """Any of these index terms, scored (for related articles)."""
        return self._fields([[t] for t in terms])

    # ------------------------------------------------------------ fields

    def _field(self, name: str, value: str) -> Query:
        if name == "title":
            ws = [w for w in words(value) if any(c.isalnum() for c in fold(w))]
            seqs = self.word_sequences(ws[0]) if len(ws) == 1 else self.phrase_sequences(ws)
            return self._fields(seqs, only="title")
        if name == "section":
            return Query.term_query(self.schema, "section", fold(value))
        if name == "lang":
            return Query.term_query(self.schema, "lang", value.lower())
        if name == "source":
            return _any([Query.term_query(self.schema, "source_keys", source_host(value)),
                         Query.term_query(self.schema, "publisher", fold(value))])
        if name == "author":
            return self._seq("author", [fold(w) for w in words(value)]) or Query.empty_query()
        if name == "entity":
            ids = self.entity_ids(value)
            by_id = [Query.term_set_query(self.schema, "entity", ids)] if ids else []
            return _any(by_id + [Query.term_query(self.schema, "mention", fold(value))])
        raise ValueError(name)

    # ------------------------------------------------------------ trees

    def scored(self, node: Node) -> Query:
        """A text node (words, phrases, title:, And/Or/Not of them) with BM25 scores."""
        if isinstance(node, Word):
            return self._fields(self.word_sequences(node.text))
        if isinstance(node, Phrase):
            return self._fields(self.phrase_sequences(node.words))
        if isinstance(node, Prefix):
            return self.prefix(node)
        if isinstance(node, Field):
            return self._field(node.name, node.value) if node.name == "title" else _zero(self.filter(node))
        if isinstance(node, Not):
            return _zero(self.filter(node))
        return self._tree(node, self.scored)

    def filter(self, node: Node) -> Query:
        """Any node as a filter (scores nothing)."""
        if isinstance(node, (Word, Phrase, Prefix)):
            return _zero(self.scored(node))
        if isinstance(node, Field):
            return _zero(self._field(node.name, node.value))
        if isinstance(node, Not):
            return _bool([(Occur.Must, _zero(Query.all_query())), (Occur.MustNot, self.filter(node.item))])
        return _zero(self._tree(node, self.filter))

    def _tree(self, node: Node, each) -> Query:
        if isinstance(node, Or):
            return _bool([(Occur.Should, each(i)) for i in node.items])
        pos = [(Occur.Must, each(i)) for i in node.items if not isinstance(i, Not)]
        neg = [(Occur.MustNot, self.filter(i.item)) for i in node.items if isinstance(i, Not)]
        if not pos:
            pos = [(Occur.Must, _zero(Query.all_query()))]
        return _bool(pos + neg)

    def compile(self, node: Node, filters: Filters | None) -> tuple[Query, bool]:
        """The query for ``node`` and ``filters``, and whether it ranks (else: newest first).

        The split mirrors the FTS5 plan (:func:`lagebild.archive.search.plan`): the top-level text
        items rank when FTS5 could express them; everything else filters."""
        f = filters or Filters()
        items = list(node.items) if isinstance(node, And) else [node]
        text = [i for i in items if _search._is_text(i)]
        rest = [i for i in items if not _search._is_text(i)]
        clauses: list[tuple[Occur, Query]] = []
        ranked = False
        if text and _search.fts(And(tuple(text)) if len(text) > 1 else text[0]) is not None:
            clauses.append((Occur.Must, self.scored(And(tuple(text)) if len(text) > 1 else text[0])))
            ranked = True
        else:
            rest = items
        for item in rest:
            if isinstance(item, Not):
                clauses.append((Occur.MustNot, self.filter(item.item)))
            else:
                clauses.append((Occur.Must, self.filter(item)))
        for name, value in {"section": f.section, "lang": f.language, "source": f.source, "entity": f.entity}.items():
            if value:
                clauses.append((Occur.Must, _zero(self._field(name, value))))
        since, until = to_utc(f.since), to_utc(f.until, end_of_day=True) if f.until else None
        if since or until:
            rng = Query.range_query(self.schema, "published", tantivy.FieldType.Integer,
                                    epoch(since) if since else None, epoch(until) if until else None)
            clauses.append((Occur.Must, _zero(rng)))
        if not any(o == Occur.Must for o, _ in clauses):
            clauses.append((Occur.Must, _zero(Query.all_query())))
        return _bool(clauses), ranked


__all__ = ["Compiler", "TEXT_FIELDS", "epoch", "pair_field"]
