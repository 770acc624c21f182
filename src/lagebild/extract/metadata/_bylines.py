"""Author names cleaned to bare names, whatever their source (JSON-LD, ``<meta>`` tags, the page), and
the names the page's visible byline elements give (its credit lines are read in :mod:`._credits`).

"Von Anna Muster und Max Beispiel, 12.03.2024" → ["Anna Muster", "Max Beispiel"]; e-mail
addresses, dates, roles after a comma or pipe and words like "Redaktion:" are removed.
"""

from __future__ import annotations

import re
import unicodedata

from lxml import etree
from lxml.html import HtmlElement

_PREFIX = re.compile(
    r"^(?:(?:view|see|show|alle|all|more|mehr|weitere)?\s*(?:all\s+)?(?:posts|beiträge|artikel|articles|stories)"
    r"\s+(?:by|von)\s+|(?:alles|mehr|more|(?:zum\s+)?profil)\s+(?:von|from|of)\s+|(?:eingestellt|erstellt|verfasst|geschrieben|gepostet|veröffentlicht|publiziert|posted|written|published"
    r"|autorenseite|artikel|beitrag)\s+(?:von|vom|by|durch)\s+|(?:vom|par|por|di|door)\s+|(?:ein\s+)?(?:beitrag|artikel|text|bericht|kommentar|interview|fotos?|bilder?)\s+(?:von|by)\s+|"
    r"(?:written|posted|published|reported|story|words|text|autor(?:in)?|author|von|by|geschrieben)"
    r"(?:\s+(?:by|von))?\s*[:\-–]?\s+|[\w ]{2,20}:\s+)",
    re.I,
)
_BYLINE = re.compile(r"^\s*(?:von|by)\s+([A-ZÄÖÜ][^\n]{2,80})$", re.I)
_EMAIL = re.compile(r"\S+@\S+|(?<!\S)@\w+")
_URL = re.compile(r"https?://\S+|www\.\S+")
_DATE = re.compile(r"\d{1,4}[./-]\d{1,2}(?:[./-]\d{2,4})?.*$|\b(?:am|on|updated|aktualisiert|veröffentlicht|published)\b.*$",
                   re.I)
_SPLIT = re.compile(r"\s*(?:,|;|&|\||/|\bund\b|\band\b|\bmit\b|\bwith\b|\u00b7|•)\s*", re.I)
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NOT_NAMES = {"admin", "administrator", "staff", "editor", "editors", "team", "support", "unknown", "guest",
              "gast", "anonymous", "home", "news", "mehr", "more", "autor", "author", "auteur", "autorin", "von",
              "by", "posted", "publiziert", "eingestellt", "veröffentlicht", "written", "published", "human",
              "autorenseite", "artikel", "beitrag", "profil", "profile", "website", "kontakt", "contact",
              "schließen", "close", "follow", "folgen", "teilen", "share", "menü", "menu", "suche", "search",
              "phd", "md", "dr", "prof", "agenturen", "agencies", "alle artikel", "all articles", "all posts",
              "profil bearbeiten", "schließen", "artikel von", "beitrag von"}
_NOT_NAMES = {word.casefold() for word in _NOT_NAMES}  # compared with casefolded names ("ß" folds to "ss")
_TRAILING = re.compile(r"\s+(?:im gespräch|im interview|follow|folgen|profil bearbeiten|alle artikel|all articles"
                       r"|all posts|mehr erfahren|read more)$|(?<=[a-zäöü])(?:Follow|Folgen)$"
                       # the role after a Korean, Japanese or Chinese name ("신현주 기자": reporter; 記者, 特派員),
                       # with the rank written into it ("선임기자": senior reporter, "編集委員")
                       r"|\s+[가-힣一-鿿]{0,3}(?:기자|특파원|記者|特派員|记者|委員)$|(?:기자|특파원|記者|特派員|记者)$",
                       re.I)


# soft hyphens and zero-width characters: a hyphenation hint inside a name ("Mat\u00adthi\u00adas") is not shown
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))


