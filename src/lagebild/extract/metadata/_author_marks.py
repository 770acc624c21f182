"""Author names a page marks without a byline element: links to the author's own page, and a name standing
alone on the first or last lines of the article (a signature).

Both are candidates for the learned ranking only (:mod:`._rank`); no rule of the cascade reads them. They
reach names the byline readers miss: ``By <a href="/author/jane-doe">Jane Doe</a> · Review Editor`` inside
an element with no author marker, ``<p><strong>Jane Doe</strong></p>`` before the article's first paragraph,
"(Jane Doe)" or a bold name after its last.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import unquote

from lxml import etree
from lxml.html import HtmlElement

from ._bylines import clean_authors, in_comments
from ._markup import text_of as _text  # visible text: a script inside a link or line is no name

# A link to an author's page: a path segment naming authors, writers or profiles followed by the author's own
# segment ("/author/jane-doe/", "/autoren/jdoe", "/profile/1234"), or an author query ("?author=…", "_author=").
_AUTHOR_HREF = re.compile(
    r"/(?:authors?|autor(?:en|in|innen)?|auteurs?|autore|autori|autores|writers?|journalist(?:en|s)?|redakteur(?:e|in)?"
    r"|columnists?|contributors?|profiles?|profil|userprofile|users?|members?|people|person)/[^/?#]+"
    r"|[?&_]author=[^&#]+",
    re.I,
)
_LINKS = etree.XPath("//body//a[@href]")
_MOST_LINKS = 60  # author links looked at: enough for a page's byline, not every teaser of a long listing


def linked_authors(tree: HtmlElement, most: int = 4) -> list[str]:
    """The names of the first group of links to author pages: the first such link outside the comments and
    navigation, and the other author links in the short block around it ("By <a>A</a> and <a>B</a>")."""
    links = []
    for a in _LINKS(tree):
        href = unquote(a.get("href") or "")
        if _AUTHOR_HREF.search(href) and not in_comments(a):
            links.append(a)
            if len(links) >= _MOST_LINKS:
                break
    first = next((a for a in links if clean_authors([_text(a)], usernames=True)), None)
    if first is None:
        return []
    block = first
    for anc in first.iterancestors():  # widen to the byline's block while it stays short
        if anc.tag in ("body", "html") or len(_text(anc)) > 300:
            break
        block = anc
    inside = set(block.iter())
    names: list[str] = []
    for a in links:
        if a is first or a in inside:
            for name in clean_authors([_text(a)], usernames=True)[:1]:
                if name.casefold() not in {n.casefold() for n in names}:
                    names.append(name)
    return names[:most]


_PARAGRAPHS = etree.XPath("//body//p")
_SIGN_WORDS = 6
_SENTENCE_END = re.compile(r"[.!?:;]\s*$")
_EMPHASIS = {"strong", "b", "em", "i", "cite"}
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def signed_names(tree: HtmlElement) -> tuple[list[str], list[str]]:
    """Names standing alone on the first lines (``lead``) and the last lines (``signature``) of the article: the
    element holding most paragraphs is taken as the article's text; its first three and last two paragraphs
    with text are read, a line that is only a name — set in bold or italics, or in parentheses — counts."""
    try:
        paragraphs = _PARAGRAPHS(tree)
    except Exception:  # lxml refuses some malformed documents
        return [], []
    counts = Counter(p.getparent() for p in paragraphs if p.getparent() is not None)
    if not counts:
        return [], []
    container, _ = counts.most_common(1)[0]
    lines = [p for p in container if isinstance(p.tag, str) and p.tag in ("p", "div") and _text(p)]
    if len(lines) < 3:
        return [], []
    return _first_name(lines[:3]), _first_name(reversed(lines[-2:]))


def _first_name(lines) -> list[str]:
    for el in lines:
        names = _name_line(el)
        if names:
            return names
    return []


# What a bold line holds when it is a subheading, a quotation or a label, not a name: quotation marks around it
# (a quoted phrase as the next paragraphs' heading), a digit or a label's colon in the part that would be the
# name ("Top 10 Tips", "Rubrik: Gesundheit"; after the comma a date or time may follow a name: "Anna Roth,
# 12:30"). A heading element in the line is a subheading too (:func:`_name_line`).
_QUOTED = re.compile(r"^[\"'„“”«»‚‘’]|[\"„“”«»‚‘’]$")
_NOT_A_NAME = re.compile(r"\d|:")


def _name_line(el: HtmlElement) -> list[str]:
    """The names a line gives when it is nothing but names (a role after a comma aside): "(Jane Doe)",
    "<strong>Jane Doe/John Roe</strong>", "<em>Jane Doe, Korrespondentin</em>"."""
    text = _text(el)
    if (not text or len(text) > 80 or _QUOTED.search(text) or _NOT_A_NAME.search(text.split(",")[0])
            or any(True for _ in el.iter(*_HEADINGS))):
        return []
    bracketed = text.startswith("(") and text.endswith(")")
    inner = text[1:-1].strip() if bracketed else text
    emphasised = any(_text(c) == text for c in el.iter(*_EMPHASIS))
    if not (bracketed or emphasised) or len(inner.split()) > _SIGN_WORDS or _SENTENCE_END.search(inner):
        return []
    names = clean_authors([inner.split(",")[0]], usernames=False)
    return names if names and all(len(n.split()) >= 2 or n.isupper() or n.islower() for n in names) else []


# The page's interface: navigation, buttons, form controls and the page's own footer (not an article's). Menu
# and button texts ("Privacy Policy", "Ähnliche Beiträge", "Datenschutzeinstellungen verwalten") reach the byline
# and credit readers on some pages; a person's name is rarely among them.
_INTERFACE = etree.XPath(
    "//nav//text() | //button//text() | //select//text() | //label//text()"
    " | //*[@role='navigation' or @role='menu' or @role='menubar' or @role='button' or @role='tab']//text()"
    " | //footer[not(ancestor::article or ancestor::main)]//text()")
_WORDS = re.compile(r"\w{2,}")


def interface_texts(tree: HtmlElement) -> tuple[frozenset[str], frozenset[str]]:
    """The page's interface texts (casefolded, spaces collapsed) and their words, for the author ranker's two
    numbers: a candidate that is one of those texts, and the share of its words that are among them
    (:func:`._rank.author_rows`)."""
    texts = {" ".join(str(t).split()).casefold() for t in _INTERFACE(tree)}
    texts.discard("")
    return frozenset(texts), frozenset(w for t in texts for w in _WORDS.findall(t))
