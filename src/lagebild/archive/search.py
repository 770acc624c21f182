"""From a query (``lagebild.query``) and filters to SQL over articles + FTS5, and snippets.

A query tree is split in two: the parts FTS5 can express (words, phrases, ``title:``, AND/OR and
``a NOT b``) become one MATCH expression that also ranks (BM25, title weighted highest); field
filters and what FTS5 cannot say (a lone NOT, a field inside an OR) become SQL conditions, each
text part of those as ``id IN (SELECT rowid … MATCH …)``.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

from ..query import (And, Field, Filters, Node, Not, Or, Phrase, Prefix, Word, parse, phrase_variants, positive_terms,
                     prefix_terms)
from ..sources.urls import source_host
from ..textnorm import _WORD as WORD, fold, index_terms, query_forms, words  # WORD: what words() finds
from .store import to_utc, unpack_text

BM25_WEIGHTS = (5.0, 2.0, 1.0)  # title, lead, text
SNIPPET_OPEN, SNIPPET_CLOSE = "[", "]"
_BM25 = f"bm25(articles_fts, {', '.join(map(str, BM25_WEIGHTS))})"


@dataclass(slots=True)
class Hit:
    id: int
    title: str
    url: str | None
    published: str | None
    section: str | None
    language: str | None
    source: str | None
    snippet: str
    score: float  # higher is better; 0.0 when nothing was ranked (newest first)


@dataclass(slots=True)
class Plan:
    match: str | None = None  # the ranking MATCH expression joined to articles
    where: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)
    highlight: set[str] = field(default_factory=set)


# ---------------------------------------------------------------- FTS5 expressions

def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _fts_word(text: str, column: str | None = None) -> str:
    forms = sorted(f for f in query_forms(text) if any(c.isalnum() for c in f))
    expr = " OR ".join(_quote(f) for f in forms) or _quote(fold(text))
    return f"{{{column}}} : ({expr})" if column else f"({expr})"


def _fts_phrase(phrase_words, column: str | None = None) -> str:
    variants = sorted(" ".join(v) for v in phrase_variants(tuple(phrase_words)))
    expr = " OR ".join(_quote(v) for v in variants)
    return f"{{{column}}} : ({expr})" if column else f"({expr})"


def _fts_prefix(node: Prefix) -> str:
    """``"tur" * OR "regier"``: index terms beginning with the folded prefix, or the word's own forms."""
    folded, exact = prefix_terms(node)
    return "(" + " OR ".join([_quote(folded) + " *", *map(_quote, exact)]) + ")"


def _is_text(node: Node) -> bool:
    if isinstance(node, (Word, Phrase, Prefix)):
        return True
    if isinstance(node, Field):
        return node.name == "title"
    if isinstance(node, Not):
        return _is_text(node.item)
    return all(_is_text(i) for i in node.items)  # And / Or


def fts(node: Node) -> str | None:
    """The FTS5 MATCH expression of a text-only ``node``, or None when FTS5 cannot express it."""
    if isinstance(node, Word):
        return _fts_word(node.text)
    if isinstance(node, Phrase):
        return _fts_phrase(node.words)
    if isinstance(node, Prefix):
        return _fts_prefix(node)
    if isinstance(node, Field) and node.name == "title":
        ws = [w for w in words(node.value) if any(c.isalnum() for c in fold(w))]
        return _fts_word(ws[0], "title") if len(ws) == 1 else _fts_phrase(ws, "title")
    if isinstance(node, Or):
        parts = [fts(i) for i in node.items]
        return None if None in parts else "(" + " OR ".join(parts) + ")"
    if isinstance(node, And):
        pos = [fts(i) for i in node.items if not isinstance(i, Not)]
        neg = [fts(i.item) for i in node.items if isinstance(i, Not)]
        if not pos or None in pos or None in neg:
            return None
        return "(" + " AND ".join(pos) + "".join(f" NOT {n}" for n in neg) + ")"
    return None  # a lone NOT, a field


# ---------------------------------------------------------------- SQL conditions

def _in_fts(expr: str, plan: Plan) -> str:
    plan.params.append(expr)
    return "a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"


