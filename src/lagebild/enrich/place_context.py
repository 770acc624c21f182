"""The kind of place a name of several kinds takes from the text around it, where no word beside it
names the kind (place_kinds.py reads those: "state of", "… City", "<town>, <state>").

A writer who names places of one kind in one pattern names the next one of that kind in the same
pattern; the cues here read that, for every name of several kinds alike (a city and a state: "New
York", "Washington"; a country and a state: "Georgia"; a country and a continent: "Amerika"):

* *parallel frames*: the words and marks around the mention repeat around places whose kind is
  certain — a table's column ("| 42 | Washington | $96.94 |" under "| 41 | Nebraska | $95.95 |"),
  a row's qualifier ("School of Business (Washington)" beside "(Minnesota)"), a fact box
  ("Headquarters: | Washington, United States |" beside "California, United States"), a sentence's
  parallel members ("Jayapal of Washington and Pocan of Wisconsin", "from Washington's Cascade
  Mountains to Vermont's forests"). Within a sentence one such place is enough (three tokens or a
  genitive in common, one on each side: "reported from Washington, and Jones from Texas" is not);
  across the article a frame must be longer and the places of one kind must outnumber those of
  another.

For a city and its namesake state only (a country has legislators and mountains too):

* *a member of a legislature "of" the name*: a person named with the place, where the words before
  speak of a legislature, is named with the constituency ("Rep. Jane Doe of New York", "die
  Abgeordnete aus New York") — a region rather than its namesake city ("mayor" does not count);
* *the land's features*: mountains, valleys, counties, coasts and the countryside belong to a region
  ("Washington's Cascade Mountains", "rural New York", "eastern Washington").

For a country and its namesake continent: a land discovered, settled or colonised is the continent
("als Kolumbus Amerika entdeckt hatte"; the USA were founded, not discovered).
"""

from __future__ import annotations

import re
from collections import Counter

from ..model import Mention
from . import places

