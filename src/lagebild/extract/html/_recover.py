"""Recall repair: paragraphs of the same article that the main-text pass left out.

Pages often split one article over several sibling containers of the same kind (``<div
class="body-chunk">`` between ads or embeds); a main-text extractor that settles on one container
loses the rest. Here the container holding most of the extracted paragraphs is found, and prose
paragraphs in its same-kind siblings are added back in document order. When the main-text passes
fail on a page outright, the paragraphs of the element holding the most prose stand in for them.
"""

from __future__ import annotations

import re
from collections import Counter

from lxml.html import HtmlElement

from ..paragraphs import is_boilerplate
from ._blocks import is_in, text_of

_SQUASH = re.compile(r"\W+")
MIN_CHARS = 40  # a recovered paragraph is at least this long
MAX_LINK_SHARE = 0.3  # and mostly not link text
_START = 16  # characters of a key compared first


def _key(text: str) -> str:
    return _SQUASH.sub("", text.casefold())


def _prose(el: HtmlElement, text: str) -> bool:
    if len(text) < MIN_CHARS:
        return False
    linked = sum(len(text_of(a)) for a in el.iterfind(".//a"))
    return linked <= MAX_LINK_SHARE * len(text)


def _same_kind(a: HtmlElement, b: HtmlElement) -> bool:
    return a.tag == b.tag and (a.get("class") or "") == (b.get("class") or "") and bool(a.get("class"))


def recover_siblings(tree: HtmlElement, paragraphs: list[str]) -> list[str]:
    """``paragraphs`` plus prose from same-kind sibling containers of their main container."""
    wanted = {_key(p): i for i, p in enumerate(paragraphs) if len(p) >= MIN_CHARS}
    if len(wanted) < 2:
        return paragraphs
    starts = {k[:_START] for k in wanted}
    # the first characters rule most paragraphs out before their whole text is squashed
    nodes = [(p, wanted[k]) for p in tree.iter("p")
             if _key((raw := p.text_content())[:_START * 5])[:_START] in starts and (k := _key(raw)) in wanted]
    if not nodes:
        return paragraphs
    parents = Counter(p.getparent() for p, _ in nodes if p.getparent() is not None)
    if not parents:
        return paragraphs
    container, kin = _kin(parents.most_common(1)[0][0])
    outer = container.getparent() if kin else None
    if outer is None:
        return paragraphs
    found = {id(p): i for p, i in nodes}
    inserts: dict[int, list[str]] = {}
    last = -1
    seen = set(wanted)
    read = "".join(_key(p) for p in paragraphs)
    for el in outer.iter("p"):
        if id(el) in found:
            last = found[id(el)]
            continue
        box = next((s for s in kin if is_in(el, s)), None)
        text = text_of(el)
        if box is None or _key(text) in seen or not _prose(el, text):
            continue
        if _key(text) in read:  # read already, split differently (a <br> inside the <p>)
            continue
        seen.add(_key(text))
        inserts.setdefault(last, []).append(text)
    if not inserts:
        return paragraphs
    out = list(inserts.get(-1, []))
    for i, para in enumerate(paragraphs):
        out.append(para)
        out += inserts.get(i, [])
    return out


def _kin(container: HtmlElement, levels: int = 3) -> tuple[HtmlElement, list[HtmlElement]]:
    """The nearest ancestor (up to ``levels`` up) that has same-kind siblings, and those siblings."""
    for _ in range(levels):
        outer = container.getparent()
        if outer is None or outer.tag == "body":
            break
        kin = [s for s in outer if isinstance(s.tag, str) and s is not container and _same_kind(s, container)]
        if kin:
            return container, kin
        container = outer
    return container, []


FAILED_READ = 200  # characters: a main-text pass that read less than this failed on the page
MIN_DENSEST = 3  # prose paragraphs the fallback container holds at least


def densest_paragraphs(tree: HtmlElement) -> list[str]:
    """The ``<p>`` children of the element holding the most prose in its own paragraphs: a last
    resort when the main-text passes read (next to) nothing from a page that plainly has text."""
    body = tree.find(".//body")
    weight: Counter = Counter()
    for p in (body if body is not None else tree).iter("p"):
        parent = p.getparent()
        if parent is not None:
            text = text_of(p)
            if _prose(p, text):
                weight[parent] += len(text)
    if not weight:
        return []
    children = [(p, text_of(p)) for p in weight.most_common(1)[0][0].iterchildren("p")]
    if sum(_prose(p, text) for p, text in children) < MIN_DENSEST:
        return []
    return [text for _, text in children if text]


HEADING_TAGS = ("h2", "h3", "h4")
MAX_HEADING = 120  # characters: a subheading is a line, not a paragraph
MAX_HEADING_LINKS = 0.3  # of its characters inside links: a linked title is a teaser, not a subheading


def recover_headings(tree: HtmlElement, paragraphs: list[str]) -> list[str]:
    """``paragraphs`` with the subheadings the main-text pass left out put back: a short heading whose nearest
    sibling on either side is a ``<p>`` read, the two read one after the other. A precision pass
    drops headings (link density, trailing titles); between two paragraphs of the body a heading is the
    article's own structure, not a teaser box or the page's navigation."""
    if len(paragraphs) < 2:
        return paragraphs
    index: dict[str, int] | None = None
    inserts: dict[int, str] = {}
    for heading in tree.iter(*HEADING_TAGS):
        before = _sibling_text(heading, preceding=True)  # most headings (menus, teaser boxes) stop here
        after = _sibling_text(heading, preceding=False) if before else ""
        if not after:
            continue
        text = text_of(heading)
        if not 3 <= len(text) <= MAX_HEADING:
            continue
        linked = sum(len(text_of(a)) for a in heading.iterfind(".//a"))
        if linked > MAX_HEADING_LINKS * len(text):
            continue
        if index is None:  # the paragraphs' keys, made once a heading stands between two paragraphs
            index = {}
            for i, p in enumerate(paragraphs):
                index.setdefault(_key(p), i)
            read = set(index)
        k = _key(text)
        if not k or k in read or is_boilerplate(text):  # "Comments", "Related articles": the page's, not the story's
            continue
        i, j = index.get(_key(before)), index.get(_key(after))
        if i is not None and j == i + 1 and j not in inserts:
            inserts[j] = text
    if not inserts:
        return paragraphs
    return [q for j, p in enumerate(paragraphs) for q in ((inserts[j], p) if j in inserts else (p,))]


_BESIDE_TEXT = {"script", "style", "noscript", "template", "figure", "img", "picture", "br", "hr", "iframe", "svg"}


def _sibling_text(el: HtmlElement, *, preceding: bool) -> str:
    """The text of the nearest sibling paragraph on one side, whitespace-normalised, when that is a ``<p>`` (a
    picture, a script or a line break between them skipped); "" when the nearest other sibling is no paragraph."""
    for sib in el.itersiblings(preceding=preceding):
        if not isinstance(sib.tag, str) or sib.tag in _BESIDE_TEXT:
            continue
        return text_of(sib) if sib.tag == "p" else ""
    return ""