def entity_ids(conn: sqlite3.Connection, value: str) -> list[str]:
    """Entities named by ``value``: its id, a name or alias (folded); else aliases ending in it."""
    folded = fold(value)
    ids = [r[0] for r in conn.execute(
        "SELECT id FROM entities WHERE id = ? UNION SELECT entity_id FROM entity_aliases WHERE alias_folded = ?",
        (value, folded))]
    if not ids and folded:
        ids = [r[0] for r in conn.execute(
            "SELECT DISTINCT entity_id FROM entity_aliases WHERE alias_folded LIKE ? ESCAPE '\\'",
            ("% " + folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"),))]
    return ids


def entity_condition(conn: sqlite3.Connection, value: str, plan: Plan) -> str:
    ids = entity_ids(conn, value)
    marks = ", ".join("?" * len(ids))
    plan.params.extend(ids)
    plan.params.append(fold(value))
    by_id = f"SELECT article_id FROM article_entities WHERE entity_id IN ({marks}) UNION " if ids else ""
    return f"a.id IN ({by_id}SELECT article_id FROM mentions WHERE text_folded = ?)"


def field_condition(conn: sqlite3.Connection, name: str, value: str, plan: Plan) -> str:
    if name == "entity":
        return entity_condition(conn, value, plan)
    if name == "section":
        plan.params.append(fold(value))
        return "a.section_folded = ?"
    if name == "lang":
        plan.params.append(value.lower())
        return "lower(a.language) = ?"
    if name == "source":
        v = source_host(value)
        plan.params.extend([v, "%." + v, v + ".%", fold(value)])
        return "(a.source = ? OR a.source LIKE ? OR a.source LIKE ? OR lb_fold(a.publisher) = ?)"
    if name == "author":
        plan.params.append("% " + " ".join(fold(w) for w in words(value)) + " %")
        return "(' ' || replace(a.authors_folded, ' | ', '  ') || ' ') LIKE ?"
    if name == "title":
        return _in_fts(fts(Field(name, value)), plan)  # type: ignore[arg-type]
    raise ValueError(name)


def condition(conn: sqlite3.Connection, node: Node, plan: Plan) -> str:
    """``node`` as one SQL condition over ``articles a``."""
    if _is_text(node):
        expr = fts(node)
        if expr is not None:
            return _in_fts(expr, plan)
    if isinstance(node, Field):
        return field_condition(conn, node.name, node.value, plan)
    if isinstance(node, Not):
        return f"NOT {condition(conn, node.item, plan)}"
    if not node.items:
        return "1"
    joiner = " AND " if isinstance(node, And) else " OR "
    return "(" + joiner.join(condition(conn, i, plan) for i in node.items) + ")"


def add_filters(conn, plan: Plan, f: Filters, field_condition=field_condition) -> None:
    """``f``'s conditions on ``plan`` — its fields through the backend's ``field_condition``, then the
    published range — shared by this plan and the PostgreSQL one (archive/pg/tsquery.py)."""
    for name, value in {"section": f.section, "lang": f.language, "source": f.source, "entity": f.entity}.items():
        if value:
            plan.where.append(field_condition(conn, name, value, plan))
    if f.since:
        plan.where.append("a.published_utc >= ?")
        plan.params.append(to_utc(f.since))
    if f.until:
        plan.where.append("a.published_utc <= ?")
        plan.params.append(to_utc(f.until, end_of_day=True))


def plan(conn: sqlite3.Connection, query: str | Node = "", filters: Filters | None = None) -> Plan:
    """The ranking MATCH and SQL conditions for a query and its filters."""
    f = filters or Filters()
    node = parse(query) if isinstance(query, str) else query
    p = Plan(highlight=positive_terms(node))
    items = list(node.items) if isinstance(node, And) else [node]
    text = [i for i in items if _is_text(i)]
    rest = [i for i in items if not _is_text(i)]
    if text:
        expr = fts(And(tuple(text))) if len(text) > 1 else fts(text[0])
        if expr is None:  # only negations, or a NOT FTS5 cannot place
            rest = items
        else:
            p.match = expr
    match_params = [p.match] if p.match else []
    for item in rest:
        p.where.append(condition(conn, item, p))
    add_filters(conn, p, f, field_condition)
    p.params = match_params + p.params
    return p


def select_sql(p: Plan, columns: str) -> str:
    """SELECT ``columns`` over the plan, ranked best first (or newest first without a MATCH)."""
    where = " AND ".join(p.where) or "1"
    if p.match:
        return (f"SELECT {columns}, -{_BM25} AS score FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"
                f" WHERE articles_fts MATCH ? AND {where}"
                " ORDER BY score DESC, a.published_utc DESC, a.id DESC")
    return (f"SELECT {columns}, 0.0 AS score FROM articles a WHERE {where}"
            " ORDER BY a.published_utc DESC, a.id DESC")


def count_sql(p: Plan) -> str:
    where = " AND ".join(p.where) or "1"
    if p.match:
        return ("SELECT count(*) FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"
                f" WHERE articles_fts MATCH ? AND {where}")
    return f"SELECT count(*) FROM articles a WHERE {where}"


# ---------------------------------------------------------------- snippets

_TOKEN = re.compile(r"[^\W_]+")  # what the FTS5 unicode61 tokenizer keeps of a term


@lru_cache(maxsize=200_000)
def _forms(word: str, lang: str | None) -> frozenset[str]:
    """What a word of the text may be matched as: its index term (and, for a hyphenated compound,
    each part, as FTS5 splits it) and its folded form."""
    t = index_terms(word, lang)
    found = {fold(word), *t}
    for x in t:
        found.update(_TOKEN.findall(x))
    return frozenset(found)


_NO_MARKERS = str.maketrans({SNIPPET_OPEN: "(", SNIPPET_CLOSE: ")"})


def _unmark(text: str) -> str:
    """The text with its own brackets turned into parentheses, so every [ ] in a snippet is a mark."""
    return text.translate(_NO_MARKERS)


def snippet(text: str, language: str | None, highlight: set[str], *, width: int = 30) -> str:
    """About ``width`` words of ``text`` around the densest run of matched words, marked [like this]."""
    if not highlight:  # nothing to mark (entity:, filters only): the opening words, without reading all the text
        head = list(islice(WORD.finditer(text), width + 1))
        if head:
            end = head[width - 1].end() if len(head) > width else len(text)
            return " ".join(_unmark(text[:end]).split()) + ("…" if len(head) > width else "")
    found = WORD.findall(text)  # = words(text); the spans are read below only for the window shown
    if not found:
        return _unmark(" ".join(text.split())[:200])
    prefixes = tuple(h[:-1] for h in highlight if h.endswith("*"))  # from a prefix query (positive_terms)
    marked = {w for w in set(found) if not highlight.isdisjoint(_forms(w, language))
              or (prefixes and any(f.startswith(prefixes) for f in _forms(w, language)))}
    hits = [i for i, w in enumerate(found) if w in marked] if marked else []
    first = max(0, _densest(hits, width) - 3) if hits else 0
    last = min(len(found), first + width)
    spans = [(m.start(), m.end()) for m in islice(WORD.finditer(text), first, last)]
    out, cursor = [], 0 if first == 0 else spans[0][0]
    for start, end in spans:
        w = text[start:end]
        out.append(_unmark(text[cursor:start]))
        out.append(f"{SNIPPET_OPEN}{w}{SNIPPET_CLOSE}" if w in marked else w)
        cursor = end
    if last == len(found):
        out.append(_unmark(text[cursor:]))
    body = " ".join("".join(out).split())
    return ("…" if first > 0 else "") + body + ("…" if last < len(found) else "")


def _densest(hits: list[int], width: int) -> int:
    """The word index that starts the window of ``width`` words holding the most hits."""
    best, start, j = 0, hits[0], 0
    for k, i in enumerate(hits):
        while j < len(hits) and hits[j] < i + width:
            j += 1
        if j - k > best:
            best, start = j - k, i
    return start


# ---------------------------------------------------------------- hits

HIT_COLUMNS = ("a.id, a.title, coalesce(a.canonical_url, a.url), a.published, a.section, a.language, a.source,"
               " a.text, a.lead")


def hit_rows(conn: sqlite3.Connection, pairs: list[tuple[int, float]]) -> list[tuple]:
    """Rows of HIT_COLUMNS + score for ``(id, score)`` pairs from an index, in their order (ids the
    store no longer holds are left out)."""
    if not pairs:
        return []
    ids = [aid for aid, _ in pairs]
    rows = {r[0]: r for r in conn.execute(
        f"SELECT {HIT_COLUMNS} FROM articles a WHERE a.id IN ({', '.join('?' * len(ids))})", ids)}
    return [(*rows[aid], score) for aid, score in pairs if aid in rows]


def to_hits(rows, highlight: set[str]) -> list[Hit]:
    """Hits from rows of HIT_COLUMNS + score."""
    return [
        Hit(id=r[0], title=r[1], url=r[2], published=r[3], section=r[4], language=r[5], source=r[6],
            snippet=snippet(unpack_text(r[7]) or r[8] or r[1] or "", r[5], highlight), score=float(r[9]))
        for r in rows
    ]
