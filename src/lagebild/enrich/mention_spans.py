"""Mention spans and types put right before names.canonicalise gives ids: runs of names NER took
for one ("Argentina América México", "Global News Facebook Pages Global News …"), place names cut
short ("America" of "North America") or qualified ("Frankfurt (Oder)"), a one-word "person" the
article writes as a place, and a state's long form ("Russische Föderation").
"""

from __future__ import annotations

import re
from collections import Counter

from ..model import Mention
from ..textnorm import fold
from . import casing, places
from ._text import SpanIndex, key, slug
from .cores import clean, is_acronym, name_words
from .orgs import org_index


# Japanese joins a name to the noun it qualifies with the particle "の" and no space ("イスラエルの国旗",
# Israel's flag): NER trained on spaced text runs on across it. Kana and Han only.
_NO = re.compile(r"^([\u3040-\u30ff\u3400-\u9fff\u30fc]{2,}?)の[\u3040-\u30ff\u3400-\u9fff\u30fc]")


def japanese_genitive(mentions: list[Mention]) -> list[Mention]:
    """A place mention of kana or Han cut before the first "の" it holds, where the part before it is
    a place the gazetteer knows ("小笠原諸島の警察無線" -> "小笠原諸島"). Only LOC spans: "の" is
    inside many a name of a party, work or body ("日本維新の会", "希望の党", "進撃の巨人", "日本のこころ"),
    and a person or organisation span that begins with a place ("日本の首相") names something else."""
    out = []
    for m in mentions:
        cut = None if m.entity_id or m.type != "LOC" else _NO.match(m.text)
        if cut is not None and places.readings(cut.group(1), "ja"):
            m = Mention(m.start, m.start + len(cut.group(1)), cut.group(1), m.type, None, m.confidence)
        out.append(m)
    return out


def lone_word_types(mentions: list[Mention], language: str | None = None) -> None:
    """A one-word "person" that no full name of the article holds, written elsewhere in the article
    as the same word NER typed a place or an organisation ("Bachmut", "Genf", "Getty"), is that: news
    introduces a person by a full name. Retyped in place, to the type most of those mentions have."""
    in_names = {w for m in mentions if m.type == "PER" and len(words := name_words(clean(m.text))) >= 2 for w in words}
    other: dict[str, Counter[str]] = {}
    for m in mentions:
        if m.type in ("LOC", "ORG") and " " not in (w := clean(m.text)):
            other.setdefault(w, Counter())[m.type] += 1
    for m in mentions:
        w = clean(m.text)
        if m.type == "PER" and not m.entity_id and w in other and w not in in_names:
            m.type = other[w].most_common(1)[0][0]
    _lone_person_words(mentions, language)


def _lone_person_words(mentions: list[Mention], language: str | None) -> None:
    """The reverse: a one-word organisation mention that begins exactly one full name of a person
    in the article ("LeBron" beside "LeBron James", tagged as a team in headlines) is that person,
    where NER also typed the word alone a person somewhere in the article: a first name alone is no
    evidence, brands, banks and teams share first names ("Mercedes" beside "Mercedes Lopez",
    "Tiffany", "Morgan"). Not a MISC mention ("Alexa"), a place, an acronym, a known organisation or a
    word of a longer name in the article."""
    full: dict[str, set[tuple[str, ...]]] = {}
    in_other: set[str] = set()
    alone_person: set[str] = set()
    for m in mentions:
        words = tuple(name_words(clean(m.text)))
        if m.type == "PER" and len(words) >= 2:
            full.setdefault(words[0], set()).add(words)
        elif m.type == "PER" and len(words) == 1:
            alone_person.add(words[0])
        elif m.type != "PER" and len(words) >= 2:
            in_other.update(words)
    for m in mentions:
        w = clean(m.text)
        if (m.type == "ORG" and w in alone_person and not m.entity_id and len(full.get(w, ())) == 1
                and w not in in_other
                and not is_acronym(w) and key(w) not in org_index() and not places.readings(w, language)):
            m.type = "PER"


# Nouns of a state's long form: "<adjective> <noun>" names the country ("Russische Föderation",
# "Französische Republik", "Russian Federation"); written by hand.
STATE_FORMS = frozenset(fold(w) for w in """Föderation Federation Republik Republic Königreich Kingdom Fürstentum
Principality Bundesrepublik Konföderation Confederation Eidgenossenschaft""".split())


