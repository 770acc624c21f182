"""Canonical entities: one identity per real person, organisation or place in an article.

Every mention is reduced to a *core* name: surrounding punctuation, titles ("Dr.", "Herr"),
descriptor words ("Terror-Miliz ISIS", "IS-Miliz", "the militia Hamas") and a genitive ending
("Cavusoglus", "Russlands", "Merkel's") are cut (cores.py); function words in capitals or title
case ("WHO IS THE FRONT-RUNNER?", "FOLLOW US ON") are no mentions (casing.py). Cores then meet by

* places: the gazetteer (places.py), trusting a foreign-language alias only where it cannot mean
  something else; a name with several readings ("Georgia") takes the one the article's other
  places support -> "LOC:TR", "LOC:city:524901", "LOC:region:US-GA";
* persons: an inflection-blind key of the full name; a lone surname or first name joins the full
  name it ends or begins (persons.py);
* organisations: the hand-written table of well-known ones and, within the article, acronyms
  matching the initials or letters of a spelled-out name ("IS", "VW") and lone words ending a
  longer name ("Lakers") (orgs.py).

Ids are stable across articles and ASCII in every script: "PER:mevlut-cavusoglu", "PER:olesya-kuprin"
(Cyrillic), "PER:trmb-12c37e42" (Arabic: transliteration plus a hash of the written name, since the
transliteration loses letters; likewise Hangul, kana, Han and every other script but Latin, Cyrillic
and Greek, and Vietnamese letters); see ``_text.slug``. What one article
cannot settle (a lone "Trump" in an article without "Donald Trump") the archive does
(``lagebild.archive.identities``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..model import Entity, Mention
from ..textnorm import fold
from . import casing, institutions, languages, place_kinds, places
from ._text import SpanIndex, key, slug
from .cores import clean, name_words, org_core, person_core, place_core, transliterations
from .orgs import ORGS, org_clusters, org_index
from .persons import person_clusters


@dataclass(slots=True)
class _Cluster:
    type: str
    id: str = ""
    name: str = ""
    country: str | None = None
    cores: list[str] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)


def canonicalise(text: str, mentions: list[Mention], language: str | None = None) -> tuple[list[Mention], list[Entity]]:
    """Give every mention an ``entity_id`` and return the mentions (by offset) and the entities."""
    mentions = casing.drop_words(text, mentions, language)
    mentions = _qualified_places(text, _split_runs(sorted(mentions, key=lambda m: (m.start, -m.end)), language))
    mentions = _whole_place_names(text, mentions, language)
    support = _place_support(mentions, language)
    kinds = place_kinds.preferred(text, mentions, language)  # "New York": the city or the state
    _lone_word_types(mentions)  # "Bachmut" tagged now a person, now a place
    surnames = {fold(w[-1]) for m in mentions if m.type == "PER" and len(w := name_words(clean(m.text))) >= 2
                and not places.readings(m.text, language)}  # "La Russie" tagged as a person is no surname
    clusters: dict[str, _Cluster] = {}
    order: list[str] = []

    def cluster(cid: str, type_: str) -> _Cluster:
        if cid not in clusters:
            clusters[cid] = _Cluster(type_, id=cid)
            order.append(cid)
        return clusters[cid]

    pending: list[tuple[Mention, str]] = []
    vocab = set(re.findall(r"\w+", text))
    for m in mentions:
        if m.entity_id and institutions.institution(m.entity_id) is not None:
            _add_institution(cluster, m, language)
            continue
        if m.entity_id and m.entity_id.startswith("LOC:"):
            _add_place(cluster, m, language)
            continue
        if m.type in ("MISC", "LOC") and (spoken := _spoken(text, m, language)):  # "in Spanish", "auf Deutsch":
            c = cluster(languages.entity_id(spoken), "MISC")  # the language, not the country
            c.name = c.name or languages.display_name(spoken, language)
            c.mentions.append(m)
            c.aliases.add(clean(m.text))
            m.entity_id = c.id
            continue
        if m.type == "LOC" and m.entity_id and m.entity_id.startswith("LOC~"):
            if (place := places.lookup(m.text, language)) is not None:
                m.entity_id = place.id  # the gazetteer knows the qualified name ("Frankfurt am Main")
                _add_place(cluster, m, language, place)
                continue
            # A qualified name ("Frankfurt (Oder)"): its own place, not the better-known namesake.
            cid = "LOC:" + m.entity_id[len("LOC~"):]
            m.entity_id = cid
            c = cluster(cid, "LOC")
            c.mentions.append(m)
            c.cores.append(m.text)
            c.aliases.add(m.text)
            continue
        place = _place(m, language, support, surnames, kinds.get(id(m))) or _state_form(text, m, language)
        if place is not None:
            m.entity_id = place.id
            _add_place(cluster, m, language, place)
            continue
        if m.type in ("LOC", "MISC") and any(org_index().get(key(c)) for c in (clean(m.text), org_core(m.text, vocab))):
            pending.append((m, _core(m, vocab) if org_index().get(key(clean(m.text))) else org_core(m.text, vocab)))
            continue  # "Islamic State" tagged as a place
        if m.type in ("MISC", "LOC") and (country := places.adjective(clean(m.text), language)):  # "Polnische" as LOC too
            m.entity_id = f"LOC:{country}"
            _add_place(cluster, m, language)
            continue
        pending.append((m, _core(m, vocab)))

    pending = _bare_institutions(pending, mentions, cluster, language)  # "the Air Force" after "Ukraine's Air Force"
    persons = person_clusters(pending, language)
    orgs = org_clusters(pending, language, text)
    typed = _one_type(pending, persons, orgs)
    for m, core in pending:
        cid, type_ = persons.get(id(m)) or orgs.get(id(m)) or typed[id(m)]
        c = cluster(cid, type_)
        m.entity_id = cid
        c.mentions.append(m)
        c.cores.append(core)
        c.aliases.update({clean(m.text), core})
    inside = institutions.countries_inside(text, mentions, language)  # "Russia" in "Russia's Defense Ministry"
    for m in inside:
        _add_place(cluster, m, language)
    if inside:  # nested in the organisation's mention: the outer one first
        mentions = sorted(mentions + inside, key=lambda m: (m.start, -m.end))
    for c in [clusters[cid] for cid in order if cid.count(":") == 2 and cid.startswith("ORG:")]:
        if c.country and f"LOC:{c.country}" not in clusters:  # the country stays findable
            place = places.country(c.country, language)
            if place is not None:
                cluster(place.id, "LOC").name, clusters[place.id].country = place.name, place.country
                clusters[place.id].aliases.update(place.aliases)
    entities = [_entity(clusters[cid]) for cid in order]
    return mentions, entities


def _lone_word_types(mentions: list[Mention]) -> None:
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


# Nouns of a state's long form: "<adjective> <noun>" names the country ("Russische Föderation",
# "Französische Republik", "Russian Federation"); written by hand.
STATE_FORMS = frozenset(fold(w) for w in """Föderation Federation Republik Republic Königreich Kingdom Fürstentum
Principality Bundesrepublik Konföderation Confederation Eidgenossenschaft""".split())


def _state_form(text: str, m: Mention, language: str | None) -> places.Place | None:
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


def _bare_institutions(pending: list[tuple[Mention, str]], mentions: list[Mention], cluster,
                       language: str | None) -> list[tuple[Mention, str]]:
    """A state institution named without its country ("the Air Force said") is the one of that kind
    the article names with its country, where it names one country's only; the rest stay pending."""
    named: dict[str, set[str]] = {}
    for m in mentions:
        if m.entity_id and (inst := institutions.institution(m.entity_id)) is not None:
            named.setdefault(m.entity_id.rsplit(":", 1)[-1], set()).add(inst.id)
    if not named:
        return pending
    out = []
    for m, core in pending:
        ids = named.get(institutions.bare(clean(m.text)) or "", set()) if m.type != "PER" else set()
        if len(ids) == 1:
            m.entity_id = next(iter(ids))
            _add_institution(cluster, m, language)
        else:
            out.append((m, core))
    return out


