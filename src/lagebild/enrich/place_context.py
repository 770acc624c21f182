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

* *a member of a legislature "of" the name*: a person named with the place, with a legislator's title
  just before the person in the same sentence, is named with the constituency ("Rep. Jane Doe of New
  York", "die Abgeordnete Jane Doe aus New York") — a region rather than its namesake city ("mayor"
  does not count, nor a place the sentence then calls a city: "… of New York, the city's …");
* *the national government*: a frame does not make a state of a name the article uses for its
  country's government ("in Texas on Monday and in Washington on Tuesday, as the White House …"):
  the country's institutions named in the same sentence outweigh any frame, named elsewhere in the
  article they outweigh a single parallel member (a column of many states still counts);
* *the land's features*: mountains, valleys, counties, coasts and the countryside belong to a region
  ("Washington's Cascade Mountains", "rural New York", "eastern Washington").

For a country and its namesake continent: a land discovered, settled or colonised is the continent
("als Kolumbus Amerika entdeckt hatte"; the USA were founded, not discovered).
"""

from __future__ import annotations

import re
from collections import Counter

from ..model import Mention
from . import institutions, places

_TOKEN = re.compile(r"\n|\d+(?:[.,]\d+)*|['’]s\b|\w+|[^\w\s]")
_JOINERS = frozenset({",", "and", "or", "to", "from", "und", "oder", "bis", "von", "nach", "et", "ou", "y", "o", "e"})
_STOPS = frozenset(".!?;\n")  # a frame ends at a sentence's end or a line's
_SENTENCE_END = re.compile(r"[.!?][\"”’)«]?\s+(?=[A-Z„“\"»])|\n")
_SAME_SENTENCE_SPAN = 200  # characters: parallel members of one sentence lie close together
_QUALIFIED = re.compile(r",?\s*(?:[A-Z]\.\s?){2}(?!\w)")  # ", D.C.", ", N.Y.": a town's region, abbreviated
# A legislator's title just before the person ("Rep. Jane Roe", "Congresswoman …", "die Abgeordnete …",
# "lawmakers such as …"): at most a few words between, none ending a sentence; a mayor is a city's, so
# no cue here.
_LEGISLATOR = re.compile(r"(?:\b(?:Congress(?:man|woman|member)|Senat(?:or|orin|ors)|Representatives?|[Ll]awmakers?|"
                         r"[Ll]egislators?|Kongressabgeordnete[rn]?|Abgeordnete[rn]?|\w+-Abgeordnete[rn]?|"
                         r"[Mm]ember\s+of\s+(?:the\s+)?(?:Congress|House|Senate))|\b(?:Sen|Rep)\.)"
                         r"[^.!?\n]{0,30}$")
# A sentence that opens by picking one of a group the sentence before names ("One of them is …",
# "Eine davon ist …"), and legislators named as a group.
_ONE_OF_THEM = re.compile(r"^\W*(?:(?:One|Among)\s+(?:of\s+)?them|Eine?r?\s+(?:davon|von\s+ihnen)|Darunter|Unter\s+ihnen)\b")
_LEGISLATORS = re.compile(r"\b(?:[Ll]awmakers|[Ll]egislators|[Ss]enators|[Rr]epresentatives|Congress(?:wo)?men|"
                          r"(?:\w+-)?Abgeordneten?|Senatoren)\b")
# a governor, one person (not a board's "Governors"), not of an institution ("governor of the central
# bank", "Gouverneur der Notenbank") nor a bank's ("central bank governor", "Fed-Gouverneurin")
_GOVERNOR = re.compile(r"(?<![Bb]ank )(?<![Bb]ank-)(?<!Fed )(?<!Fed-)\b(?:[Gg]overnor\b|Gov\.|[Gg]ouverneur(?:in|s)?\b)"
                       r"(?!\s+(?:of\s+the|der|des)\b)")
_TITLE_SPAN = 60  # characters before the person a title may start in
_CALLED_CITY = re.compile(r"^[^.!?\n]{0,30}?\bcity(?:['’]s)?\b")  # "… of New York, the city's health commissioner"
_MAYOR = re.compile(r"\b(?:[Mm]ayor|Bürgermeister(?:in)?)\b")
# The national government named by its seat or a federal body, beside the institutions of the project's
# table (institutions.INSTITUTIONS: "government", "Regierung", "army", …; a state's or a city's own
# government is no cue: "the state government").
_SEATS = r"White\s+House|Wei(?:ß|ss)e[ns]?\s+Haus(?:es)?|Capitol|Congress|Kongress(?:es)?|[Ff]ederal|Bundes(?!staat|land|länd)\w+"
_LOCAL = re.compile(r"\b(?:state|city|county|local|Landes|Stadt|[Ss]taats)[\s-]*$")
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
    if {"country", "area"} <= kinds and _parts_named(located, i):
        return "area"
    if {"city", "region"} <= kinds and (_legislator(text, located, i) or _governed(text, located, i)):
        return "region"  # a city's namesake state; a country has legislators and governors too
    kind, strength = _parallel(text, located, i, kinds, {} if frames is None else frames)
    if kind == "region" and "city" in kinds and _national(text, m, strength):
        return None  # the capital of political news keeps its first reading
    return kind


def _legislator(text: str, located: list, i: int) -> bool:
    """``located[i]`` qualifies a person named just before it ("Pramila Jayapal of Washington")
    whose legislator's title stands just before the person in the same sentence, no mayor is named
    beside, and the sentence does not go on to call the place a city."""
    m = located[i][0]
    person = next((o for o, _f in reversed(located[:i]) if o.end <= m.start), None)
    if person is None or person.type != "PER" or not _OF_PERSON.match(text[person.end:m.start]):
        return False
    if _CALLED_CITY.match(text[m.end:m.end + 60]):
        return False
    if _MAYOR.search(text[max(0, person.start - _TITLE_SPAN):m.end + 60]):
        return False
    if _LEGISLATOR.search(text[max(0, person.start - _TITLE_SPAN):person.start]):
        return True
    # "… backed by 13 lawmakers. One of them is Jane Roe of New York": the person is one of the
    # legislators the sentence before names
    start = _sentence_start(text, person.start)
    return bool(_ONE_OF_THEM.match(text[start:person.start])) and bool(
        _LEGISLATORS.search(text[_previous_sentence(text, start):start]))


def _parts_named(located: list, i: int) -> bool:
    """The article names two or more parts of the continent whose name ``located[i]`` bears, each
    by a name ending in it ("Nordamerika", "Südamerika", "Lateinamerika"; "South America"): it
    speaks of the continent, so the bare name is the whole ("der zweite Papst aus Amerika" after
    one from South America), not the country named after it."""
    name = located[i][0].text.casefold()
    parts = {found[0].id for o, found in located if found and sole_kind(found) == "area"
             and (t := o.text.casefold()) != name and t.removesuffix("s").endswith(name)}
    return len(parts) >= 2


def _sentence_start(text: str, at: int) -> int:
    return max((e.end() for e in _SENTENCE_END.finditer(text, 0, at)), default=0)


def _previous_sentence(text: str, start: int) -> int:
    """The start of the sentence before the one starting at ``start`` (blank lines between skipped)."""
    end = len(text[:start].rstrip())
    return _sentence_start(text, max(0, end - 1))


def _governed(text: str, located: list, i: int) -> bool:
    """A governor is named in the sentence of ``located[i]`` or the one before, and no other place
    nor a mayor: the state's office ("Governor Ann Roe stepped in. In New York we keep fighting";
    "here in New York we have a governor who …"). Not a central bank's governor."""
    m = located[i][0]
    start = _previous_sentence(text, _sentence_start(text, m.start))
    end = next((e.start() for e in _SENTENCE_END.finditer(text, m.end)), len(text))
    window = text[start:end]
    if not _GOVERNOR.search(window) or _MAYOR.search(window):
        return False
    return not any(found and o.text != m.text and start <= o.start < end for o, found in located)


