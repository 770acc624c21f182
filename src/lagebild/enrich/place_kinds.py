"""Which kind of place a name means where the gazetteer gives it readings of several kinds.

"New York" is a city and a state, "Washington" the capital and a state, "Amerika" the USA and the
continent (CLDR's name of the Americas in German). The gazetteer lists the readings (places.py,
most likely first: the country before the continent, the city before the state); the article's
cues choose, by the same rules for every such name:

* words around it: "state of New York", "Washington State", "Bundesstaat New York" (a state);
  "city of …", "… City" (a city); a place's name followed by ", <a state>" is a city ("Washington,
  D.C.", "Albany, N.Y.");
* the dateline pattern "<place>, <name>" of exactly two items ("Redmond, Washington",
  "Liberty, New York"): the second qualifies the first, so it is a state (or a country);
* a list: the kinds of the places listed beside it ("Kansas, Texas, New York residents": states;
  "Amerika / Nahost / Afrika / Asien": continents);
* the text around it where no word beside it names the kind: places written in the same frame, a
  legislator "of" it, the land's features (place_context.py);
* one sense per article: mentions of the name without a cue take the kind the words around its
  other mentions give, and a longer name the article writes ("New York City") is a cue for its
  reading. A list's cue, often a menu's, speaks for its own mention only, unless it lists two or more
  places of the name's own country and kind: then it speaks for the name's other listed mentions
  ("Kansas, Texas, New York or Washington residents": "not available in New York or Washington" means
  the states too; a bare "in Washington" of the same article keeps its own reading).

Without any cue the first reading stands.
"""

from __future__ import annotations

import re
from collections import Counter

from ..model import Mention
from ..textnorm import fold
from . import place_context, places
from .place_context import sole_kind as _sole_kind
from .place_forms import town_regions

# Words that make the name next to them a state (before: "state of", "Bundesstaat"; after: "State")
# or a city, in the languages lagebild reads most; written by hand.
_STATE_BEFORE = re.compile(r"(?:\b(?:[Ss]tate|[Ss]taat(?:e?s)?|Bundesstaat(?:e?s)?|US-Bundesstaat(?:e?s)?|[ÉéEe]tat|"
                           r"[Ee]stado|[Ss]tato|[Ss]tan[ua]?|delstaten|штат[ае]?)(?:\s+(?:of|de|d['’]|del|di|von|"
                           r"du))?|\b[Uu]pstate|\b[Ss]tates,?\s+(?:such\s+as|like|including)|"
                           r"\b(?:US-)?(?:Bundes)?[Ss]taaten\s+wie)\s*$")  # "states such as X", "Bundesstaaten wie X"
_STATE_AFTER = re.compile(r"^(?:\s+|-)(?:[Ss]tate|[Ss]taat)\b")
# A US state's own office named with the name ("Georgia's governor", "the governor of New York"): a
# weaker cue, since a country has a governor too and its parliament, laws and lawmakers are no cue at
# all ("Georgia's parliament" is the country's); it chooses the state only where the article supports
# no country reading of the name (names Tbilisi or Georgia's parliament beside it).
_OFFICE_AFTER = re.compile(r"^['’]s\s+(?:governor|statehouse)\b")
_GOVERNOR_BEFORE = re.compile(r"\b(?:[Gg]overnor|[Gg]ouverneur(?:in)?|[Gg]obernador[a]?)\s+(?:of|von|des|de|du)\s+$")
_CITY_BEFORE = re.compile(r"\b(?:[Cc]ity\s+of|[Ss]tadt|[Vv]ille\s+de|[Cc]iudad\s+de|[Cc]ittà\s+di|[Mm]iasto|"
                          r"[Ss]taden|город[ае]?)\s*$")
_CITY_AFTER = re.compile(r"^(?:\s+|-)(?:[Cc]ity|[Ss]tadt)\b")
# What may stand between two items of a list: punctuation, a line break, "and", "or", a bullet.
_SEPARATOR = re.compile(r"\s*(?:(?:[,;/|·•]|\n\s*[-–*]?)\s*)?"
                        r"(?:(?<=\s)(?:and|or|und|oder|et|ou|y|o|e|i|och|eller|og|en|и|или)\s)?\s*", re.IGNORECASE)


