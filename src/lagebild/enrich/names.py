"""Canonical entities: one identity per real person, organisation or place in an article.

Every mention is reduced to a *core* name: surrounding punctuation, titles ("Dr.", "Herr"),
descriptor words ("Terror-Miliz ISIS", "IS-Miliz", "the militia Hamas") and a genitive ending
("Cavusoglus", "Russlands", "Merkel's") are cut (cores.py); function words in capitals or title
case ("WHO IS THE FRONT-RUNNER?", "FOLLOW US ON") are no mentions (casing.py). Cores then meet by

* places: the gazetteer (places.py), trusting a foreign-language alias only where it cannot mean
  something else; a name with several readings ("Georgia") takes the one the article's other
  places support -> "LOC:TR", "LOC:city:524901", "LOC:region:US-GA"; a name both a city and a
  state, a country and a continent, by the article's cues (place_kinds.py); a language's name used
  as the language is the language, "MISC:language:es" (languages.py);
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
from . import casing, inner_names, institutions, languages, mention_spans, place_context, place_forms, place_kinds, places
from ._text import key, slug
from .alias_trust import in_english_title
from .cores import clean, is_acronym, name_words, org_core, person_core, place_core, transliterations
from .orgs import ORGS, org_clusters, org_index
from .particles import DECLINING, nominative
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
    mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
    mentions = mention_spans.possessives(mentions)  # "Harris' Witzeleien": the name before its possessive
    mentions = mention_spans.qualified_places(text, mention_spans.split_runs(mentions, language))
    mentions = inner_names.cut_to_names(text, mentions, language)  # "Instagram Global News", "Follow BBC"
    mentions = mention_spans.japanese_genitive(mentions)  # "イスラエルの国旗": Israel's flag
    mentions = mention_spans.whole_place_names(text, mentions, language)
    support = _place_support(mentions, language)
    regions = {p.id: p for m in mentions if m.type == "LOC" and not m.entity_id
               for p in places.readings(m.text, language) if places.kind(p) == "region"}  # named in the article
    kinds = place_kinds.preferred(text, mentions, language)  # "New York": the city or the state
    clubs = place_context.organisations_named_for_places(text, mentions, language)  # "as New York improved"
    mention_spans.lone_word_types(mentions, language)  # "Bachmut" tagged now a person, now a place
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
        title = m.type == "LOC" and in_english_title(text, m.start, m.end, language)  # "Desert Island Discs"
        place = None if title or id(m) in clubs else _place(m, language, support, surnames, kinds.get(id(m))) \
            or mention_spans.state_form(text, m, language) or place_forms.postal_code(m, regions)
        if place is not None:
            m.entity_id = place.id
            _add_place(cluster, m, language, place)
            continue
        if m.type in ("LOC", "MISC") and any(org_index().get(key(c)) for c in (clean(m.text), org_core(m.text, vocab, language))):
            pending.append((m, _core(m, vocab, language) if org_index().get(key(clean(m.text)))
                            else org_core(m.text, vocab, language)))
            continue  # "Islamic State" tagged as a place
        if m.type in ("MISC", "LOC") and (country := places.adjective(clean(m.text), language)):  # "Polnische" as LOC too
            m.entity_id = f"LOC:{country}"
            _add_place(cluster, m, language)
            continue
        pending.append((m, _core(m, vocab, language)))

    pending = _bare_institutions(pending, mentions, cluster, language)  # "the Air Force" after "Ukraine's Air Force"
    persons = person_clusters(pending, language)
    orgs = org_clusters(pending, language, text)
    typed = _one_type(pending, persons, orgs, language)
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


def _one_type(pending: list[tuple[Mention, str]], persons: dict, orgs: dict,
              language: str | None = None) -> dict[int, tuple[str, str]]:
    """The id of each mention no person or organisation rule placed: its type and name (in a
    language whose names decline, the nominative's: "Баварии", "Бавария"). One name NER
    typed now ORG, now LOC or MISC in one article ("Weiße Haus", "Kremlin") is one entity, of the
    type most of its mentions have (the first one's on a tie); a case form of an organisation the
    rules placed ("Верховным Судом") or the same name the rules left ("Gateway Pundit" beside "The
    Gateway Pundit (TGP)") joins its id; an acronym no place has, which most of its mentions make a
    place ("(AP)" after a dateline), is an organisation if NER ever says so."""
    types: dict[str, Counter[str]] = {}
    named = [(m, core) for m, core in pending
             if id(m) not in persons and id(m) not in orgs and m.type in ("ORG", "LOC", "MISC")]
    written = {core for _, core in named}  # a lone word's common-noun lemma counts where the text names it
    same = _one_spelling(named, language, written)
    for m, core in named:
        types.setdefault(same[id(m)], Counter())[m.type] += 1
    linked = {slug(nominative(core, language, written) or core if language in DECLINING else core): orgs[id(m)][0]
              for m, core in pending if id(m) in orgs and (language in DECLINING or len(name_words(core)) >= 2)}
    # ("Верховным Судом" beside "Верховного Суда (ВС)"; elsewhere a multi-word name only: one word the
    # rules left is a common word as often, "die Grüne Variante")
    out = {}
    for m, core in pending:
        name = same.get(id(m)) or (slug(nominative(core, language, written) or core) if m.type != "PER" else slug(core))
        if m.type != "PER" and name in linked:
            out[id(m)] = (linked[name], "ORG")
            continue
        votes = types.get(name) if m.type in ("ORG", "LOC", "MISC") else None
        type_ = max(votes, key=votes.__getitem__) if votes else m.type  # Counter keeps first-seen order on ties
        if votes and type_ == "LOC" and votes["ORG"] and is_acronym(core) and not places.readings(core, language):
            type_ = "ORG"  # letters no gazetteer place has: an agency's "(AP)" after a dateline reads as a place;
            # against MISC votes one ORG vote is noise ("COVID")
        out[id(m)] = (f"{type_}:{name}", type_)
    return out


def _one_spelling(named: list[tuple[Mention, str]], language: str | None, written: set[str]) -> dict[int, str]:
    """The id name of each organisation or place mention: its slug, or the slug of the spelling the
    article uses most of the one name's spellings: the cases of a German name ("Weissen Hauses",
    "Weisse Haus", "Weissen Haus": ``_text.key``), one name written joined and spaced ("GlobalNews",
    "Global News"); ``written``: the article's names, for :func:`particles.nominative`."""
    names = {id(m): slug(nominative(core, language, written) or core) for m, core in named}
    counts = Counter(names.values())
    groups: dict[str, set[str]] = {}
    for m, core in named:
        if language == "de" and len(name_words(core)) >= 2:  # German: inflection-blind for multi-word names
            groups.setdefault(key(core), set()).add(names[id(m)])
        groups.setdefault("joined:" + names[id(m)].replace("-", ""), set()).add(names[id(m)])
    best: dict[str, str] = {}
    for spellings in groups.values():
        if len(spellings) > 1:
            pick = max(spellings, key=lambda n: (counts[n], n.count("-"), -len(n)))
            best.update({n: best.get(pick, pick) for n in spellings})
    return {i: best.get(n, n) for i, n in names.items()}


def _place_support(mentions: list[Mention], language: str | None) -> Counter[str]:
    """The countries the article's unambiguous place mentions lie in, with counts."""
    out: Counter[str] = Counter()
    for m in mentions:
        if m.type == "LOC" and not m.entity_id:
            found = place_forms.readings(m.text, language)
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
    found = place_forms.readings(m.text, language) or (
        place_forms.state_coded(m.text, language) if m.type == "LOC" else ())
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


def _core(m: Mention, text: str | set[str], language: str | None = None) -> str:
    if m.type != "PER" and key(clean(m.text)) in org_index():  # "World Health Organization" as a whole
        return clean(m.text)
    if m.type == "PER":
        return person_core(m.text, text, language) or clean(m.text)
    if m.type == "ORG":
        return org_core(m.text, text, language) or clean(m.text)
    if m.type == "LOC":
        return place_core(m.text, text, language) or clean(m.text)
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
