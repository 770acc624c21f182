"""A parsed page as a list of text blocks: the units the body classifier keeps or drops.

A block is the text a block-level element (``<p>``, ``<li>``, ``<h2>``, ``<div>``, ``<td>`` …) holds
itself, with its inline elements (``<a>``, ``<b>``, ``<span>`` …) but without nested block elements,
which are blocks of their own. Blocks come in document order (of their first text). Scripts, styles,
forms' controls and the like hold no blocks. Each block knows how much of its text sits in links and
whether it is hidden, which its features need; the rest is read from its element.

All text is read through one XPath call over the text nodes (in C); Python touches each text node
once and each element at most once (memoised), which keeps this a few milliseconds on a news page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.etree
from lxml.html import HtmlElement

BLOCK_TAGS = frozenset(
    "p div section article main header footer nav aside li ul ol dl dt dd h1 h2 h3 h4 h5 h6 table tbody thead "
    "tfoot tr td th caption blockquote pre figure figcaption form fieldset legend address center details "
    "summary body html menu hgroup dialog".split()
)
SKIP_TAGS = frozenset(
    "script style noscript template svg iframe select option button textarea input head object embed canvas "
    "video audio map datalist math".split()
)
_SPACED = BLOCK_TAGS | {"br", "hr", "img"}  # text after these starts a new line
_TEXT_NODES = lxml.etree.XPath("//text()[normalize-space()]")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SKIPPED = (None, False, False)


@dataclass(slots=True)
class Block:
    el: HtmlElement  # the block element holding the text
    text: str = ""
    link_chars: int = 0  # characters of the text inside <a>
    hidden: bool = False  # the element or an ancestor is hidden (attribute, inline style, aria-hidden)


def segment(tree: HtmlElement) -> list[Block]:
    """The page's text blocks in document order, each with whitespace-normalised, non-empty text."""
    memo: dict[HtmlElement, tuple[HtmlElement | None, bool, bool]] = {}

    def context(el: HtmlElement) -> tuple[HtmlElement | None, bool, bool]:
        """(owning block element, inside a link, hidden) for text whose parent is ``el``."""
        found = memo.get(el)
        if found is not None:
            return found
        chain = []  # walked up without recursion: some pages nest thousands of elements
        up = None
        while el is not None:
            up = memo.get(el)
            if up is not None:
                break
            chain.append(el)
            el = el.getparent()
        for el in reversed(chain):
            tag = el.tag
            if up is None:  # the root
                up = _SKIPPED if not isinstance(tag, str) or tag in SKIP_TAGS else (el, False, _is_hidden(el))
            elif up[0] is None or not isinstance(tag, str) or tag in SKIP_TAGS:
                up = _SKIPPED
            else:
                hidden = up[2] or _is_hidden(el)
                up = (el, False, hidden) if tag in BLOCK_TAGS else (up[0], up[1] or tag == "a", hidden)
            memo[el] = up
        return up

    pieces: dict[HtmlElement, list[str]] = {}
    links: dict[HtmlElement, int] = {}
    hidden: dict[HtmlElement, bool] = {}
    for node in _TEXT_NODES(tree):
        holder = node.getparent()
        if node.is_tail:
            where = holder.getparent()
            if where is None:
                continue
            text = " " + node if holder.tag in _SPACED else node
        else:
            where = holder
            # whitespace-only text nodes are not read (two thirds of all nodes); the gap one of them
            # left between two inline elements ("<a>x</a> <a>y</a>") is put back here
            before = holder.getprevious()
            if before is not None:
                gap = before.tail
            else:
                up = holder.getparent()
                gap = up.text if up is not None else None
            text = " " + node if gap and gap.isspace() else node
        owner, in_link, is_hidden = memo.get(where) or context(where)
        if owner is None:
            continue
        found = pieces.get(owner)
        if found is None:
            pieces[owner] = [text]
            hidden[owner] = is_hidden
        else:
            found.append(text)
        if in_link:
            links[owner] = links.get(owner, 0) + len(node.strip())
    out = []
    for owner, parts in pieces.items():
        text = " ".join("".join(parts).split())
        if text:  # not only non-breaking or other Unicode spaces
            out.append(Block(owner, text, min(links.get(owner, 0), len(text)), hidden[owner]))
    return out


def _is_hidden(el: HtmlElement) -> bool:
    attrib = el.attrib
    if not attrib:
        return False
    if "hidden" in attrib or attrib.get("aria-hidden") == "true":
        return True
    style = attrib.get("style")
    return bool(style) and _HIDDEN_STYLE.search(style) is not None