def _spoken(text: str, m: Mention, language: str | None) -> str | None:
    """The code of the language a one-word mention names as the language (languages.py), else None."""
    if m.entity_id and m.entity_id.startswith(languages.PREFIX):
        return m.entity_id[len(languages.PREFIX):]
    word = clean(m.text)
    if m.entity_id or not word or " " in word:
        return None
    start = text.find(word, m.start, m.end + 1)
    return languages.language_use(text, start, start + len(word), language) if start >= 0 else None


def _one_type(pending: list[tuple[Mention, str]], persons: dict, orgs: dict) -> dict[int, tuple[str, str]]:
    """The id of each mention no person or organisation rule placed: its type and name. One name NER
    typed now ORG, now LOC or MISC in one article ("Weiße Haus", "Kremlin") is one entity, of the
    type most of its mentions have (the first one's on a tie)."""
    types: dict[str, Counter[str]] = {}
    for m, core in pending:
        if id(m) not in persons and id(m) not in orgs and m.type in ("ORG", "LOC", "MISC"):
            types.setdefault(slug(core), Counter())[m.type] += 1
    out = {}
    for m, core in pending:
        votes = types.get(slug(core)) if m.type in ("ORG", "LOC", "MISC") else None
        type_ = max(votes, key=votes.__getitem__) if votes else m.type  # Counter keeps first-seen order on ties
        out[id(m)] = (f"{type_}:{slug(core)}", type_)
    return out


