"""Author names from JSON-LD, ``<meta>`` tags or the page's byline, cleaned to bare names.

"Von Anna Muster und Max Beispiel, 12.03.2024" → ["Anna Muster", "Max Beispiel"]; e-mail
addresses, dates, roles after a comma or pipe and words like "Redaktion:" are removed.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

_PREFIX = re.compile(
    r"^(?:(?:ein\s+)?(?:beitrag|artikel|text|bericht|kommentar|interview|fotos?|bilder?)\s+(?:von|by)\s+|"
    r"(?:written|posted|published|reported|story|words|text|autor(?:in)?|author|von|by|geschrieben)"
    r"(?:\s+(?:by|von))?\s*[:\-–]?\s+)",
    re.I,
)
_BYLINE = re.compile(r"^\s*(?:von|by)\s+([A-ZÄÖÜ][^\n]{2,80})$", re.I)
_EMAIL = re.compile(r"\S+@\S+")
_URL = re.compile(r"https?://\S+|www\.\S+")
_DATE = re.compile(r"\d{1,4}[./-]\d{1,2}(?:[./-]\d{2,4})?.*$|\b(?:am|on|updated|aktualisiert|veröffentlicht|published)\b.*$",
                   re.I)
_SPLIT = re.compile(r"\s*(?:,|;|&|\||/|\bund\b|\band\b|\bmit\b|\bwith\b|\u00b7|•)\s*", re.I)
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NAME_WORD = re.compile(r"^[\w.'’\-]+$")
_NOT_NAMES = {"redaktion", "admin", "administrator", "staff", "editor", "editors", "team", "support",
              "unknown", "guest", "gast", "anonymous", "home", "news", "mehr", "more", "autor", "author"}


def clean_authors(raw: list[str]) -> list[str]:
    """Bare, de-duplicated person names from raw author strings."""
    out: dict[str, str] = {}
    for value in raw:
        value = _URL.sub(" ", _EMAIL.sub(" ", " ".join(str(value).split())))
        value = _PAREN.sub(" ", value)
        value = _PREFIX.sub("", value.strip())
        value = _DATE.sub("", value)
        for part in _SPLIT.split(value):
            name = _PREFIX.sub("", part.strip(" .:-–—|\"'“”„")).strip(" .:-–—")
            if _plausible(name) and name.casefold() not in out:
                out[name.casefold()] = name
    return list(out.values())[:8]


def _plausible(name: str) -> bool:
    words = name.split()
    if not 1 <= len(words) <= 5 or len(name) > 60 or name.casefold() in _NOT_NAMES:
        return False
    if any(ch.isdigit() for ch in name):
        return False
    return all(_NAME_WORD.match(w) for w in words) and any(w[:1].isupper() for w in words)


def authors_from_byline(tree: HtmlElement) -> list[str]:
    """Names from the visible byline: itemprop/rel/class "author", then a "Von X" / "By X" line."""
    for xpath in ('.//*[@itemprop="author"]', './/a[@rel="author"]',
                  './/*[contains(concat(" ", normalize-space(@class), " "), " author ")]',
                  './/*[contains(@class, "author-name") or contains(@class, "byline")]'):
        try:
            found = tree.xpath(xpath)
        except Exception:  # lxml refuses some malformed documents
            return []
        for el in found[:3]:
            name = el.find('.//*[@itemprop="name"]')
            text = (name.get("content") if name is not None and name.get("content") else
                    " ".join("".join((name if name is not None else el).itertext()).split()))
            if text and len(text) <= 100:
                names = clean_authors([text])
                if names:
                    return names
    for el in tree.iterfind(".//p"):
        text = " ".join("".join(el.itertext()).split())
        match = _BYLINE.match(text)
        if match:
            return clean_authors([match.group(1)])
    return []
