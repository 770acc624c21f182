"""One query language for search, alerts and the REST API: parse it once, evaluate it anywhere.

Grammar (keywords are uppercase; lowercase ``and``/``or``/``not`` are ordinary words)::

    query   := or_expr?
    or_expr := and_expr ("OR" and_expr)*
    and_expr:= unary (["AND"] unary)*          adjacent terms are ANDed
    unary   := "NOT" unary | "-" primary | primary
    primary := "(" or_expr ")" | '"phrase"' | field ":" (bare | '"quoted"') | word

Fields: ``entity:``, ``section:``, ``lang:`` (also ``language:``), ``source:``, ``title:``,
``author:``. Any other ``name:value`` is plain text. A bare token that holds several words
(``U.S.``, ``foo:bar``) is a phrase; a token with no word at all (``&``, ``–``) is ignored.

``parse('kooperiert (Türkei OR "Russische Föderation") -Sport section:Politik')`` is::

    And((Word("kooperiert"), Or((Word("Türkei"), Phrase(("Russische", "Föderation")))),
         Not(Word("Sport")), Field("section", "Politik")))

The AST is made of frozen dataclasses: :class:`Word`, :class:`Phrase`, :class:`Field`,
:class:`And`, :class:`Or`, :class:`Not`. An empty query parses to ``And(())``, which matches
everything. :func:`matches` evaluates a query in memory against one article (:class:`Doc`)
with the same word forms the archive's full-text index uses (:mod:`lagebild.textnorm`), so a
query finds the same articles in search and in alerts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Union
from urllib.parse import urlsplit

from .errors import QueryError
from .textnorm import fold, index_terms, phrase_forms, query_forms, words

__all__ = [
    "And", "Doc", "FIELDS", "Field", "Node", "Not", "Or", "Phrase", "Word", "fts_tokens", "host_of", "matches",
    "parse", "phrase_variants", "positive_terms", "source_host", "source_matches", "unparse",
]

FIELDS = ("entity", "section", "lang", "source", "title", "author")
_FIELD_ALIASES = {"language": "lang"}
_KEYWORDS = ("AND", "OR", "NOT")
_MAX_DEPTH = 16  # FTS5's query parser overflows its stack on deeper alternating AND/OR
MAX_TERMS = 256  # more would exceed SQLite's expression depth once compiled, and no one types it


@dataclass(frozen=True, slots=True)
class Word:
    text: str  # as typed; matched through textnorm.query_forms


@dataclass(frozen=True, slots=True)
class Phrase:
    words: tuple[str, ...]  # consecutive words, as typed


@dataclass(frozen=True, slots=True)
class Field:
    name: str  # one of FIELDS
    value: str


@dataclass(frozen=True, slots=True)
class And:
    items: tuple  # of Node; empty = everything


@dataclass(frozen=True, slots=True)
class Or:
    items: tuple


@dataclass(frozen=True, slots=True)
class Not:
    item: object  # Node


Node = Union[Word, Phrase, Field, And, Or, Not]


def _error(position: int, reason: str) -> QueryError:
    err = QueryError(f"position {position}: {reason}")
    err.position = position  # type: ignore[attr-defined]
    err.reason = reason  # type: ignore[attr-defined]
    return err


# ---------------------------------------------------------------- tokens

@dataclass(slots=True)
class _Tok:
    kind: str  # "(" ")" "AND" "OR" "NOT" "-" "TERM" "END"
    pos: int
    node: Node | None = None


def _indexable(word: str) -> bool:
    return any(c.isalnum() for c in fold(word))


def _text_node(text: str) -> Node | None:
    found = [w for w in words(text) if _indexable(w)]
    if not found:
        return None
    return Word(found[0]) if len(found) == 1 else Phrase(tuple(found))


def _read_quoted(query: str, start: int) -> tuple[str, int]:
    """The text between the quote at ``start`` and the next quote; the index after it."""
    end = query.find('"', start + 1)
    if end < 0:
        raise _error(start, "unclosed quote")
    return query[start + 1 : end], end + 1


def _field_node(name: str, value: str, pos: int) -> Node:
    value = value.strip()
    if not value:
        raise _error(pos, f"{name}: needs a value")
    if name == "title":
        if _text_node(value) is None:
            raise _error(pos, "title: needs a word")
    return Field(name, value)


def _tokens(query: str) -> list[_Tok]:
    out: list[_Tok] = []
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c.isspace():
            i += 1
        elif c in "()":
            out.append(_Tok(c, i))
            i += 1
        elif c == '"':
            text, j = _read_quoted(query, i)
            node = _text_node(text)
            if node is None:
                raise _error(i, "empty phrase")
            out.append(_Tok("TERM", i, node))
            i = j
        elif c == "-" and i + 1 < n and not query[i + 1].isspace() and query[i + 1] not in ")-":
            out.append(_Tok("-", i))
            i += 1
        else:
            i = _bare(query, i, out)
    out.append(_Tok("END", n))
    terms = [t for t in out if t.kind == "TERM"]
    if len(terms) > MAX_TERMS:
        raise _error(terms[MAX_TERMS].pos, f"query has more than {MAX_TERMS} terms")
    return out


def _bare(query: str, i: int, out: list[_Tok]) -> int:
    """Read one bare run (a keyword, a field or text) starting at ``i``; return where it ends."""
    start, n = i, len(query)
    while i < n and not query[i].isspace() and query[i] not in '()"':
        i += 1
    run = query[start:i]
    if run in _KEYWORDS:
        out.append(_Tok(run, start))
        return i
    name, colon, value = run.partition(":")
    fname = _FIELD_ALIASES.get(name.lower(), name.lower())
    if colon and fname in FIELDS:
        if not value and i < n and query[i] == '"':
            value, i = _read_quoted(query, i)
            if not value.strip():
                raise _error(start, f"{fname}: needs a value")
        out.append(_Tok("TERM", start, _field_node(fname, value, start)))
        return i
    node = _text_node(run)
    if node is not None:
        out.append(_Tok("TERM", start, node))
    elif out and out[-1].kind == "-":
        out.pop()  # "-&": a minus before nothing
    return i


# ---------------------------------------------------------------- parser

class _Parser:
    def __init__(self, query: str) -> None:
        self.toks = _tokens(query)
        self.i = 0
        self.depth = 0

    def peek(self) -> _Tok:
        return self.toks[self.i]

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def parse(self) -> Node:
        if self.peek().kind == "END":
            return And(())
        node = self.or_expr()
        tok = self.peek()
        if tok.kind == ")":
            raise _error(tok.pos, "unmatched )")
        if tok.kind != "END":  # pragma: no cover - or_expr consumes all but ) and END
            raise _error(tok.pos, f"unexpected {tok.kind}")
        return node

    def or_expr(self) -> Node:
        items = [self.and_expr()]
        while self.peek().kind == "OR":
            self.take()
            items.append(self.and_expr())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def and_expr(self) -> Node:
        items = [self.unary()]
        while self.peek().kind not in ("OR", ")", "END"):
            if self.peek().kind == "AND":
                self.take()
            items.append(self.unary())
        return items[0] if len(items) == 1 else And(tuple(items))

    def unary(self) -> Node:
        tok = self.peek()
        if tok.kind in ("NOT", "-"):
            self.take()
            self.enter(tok.pos)
            item = self.unary() if tok.kind == "NOT" else self.primary()
            self.depth -= 1
            return Not(item)
        return self.primary()

    def enter(self, pos: int) -> None:
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise _error(pos, f"query nested deeper than {_MAX_DEPTH} levels")

    def primary(self) -> Node:
        tok = self.take()
        if tok.kind == "TERM":
            return tok.node  # type: ignore[return-value]
        if tok.kind == "(":
            if self.peek().kind == ")":
                raise _error(tok.pos, "empty parentheses")
            self.enter(tok.pos)
            node = self.or_expr()
            self.depth -= 1
            if self.take().kind != ")":
                raise _error(tok.pos, "unclosed (")
            return node
        if tok.kind == "END":
            raise _error(tok.pos, "query ends where a term was expected")
        if tok.kind == ")":
            raise _error(tok.pos, "unmatched )" if self.depth == 0 else "expected a term before )")
        raise _error(tok.pos, f"expected a term, found {tok.kind}")


def parse(query: str) -> Node:
    """The AST of ``query``; raises :class:`QueryError` naming the position and the reason."""
    if not isinstance(query, str):
        raise QueryError(f"a query is text, not {type(query).__name__}")
    return _Parser(query).parse()


def unparse(node: Node) -> str:
    """Query text for ``node`` that parses back to the same AST."""
    if isinstance(node, Word):
        return node.text
    if isinstance(node, Phrase):
        return '"' + " ".join(node.words) + '"'
    if isinstance(node, Field):
        return f'{node.name}:"{node.value}"' if any(c.isspace() or c in '()"' for c in node.value) else f"{node.name}:{node.value}"
    if isinstance(node, Not):
        return "NOT " + _group(node.item)
    if isinstance(node, And):
        return " AND ".join(_group(i) for i in node.items)
    return " OR ".join(_group(i) for i in node.items)


def _group(node: Node) -> str:
    return f"({unparse(node)})" if isinstance(node, (And, Or)) else unparse(node)


# ---------------------------------------------------------------- word forms shared with the archive

def phrase_variants(phrase_words: tuple[str, ...] | list[str]) -> set[tuple[str, ...]]:
    """The index-term sequences a phrase may appear as (``textnorm.phrase_forms``)."""
    return phrase_forms(phrase_words)


def positive_terms(node: Node) -> set[str]:
    """Index terms of every word and phrase not under a NOT (for highlighting and ranking)."""
    out: set[str] = set()
    if isinstance(node, Word):
        out |= query_forms(node.text)
    elif isinstance(node, Phrase):
        for w in node.words:
            out |= query_forms(w)
    elif isinstance(node, Field) and node.name == "title":
        for w in words(node.value):
            out |= query_forms(w)
    elif isinstance(node, (And, Or)):
        for item in node.items:
            out |= positive_terms(item)
    return out


def host_of(url: str | None) -> str | None:
    """The source host of a URL, lowercase, without ``www.``: the value ``source:`` matches."""
    if not url:
        return None
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return None
    return host[4:] if host.startswith("www.") else (host or None)


def source_host(value: str) -> str:
    """The host a ``source:`` value names: ``https://www.spiegel.de/x``, ``www.spiegel.de`` -> ``spiegel.de``."""
    v = value.strip().lower()
    if "://" in v:
        v = host_of(v) or v
    v = v.split("/", 1)[0]
    return v[4:] if v.startswith("www.") else v


def source_matches(host: str | None, publisher: str | None, value: str) -> bool:
    """``source:value`` against one article: the host, a subdomain of it, its first label or the publisher."""
    v = source_host(value)
    if host and (host == v or host.endswith("." + v) or host.split(".")[0] == v):
        return True
    return bool(publisher) and fold(publisher) == fold(value)


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
        text = _text_node(value)
        if isinstance(text, Word):
            return _has_word(doc.title_terms, doc.title_set, text.text)
        return text is not None and _has_phrase(doc.title_terms, text.words)  # type: ignore[union-attr]
    if node.name == "entity":
        folded = fold(value)
        return value in doc.entity_ids or folded in doc.entity_names or any(
            n.endswith(" " + folded) for n in doc.entity_names
        )
    raise QueryError(f"unknown field {node.name}:")