# "Frankfurt (Oder)", "Frankfurt an der Oder", "Halle (Saale)", "Newcastle upon Tyne": a place name
# with its river or region names a different place than the bare, better-known namesake.
_QUALIFIER = re.compile(
    r"\s*\(([A-ZÄÖÜ][\w.\- ]{1,30})\)|\s+(?:an der|an dem|am|an|ob der|in der|upon|on the|on)\s+([A-ZÄÖÜ][\w\-]{1,30})")


def _split_runs(mentions: list[Mention], language: str | None) -> list[Mention]:
    """Split a mention NER ran across a list of names ("Argentina América México Colombia",
    "Ukraine Russland"): when two or more of its words are each a country's name on their own, each
    of those words becomes a mention of its own and the words between are dropped."""
    out: list[Mention] = []
    for m in mentions:
        words = list(re.finditer(r"[^\W\d_][\w.'’-]*", m.text))
        if m.entity_id or len(words) < 2 or places.readings(m.text, language):
            out.append(m)
            continue
        if repeated := _repeated_name(m.text, words):  # "Global News Facebook Pages Global News Twitter …"
            out += [Mention(m.start + a, m.start + b, m.text[a:b], m.type) for a, b in repeated]
            continue
        found = [w for w in words if not places.person_name(w.group())
                 and any(p.id.count(":") == 1 for p in places.readings(w.group(), language))]
        if len(found) < 2:
            out.append(m)
            continue
        out += [Mention(m.start + w.start(), m.start + w.end(), w.group(), "LOC") for w in found]
    return out


def _whole_place_names(text: str, mentions: list[Mention], language: str | None) -> list[Mention]:
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


def _repeated_name(text: str, words: list) -> list[tuple[int, int]]:
    """Where a long mention (six words or more: a menu or tag line NER ran together) holds one
    capitalised name two or more times, the spans of that name; a name does not repeat itself inside
    one name. The longest such run of capitalised words wins; [] when none repeats."""
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
        best = max(seen.values(), key=len, default=[])
        if len(best) >= 2:
            return best
    return []


