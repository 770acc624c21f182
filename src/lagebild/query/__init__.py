"""One query language for search, alerts and the REST API: parse it once, evaluate it anywhere.

Grammar (keywords are uppercase; lowercase ``and``/``or``/``not`` are ordinary words)::

    query   := or_expr?
    or_expr := and_expr ("OR" and_expr)*
    and_expr:= unary (["AND"] unary)*          adjacent terms are ANDed
    unary   := "NOT" unary | "-" primary | primary
    primary := "(" or_expr ")" | '"phrase"' | field ":" (bare | '"quoted"') | word | word "*"

Fields: ``entity:``, ``section:``, ``lang:`` (also ``language:``), ``source:``, ``title:``,
``author:``. Any other ``name:value`` is plain text. A bare token that holds several words
(``U.S.``, ``foo:bar``) is a phrase; a token with no word at all (``&``, ``–``) is ignored.
A word with a trailing ``*`` is a prefix (``Tür*``: Türkei, Türen, Tür — any word whose index term
begins with the folded prefix, or the word itself in any form); it needs at least two letters
(``parse.MIN_PREFIX``), else the query is refused with the reason.

``parse('kooperiert (Türkei OR "Russische Föderation") -Sport section:Politik')`` is::

    And((Word("kooperiert"), Or((Word("Türkei"), Phrase(("Russische", "Föderation")))),
         Not(Word("Sport")), Field("section", "Politik")))

The AST is made of frozen dataclasses: :class:`Word`, :class:`Prefix`, :class:`Phrase`, :class:`Field`,
:class:`And`, :class:`Or`, :class:`Not`. An empty query parses to ``And(())``, which matches
everything. :func:`matches` evaluates a query in memory against one article (:class:`Doc`)
with the same word forms the archive's full-text index uses (:mod:`lagebild.textnorm`), so a
query finds the same articles in search and in alerts.

The filters every search takes beside its query (since, until, section, language, source, entity)
travel as one :class:`Filters` value.

The pieces: ``parse.py`` (AST, parser, :func:`unparse`, word and phrase forms), ``match.py``
(:class:`Doc`, :func:`matches`), ``filters.py`` (:class:`Filters`).
"""

from .filters import Filters
from .match import Doc, fts_tokens, matches
from .parse import (FIELDS, MAX_TERMS, And, Field, Node, Not, Or, Phrase, Prefix, Word, parse, phrase_variants,
                    positive_terms, prefix_terms, unparse)

__all__ = [
    "FIELDS", "MAX_TERMS", "And", "Doc", "Field", "Filters", "Node", "Not", "Or", "Phrase", "Prefix", "Word",
    "fts_tokens", "matches", "parse", "phrase_variants", "positive_terms", "prefix_terms", "unparse",
]
