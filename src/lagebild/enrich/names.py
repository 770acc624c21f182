"""Canonical entities: one identity per real person, organisation or place in an article.

Every mention is reduced to a *core* name: surrounding punctuation, titles ("Dr.", "Herr"),
descriptor words ("Terror-Miliz ISIS", "IS-Miliz", "the militia Hamas") and a genitive ending
("Cavusoglus", "Russlands", "Merkel's") are cut, diacritics folded (cores.py). Cores then meet by

* places: the gazetteer in every language (places.py) -> "LOC:TR", "LOC:city:524901";
* persons: the inflection-blind key of the full name; a lone surname joins the full name it ends
  ("Cavusoglu" -> "Mevlüt Cavusoglu"), whatever type NER gave the lone word;
* organisations: the hand-written table of well-known ones (orgs.py) and, within the article,
  an acronym matching the initials of a spelled-out name ("Islamischer Staat" = "IS").

Ids are stable across articles: "PER:mevlut-cavusoglu", "ORG:isis", "LOC:TR", "MISC:<slug>".
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..model import Entity, Mention
from . import institutions, places
from ._text import key, slug, stem
from .cores import clean, initials, is_acronym, name_words, org_core, person_core, transliterations
from .orgs import ORGS, org_index


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
    mentions = _qualified_places(text, sorted(mentions, key=lambda m: (m.start, -m.end)))
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
        if m.type == "LOC":
            place = places.lookup(m.text, language)
            if place is not None:
                m.entity_id = place.id
                _add_place(cluster, m, language, place)
                continue
        if m.type in ("LOC", "MISC") and org_index().get(key(core := org_core(m.text, vocab))):
            pending.append((m, core))  # "Islamic State" tagged as a place
            continue
        if m.type == "MISC" and (country := places.adjective(clean(m.text))):
            m.entity_id = f"LOC:{country}"
            _add_place(cluster, m, language)
            continue
        pending.append((m, _core(m, vocab)))

    persons = _person_clusters(pending)
    orgs = _org_clusters(pending)
    for m, core in pending:
        cid, type_ = persons.get(id(m)) or orgs.get(id(m)) or (f"{m.type}:{slug(core)}", m.type)
        c = cluster(cid, type_)
        m.entity_id = cid
        c.mentions.append(m)
        c.cores.append(core)
        c.aliases.update({clean(m.text), core})
    for c in [clusters[cid] for cid in order if cid.count(":") == 2 and cid.startswith("ORG:")]:
        if c.country and f"LOC:{c.country}" not in clusters:  # the country stays findable
            place = places.country(c.country, language)
            if place is not None:
                cluster(place.id, "LOC").name, clusters[place.id].country = place.name, place.country
                clusters[place.id].aliases.update(place.aliases)
    entities = [_entity(clusters[cid]) for cid in order]
    return mentions, entities


# "Frankfurt (Oder)", "Frankfurt an der Oder", "Halle (Saale)", "Newcastle upon Tyne": a place name
# with its river or region names a different place than the bare, better-known namesake.
_QUALIFIER = re.compile(
    r"\s*\(([A-ZÄÖÜ][\w.\- ]{1,30})\)|\s+(?:an der|an dem|am|an|ob der|in der|upon|on the|on)\s+([A-ZÄÖÜ][\w\-]{1,30})")


def _qualified_places(text: str, mentions: list[Mention]) -> list[Mention]:
    """Extend a LOC mention over a qualifier that follows it, marked for its own identity; the
    mentions inside the qualifier are dropped. Spellings of one place meet at "name-qualifier"."""
    out: list[Mention] = []
    swallowed_until = -1
    for m in mentions:
        if m.start < swallowed_until:
            continue
        if m.type != "LOC" or m.entity_id:
            out.append(m)
            continue
        inside = re.fullmatch(r"(.+?)(?:" + _QUALIFIER.pattern + ")", m.text)  # NER took the whole name
        if inside:
            qualifier = inside.group(2) or inside.group(3)
            m.entity_id = f"LOC~{slug(inside.group(1))}-{slug(qualifier)}"
        elif match := _QUALIFIER.match(text, m.end):
            qualifier = match.group(1) or match.group(2)
            m = Mention(m.start, match.end(), text[m.start:match.end()], "LOC", f"LOC~{slug(m.text)}-{slug(qualifier)}")
            swallowed_until = match.end()
        out.append(m)
    return out


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
    if m.type == "PER":
        return person_core(m.text, text) or clean(m.text)
    if m.type == "ORG":
        return org_core(m.text, text) or clean(m.text)
    return clean(m.text) or m.text


def _add_place(cluster, m: Mention, language: str | None, place: places.Place | None = None) -> None:
    code = m.entity_id.split(":")[-1]
    if place is None:
        if m.entity_id.startswith("LOC:city:"):
            place = places.lookup(m.text, language)
        else:
            place = places.country(code, language)
    c = cluster(m.entity_id, "LOC")
    if place is not None and not c.name:
        c.name, c.country = place.name, place.country
        c.aliases.update(place.aliases)
    c.aliases.add(clean(m.text))
    c.mentions.append(m)


def _person_clusters(pending: list[tuple[Mention, str]]) -> dict[int, tuple[str, str]]:
    """Full names cluster by key; a lone word joins the last full name it ends (or, failing that,
    the first); lone words with no full name stay on their own."""
    full: list[tuple[int, str, str]] = []  # (start, surname stem, id)
    by_key: dict[str, str] = {}  # inflection-blind key -> id: one spelling's id for all
    out: dict[int, tuple[str, str]] = {}
    for m, core in pending:
        words = name_words(core)
        if m.type == "PER" and len(words) >= 2:
            cid = by_key.setdefault(key(core), "PER:" + slug(core))
            out[id(m)] = (cid, "PER")
            full.append((m.start, stem(words[-1]), cid))
    by_surname: dict[str, list[tuple[int, str]]] = {}
    for start, sur, cid in full:
        by_surname.setdefault(sur, []).append((start, cid))
    for m, core in pending:
        words = name_words(core)
        if id(m) in out or len(words) != 1 or m.type == "LOC":
            continue
        same = by_surname.get(stem(words[0]))
        if same:  # the last full name before the mention, else the first one after it
            k = bisect.bisect_right(same, (m.start, "\uffff")) - 1
            out[id(m)] = (same[k][1] if k >= 0 else same[0][1], "PER")
    return out


def _org_clusters(pending: list[tuple[Mention, str]]) -> dict[int, tuple[str, str]]:
    """Table entries first, then acronyms matching the initials of a spelled-out name."""
    table = org_index()
    out: dict[int, tuple[str, str]] = {}
    orgs = [(m, core) for m, core in pending if m.type in ("ORG", "MISC", "LOC")]
    for m, core in orgs:
        k = table.get(key(core))
        if k:
            out[id(m)] = (f"ORG:{k}", "ORG")
    acronyms = {core: m for m, core in orgs if is_acronym(core) and id(m) not in out}
    for m, core in orgs:
        if id(m) in out or len(name_words(core)) < 2:
            continue
        acr = initials(core)
        if acr in acronyms:
            out[id(m)] = (f"ORG:{slug(acr)}", "ORG")
    assigned = {v[0] for v in out.values()}
    for m, core in orgs:
        if id(m) not in out and core in acronyms and f"ORG:{slug(core)}" in assigned:
            out[id(m)] = (f"ORG:{slug(core)}", "ORG")
    return out


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