def state_form(text: str, m: Mention, language: str | None) -> places.Place | None:
    """The country a LOC mention names by its state's long form: a country adjective and a noun of
    ``STATE_FORMS`` ("Russische Föderation"); not after a genitive article, where the long form
    mostly ends an institution's name NER cut short ("Zentralen Wahlkommission der Russischen
    Föderation")."""
    words = name_words(clean(m.text))
    if m.type != "LOC" or len(words) != 2 or fold(words[1]).rstrip("s") not in STATE_FORMS:
        return None
    if re.search(r"\b(?:der|des|of the|of)\s+$", text[max(0, m.start - 8):m.start], re.IGNORECASE):
        return None
    code = places.adjective(words[0], language)
    return places.country(code, language) if code else None


# "Frankfurt (Oder)", "Frankfurt an der Oder", "Halle (Saale)", "Newcastle upon Tyne": a place name
# with its river or region names a different place than the bare, better-known namesake.
_QUALIFIER = re.compile(
    r"\s*\(([A-ZÄÖÜ][\w.\- ]{1,30})\)|\s+(?:an der|an dem|am|an|ob der|in der|upon|on the|on)\s+([A-ZÄÖÜ][\w\-]{1,30})")


def split_runs(mentions: list[Mention], language: str | None) -> list[Mention]:
    """Split a mention NER ran across a list of names ("Argentina América México Colombia",
    "Ukraine Russland"): when two or more of its words are each a country's name on their own (and
    no first name, "Jordan", unless every word is a country: "Frankreich Israel"), each of those
    words becomes a mention of its own, and of the words between only the names the article, the
    gazetteer or the organisation table knows (``_names_between``). Likewise a "person" whose
    every word is the surname of a full name the article writes, none a first name ("Trump Musk"). A
    mention NER typed a person is never split into countries: "Chad Holland", "India Jordan" are names."""
    out: list[Mention] = []
    full = {tuple(name_words(clean(m.text))) for m in mentions if m.type == "PER"}
    alone = _types_by_name(mentions)
    for m in mentions:
        words = list(re.finditer(r"[^\W\d_][\w.'’-]*", m.text))
        if m.type == "PER" and not m.entity_id and 2 <= len(words) <= 3 and _surnames_only(
                [w.group() for w in words], full):  # "Trump Musk": a tag line's surnames run together
            out += [Mention(m.start + w.start(), m.start + w.end(), w.group(), "PER") for w in words]
            continue
        if m.entity_id or len(words) < 2 or m.type == "PER" or places.readings(m.text, language):
            out.append(m)  # a person's name may be words that are countries too ("Chad Holland")
            continue
        if repeated := _repeated_name(m.text, words):  # "Global News Facebook Pages Global News Twitter …"
            out += [Mention(m.start + a, m.start + b, m.text[a:b], m.type) for a, b in repeated]
            continue
        countries = [w for w in words if any(places.kind(p) in ("country", "area")
                                             for p in places.readings(w.group(), language))]
        found = [w for w in countries if not places.person_name(w.group())]
        if len(countries) == len(words) and len(found) >= len(words) - 1:
            found = countries  # every word a country, at most one also a first name: "Frankreich Israel"
        if len(found) < 2:
            out.append(m)
            continue
        out += [Mention(m.start + w.start(), m.start + w.end(), w.group(), "LOC") for w in found]
        out += _names_between(m, words, found, alone, language)
    return sorted(out, key=lambda m: (m.start, -m.end))


def _names_between(m: Mention, words: list, found: list, alone: dict[str, Counter[str]],
                   language: str | None) -> list[Mention]:
    """The names among the words of a split run that are no country ("Schweiz Genf Europa Russland
    Vereinte Nationen Bern WHO WTO Ukraine", a tag line): the longest runs of words the article names
    alone elsewhere, the gazetteer knows as a place or the organisation table holds, left to right.
    The other words ("Spionage", "Polizei") stay no mention."""
    taken = {w.start() for w in found}
    out: list[Mention] = []
    i = 0
    while i < len(words):
        if words[i].start() in taken:
            i += 1
            continue
        for j in range(len(words), i, -1):
            if any(w.start() in taken for w in words[i:j]):
                continue
            a, b = words[i].start(), words[j - 1].end()
            name = clean(m.text[a:b])
            type_ = (alone[name].most_common(1)[0][0] if name in alone else "LOC" if places.readings(name, language)
                     else "ORG" if org_index().get(key(name)) else None)
            if type_ and name == m.text[a:b]:
                out.append(Mention(m.start + a, m.start + b, name, type_))
                i = j
                break
        else:
            i += 1
    return out