def _national(text: str, m: Mention, strength: int) -> bool:
    """The article names its country's government (institutions.py's table, or its seat): in the
    sentence of ``m`` that outweighs any frame; elsewhere only a frame of one parallel member
    (``strength`` 2)."""
    start = max((e.end() for e in _SENTENCE_END.finditer(text, 0, m.start)), default=0)
    end = next((e.start() for e in _SENTENCE_END.finditer(text, m.end)), len(text))
    for hit in _national_words().finditer(text):
        if _LOCAL.search(text[max(0, hit.start() - 12):hit.start()]):
            continue
        if start <= hit.start() < end or strength <= 2:
            return True
    return False


_NATIONAL: list[re.Pattern] = []


def _national_words() -> re.Pattern:
    """The national institutions' words of institutions.py's table (en, de) and the seats above."""
    if not _NATIONAL:
        forms = {f.rstrip("*") for _k, (_n, _g, _e, de, en) in institutions.INSTITUTIONS.items()
                 if _k not in ("police", "judiciary") for f in (*de, *en)} - {"intelligence"}  # a city has police and
        # courts; "artificial intelligence" is no agency
        words = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in sorted(forms, key=len, reverse=True))
        _NATIONAL.append(re.compile(rf"\b(?:{_SEATS}|{words})\b"))
    return _NATIONAL[0]


