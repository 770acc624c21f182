"""lagebild's query language (``lagebild.query``) as PostgreSQL ``tsquery`` text and SQL conditions.

Words and phrases match the same index terms as the SQLite archive's FTS5 and tantivy indexes:
``textnorm.query_forms`` of a word (its German and English lemma/stem and its folded form), split
as FTS5's unicode61 tokenizer splits them (:func:`lagebild.query.fts_tokens`); a form of several
tokens and a phrase become ``<->`` sequences. ``title:`` restricts lexemes to weight A (the title).
The split mirrors :func:`lagebild.archive.search.plan`: the positive text parts of a top-level AND
make one ranked ``tsquery``; fields and negations become SQL conditions (a text part inside them as
``t.tsv @@ …`` over the joined ``article_terms t``). Placeholders are ``?``, as everywhere in
the archive's shared SQL; :mod:`.conn` rewrites them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...query import (And, Field, Filters, Node, Not, Or, Phrase, Prefix, Word, fts_tokens, parse, phrase_variants,
                      positive_terms, prefix_terms)
from ...sources.urls import source_host
from ...textnorm import fold, query_forms, words
from .. import search as _search

# ts_rank weights {D, C, B, A}: text 1, lead 2, title 5, as FTS5's bm25(5, 2, 1) weighs the columns
RANK = "ts_rank('{0.2, 0.2, 0.4, 1.0}', t.tsv, {q}, 1)"
NOTHING = "'lb0nothing0'"  # a lexeme no index term can be (terms are folded words): matches no article


def lexeme(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def _seq(tokens: list[str], weight: str) -> str:
    parts = [lexeme(t) + (":" + weight if weight else "") for t in tokens]
    return parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")"


def _any(seqs: list[list[str]], weight: str) -> str:
    found = sorted({_seq(s, weight) for s in seqs if s})
    return "(" + " | ".join(found) + ")" if found else NOTHING


def word(text: str, weight: str = "") -> str:
    forms = [f for f in query_forms(text) if any(c.isalnum() for c in f)] or [fold(text)]
    return _any([fts_tokens([f]) for f in forms], weight)


def phrase(phrase_words, weight: str = "") -> str:
    return _any([fts_tokens(v) for v in phrase_variants(tuple(phrase_words))], weight)


def prefix(node: Prefix) -> str:
    """``Tür*``: lexemes beginning with the folded prefix (``:*``, as FTS5's ``"tur" *``), or the word's own forms."""
    folded, exact = prefix_terms(node)
    return "(" + " | ".join([lexeme(folded) + ":*", *map(lexeme, exact)]) + ")"


_LEXEME = re.compile(r"'(?:[^']|'')*'")


def rum_ordered(match: str) -> bool:
    """Whether the RUM index's distance order of ``match`` is the order of ``tsv <=> match`` computed on
    the rows: only for one lexeme or an OR of plain lexemes (no ``&``, ``<->``, ``!``, prefix or weight).

    RUM scores a match inside the index (from the positions it keeps) and on the row by the same
    cover-density formula, but not alike: measured, the two orders disagree for phrases (``"in the"``
    on the shared pages: 1 of the first 30 ids in common), prefixes matching several lexemes and ANDs
    of three or more lexemes (generated rows); one cause in RUM's source is that repeated covers are
    grouped by a hash of pointers, which differ between the two. An OR of lexemes has covers of one
    position, one group per lexeme: the same order both ways (every first page equal on 3,000
    generated rows and the shared pages). The others are ranked on the rows (all of the matches)."""
    return not set(_LEXEME.sub("", match)) - set("()| ")


def is_text(node: Node) -> bool:
    return _search._is_text(node)


def tsquery(node: Node) -> str:
    """The tsquery of a text-only ``node`` (words, phrases, ``title:``, AND/OR/NOT of them)."""
    if isinstance(node, Word):
        return word(node.text)
    if isinstance(node, Phrase):
        return phrase(node.words)
    if isinstance(node, Prefix):
        return prefix(node)
    if isinstance(node, Field):  # title:
        ws = [w for w in words(node.value) if any(c.isalnum() for c in fold(w))]
        return word(ws[0], "A") if len(ws) == 1 else phrase(ws, "A")
    if isinstance(node, Not):
        return f"!{tsquery(node.item)}"
    if not node.items:
        return NOTHING if isinstance(node, Or) else ""
    joiner = " & " if isinstance(node, And) else " | "
    return "(" + joiner.join(tsquery(i) for i in node.items) + ")"


@dataclass(slots=True)
class Plan:
    match: str | None = None  # the ranked tsquery, over ``article_terms t``
    where: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)
    terms: bool = False  # a condition reads article_terms t (joined)


def _in_text(expr: str, p: Plan) -> str:
    p.params.append(expr)
    p.terms = True
    return "t.tsv @@ ?::tsquery"


def field_condition(conn, name: str, value: str, p: Plan) -> str:
    if name == "source":
        v = source_host(value)
        p.params.extend([v, "%." + v, v + ".%", fold(value)])
        p.terms = True
        return ("(a.source = ? OR a.source LIKE ? OR a.source LIKE ?"
                " OR t.publisher_folded = ?)")
    if name == "title":
        return _in_text(tsquery(Field(name, value)), p)
    return _search.field_condition(conn, name, value, p)  # type: ignore[arg-type]  # entity, section, lang, author


def condition(conn, node: Node, p: Plan) -> str:
    if is_text(node):
        return _in_text(tsquery(node) or NOTHING, p) if not (isinstance(node, And) and not node.items) else "TRUE"
    if isinstance(node, Field):
        return field_condition(conn, node.name, node.value, p)
    if isinstance(node, Not):
        return f"NOT {condition(conn, node.item, p)}"
    if not node.items:
        return "TRUE"
    joiner = " AND " if isinstance(node, And) else " OR "
    return "(" + joiner.join(condition(conn, i, p) for i in node.items) + ")"


def plan(conn, query: str | Node = "", filters: Filters | None = None) -> Plan:
    f = filters or Filters()
    node = parse(query) if isinstance(query, str) else query
    p = Plan()
    items = list(node.items) if isinstance(node, And) else [node]
    text = [i for i in items if is_text(i)]
    rest = [i for i in items if not is_text(i)]
    if text and any(not isinstance(i, Not) for i in text):
        p.match = tsquery(And(tuple(text))) if len(text) > 1 else tsquery(text[0])
    else:  # only negations: nothing to rank, listed newest first (as in SQLite)
        rest = items
    for item in rest:
        p.where.append(condition(conn, item, p))
    _search.add_filters(conn, p, f, field_condition)
    return p


def from_where(p: Plan) -> tuple[str, list]:
    """``FROM … WHERE …`` of the plan and its parameters (the tsquery first when ranked)."""
    where = " AND ".join(p.where) or "TRUE"
    if p.match:
        return (f"FROM article_terms t JOIN articles a ON a.id = t.id WHERE t.tsv @@ ?::tsquery AND {where}",
                [p.match, *p.params])
    if p.terms:
        return f"FROM article_terms t JOIN articles a ON a.id = t.id WHERE {where}", list(p.params)
    return f"FROM articles a WHERE {where}", list(p.params)


__all__ = ["NOTHING", "Plan", "RANK", "from_where", "lexeme", "plan", "positive_terms", "rum_ordered", "tsquery"]