def clean_authors(raw: list[str], *, usernames: bool = True) -> list[str]:
    """Bare, de-duplicated person names from raw author strings.

    ``usernames``: also accept a lowercase handle ("jdoe"), as structured sources give them.
    """
    out: dict[str, str] = {}
    for value in raw:
        value = _URL.sub(" ", _EMAIL.sub(" ", " ".join(str(value).translate(_INVISIBLE).split())))
        value = _PAREN.sub(" ", value)
        value = _PREFIX.sub("", value.strip())
        value = _DATE.sub("", value)
        parts = [_TRAILING.sub("", _PREFIX.sub("", part.strip(" .:-–—|\"'“”„")).strip(" .:-–—"))
                 for part in _SPLIT.split(value)]
        # "Jana Probe, dpa": beside a full name, a lone lowercase word is an agency's or a desk's code.
        full = any(len(p.split()) >= 2 for p in parts)
        for name in parts:
            if full and " " not in name and name.islower():
                continue
            if _plausible(name, usernames) and name.casefold() not in out:
                out[name.casefold()] = name
    return list(out.values())[:8]


_PARTICLES = {"von", "van", "vom", "zu", "de", "del", "della", "der", "den", "da", "di", "du", "dos", "das", "le", "la",
              "al", "el", "bin", "ibn", "ten", "ter", "af", "y"}
_CREDIT_WORDS = {"designed", "theme", "powered", "developed", "hosted", "built", "created", "made"}


def _name_word(word: str) -> bool:
    # letters and digits, the marks that belong to letters (Devanagari or Thai vowel signs, which \w leaves out),
    # and the dots, apostrophes and hyphens of names
    return all(ch.isalnum() or ch in "._'’-" or unicodedata.category(ch)[0] == "M" for ch in word)


def _plausible(name: str, usernames: bool) -> bool:
    words = name.split()
    if not 1 <= len(words) <= 5 or len(name) > 60 or name.casefold() in _NOT_NAMES or "admin" in name.casefold():
        return False
    if any(ch.isdigit() for ch in name):
        return False
    if not all(_name_word(w) for w in words):
        return False
    if len(words) > 1 and (words[0].isalpha() and words[0].islower() and words[0] not in _PARTICLES
                           or any(w in _CREDIT_WORDS for w in words)):
        return False  # "deinen Lesern", "Fuchsy designed": a phrase, not a name
    # a capital, or a letter of a script without case (Chinese, Japanese, Korean names)
    return any(w[:1].isupper() or w[:1].isalpha() and not w[:1].islower() for w in words) \
        or (usernames and len(words) == 1 and len(name) >= 2)


_CLASS_KEYS = ("author", "byline", "autor", "verfasser", "writer", "creator", "username")  # "author" also in @id
_BYLINE_TAGS = {"a", "span", "div", "p", "address", "li", "strong", "ul", "h3", "h4", "h5", "h6", "small", "em", "cite", "td"}
# One walk per attribute finds all three kinds of byline element (itemprop, rel, class / id); they are tried in
# this order. Walking the class and id attributes themselves and going up to their element takes ~.6 of the time
# of testing every element's tag and attributes. The tag test is made below, where the kinds are sorted apart.
_HAS_KEY = " or ".join(f'contains(., "{k}")' for k in _CLASS_KEYS)
_BYLINE_XPATH = etree.XPath(
    f'descendant::*/@class[{_HAS_KEY}]/.. | descendant::*/@id[contains(., "author")]/..'
    ' | descendant::*/@itemprop[. = "author"]/.. | descendant::*/@rel[. = "author"]/.. | descendant::byline')


def _byline_elements(tree: HtmlElement) -> list[list[HtmlElement]]:
    groups: list[list[HtmlElement]] = [[], [], []]
    for el in _BYLINE_XPATH(tree):
        if el.get("itemprop") == "author":
            groups[0].append(el)
        if el.get("rel") == "author":
            groups[1].append(el)
        if el.tag == "byline" or el.tag in _BYLINE_TAGS and (any(k in (el.get("class") or "") for k in _CLASS_KEYS)
                                                         or "author" in (el.get("id") or "")):
            groups[2].append(el)
    return groups


_SKIP = ("comment", "avatar", "description", "social", "follow", "more", "list")
_BLOCK = {"br", "p", "div", "li", "ul", "section", "h1", "h2", "h3", "h4", "h5", "h6", "time", "figure", "img"}