def _parallel(text: str, located: list, i: int, kinds: set[str], frames: dict[int, tuple]) -> tuple[str | None, int]:
    """The kind of the places written in the same frame as ``located[i]`` and its votes (2 for one
    parallel member of the sentence or two rows of a column)."""
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
        return None, 0
    (best, n), *rest = votes.most_common()
    return (best, n) if n >= 2 and (not rest or n > rest[0][1]) else (None, 0)


def _frame(text: str, m: Mention) -> tuple[list[str], list[str]]:
    """Up to three normalised tokens on each side of ``m``, nearest first, within its sentence and
    line: a number is "9", a capitalised word "Xx", a joining word or comma "&", a genitive "'s"."""
    left = _tokens(text[max(0, m.start - 60):m.start])[::-1]
    right = _tokens(text[m.end:m.end + 60])
    if text[m.end:m.end + 1] and text[m.end] in "'’" and not right[:1] == ["'s"] and m.text.endswith("s"):
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


# A city's name NER typed an organisation is as often a club or a firm named after the city ("as New
# York improved to 9-0", "Boston beat Detroit", "Toyota is rolling out") as the city itself; these mark
# the city: a locative "in" just before it, or a dateline's capitals ("INDIANAPOLIS (AP)").
_IN_BEFORE = re.compile(r"(?:^|\s)(?:(?:[Ii]n|[Ii]m)(?:(?:\s+[a-z]+){0,2}\s+of)?|aus|near|nahe)\s+$")  # "in the likes of"
_DATELINE = re.compile(r"\s*(?:[:(—–]|-\s)")  # "Asunción: …", "BOSTON (AP) —" at a line's start
_AND = re.compile(r"\s*(?:,|,?\s+(?:and|or|und|oder))\s+")  # the next item of a list


def organisations_named_for_places(text: str, mentions: list[Mention], language: str | None) -> set[int]:
    """``id(mention)`` of the mentions NER typed an organisation whose name is a city's and that name
    no place: not after a locative "in", not a dateline in capitals, and the article's other mentions
    of the name are not mostly typed a place (NER's type per mention holds where the article writes the
    name both ways: "in New York against the Rangers" the city, "as New York improved" the team)."""
    firsts = {id(m): found[0].id for m in mentions if not m.entity_id and m.type in ("LOC", "ORG")
              and (found := places.readings(m.text, language))}
    types: dict[str, Counter[str]] = {}
    for m in mentions:
        if id(m) in firsts:  # by the place read, not the form: "Genfs" is "Genf"
            types.setdefault(firsts[id(m)], Counter())[m.type] += 1
    out: set[int] = set()
    previous: tuple[Mention, bool] | None = None  # the mention before and whether it names a place
    for m in sorted(mentions, key=lambda o: o.start):
        place = m.type == "LOC" and id(m) in firsts
        if m.type == "ORG" and firsts.get(id(m), "").startswith("LOC:city:"):
            letters = [c for c in m.text if c.isalpha()]
            line = text[text.rfind("\n", 0, m.start) + 1:m.start]
            place = (all(c.isupper() for c in letters) or bool(_IN_BEFORE.search(text[max(0, m.start - 24):m.start]))
                     or not line.strip() and bool(_DATELINE.match(text, m.end))
                     or _signed(text, m, mentions)
                     or types[firsts[id(m)]]["LOC"] > types[firsts[id(m)]]["ORG"]
                     or previous is not None and previous[1] and bool(_AND.fullmatch(text[previous[0].end:m.start])))
            if not place:
                out.add(id(m))
        previous = (m, place)
    return out


def _signed(text: str, m: Mention, mentions: list[Mention]) -> bool:
    """``m`` fills its line under a line that is a person's name: a letter's signature, the writer's
    town under the writer ("Jane Roe\\nFremont")."""
    start, end = text.rfind("\n", 0, m.start) + 1, text.find("\n", m.end)
    if text[start:m.start].strip() or text[m.end:len(text) if end < 0 else end].strip():
        return False
    above = text[:start].rstrip()
    line = above[above.rfind("\n") + 1:]
    return any(o.type == "PER" and o.text == line.strip() for o in mentions)