def _types_by_name(mentions: list[Mention], surnames: bool = False) -> dict[str, Counter[str]]:
    """How often the article's NER typed each (cleaned) name so; with ``surnames``, a full name's last
    word counts as a person named alone too."""
    alone: dict[str, Counter[str]] = {}
    for m in mentions:
        alone.setdefault(clean(m.text), Counter())[m.type] += 1
        if surnames and m.type == "PER" and len(words := name_words(clean(m.text))) >= 2:
            alone.setdefault(words[-1], Counter())["PER"] += 1
    return alone


# A name's possessive inside a span NER ran on: "Harris' Witzeleien", "Global News' Terms and Conditions".
_POSSESSIVE = re.compile(r"['’]s?\s+(?=\w)")


def possessives(mentions: list[Mention]) -> list[Mention]:
    """A mention that holds a possessive apostrophe followed by more words ("Harris' Witzeleien",
    "Global News' Terms and Conditions and Privacy Policy") is cut to the name before the apostrophe
    where the article names that part alone too, or as a full name's surname: a possessive ends the name it marks, and what
    follows is the thing possessed. A name that holds a plural's apostrophe ("Workers' Party",
    "Veterans' Affairs") keeps it: its first part is no name of the article."""
    alone = _types_by_name(mentions, surnames=True)
    out = []
    for m in mentions:
        cut = None if m.entity_id else _POSSESSIVE.search(m.text)
        head = clean(m.text[:cut.start()]) if cut else ""
        if cut and head and head in alone and head == m.text[:cut.start()].strip():
            start = m.start + (len(m.text[:cut.start()]) - len(m.text[:cut.start()].lstrip()))
            m = Mention(start, start + len(head), head, alone[head].most_common(1)[0][0], None, m.confidence)
        out.append(m)
    return out


def _surnames_only(words: list[str], full: set[tuple[str, ...]]) -> bool:
    """Each of ``words`` ends a full name the article writes, other than ``words`` itself, and
    none begins one (a first name among them makes a person's name: "Paul Simon")."""
    others = [n for n in full if len(n) >= 2 and list(n) != words]
    return all(any(n[-1] == w for n in others) for w in words) and not any(n[0] in words for n in others)


def whole_place_names(text: str, mentions: list[Mention], language: str | None) -> list[Mention]:
    """A place mention NER cut short of the place's whole name ("America" of "North America",
    "Korea" of "South Korea"): where the capitalised word before it and the mention together are a
    name the gazetteer gives another place, the mention takes the whole name."""
    taken = SpanIndex((m.start, m.end) for m in mentions)
    out = []
    for m in mentions:
        word = re.search(r"([^\W\d_][\w’'.-]*)[ \t]+$", text[max(0, m.start - 30):m.start])
        if m.type == "LOC" and not m.entity_id and word and word.group(1)[:1].isupper():
            start = m.start - len(word.group(0))
            whole = text[start:m.end]
            found = places.readings(whole, language) if not taken.overlaps(start, m.start) else ()
            if found and found[0].id not in {p.id for p in places.readings(m.text, language)}:
                m = Mention(start, m.end, whole, m.type, None, m.confidence)
        out.append(m)
    return out


# Lower-case words that join the parts of one name or two names ("Ministry of Health and Ministry
# of Education", "Universität Hamburg und Universität Bremen"): a repeat with one of them between
# is a word two names share, not a name a menu repeats. Written by hand, in the languages lagebild
# reads most.
_JOINING = frozenset("""
of and or for the & de des del della di da do du la le et ou y e i o och eller og en van von der
den das dem und oder für zu zur zum и или
""".split())


