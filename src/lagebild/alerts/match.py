"""Matching many saved queries against each new article: a presearcher, then exact verification.

Every query is reduced to *requirement groups*: sets of keys of which a matching article must
contain at least one (``Word("Klima")`` needs one of its word forms; an AND needs each of its
items' groups; an OR needs one key from the union of its branches' best groups; ``section:``,
``lang:``, ``source:``, ``author:`` and ``entity:`` become pseudo-keys such as ``\\0lang:de``).
One group per query, the most selective (rarest by the document frequencies given, else the
longest word), goes into an inverted index ``key -> query ids``; queries with no group at all
(a pure NOT, an empty query) go into an always-check list.

Per article: its distinct index terms (:func:`lagebild.textnorm.index_terms`, the same forms the
archive's full-text index uses) plus its field keys select the candidate queries; a candidate
must then meet all its other groups (set look-ups) and finally the query itself: words, AND, OR
and NOT are evaluated on the article's term set with each word's forms computed once per query,
phrases and fields by :func:`lagebild.query.matches`. So the cost grows with the candidates, not
with the number of saved queries, and the result is exactly what ``matches`` says (a test checks
this on random queries).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from ..query import And, Doc, Field, Node, Not, Or, Phrase, Word, fts_tokens, matches, parse, phrase_variants
from ..textnorm import fold, query_forms, words
from .keys import PSEUDO, doc_keys, fast_doc, key as field_key

Group = frozenset  # of keys: index terms or "\0field:value" pseudo-keys
# Field keys are guessed commonness when no document frequencies are known: a language is
# shared by half the archive, a section by a tenth, a source by a twentieth.
_FIELD_GUESS = {"lang": 0.5, "section": 0.1, "source": 0.05, "author": 0.001, "entity": 0.005}


@dataclass(slots=True)
class _Query:
    node: Node
    groups: tuple[Group, ...]  # the groups not used for look-up: every one must meet the article's keys
    key: Group | None  # the rarest group, which the query is indexed under; None = always check
    second: Group | None  # the next rarest: the query is filed under (key, second) pairs of keys
    check: tuple | None  # the node compiled for verification; None when the groups are the query


def _tokens(form: str) -> list[str]:
    """The archive's FTS index (and so Doc.terms) may split a term further ("ost-west" -> ost, west)."""
    return fts_tokens([form])


@lru_cache(maxsize=200_000)
def _forms(word: str) -> frozenset[str]:
    """``query_forms(word)``, computed once per distinct query word."""
    return frozenset(query_forms(word))


@lru_cache(maxsize=200_000)
def _is_simple(word: str) -> bool:
    return all(_tokens(f) == [f] for f in _forms(word))


def _word_group(word: str) -> Group:
    """One key per form of ``word``: the form itself, or its longest token if the index splits it."""
    return frozenset(max(_tokens(f), key=len, default=f) for f in _forms(word))


def _simple_word(node) -> bool:
    """A word each of whose forms is one index token: its group is exactly its truth."""
    return isinstance(node, Word) and _is_simple(node.text)


def _compile(node: Node) -> tuple:
    """``node`` with each simple word's forms and each phrase's token sequences computed once:
    ("w", forms), ("p", sequences), ("and"|"or", items), ("not", item), or ("q", node) for fields
    and split words, which :func:`matches` evaluates itself."""
    if _simple_word(node):
        return ("w", _forms(node.text))  # type: ignore[union-attr]
    if isinstance(node, Phrase):
        return ("p", tuple({tuple(fts_tokens(v)) for v in phrase_variants(tuple(node.words))}))
    if isinstance(node, And):
        return ("and", tuple(_compile(i) for i in node.items))
    if isinstance(node, Or):
        return ("or", tuple(_compile(i) for i in node.items))
    if isinstance(node, Not):
        return ("not", _compile(node.item))  # type: ignore[arg-type]
    return ("q", node)


def _exact(node: Node) -> bool:
    """Whether meeting the requirement groups already means matching (no verification needed)."""
    if isinstance(node, (And, Or)):
        return bool(node.items) and all(_simple_word(i) for i in node.items)
    return _simple_word(node)


class _Article:
    """One article as verification sees it: its keys, its Doc, and (built on first need) its
    terms joined by spaces, in which a phrase is one substring search."""

    __slots__ = ("keys", "doc", "_joined")

    def __init__(self, keys: set[str], doc: Doc) -> None:
        self.keys, self.doc, self._joined = keys, doc, None

    def has_sequence(self, seq: tuple[str, ...]) -> bool:
        """query's rule: the tokens occur consecutively in the article's terms. Terms hold no
        whitespace (they are word tokens), so " a b " in " t1 t2 … " says exactly that."""
        if not seq:
            return False
        if self._joined is None:
            self._joined = " " + " ".join(self.doc.terms) + " "
        return " " + " ".join(seq) + " " in self._joined