def _qualified_places(text: str, mentions: list[Mention]) -> list[Mention]:
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
            if _qualifier(qualifier, m.start + inside.start(2 if inside.group(2) else 3), others):
                m.entity_id = f"LOC~{slug(inside.group(1))}-{slug(qualifier)}"
            else:  # "Delhi on Nov": NER ran on into a date; the place is the name before it
                m = Mention(m.start, m.start + len(inside.group(1)), inside.group(1), "LOC")
        elif (match := _QUALIFIER.match(text, m.end)) and _qualifier(
                q := match.group(1) or match.group(2), match.start(1) if match.group(1) else match.start(2), others):
            m = Mention(m.start, match.end(), text[m.start:match.end()], "LOC", f"LOC~{slug(m.text)}-{slug(q)}")
            swallowed_until = match.end()
        out.append(m)
    return out


def _qualifier(word: str, start: int, others: SpanIndex) -> bool:
    """A river or region after a place name, not a news agency's credit ("(AP)", "(Reuters)": capitals
    or a name tagged as an organisation) nor a date ("on Nov. 3", "am Montag")."""
    letters = [c for c in word if c.isalpha()]
    if letters and all(c.isupper() for c in letters) or others.overlaps(start, start + len(word)):
        return False
    return fold(word).rstrip(".") not in casing.calendar_words()


def _place_support(mentions: list[Mention], language: str | None) -> Counter[str]:
    """The countries the article's unambiguous place mentions lie in, with counts."""
    out: Counter[str] = Counter()
    for m in mentions:
        if m.type == "LOC" and not m.entity_id:
            found = places.readings(m.text, language)
            if len({p.country for p in found}) == 1 and found[0].country:  # a continent lies in none
                out[found[0].country] += 1
        elif m.entity_id and m.entity_id.startswith("LOC:") and m.entity_id.count(":") == 1:
            out[m.entity_id[4:]] += 1
    return out


def _place(m: Mention, language: str | None, support: Counter[str], surnames: set[str],
           kind: str | None = None) -> places.Place | None:
    """The place a mention names, if it names one. A LOC mention with several readings ("Georgia":
    the country or the US state) takes the one whose country the article's other places support.
    A mention NER typed otherwise is a place only when it is a country's name (not a first name,
    not the surname of a person in the text): "la Russie" tagged as a person is Russia. ``kind``: the
    kind of place the article's cues chose for the name (place_kinds.py)."""
    found = places.readings(m.text, language)
    if not found:
        return None
    if kind:
        found = tuple(p for p in found if places.kind(p) == kind) or found
    if m.type == "LOC":
        return max(found, key=lambda p: support[p.country] - found.index(p) * 0.5) if len(found) > 1 else found[0]
    first = found[0]
    words = name_words(clean(m.text))
    country_or_city = first.id.count(":") == 1 or (first.id.startswith("LOC:city:") and m.type != "PER")
    if not country_or_city or len(words) > 3 or m.type not in ("PER", "ORG", "MISC"):
        return None
    if fold(words[-1]) in surnames or places.person_name(m.text):
        return None
    if m.type == "PER" and len(words) >= 2 and not places.readings(m.text, None):
        return None  # "Sanna Marinin": only its stems read "San Marino"; "La Russie" is a name as written
    return first


def _add_institution(cluster, m: Mention, language: str | None) -> None:
    """A state institution (institutions.py): its name spelled with the article's adjective."""
    first = clean(m.text).split(" ")[0]
    seen = first if places.adjective(first) else None
    inst = institutions.institution(m.entity_id, language, seen)
    c = cluster(m.entity_id, "ORG")
    if not c.name:
        c.name, c.country = inst.name, inst.country
        c.aliases.update(inst.aliases)
    c.aliases.add(clean(m.text))
    c.mentions.append(m)


def _core(m: Mention, text: str | set[str]) -> str:
    if m.type != "PER" and key(clean(m.text)) in org_index():  # "World Health Organization" as a whole
        return clean(m.text)
    if m.type == "PER":
        return person_core(m.text, text) or clean(m.text)
    if m.type == "ORG":
        return org_core(m.text, text) or clean(m.text)
    if m.type == "LOC":
        return place_core(m.text, text) or clean(m.text)
    return clean(m.text) or m.text


