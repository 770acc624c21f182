"""A name NER ran together with the words around it ("Instagram Global News", "Add Global News",
"Global News Home", "Follow BBC", "U.S. Terror Laws"): menu lines, share buttons, headlines and
tag lines hold a site's or a country's name beside words that are no part of it. Where the article
writes that name on its own elsewhere, and every other word of the span is a word the article also
writes in lower case (a common word: "home"), a number or a dictionary word before the name (a menu's
verb: "Add", "Follow") or in a phrase after it ("Licensing Requests"), the mention is cut to the name,
so it takes that name's id. The name itself must be more than common words: NER tags a lone "News"
or "Agency" too, and "TV News" is no "News".

These tests do not tell a menu line from a longer name of another entity, so the cut is kept to
spans where that is rare: an organisation's span in running text is cut only where every other word
comes before the name ("Follow BBC"), since the words after an organisation's name are as often its
head noun ("Reuters Institute", "Mozilla Foundation", "Deutsche Bank Park"); only a span that fills
its line (a menu's, "Global News Home") may lose words after the name; never to a place's name
("Oklahoma City Thunder", "Bayern München"); a MISC span only where it holds an organisation's,
a place's or a MISC name ("Trump University" holds a person's); neither the gazetteer nor the
organisation table may know the whole span; place spans are left alone ("South China Sea", "Gulf
of Mexico" hold a country's name and common words too).
"""

from __future__ import annotations

import re
from collections import Counter

from .. import lemmas
from ..model import Mention
from . import places
from ._text import key
from .cores import clean
from .orgs import org_index

_WORD = re.compile(r"[^\W_][\w.'’&-]*")
# How often a name must stand alone in the article before the words around it count as no part of it.
_ALONE = 2
# Which type of lone name a span of each type may be cut to.
_INNER_TYPES = {"ORG": ("ORG",), "MISC": ("ORG", "LOC", "MISC")}


def cut_to_names(text: str, mentions: list[Mention], language: str | None) -> list[Mention]:
    """The mentions, each span that holds one of the article's lone names amid common words cut to it."""
    alone: dict[str, Counter[str]] = {}
    for m in mentions:
        alone.setdefault(clean(m.text), Counter())[m.type] += 1
    lower = {w for w in re.findall(r"[^\W\d_]+", text) if w.islower()}
    out = []
    for m in mentions:
        inner = None if m.entity_id or m.type not in _INNER_TYPES else _inner(m, alone, lower, language,
                                                                                      _own_line(text, m))
        out.append(m if inner is None else Mention(m.start + inner[0], m.start + inner[1],
                                                   m.text[inner[0]:inner[1]], inner[2], None, m.confidence))
    return out


def _own_line(text: str, m: Mention) -> bool:
    """The mention is all its line holds, bar punctuation: a menu or tag line, not a sentence."""
    start = text.rfind("\n", 0, m.start) + 1
    end = text.find("\n", m.end)
    line = text[start:end if end >= 0 else len(text)]
    return not re.search(r"[^\W_]", line[:m.start - start] + line[m.end - start:])


def _inner(m: Mention, alone: dict[str, Counter[str]], lower: set[str],
           language: str | None, own_line: bool = False) -> tuple[int, int, str] | None:
    """The span (offsets in the mention's text) and type of the lone name the mention holds amid
    common words, or None; ``own_line``: the mention fills its line (see :func:`_own_line`)."""
    words = list(_WORD.finditer(m.text))
    whole = clean(m.text)
    if len(words) < 2 or key(whole) in org_index() or places.readings(whole, language):
        return None
    for n in range(len(words) - 1, 0, -1):  # the longest name inside first
        for i in range(len(words) - n + 1):
            a, b = words[i].start(), words[i + n - 1].end()
            name = clean(m.text[a:b])
            types = alone.get(name)
            if not types or sum(types.values()) < _ALONE or name == whole:
                continue
            type_ = types.most_common(1)[0][0]
            if _plain(name, lower, language):
                continue  # NER's lone "News", "Agency", "Excel": a word, not a name to cut to
            if m.type == "ORG" and places.readings(name, language):
                continue  # a team or body named after its place: "Oklahoma City Thunder"
            if m.type == "ORG" and i + n < len(words) and not own_line:
                continue  # in a sentence, a word after a name in an organisation's span is as often its head
                # noun, which the article may also write in lower case: "Reuters Institute", "Deutsche Bank
                # Park"; a line of its own is a menu's or a tag line's ("Global News Home")
            rest = words[:i] + words[i + n:]
            # Dictionary words count before the name ("Add", "Follow": a menu's verbs) and, in a span
            # written once, as a phrase of two or more after it ("Licensing Requests"): one word after
            # a name is as often a product's ("Microsoft Teams") and a span written twice a name of its
            # own ("Fenerbahçe Beko").
            loose = sum(alone[whole].values()) == 1 and len(rest) >= 2
            if type_ in _INNER_TYPES[m.type] and all(_common(w.group(), lower, language, loose or w.end() <= a)
                                                     for w in rest):
                return a + m.text[a:b].find(name), a + m.text[a:b].find(name) + len(name), type_
    return None


def _common(word: str, lower: set[str], language: str | None, loose: bool) -> bool:
    """A word that is no part of a name beside it: lower case here or elsewhere in the article, a
    number or, where ``loose``, a word of the language's dictionary."""
    w = clean(word)
    return not w or w.islower() or w.isdigit() or w.lower() in lower or loose and _known(w.lower(), language)


def _plain(name: str, lower: set[str], language: str | None) -> bool:
    """A name made of common words only: each written in lower case in the article, or (one word, not
    in capitals) in the language's dictionary."""
    words = re.findall(r"[^\W\d_]+", name)
    if len(words) == 1 and not words[0].isupper() and _known(words[0].lower(), language):
        return True
    return all(w.lower() in lower for w in words)


def _known(word: str, language: str | None) -> bool:
    try:
        return lemmas.is_known(word, language or "en")
    except ValueError:
        return False