def _verify(check: tuple, art: _Article) -> bool:
    """The same truth as ``matches(node, doc)``: a simple word holds if one of its forms is among
    the article's terms, a phrase if one of its variants' token sequences occurs (query's rules);
    everything else goes to ``matches`` itself."""
    op, arg = check
    if op == "w":
        return not arg.isdisjoint(art.keys)
    if op == "p":
        return any(art.has_sequence(seq) for seq in arg)
    if op == "and":
        return all(_verify(c, art) for c in arg)
    if op == "or":
        return any(_verify(c, art) for c in arg)
    if op == "not":
        return not _verify(arg, art)
    return matches(arg, art.doc)


def requirements(node: Node) -> list[Group]:
    """Groups of keys an article must meet (one key of each) for ``node`` to match it."""
    if isinstance(node, Word):
        return [_word_group(node.text)]
    if isinstance(node, Phrase):
        return [_word_group(w) for w in node.words]
    if isinstance(node, Field):
        return _field_requirements(node)
    if isinstance(node, And):
        return [g for item in node.items for g in requirements(item)]
    if isinstance(node, Or):
        branches = [requirements(item) for item in node.items]
        if not branches or any(not b for b in branches):
            return []
        return [frozenset().union(*(best(b) for b in branches))]
    return []  # Not: an absence cannot be looked up


def _field_requirements(node: Field) -> list[Group]:
    name, value = node.name, node.value
    if name == "title":
        return [_word_group(w) for w in words(value) if any(c.isalnum() for c in fold(w))]
    if name == "lang":
        return [frozenset({field_key("lang", value.lower())})]
    if name == "section":
        return [frozenset({field_key("section", fold(value))})]
    if name == "source":
        v = value.lower().strip()
        v = v[4:] if v.startswith("www.") else v
        return [frozenset({field_key("source", v), field_key("source", fold(value))})]
    if name == "author":
        first = [fold(w) for w in words(value)]
        return [frozenset({field_key("author", first[0])})] if first else []
    if name == "entity":
        return [frozenset({field_key("entity", value), field_key("entity", fold(value))})]
    return []


class _Rarity:
    """Estimated share of articles holding a key: from document frequencies if given."""

    def __init__(self, df: Mapping[str, int] | None, ndocs: int) -> None:
        self.df, self.ndocs = df or {}, max(ndocs, 1)

    def __call__(self, key: str) -> float:
        if key in self.df:
            return self.df[key] / self.ndocs
        if key.startswith(PSEUDO):
            return _FIELD_GUESS.get(key[1:].split(":", 1)[0], 0.01)
        if self.df:
            return 0.5 / self.ndocs  # unseen in the corpus: rare
        return 1.0 / (1 + len(key)) ** 2  # no statistics: longer words are rarer


_default_rarity = _Rarity(None, 0)


def best(groups: list[Group], rarity=_default_rarity) -> Group:
    """The most selective group: the one whose keys together are held by the fewest articles."""
    return min(groups, key=lambda g: (sum(rarity(k) for k in g), len(g)))


