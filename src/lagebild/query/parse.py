"""The query language's parser: query text to an AST of frozen dataclasses and back (:func:`unparse`),
and the index-term forms a query's words and phrases match. The grammar is in the package docstring."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from ..errors import QueryError
from ..textnorm import fold, phrase_forms, query_forms, words

FIELDS = ("entity", "section", "lang", "source", "title", "author")
_FIELD_ALIASES = {"language": "lang"}
_KEYWORDS = ("AND", "OR", "NOT")
_MAX_DEPTH = 16  # FTS5's query parser overflows its stack on deeper alternating AND/OR
MAX_TERMS = 256  # more would exceed SQLite's expression depth once compiled, and no one types it
MIN_PREFIX = 2  # letters before a trailing "*": "T*" would expand to a large share of the vocabulary


@dataclass(frozen=True, slots=True)
class Word:
    text: str  # as typed; matched through textnorm.query_forms


@dataclass(frozen=True, slots=True)
class Prefix:
    text: str  # the word typed before a trailing "*" ("Tür" of "Tür*")


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


Node = Union[Word, Prefix, Phrase, Field, And, Or, Not]


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


def text_node(text: str) -> Node | None:
    """The words of ``text`` as one :class:`Word` or a :class:`Phrase`; None when no word is indexable."""
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
        if text_node(value) is None:
            raise _error(pos, "title: needs a word")
    return Field(name, value)


def _prefix_node(run: str, pos: int) -> Prefix:
    """``Tür*``: any word whose index term begins with the folded ``tür`` (Türkei, Türen), or the word's own forms."""
    text = run.rstrip("*")
    folded = fold(text)
    if not folded.isalnum() or "*" in text:
        raise _error(pos, f"{run}: a prefix is one word of letters or digits before a trailing *")
    if len(folded) < MIN_PREFIX:
        raise _error(pos, f"{run}: a prefix needs at least {MIN_PREFIX} letters before the *")
    return Prefix(text)


def prefix_terms(node: Prefix) -> tuple[str, list[str]]:
    """What a prefix matches in the index: terms beginning with the first (the folded prefix), and
    the word's own index forms — its stem may be shorter than what was typed ("Regierung*" stems
    to "regier"), so "Regierungen" is found too."""
    folded = fold(node.text)
    return folded, sorted(f for f in query_forms(node.text) if f.isalnum() and not f.startswith(folded))


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
            node = text_node(text)
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
    if run.endswith("*") and run.strip("*"):
        out.append(_Tok("TERM", start, _prefix_node(run, start)))
        return i
    node = text_node(run)
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
    if isinstance(node, Word):  # a word spelled like an operator (from ":OR") is quoted to stay a word
        return f'"{node.text}"' if node.text in _KEYWORDS else node.text
    if isinstance(node, Phrase):
        return '"' + " ".join(node.words) + '"'
    if isinstance(node, Prefix):
        return node.text + "*"
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
    """Index terms of every word and phrase not under a NOT (for highlighting and ranking); a
    prefix adds its own forms and itself with a trailing ``*`` (``"tur*"``: any term beginning so)."""
    out: set[str] = set()
    if isinstance(node, Word):
        out |= query_forms(node.text)
    elif isinstance(node, Prefix):
        folded, exact = prefix_terms(node)
        out |= {folded + "*", *exact}
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