def _repeated_name(text: str, words: list) -> list[tuple[int, int]]:
    """Where a long mention (six words or more: a menu or tag line NER ran together) holds one
    capitalised name two or more times, the spans of that name; a name does not repeat itself inside
    one name. The longest such run of capitalised words wins; [] when none repeats. A repeat with a
    joining word between ("of", "and", "und", see ``_JOINING``) is a word two names share, and a
    single word must repeat three times or make half the mention ("Ministry" twice is no menu)."""
    if len(words) < 6:
        return []
    for n in (4, 3, 2, 1):
        seen: dict[tuple[str, ...], list[tuple[int, int]]] = {}
        for i in range(len(words) - n + 1):
            run = words[i:i + n]
            if all(w.group()[:1].isupper() for w in run) and (n > 1 or len(run[0].group()) > 3):
                spans = seen.setdefault(tuple(w.group() for w in run), [])
                if not spans or spans[-1][1] <= run[0].start():
                    spans.append((run[0].start(), run[-1].end()))
        kept = [spans for spans in seen.values() if len(spans) >= 2 and not _joined(text, words, spans)
                and (n > 1 or len(spans) >= 3 or 2 * len(spans) >= len(words))]
        if kept:
            return max(kept, key=len)
    return []


def _joined(text: str, words: list, spans: list[tuple[int, int]]) -> bool:
    """A joining word stands between two of the repeats ``spans``."""
    return any(w.group() in _JOINING for a, b in zip(spans, spans[1:])
               for w in words if a[1] <= w.start() and w.end() <= b[0])


def qualified_places(text: str, mentions: list[Mention]) -> list[Mention]:
    """Extend a LOC mention over a qualifier that follows it, marked for its own identity; the
    mentions inside the qualifier are dropped. Spellings of one place meet at "name-qualifier"."""
    out: list[Mention] = []
    swallowed_until = -1
    others = SpanIndex((m.start, m.end) for m in mentions if m.type in ("PER", "ORG"))
    for m in mentions:
        if m.start < swallowed_until:
            continue
        if m.type != "LOC" or m.entity_id:
            out.append(m)
            continue
        inside = re.fullmatch(r"(.+?)(?:" + _QUALIFIER.pattern + ")", m.text)  # NER took the whole name
        if inside:
            qualifier = inside.group(2) or inside.group(3)
            if _qualifier(qualifier, m.start + inside.start(2 if inside.group(2) else 3), others, text) \
                    and not (inside.group(3) and _country(inside.group(1))):
                m.entity_id = f"LOC~{slug(inside.group(1))}-{slug(qualifier)}"
            else:  # "Delhi on Nov": NER ran on into a date; the place is the name before it
                m = Mention(m.start, m.start + len(inside.group(1)), inside.group(1), "LOC")
        elif (match := _QUALIFIER.match(text, m.end)) and _qualifier(
                q := match.group(1) or match.group(2), match.start(1) if match.group(1) else match.start(2), others, text) \
                and not (match.group(2) and _country(m.text)):
            m = Mention(m.start, match.end(), text[m.start:match.end()], "LOC", f"LOC~{slug(m.text)}-{slug(q)}")
            swallowed_until = match.end()
        out.append(m)
    return out


def _country(name: str) -> bool:
    """A country's name: a river or region word after it ("an der", "am", "upon") opens an adverbial
    ("der Iran an der Eskalation beteiligt"), never a namesake's qualifier: only towns share names so."""
    return any(places.kind(p) == "country" for p in places.readings(clean(name)))


def _qualifier(word: str, start: int, others: SpanIndex, text: str) -> bool:
    """A river or region after a place name, not a news agency's credit ("(AP)", "(Reuters)": capitals
    or a name tagged as an organisation) nor a date ("on Nov. 3", "am Montag"). After "in der" or "on",
    which open adverbials far more often than names ("Hamburg in der Nacht", "Berlin in der Krise"; German
    nouns are capitalised too), only a word the gazetteer knows as a place qualifies."""
    letters = [c for c in word if c.isalpha()]
    if letters and all(c.isupper() for c in letters) or others.overlaps(start, start + len(word)):
        return False
    if _LOOSE.search(text, max(0, start - 12), start) and not places.readings(word):  # the words just before
        return False
    return fold(word).rstrip(".") not in casing.calendar_words()


_LOOSE = re.compile(r"\s(?:in der|on the|on)\s+$")