def preferred(text: str, mentions: list[Mention], language: str | None) -> dict[int, str]:
    """``id(mention)`` -> the kind ("country", "city", "region", "area") its name takes in this
    article, for the mentions whose readings are of several kinds and that a cue settles."""
    # every mention is an item a list may hold ("Nahost" tagged a person); places' readings vote
    located = [(m, places.readings(m.text, language) if m.type == "LOC" and (
        not m.entity_id or m.entity_id.startswith("LOC:")) else ()) for m in mentions]
    located.sort(key=lambda pair: pair[0].start)
    ambiguous = [i for i, (_m, found) in enumerate(located) if len({places.kind(p) for p in found}) > 1]
    if not ambiguous:
        return {}
    worded: dict[int, str] = {}  # cues of the words around: they speak for the article's other mentions
    listed: dict[int, str] = {}  # cues of a list (often a menu): for that mention only
    framed: dict[int, str] = {}  # cues of the text around (place_context.py): for that mention only
    national: dict[int, str] = {}  # cues of a list of one country's places: for the name's listed mentions
    supported = _countries(located)
    frames: dict[int, tuple] = {}
    for i in ambiguous:
        m, found = located[i]
        kinds = {places.kind(p) for p in found}
        abroad = any(places.kind(p) == "country" and p.country in supported for p in found)
        if cue := _word_cue(text, m, language, kinds, abroad, bool(_neighbours(text, located, i, -1))):
            worded[i] = cue
        elif cue := _list_cue(text, located, i, kinds):
            listed[i] = cue
            if _national_list(text, located, i, cue):
                national[i] = cue  # a list of one country's states speaks for the article's other lists
        elif cue := place_context.cue(text, located, i, kinds, frames):
            framed[i] = cue
    out: dict[int, str] = {}
    for i in ambiguous:
        m, found = located[i]
        ids = {p.id for p in found}
        votes = Counter(worded[j] for j in worded if {p.id for p in located[j][1]} == ids)
        if _neighbours(text, located, i, -1) or _neighbours(text, located, i, 1):
            votes.update(national[j] for j in national if {p.id for p in located[j][1]} == ids)
        for o, f in located:  # "New York City": half a cue, the words around a mention weigh more
            if len(f) == 1 and f[0].id in ids:
                votes[places.kind(f[0])] += 0.5
            elif o.type == "LOC" and not f and o.text.startswith(m.text) and _STATE_AFTER.match(o.text[len(m.text):]):
                votes["region"] += 1  # "New York State" taken by NER as one name
        kind = listed.get(i) or worded.get(i) or framed.get(i) or (
            max(votes, key=votes.__getitem__) if votes else None)
        if kind:
            out[id(m)] = kind
    return out


def _countries(located: list) -> set[str]:
    """The countries the article's places of one country lie in ("Tbilisi": GE), and those of the
    state institutions it names ("ORG:GE:parliament")."""
    out = {f[0].country for _m, f in located if f and len({p.country for p in f}) == 1 and f[0].country}
    return out | {hit.group(1) for m, _f in located if (hit := re.match(r"ORG:([A-Z]{2}):", m.entity_id or ""))}