def _first_line(el: HtmlElement) -> str:
    """The element's text up to its first line break or nested block."""
    parts: list[str] = [el.text or ""]
    for child in el.iterdescendants():
        if not isinstance(child.tag, str) or child.tag in _BLOCK or child.tag in ("script", "style"):
            if "".join(parts).strip():
                break
            parts.append(child.tail or "" if child.getparent() is el else "")
            continue
        parts.append(child.text or "")
        if child.tail:
            parts.append(child.tail)
    return " ".join("".join(parts).split())


def _text_to_break(el: HtmlElement) -> str:
    """The element's text in document order up to its first ``<br>`` or nested block."""
    parts: list[str] = []

    def walk(node: HtmlElement) -> bool:  # False once the line has ended
        parts.append(node.text or "")
        for child in node:
            if isinstance(child.tag, str) and child.tag in _BLOCK:
                return False
            if isinstance(child.tag, str) and child.tag not in ("script", "style") and not walk(child):
                return False
            parts.append(child.tail or "")
        return True

    walk(el)
    return " ".join("".join(parts).split())


def in_comments(el: HtmlElement) -> bool:
    """In the comments, the navigation, or the page's own footer / sidebar (an article's footer counts)."""
    outside = in_article = False
    for anc in reversed(list(el.iterancestors())):
        marker = f"{anc.get('class', '')} {anc.get('id', '')}".lower()
        if "comment" in marker or anc.tag == "nav":
            return True
        in_article = in_article or anc.tag in ("article", "main")
        outside = outside or (anc.tag in ("footer", "aside") and not in_article)
    return outside


def is_byline(paragraph: str, authors: list[str]) -> bool:
    """Whether a body paragraph is only the byline naming ``authors`` ("Von A und B", "By A")."""
    if not authors or len(paragraph) > 120:
        return False
    rest = paragraph.casefold()
    for name in authors:
        rest = rest.replace(name.casefold(), " ")
    leftover = [w for w in re.findall(r"\w+", rest) if not w.isdigit()]
    return len(leftover) <= 3 and len(rest) < len(paragraph.casefold())


def _byline_sources(tree: HtmlElement):
    """The elements a byline's names are read from, most trusted first: itemprop/rel/class "author" (or
    their ``itemprop="name"`` child), at most six of each kind, none in the comments or navigation."""
    try:
        groups = _byline_elements(tree)
    except Exception:  # lxml refuses some malformed documents
        return
    for found in groups:
        found = [el for el in found[:40] if not in_comments(el)
                 and not any(s in f"{el.get('class', '')} {el.get('id', '')}".lower() for s in _SKIP)]
        for el in found[:6]:
            name = el.find('.//*[@itemprop="name"]')
            yield name if name is not None else el


def _touch(a: str, b: str) -> bool:
    """Whether text piece ``a`` runs into ``b`` with no space: a letter ends one, a letter starts the other."""
    return a[-1:].isalpha() and b[:1].isalpha()


def _glued(source: HtmlElement) -> bool:
    """Whether the element's words come in pieces of their own: two text pieces, whitespace-only ones left out,
    meet letter to letter. Glued ("By" + "Jane Doe" + "Staff Writer" → "ByJane DoeStaff Writer") or only
    spaced by the page's markup ("Written By:" / "Jane Doe" / "Gardener" on lines of their own, which the
    joined text runs together), the name then stands alone in its piece (:func:`_piece_name`). A name split
    over pieces ("<span>Jane</span> <span>Doe</span>") is refused there and read from the joined text."""
    pieces = [p for p in _PIECES(source) if p.strip()]
    return any(_touch(a, b) for a, b in zip(pieces, pieces[1:]))


def _runs_on(pieces: list[str], i: int) -> bool:
    """Whether piece ``i`` is a fragment of a name the next pieces continue: a letter glued to it ("<b>J</b>ane
    Doe"; a capital glued to a word of two letters or more starts a new word set apart by style, "SID" +
    "Nachrichtenagentur"), or one word ending in a letter and, across a space, a capital ("<span>Jane</span>
    <span>Doe</span>"; "Reuters," ends in a comma). A piece of two words or more ("Jane Doe" before a glued
    "Staff Writer") stands alone."""
    piece = pieces[i]
    letters = sum(c.isalpha() for c in piece)
    if len(piece.split()) > 1 and letters >= 2:
        return False
    rest = "".join(pieces[i + 1:i + 4])
    if _touch(piece, rest):
        return letters < 2 or rest[:1].islower()
    spaced = piece[-1:].isspace() or rest[:1].isspace()
    return spaced and piece.rstrip()[-1:].isalpha() and rest.lstrip()[:1].isupper()