class Presearcher:
    """Saved queries indexed by their rarest required key.

    >>> p = Presearcher()
    >>> p.add("klima", "Klimagesetz OR Klimaschutz")
    >>> p.match(article)  # -> ["klima"] if it matches
    """

    def __init__(self, df: Mapping[str, int] | None = None, ndocs: int = 0) -> None:
        self._rarity = _Rarity(df, ndocs) if df else _default_rarity
        self._queries: dict[Hashable, _Query] = {}
        # A query with one requirement group is filed in the bucket of each key of it; one with
        # two or more in the buckets of each (key, second) pair of keys; one with none (a pure NOT,
        # the empty query) in _always. In a bucket, queries whose groups are their whole truth (a
        # word, an OR of words, an AND of two words) sit in ``exact`` and are matched by set
        # operations alone; the others in ``check``, to be verified.
        self._keys: dict[str, _Bucket] = {}  # one look-up per article key serves both kinds of filing
        self._always: dict[Hashable, _Query] = {}
        self.stats = {"articles": 0, "candidates": 0, "verified": 0, "matched": 0}

    def __len__(self) -> int:
        return len(self._queries)

    def add(self, qid: Hashable, query: str | Node) -> None:
        """Index one query (text or AST) under ``qid``; raises QueryError for bad text."""
        node = parse(query) if isinstance(query, str) else query
        if qid in self._queries:
            self.remove(qid)
        rest = list(dict.fromkeys(requirements(node)))
        key = second = None
        if rest:
            key = best(rest, self._rarity)
            rest.remove(key)
        if rest:
            second = best(rest, self._rarity)
            rest.remove(second)
        q = self._queries[qid] = _Query(node, tuple(rest), key, second, None if _exact(node) else _compile(node))
        if key is None:
            self._always[qid] = q
        exact = q.check is None and not q.groups
        for bucket in self._buckets(q, create=True):
            if exact:
                bucket.exact.add(qid)
            else:
                bucket.check[qid] = q

    def _buckets(self, q: _Query, create: bool = False) -> list[_Bucket]:
        out = []
        for k in q.key or ():
            bucket = self._keys.get(k)
            if bucket is None:
                if not create:
                    continue
                bucket = self._keys[k] = _Bucket()
            if q.second is None:
                out.append(bucket)
                continue
            if bucket.pairs is None:
                if not create:
                    continue
                bucket.pairs = {}
            for other in q.second:
                inner = bucket.pairs.get(other)
                if inner is None and create:
                    inner = bucket.pairs[other] = _Bucket()
                if inner is not None:
                    out.append(inner)
        return out

    def add_many(self, items: Iterable[tuple[Hashable, str | Node]]) -> None:
        for qid, query in items:
            self.add(qid, query)

    def remove(self, qid: Hashable) -> None:
        q = self._queries.pop(qid, None)
        if q is None:
            return
        self._always.pop(qid, None)
        for bucket in self._buckets(q):
            bucket.exact.discard(qid)
            bucket.check.pop(qid, None)
        for k in q.key or ():  # drop what became empty
            bucket = self._keys.get(k)
            if bucket is None:
                continue
            if bucket.pairs is not None:
                for other in q.second or ():
                    if other in bucket.pairs and not bucket.pairs[other]:
                        del bucket.pairs[other]
                if not bucket.pairs:
                    bucket.pairs = None
            if not bucket:
                del self._keys[k]

    def _lookup(self, keys: set[str]) -> tuple[set[Hashable], dict[Hashable, _Query]]:
        """The exact matches, and the queries to verify, among those filed under the article's keys."""
        matched: set[Hashable] = set()
        found = dict(self._always)
        by_key = self._keys
        for k in keys & by_key.keys():
            bucket = by_key[k]
            if bucket.exact:
                matched |= bucket.exact
            if bucket.check:
                found.update(bucket.check)
            pairs = bucket.pairs
            if pairs is None or pairs.keys().isdisjoint(keys):  # the usual case: nothing allocated
                continue
            for other in pairs.keys() & keys:
                inner = pairs[other]
                matched |= inner.exact
                found.update(inner.check)
        return matched, found

    def candidates(self, keys: set[str]) -> set[Hashable]:
        """Ids of the queries filed under keys the article holds (exact or to verify), or always."""
        matched, found = self._lookup(keys)
        return matched | found.keys()

    def match(self, article) -> list[Hashable]:
        """Ids of the saved queries that ``article`` (an Article or a query.Doc) matches."""
        doc = article if isinstance(article, Doc) else fast_doc(article)
        keys = doc_keys(doc)  # its terms plus "\0field:value" keys, which no word form equals
        out, found = self._lookup(keys)
        exact = len(out)
        art = _Article(keys, doc)
        verified = 0
        for qid, q in found.items():
            for group in q.groups:
                if group.isdisjoint(keys):
                    break
            else:
                if q.check is None:
                    out.add(qid)
                    continue
                verified += 1
                if _verify(q.check, art):
                    out.add(qid)
        s = self.stats
        s["articles"] += 1
        s["candidates"] += len(found) + exact
        s["verified"] += verified
        s["matched"] += len(out)
        return list(out)


class _Bucket:
    __slots__ = ("exact", "check", "pairs")

    def __init__(self) -> None:
        self.exact: set[Hashable] = set()
        self.check: dict[Hashable, _Query] = {}
        self.pairs: dict[str, _Bucket] | None = None  # second key -> bucket, for the pair filings

    def __bool__(self) -> bool:
        return bool(self.exact or self.check or self.pairs)


__all__ = ["Presearcher", "best", "doc_keys", "fast_doc", "requirements"]