def _add_place(cluster, m: Mention, language: str | None, place: places.Place | None = None) -> None:
    code = m.entity_id.split(":")[-1]
    if place is None:
        if m.entity_id.count(":") > 1:  # the reading of that id ("Amerika" is the USA and the continent)
            place = next((p for p in places.readings(m.text, language) if p.id == m.entity_id), None)
        else:
            place = places.country(code, language)
    c = cluster(m.entity_id, "LOC")
    if place is not None and not c.name:
        c.name, c.country = _local_spelling(place, m, language), place.country
        c.aliases.update(place.aliases)
    c.aliases.add(clean(m.text))
    c.mentions.append(m)


def _local_spelling(place: places.Place, m: Mention, language: str | None) -> str:
    """A city's name as the article spells it ("Moskau" in a German article, "Roma" in an Italian one,
    "القاهرة" in an Arabic one; not geonames' English "Moscow"), when the mention is one of the city's
    names, capitalised or in a script without capitals; countries come named in the language."""
    if place.id.count(":") == 1 or language in (None, "en"):
        return place.name
    surface = clean(m.text)
    if surface[:1].islower():
        return place.name
    names = {fold(a) for a in place.aliases}
    for form in places.variants(surface):
        if form in names and fold(surface[:len(form)]) == form:
            return surface[:len(form)]  # "Moskaus" -> "Moskau"
    if places.local_city(surface, language) == place.id:  # CLDR's name in the language: "Москва", "القاهرة"
        return surface
    return place.name


def _entity(c: _Cluster) -> Entity:
    aliases = set()
    for a in c.aliases:
        if a:
            aliases |= transliterations(a)
    name = c.name or _display_name(c)
    if c.type == "PER":
        for core in c.cores:
            words = name_words(core)
            if len(words) >= 2:
                aliases |= transliterations(words[-1])
    if c.id.startswith("ORG:") and c.id[4:] in ORGS:
        table_name, spellings = ORGS[c.id[4:]]
        name = table_name
        aliases.update(spellings)
    aliases.add(name)
    return Entity(id=c.id, name=name, type=c.type, country=c.country, aliases=sorted(aliases))


def _display_name(c: _Cluster) -> str:
    """The longest core (a full name over a surname, an expansion over an acronym)."""
    cores = sorted(c.cores, key=lambda s: (len(name_words(s)), len(s), sum(ord(ch) > 127 for ch in s)), reverse=True)
    return cores[0] if cores else c.id.split(":", 1)[-1]


def entity_ids(name: str, language: str | None = None) -> list[str]:
    """The ids a name may stand for, without an article: for search and alert queries
    ("IS-Miliz" -> ["ORG:isis"], "Moskau" -> ["LOC:city:524901"], "türkisch" -> ["LOC:TR"],
    "türkischen Armee" / "Turkish army" -> ["ORG:TR:army"],
    "Mevlüt Çavuşoğlu" -> ["PER:mevlut-cavusoglu"]). Most specific first; may be empty."""
    out: list[str] = []
    name = clean(name or "")
    if not name:
        return out
    inst = institutions.scan(name, [], language)
    if len(inst) == 1 and inst[0].start == 0 and inst[0].end == len(name):  # "türkischen Armee"
        out.append(inst[0].entity_id)
    place = places.lookup(name, language)
    if place is not None:
        out.append(place.id)
    code = places.adjective(name)
    if code:
        out.append(f"LOC:{code}")
    org = org_index().get(key(org_core(name, "")))
    if org:
        out.append(f"ORG:{org}")
    words = name_words(person_core(name, ""))
    if not out and len(words) >= 2:
        out.append("PER:" + slug(" ".join(words)))
    return list(dict.fromkeys(out))