def _piece_name(source: HtmlElement) -> list[str]:
    """The first name standing alone in one text piece; nothing once a name runs on into the next piece (its
    part would be a half name: the joined text is read instead)."""
    pieces = [str(p) for p in _PIECES(source)]
    for i, raw in enumerate(pieces):
        piece = " ".join(raw.split())
        if piece and len(piece) <= 100 and not AUTHOR_LABEL.match(piece) and not _LABEL_PIECE.search(piece):
            names = clean_authors([piece])
            if names:
                return [] if _runs_on(pieces, i) else names[:1]
    return []


def byline_sources(tree: HtmlElement) -> list[HtmlElement]:
    """:func:`_byline_sources` as a list: the readers below take it so that one page is searched once."""
    return list(_byline_sources(tree))


def byline_piece(tree: HtmlElement, sources: list[HtmlElement] | None = None) -> list[str]:
    """The first name standing alone in one text piece of the first byline element that has one: the
    elements of a byline are often set apart by style only, so their joined text glues the cue, the name
    and a role ("By" + "Jane Doe" + "Staff Writer" → "ByJane DoeStaff Writer"); piece by piece, the name
    stands alone. Read for the ranker only (source ``byline_piece``); the rules read the joined text."""
    found = _byline_sources(tree) if sources is None else sources
    return next((names for source in found if (names := _piece_name(source))), [])


# An author label standing alone in its element: "Written by", "Von", "Autor:" (the name is in the next one).
AUTHOR_LABEL = re.compile(r"^(?:(?:(?:written|posted|article|story|words|text|reviewed|edited|published|geschrieben"
                          r"|verfasst)\s+)?(?:by|von|par|por|door|di)|authors?|autor(?:in|en)?(?:\s*/\s*autor(?:in|en)?)?|auteur|autore"
                          r"|redakteur(?:in)?)\s*:?$", re.I)
# a piece that labels the name rather than naming someone: "About the Author", "Rezept von", "Un documentaire de"
_LABEL_PIECE = re.compile(r"\b(?:about|über|authors?|autor\w*|auteur)\b|\b(?:von|by|par|por|de|di|da|door|av)\s*:?$",
                          re.I)
_PIECES = etree.XPath("descendant-or-self::text()[not(ancestor::script or ancestor::style)]")


def authors_from_byline(tree: HtmlElement, sources: list[HtmlElement] | None = None) -> list[str]:
    """Names from the visible byline: itemprop/rel/class "author", then a "Von X" / "By X" line."""
    for source in _byline_sources(tree) if sources is None else sources:
        names = _source_names(source)
        if names:
            return names
    for el in tree.iterfind(".//p"):
        text = _text_to_break(el)  # "Von A und B<br>Ort" names A and B
        match = _BYLINE.match(text)
        if match:
            return clean_authors([match.group(1)], usernames=False)
    return []


def _source_names(source: HtmlElement) -> list[str]:
    """The names one byline element gives."""
    if _glued(source):  # "By" + "Jane Doe" + "Writer" set apart by style only: the name alone in its piece
        names = _piece_name(source)
        if names:
            return names
    for text in (source.get("content") or _first_line(source), " ".join(source.text_content().split())):
        if text and len(text) <= 100:
            names = clean_authors([text])
            if names:
                return names
    return []


def byline_readings(tree: HtmlElement, most: int = 4, sources: list[HtmlElement] | None = None) -> list[list[str]]:
    """The distinct names of the first ``most`` byline elements that give any, in order: the first is
    :func:`authors_from_byline`'s reading (when an element gives it), the others what a page that labels its
    byline in several nested elements ("Insights from" / "Liza Burke" / "Marketing Director") offers beside it."""
    found = _byline_sources(tree) if sources is None else sources
    return first_distinct((_source_names(source) for source in found), most)


def first_distinct(values, most: int) -> list:
    """The first ``most`` distinct non-empty values, in order (reading no further than needed)."""
    found: list = []
    for value in values:
        if value and value not in found:
            found.append(value)
            if len(found) >= most:
                break
    return found