_TOKEN = re.compile(r"\n|\d+(?:[.,]\d+)*|['’]s\b|\w+|[^\w\s]")
_JOINERS = frozenset({",", "and", "or", "to", "from", "und", "oder", "bis", "von", "nach", "et", "ou", "y", "o", "e"})
_STOPS = frozenset(".!?;\n")  # a frame ends at a sentence's end or a line's
_SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s+(?=[A-Z„“\"])|\n")
_SAME_SENTENCE_SPAN = 200  # characters: parallel members of one sentence lie close together
_QUALIFIED = re.compile(r",?\s*(?:[A-Z]\.\s?){2}(?!\w)")  # ", D.C.", ", N.Y.": a town's region, abbreviated
# A legislature and its members (en, de); a mayor is a city's, so it is no cue here.
_LEGISLATURE = re.compile(r"\b(?:Congress(?:ional|man|woman)?|Senat(?:e|ors?)|Sen\.|Rep\.|Representatives?|"
                          r"[Ll]awmakers?|[Ll]egislat(?:ors?|ure)|Caucus|caucus|delegation|House (?:Democrats|Republicans)|"
                          r"Kongress(?:abgeordnete[rn]?)?|Repräsentantenhaus(?:es)?|Abgeordnete[rn]?|\w+-Abgeordnete[rn]?)\b")
_MAYOR = re.compile(r"\b(?:[Mm]ayor|Bürgermeister(?:in)?)\b")
_OF_PERSON = re.compile(r"^\s*(?:of|from|aus)\s+$")
# Words that give a name the kind of land it means: (the kinds its readings must hold, the kind it
# takes, words before it, words after it).
_LAND_WORDS = (
    # a region's features after "<name>'s" (an adjective or a proper name may stand between) or before
    # it; a city's namesake state only, since a country has mountains too ("Georgia's Caucasus")
    ({"city", "region"}, "region",
     re.compile(r"\b(?:rural|upstate|downstate|(?:north|south|east|west)ern)\s+$"),
     re.compile(r"^['’]s?\s+(?:[A-Z][\w-]+\s+)?(?:Mountains|Range|Valley|Peninsula|Coast|coast(?:line)?|"
                r"count(?:y|ies)|countryside|forests?|wilderness|farmland|rural)\b")),
    # a land discovered, settled or colonised is a continent rather than the state named after it: the
    # object of the verb, so only lower-case words (adverbs, not a German noun) stand between (en, de)
    ({"area"}, "area",
     re.compile(r"\b(?:discover(?:ed|y\s+of)|[Ee]ntdeck(?:ung|ten?)|[Cc]oloni[sz](?:ed|ation\s+of)|"
                r"colonies\s+in|Kolonien\s+in|[Bb]esiedlung|settlers\s+(?:in|of))\s+$"),
     re.compile(r"^\s+(?:[a-zäöüß]+\s+){0,2}?(?:entdeckt|besiedelt|kolonisiert|discovered|coloni[sz]ed)\b")),
)


def cue(text: str, located: list[tuple[Mention, tuple]], i: int, kinds: set[str],
        frames: dict[int, tuple] | None = None) -> str | None:
    """The kind ``located[i]`` (a mention and its readings, in text order) takes from the text
    around it, or None where nothing here settles it. ``frames``: a cache of the article's frames by
    index, shared by the calls for one article (a long guide names one state a hundred times)."""
    m = located[i][0]
    before, after = text[max(0, m.start - 30):m.start], text[m.end:m.end + 40]
    if _QUALIFIED.match(after):  # "Washington, D.C.": a town with its region's abbreviation, parallel or not
        return "city" if "city" in kinds else None
    for needed, kind, words_before, words_after in _LAND_WORDS:
        if needed <= kinds and (words_before.search(before) or words_after.match(after)):
            return kind
    if {"city", "region"} <= kinds and _legislator(text, located, i):
        return "region"  # a city's namesake state; a country has legislators too
    return _parallel(text, located, i, kinds, {} if frames is None else frames)


def _legislator(text: str, located: list, i: int) -> bool:
    """``located[i]`` qualifies a person named just before it ("Pramila Jayapal of Washington"),
    and the words before speak of a legislature and not of a mayor."""
    m = located[i][0]
    person = next((o for o, _f in reversed(located[:i]) if o.end <= m.start), None)
    if person is None or person.type != "PER" or not _OF_PERSON.match(text[person.end:m.start]):
        return False
    window = text[max(0, person.start - 300):m.end + 60]
    return bool(_LEGISLATURE.search(window)) and not _MAYOR.search(text[max(0, person.start - 60):m.end + 60])


def _parallel(text: str, located: list, i: int, kinds: set[str], frames: dict[int, tuple]) -> str | None:
    """The kind of the places written in the same frame as ``located[i]``."""
    m = located[i][0]
    left, right = frames[i] if i in frames else frames.setdefault(i, _frame(text, m))
    votes: Counter[str] = Counter()
    for j, (o, found) in enumerate(located):
        kind = sole_kind(found)
        if j == i or kind is None or kind not in kinds:
            continue
        o_left, o_right = frames[j] if j in frames else frames.setdefault(j, _frame(text, o))
        ln, rn = _run(left, o_left), _run(right, o_right)
        if not ln or not rn:
            continue
        near = abs(o.start - m.start) <= _SAME_SENTENCE_SPAN and not _SENTENCE_END.search(
            text[min(o.end, m.end):max(o.start, m.start)])
        if ln + rn >= (3 if near else 4):
            votes[kind] += 2 if near else 1  # one parallel member of the sentence, or a column
    if not votes:
        return None
    (best, n), *rest = votes.most_common()
    return best if n >= 2 and (not rest or n > rest[0][1]) else None


def _frame(text: str, m: Mention) -> tuple[list[str], list[str]]:
    """Up to three normalised tokens on each side of ``m``, nearest first, within its sentence and
    line: a number is "9", a capitalised word "Xx", a joining word or comma "&", a genitive "'s"."""
    left = _tokens(text[max(0, m.start - 60):m.start])[::-1]
    right = _tokens(text[m.end:m.end + 60])
    if text[m.end:m.end + 1] in "'’" and not right[:1] == ["'s"] and m.text.endswith("s"):
        right = ["'s", *right[1:]]  # "Texas' high desert"
    return _cut(left), _cut(right)


def _tokens(chunk: str) -> list[str]:
    out = []
    for tok in _TOKEN.findall(chunk):
        if tok[0].isdigit():
            out.append("9")
        elif tok in ("'s", "’s"):
            out.append("'s")
        elif tok.casefold() in _JOINERS and not tok[0].isupper():
            out.append("&")
        elif tok[0].isupper():
            out.append("Xx")
        else:
            out.append(tok.casefold())
    return out


def _cut(tokens: list[str]) -> list[str]:
    out = []
    for tok in tokens:
        if tok in _STOPS or len(out) == 3:
            break
        out.append(tok)
    return out


def _run(a: list[str], b: list[str]) -> int:
    """The length of the equal run from the mention outward; a genitive counts twice (it marks the
    place's role as surely as two words do: "from Washington's … to Vermont's …")."""
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 2 if x == "'s" else 1
    return n


def sole_kind(found: tuple) -> str | None:
    """The kind of every reading of a place, where they agree."""
    kinds = {places.kind(p) for p in found}
    return next(iter(kinds)) if len(kinds) == 1 else None
