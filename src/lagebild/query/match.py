"""Evaluating a parsed query in memory against one article (:class:`Doc`), with the same word forms
the archive's full-text index uses, so a query finds the same articles in search and in alerts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import QueryError
from ..sources.urls import host_of, source_matches
from ..textnorm import fold, index_terms, query_forms, words
from .parse import And, Field, Node, Not, Or, Phrase, Prefix, Word, phrase_variants, prefix_terms, text_node


# ---------------------------------------------------------------- in-memory evaluation

_TOKEN = re.compile(r"[^\W_]+")  # how FTS5's unicode61 tokenizer splits a term ("ost-west" -> ost, west)


def fts_tokens(terms) -> list[str]:
    """Index terms split the way the archive's FTS5 index splits them, so both match alike."""
    return [t for term in terms for t in _TOKEN.findall(term)]


@dataclass(slots=True)
class Doc:
    """What :func:`matches` needs of an article; build one with :meth:`Doc.of` and reuse it."""

    terms: list[str]  # index terms of title + text in order, split as the FTS index splits them
    title_terms: list[str]
    section: str | None = None
    language: str | None = None
    source: str | None = None  # host, see host_of
    publisher: str | None = None
    authors: list[str] = field(default_factory=list)
    entity_ids: set[str] = field(default_factory=set)
    entity_names: set[str] = field(default_factory=set)  # folded names, aliases and mention texts
    term_set: frozenset = frozenset()
    title_set: frozenset = frozenset()

    def __post_init__(self) -> None:
        self.term_set = frozenset(self.terms)
        self.title_set = frozenset(self.title_terms)

    @classmethod
    def of(cls, article) -> "Doc":
        lang = article.language
        title_terms = fts_tokens(index_terms(article.title or "", lang))
        text = article.text or "\n\n".join([article.lead, *article.body])
        ids = {e.id for e in article.entities} | {m.entity_id for m in article.mentions if m.entity_id}
        names = {fold(m.text) for m in article.mentions}
        for e in article.entities:
            names |= {fold(a) for a in [e.name, *e.aliases]}
        return cls(
            terms=title_terms + fts_tokens(index_terms(text, lang)), title_terms=title_terms,
            section=article.section, language=article.language,
            source=host_of(article.canonical_url or article.url), publisher=article.publisher,
            authors=list(article.authors), entity_ids=ids, entity_names=names,
        )


def matches(node: Node, doc) -> bool:
    """Whether ``doc`` (a :class:`Doc` or an Article) satisfies the query ``node``."""
    if not isinstance(doc, Doc):
        doc = Doc.of(doc)
    return _eval(node, doc)


def _eval(node: Node, doc: Doc) -> bool:
    if isinstance(node, Word):
        return _has_word(doc.terms, doc.term_set, node.text)
    if isinstance(node, Phrase):
        return _has_phrase(doc.terms, node.words)
    if isinstance(node, Prefix):
        folded, exact = prefix_terms(node)
        return any(t.startswith(folded) for t in doc.term_set) or not doc.term_set.isdisjoint(exact)
    if isinstance(node, Field):
        return _field(node, doc)
    if isinstance(node, And):
        return all(_eval(i, doc) for i in node.items)
    if isinstance(node, Or):
        return any(_eval(i, doc) for i in node.items)
    if isinstance(node, Not):
        return not _eval(node.item, doc)  # type: ignore[arg-type]
    raise QueryError(f"not a query node: {node!r}")


def _has_sequence(terms: list[str], seq: list[str]) -> bool:
    k = len(seq)
    return k > 0 and any(terms[i : i + k] == seq for i in range(len(terms) - k + 1))


def _has_word(terms: list[str], term_set: frozenset, word: str) -> bool:
    for form in query_forms(word):
        toks = _TOKEN.findall(form)
        if (len(toks) == 1 and toks[0] in term_set) or (len(toks) > 1 and _has_sequence(terms, toks)):
            return True
    return False


def _has_phrase(terms: list[str], phrase_words) -> bool:
    return any(_has_sequence(terms, fts_tokens(v)) for v in phrase_variants(tuple(phrase_words)))


def _field(node: Field, doc: Doc) -> bool:
    value = node.value
    if node.name == "section":
        return doc.section is not None and fold(doc.section) == fold(value)
    if node.name == "lang":
        return (doc.language or "").lower() == value.lower()
    if node.name == "source":
        return source_matches(doc.source, doc.publisher, value)
    if node.name == "author":
        want = " ".join(fold(w) for w in words(value))
        return any(f" {want} " in " " + " ".join(fold(w) for w in words(a)) + " " for a in doc.authors)
    if node.name == "title":
        text = text_node(value)
        if isinstance(text, Word):
            return _has_word(doc.title_terms, doc.title_set, text.text)
        return text is not None and _has_phrase(doc.title_terms, text.words)  # type: ignore[union-attr]
    if node.name == "entity":
        folded = fold(value)
        return value in doc.entity_ids or folded in doc.entity_names or any(
            n.endswith(" " + folded) for n in doc.entity_names
        )
    raise QueryError(f"unknown field {node.name}:")
