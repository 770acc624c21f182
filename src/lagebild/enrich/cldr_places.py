"""CLDR's names of places beyond countries (babel): continents and world regions in every language
("Europa", "Europe", "Amerika" -> CLDR "150", "019"), and the exemplar cities of time zones
("Moscú", "Moscou" -> "moscow"). places.py reads them; the gazetteer file holds neither.
"""

from __future__ import annotations

from functools import lru_cache

from ..textnorm import fold


# The CLDR codes of continents and world regions ("150" Europe, "019" Americas); "001", the world,
# is left out: "World" and "Welt" open the names of cups, banks and newspapers.
def _area_codes(names: dict[str, str]) -> dict[str, str]:
    return {code: name for code, name in names.items() if code.isdigit() and code != "001"}


@lru_cache(maxsize=64)
def areas(language: str | None) -> dict[str, str]:
    """Folded names of continents and world regions -> CLDR code, in the text's language, English
    and German ("Europa", "Europe", "Amerika", "Americas"); a name two areas share is dropped."""
    owners: dict[str, set[str]] = {}
    for lang in dict.fromkeys((language or "en", "en", "de")):
        for code, name in _area_codes(territories(lang)).items():
            owners.setdefault(fold(name), set()).add(code)
    return {name: next(iter(codes)) for name, codes in owners.items() if len(codes) == 1}


def area_name(code: str, language: str | None) -> str:
    return territories(language or "en").get(code) or territories("en").get(code, code)


def territories(language: str) -> dict[str, str]:
    """CLDR's names of territories in ``language``, code -> name ("150" -> "Europa", "DE" -> "Deutschland")."""
    return _names(language, "territories")


def language_names(language: str) -> dict[str, str]:
    """CLDR's names of languages in ``language``, code -> name ("es" -> "Spanisch")."""
    return _names(language, "languages")


@lru_cache(maxsize=128)
def _names(language: str, table: str) -> dict[str, str]:
    try:
        from babel import Locale

        return dict(getattr(Locale.parse(language), table))
    except Exception:  # noqa: BLE001 - an unknown locale names nothing
        return {}


@lru_cache(maxsize=64)
def exemplar_cities(language: str) -> dict[str, str]:
    """CLDR's city names in ``language`` (the exemplar cities of its time zones: "Moscú", "Moscou")
    -> the folded name in the zone's id ("moscow"), which geonames knows; trusted in that language only."""
    try:
        from babel import Locale

        zones = Locale.parse(language).time_zones
    except Exception:  # noqa: BLE001 - an unknown locale has no names
        return {}
    return {fold(names["city"]): fold(zone.rsplit("/", 1)[-1].replace("_", " "))
            for zone, names in zones.items() if names.get("city") and "/" in zone}