def _word_cue(text: str, m: Mention, language: str | None, kinds: set[str], abroad: bool = False,
              listed: bool = False) -> str | None:
    """The kind the words around ``m`` give it; ``abroad``: the article supports a country reading of
    its name, which a state's office named with it does not outweigh; ``listed``: ``m`` follows another
    place as an item of a list ("Colorado, Washington, Alaska and Oregon"), where the next item is no
    qualifier of it unless written as one ("D.C.")."""
    before, after = text[max(0, m.start - 30):m.start], text[m.end:m.end + 20]
    if "region" in kinds and (_STATE_BEFORE.search(before) or _STATE_AFTER.match(after) or not abroad and (
            _OFFICE_AFTER.match(after) or _GOVERNOR_BEFORE.search(before))):
        return "region"
    if "city" in kinds:
        if _CITY_BEFORE.search(before) or _CITY_AFTER.match(after):
            return "city"
        qualifier = re.match(r",\s*((?:[A-Z]\.\s?){2}|[A-Z][a-z]+(?: [A-Z][a-z]+)?)(?!\w)", after)
        dotted = qualifier and re.fullmatch(r"(?:[A-Z]\.\s?){2}", qualifier.group(1))
        if qualifier and (dotted or not listed) \
                and any(places.kind(p) == "region" for p in places.readings(qualifier.group(1), language)) \
                and not re.match(r"\s*[,;/]\s*[A-Z]", after[qualifier.end():]):
            return "city"  # "Washington, D.C.", "Albany, N.Y." (not a list of states going on)
    return None


def _list_cue(text: str, located: list, i: int, kinds: set[str]) -> str | None:
    """The kind the neighbours in a list have, or for a list of exactly two whose first is a place of
    another kind, the qualifying kind ("Redmond, Washington") — where the first place can lie in it:
    the gazetteer has no reading of the first, or one in the same country as the qualifying reading
    ("London, New York" is two cities, not London in the state)."""
    m, found = located[i]
    before, after = _neighbours(text, located, i, -1), _neighbours(text, located, i, 1)
    if len(before) == 1 and not after and text[located[before[0]][0].end:m.start].strip() == "," \
            and _town(located[before[0]][0].text):
        first = located[before[0]][1]
        for kind in ("region", "country"):  # exactly two, the second after a comma: "<place>, <name>"
            if kind in kinds and _sole_kind(first) != kind and _may_lie_in(first, [
                    p for p in found if places.kind(p) == kind], located[before[0]][0].text):
                return kind
    votes = Counter(k for j in before + after for k in [_sole_kind(located[j][1])] if k in kinds)
    return max(votes, key=votes.__getitem__) if votes else None


def _national_list(text: str, located: list, i: int, kind: str) -> bool:
    """The list ``located[i]`` stands in holds two or more other places of ``kind`` in the country
    of its reading of that kind: states of one country, not a menu of continents or world cities."""
    country = next((p.country for p in located[i][1] if places.kind(p) == kind), None)
    same = [j for j in _neighbours(text, located, i, -1) + _neighbours(text, located, i, 1)
            if _sole_kind(located[j][1]) == kind and {p.country for p in located[j][1]} == {country}]
    return country is not None and len(same) >= 2


def _may_lie_in(first: tuple, qualifiers: list, name: str = "") -> bool:
    """A place with readings ``first`` may be named with one of ``qualifiers`` after it: it has no
    reading (a town too small for the gazetteer), one in a qualifier's country, or geonames has a
    town of its ``name`` inside the qualifying region ("Aberdeen, Washington": the gazetteer reads
    Aberdeen as the Scottish city, geonames also lists one in Washington State)."""
    if not first or {p.country for p in first} & {q.country for q in qualifiers}:
        return True
    return bool(name) and any(q.id in town_regions().get(fold(name), ()) for q in qualifiers)


def _town(name: str) -> bool:
    """A place's name as a dateline writes it: at most three words, all capitalised ("Redmond",
    "Salt Lake City"; not "Museum of Modern Art", a building's name NER took for a place)."""
    words = name.split()
    return len(words) <= 3 and all(w[:1].isupper() for w in words)


def _neighbours(text: str, located: list, i: int, step: int) -> list[int]:
    """Indices of the places listed next to ``located[i]`` on one side (``step`` -1 or 1)."""
    out = []
    j = i
    while 0 <= j + step < len(located):
        a, b = (located[j + step][0], located[j][0]) if step < 0 else (located[j][0], located[j + step][0])
        between = text[a.end:b.start]
        if not between.strip(" ") or len(between) > 8 or not _SEPARATOR.fullmatch(between):
            break
        j += step
        out.append(j)
    return out

