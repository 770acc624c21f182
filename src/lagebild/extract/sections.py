"""An article's section ("Politik", "World", "Sport"): one clean label from the page's own words.

Both extraction paths hand :func:`pick_section` their candidates in order of trust (HTML: JSON-LD
``articleSection``, the ``article:section`` tag, the breadcrumb trail, the URL's path; scraped text: the
label line above the headline). A candidate is cleaned (:func:`normalise`) and refused when it is not a
section: a navigation word ("Startseite", "Home", "All", "Menu", "Erweiterte Suche"), a single letter, a
number or date, a sentence, the site's name or the headline. A trail ("News > Politik") gives its
first part that is a section. Generic labels ("News", "Nachrichten", "Aktuell") count only when nothing
more specific is offered. Case is made consistent: each word but function words starts with a capital ("NEWS", "news" -> "News";
"wirtschaft und finanzen" -> "Wirtschaft und Finanzen"; "World news" -> "World News"); inside a word a label
in mixed case keeps the page's spelling ("Sci-Tech"). The raw value stays beside it
(``Article.section_raw``).
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from .cues import STOP_WORDS

MAX_WORDS = 4  # a section is a label, not a sentence
MAX_CHARS = 40
_TRAIL = re.compile(r"\s*(?:>|»|›|→|/|\||::|·|•|,)\s*")  # a trail, or a list of sections: the first that is one
_EDGES = " \t\n-–—:|/>»›·•#*,;"
_NAVIGATION = frozenset(
    """home|homepage|home page|start|startseite|start page|frontpage|front page|titelseite|übersicht|overview|index|
    all|alle|alles|everything|main|menu|menü|navigation|nav|search|suche|erweiterte suche|advanced search|
    suchergebnisse|search results|back|zurück|more|mehr|weitere|uncategorized|uncategorised|unkategorisiert|
    allgemein|general|sonstiges|misc|miscellaneous|other|others|andere|default|article|articles|artikel|beitrag|
    beiträge|post|posts|page|pages|seite|seiten|story|stories|content|inhalt|inhalte|archive|archiv|archives|
    detail|details|item|items|view|entry|entries|single|print|drucken|share|teilen|login|anmelden|sitemap|
    hauptseite|inicio|início|accueil|portada|principal|página inicial|startpagina|strona główna|главная|forside|
    about|about us|über uns|contact|kontakt|impressum|de|en|fr|es|html|amp|www""".split("|")
)
_NAVIGATION = frozenset(" ".join(w.split()) for w in _NAVIGATION)
_GENERIC = frozenset("news nachrichten aktuell aktuelles latest neueste neu new top topics themen thema blog "
                     "magazin magazine meldungen noticias actualités actualites notizie nieuws".split())
_SENTENCE_END = re.compile(r"[.!?…]$")
# "Skip to content", "Zur Startseite", "Back to top": a link's instruction, not a label
_INSTRUCTION = re.compile(r"^(?:skip|jump|go|back|zur(?:ück)?|zum|springe|aller|ir a|volver)\b", re.I)
_DOMAIN = re.compile(r"\w\.[a-z]{2,6}$", re.I)  # "focus.de", "Gizmodo.com": the site, not a section
_LOCALE = re.compile(r"^[a-z]{2}(?:[-_ ][a-z]{2})?$", re.I)  # "en-us", "de_DE"
_DATE_OR_NUMBER = re.compile(r"^[\d\W_]+$|\b(?:19|20)\d\d\b")
_URL_SEGMENT = re.compile(r"^[^\W\d_]+(?:[-_][^\W\d_]+){0,3}$")


def _key(text: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def normalise(value: str | None) -> str:
    """Whitespace collapsed, decorations at the edges dropped, case made consistent (see the module)."""
    text = " ".join((value or "").split()).strip(_EDGES)
    if not text:
        return ""
    letters = [c for c in text if c.isalpha()]
    if len(letters) <= 3 and all(c.isupper() for c in letters):
        return text  # an acronym: "UK", "IT", "TV"
    if letters and (all(c.isupper() for c in letters) or all(c.islower() for c in letters)):
        text = text.lower()
    # every word but function words starts with a capital, the rest of it as the page wrote it: "World news"
    # and "World News" become one section, "Sci-Tech" and "iPhone" keep their inner capitals
    return " ".join(_word_case(w, first=not i) for i, w in enumerate(text.split(" ")))


def _word_case(word: str, first: bool) -> str:
    if not first and word.lower() in STOP_WORDS and not (len(word) > 1 and word.isupper()):
        return word.lower()  # "How To" -> "How to"; an acronym ("IT") stays
    if any(c.isupper() for c in word[1:]):
        return word
    return word[:1].upper() + word[1:]


def is_navigation(label: str) -> bool:
    """A word that names a place in the site's navigation, not a section ("Home", "Startseite", "Alle")."""
    return _key(label) in _NAVIGATION


def _acceptable(label: str, refuse: set[str]) -> bool:
    key = _key(label)
    if len(key) < 2 or len(label) > MAX_CHARS or len(label.split()) > MAX_WORDS:
        return False
    if key in _NAVIGATION or _SENTENCE_END.search(label) or _DATE_OR_NUMBER.search(label):
        return False
    if _INSTRUCTION.match(label) or _DOMAIN.search(label) or (_LOCALE.match(label) and len(key) > 2):
        return False
    squashed = key.replace(" ", "")
    if key in refuse or any(len(r) >= 4 and r.replace(" ", "") in squashed for r in refuse):
        return False  # the site's name ("Der Tagesspiegel" on tagesspiegel.de) or the headline
    return any(c.isalpha() for c in label)


def pick_section(candidates: list[str | list[str]], refuse: list[str] = ()) -> tuple[str | None, str | None]:
    """(section, raw value it came from) from ``candidates`` (strings, or trails as lists, most trusted
    first); ``refuse`` holds names that are not sections here (the site's name, the headline)."""
    refused = {_key(r) for r in refuse if r}
    generic: tuple[str, str] | None = None
    first_raw = None
    for candidate in candidates:
        parts = candidate if isinstance(candidate, list) else _TRAIL.split(candidate or "")
        raw = " > ".join(p.strip() for p in parts if p and p.strip()) if isinstance(candidate, list) else (candidate or "").strip()
        if not raw:
            continue
        first_raw = first_raw or raw
        for part in parts:
            label = normalise(part)
            if not _acceptable(label, refused):
                continue
            if _key(label) in _GENERIC:
                generic = generic or (label, raw)
                continue
            return label, raw
    if generic:
        return generic
    return None, first_raw


def url_sections(url: str | None) -> list[str]:
    """Section-like words of the URL's path before its last segment ("/politik/ausland/<slug>" ->
    ["politik", "ausland"]): not numbers, ids or dates, at most four words each."""
    try:
        path = urlsplit(url or "").path
    except ValueError:
        return []
    segments = [unquote(s) for s in path.split("/") if s]
    out = []
    for segment in segments[:-1][:3]:
        if _URL_SEGMENT.match(segment) and 3 <= len(segment) <= 30:
            out.append(segment.replace("-", " ").replace("_", " "))
    return out
