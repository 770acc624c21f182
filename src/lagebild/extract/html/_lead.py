"""The lead: the page's first paragraph when it reads as the article's opening (or repeats the
page's description), separated from the body paragraphs that follow; and the lead the main-text
pass left out, found by the description's text on the page or by the markup naming a standfirst."""

from __future__ import annotations

import re

import lxml.etree

from ._blocks import key


def _same_opening(paragraph: str, description: str) -> bool:
    a, b = key(paragraph), key(description.rstrip(".… "))
    if not a or not b:
        return False
    short, long = sorted((a, b), key=len)
    return len(short) >= 40 and long.startswith(short[: max(40, int(len(short) * 0.9))])


def split_lead(paragraphs: list[str], description: str, title: str) -> tuple[str, list[str]]:
    """(lead, body) from the extracted paragraphs; a repeated headline is dropped."""
    paragraphs = list(paragraphs)
    if paragraphs and title and key(paragraphs[0]) == key(title):
        paragraphs.pop(0)
    if not paragraphs:
        return "", []
    first = paragraphs[0]
    if _same_opening(first, description or "") or (
        len(paragraphs) > 1 and len(first) >= 60 and first.rstrip()[-1:] in ".!?\"“”»«"
    ):
        return first, paragraphs[1:]
    return "", paragraphs


_BLOCKS = {"p", "div", "section", "h2", "h3", "li", "td", "header", "article", "span", "strong", "em", "b"}
_PROBE = 24  # characters of the description looked up in the page's text
# compiled once; a no-break space in the page's text reads as the plain one the description has. A text holding
# the probe holds its longest word as written: that cheap test comes first, so few texts are translated.
_TEXT_HOLDING = lxml.etree.XPath(
    "//body//text()[contains(., $word)][contains(translate(., '\u00a0', ' '), $probe)]")


def visible_lead(tree, description: str, paragraphs: list[str]) -> str | None:
    """The page's lead as shown on the page, when the main-text pass left it out.

    The description (og:description / meta description) is looked up in the visible text; the
    block holding it is the lead if it reads like the description and the body lacks it.
    """
    description = " ".join((description or "").split())
    if len(description) < 40:
        return None
    probe = description[:_PROBE]
    try:
        hits = _TEXT_HOLDING(tree, probe=probe, word=max(probe.split(" "), key=len))
    except Exception:  # lxml refuses some expressions / documents
        return None
    body_key = key(" ".join(paragraphs))
    for hit in hits[:5]:
        el = hit.getparent()
        while el is not None and el.tag not in ("p", "div", "section", "li", "td", "h2", "h3"):
            el = el.getparent()
        if el is None or el.tag in ("script", "style", "noscript") or el.tag == "body":
            continue
        if any(a.tag == "figcaption" for a in el.iterancestors()):  # a picture's caption, not the lead
            continue
        text = " ".join(el.text_content().split())
        if not 0.5 * len(description) <= len(text) <= 2 * len(description) + 100:
            continue
        if not _same_opening(text, description):
            continue
        if key(text)[:60] in body_key:
            return None
        return text
    return None


_STANDFIRST = re.compile(r"teaser|intro|lead|vorspann|standfirst|subtitle|summary|excerpt|abstract|\bdek\b|kurztext", re.I)
_NOT_STANDFIRST = re.compile(r"related|recommend|list|card|nav|menu|footer|comment|caption|credit|author", re.I)
MIN_STANDFIRST, MAX_STANDFIRST = 50, 700  # characters
MAX_LOOKED_AT = 60  # elements after the headline


def marked_standfirst(tree, paragraphs: list[str], title: str = "") -> str | None:
    """The standfirst the markup names (``itemprop="description"``, a class such as ``teaser`` or
    ``intro``) between the headline and the first paragraph read, when the body lacks it."""
    if not paragraphs:
        return None
    body = tree.find(".//body")
    if body is None:
        return None
    h1 = _headline(body, title)
    if h1 is None:
        return None
    first = key(paragraphs[0])[:60]
    body_key = key(" ".join(paragraphs[:3]))
    for seen, el in enumerate(_after(h1)):
        if seen >= MAX_LOOKED_AT:
            return None
        if not isinstance(el.tag, str):
            continue
        marks = f"{el.get('class', '')} {el.get('id', '')} {el.get('itemprop', '')}"
        marked = el.get("itemprop") == "description" or _STANDFIRST.search(marks)
        if el.tag != "p" and not marked:
            continue  # only paragraphs and marked elements are read: a container's text is long
        text = " ".join(el.text_content().split())
        if first and key(text)[:60] == first:
            return None  # reached the body
        if not marked or _NOT_STANDFIRST.search(marks):
            continue
        if not MIN_STANDFIRST <= len(text) <= MAX_STANDFIRST:
            continue
        if text[-1:] not in ".!?\"“”»«…":
            continue  # without a sentence end: a label, a headline or a caption
        if "©" in text or "<" in text or el.find(".//script") is not None:
            continue  # a picture credit, markup shown as text (an embed), a script's code
        if key(text)[:60] in body_key:
            return None
        return text
    return None


def _headline(body, title: str):
    """The article's headline: the first ``<h1>`` or ``<h2>`` reading as the title, else the first
    ``<h1>`` (a section name may be the page's only ``<h1>``, the headline an ``<h2>``)."""
    h1s = body.findall(".//h1")
    wanted = key(title) if title else ""
    if wanted:
        for h in h1s + body.findall(".//h2")[:12]:
            if key(h.text_content()) == wanted:
                return h
    return h1s[0] if h1s else None


def _after(el):
    """Elements after ``el`` in document order (not its own descendants)."""
    for node in el.itersiblings():
        yield node
        yield from node.iterdescendants()
    parent = el.getparent()
    if parent is not None and parent.tag != "body":
        yield from _after(parent)
