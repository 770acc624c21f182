"""Precision repair: extracted paragraphs that the page's markup shows are not article prose.

The main-text pass returns plain paragraphs; here each one is looked up among the page's block
elements (by its squashed text) to see how the page presents it:

- a **caption** — inside ``<figcaption>``: photo credits and picture descriptions;
- a **link line** — a short paragraph whose text is nearly all one headline-like link ("Read also:
  <a>…</a>", a teaser headline): a pointer to another page, not a sentence of this one.

- an **author box** — inside an element whose class or id names the author's bio;
- an **italic closing note** — the last paragraph set wholly in italics (an editor's note, a bio
  line, a subscription plea).

Captions and link lines are dropped only while they are a small part of the text: a gallery told in
captions or a roundup of links keeps them.
Paragraphs not found in the markup (joined or split differently) are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

import lxml.etree
from lxml.html import HtmlElement

_SQUASH = re.compile(r"[\W_]+")
_SPACE = re.compile(r"\s")
# compiled once: XPath given as a string to .xpath() is compiled on every call
_SLANTED = lxml.etree.XPath(".//em//text()|.//i//text()")
_BLOCK_TAGS = ("p", "li", "dd", "dt", "td", "th", "h2", "h3", "h4", "h5", "h6", "figcaption", "blockquote", "div")
MAX_LINK_LINE = 250  # characters: longer blocks are prose even when linked
MIN_LINK_SHARE = 0.75  # of a link line's characters sit inside links
_LINE_TAGS = {"p", "div", "h2", "h3", "h4", "h5", "h6", "blockquote"}  # linked list items and cells are content
MAX_SHARE = 0.25  # of the paragraphs: more captions or link lines are dropped only up to this share
MIN_LINK_WORDS = 5  # a link line's link text reads like a headline


@dataclass(slots=True)
class Block:
    chars: int
    link_chars: int
    caption: bool
    tag: str
    link_words: int
    italic: bool = False  # all of its text is set in italics: an editor's note or a bio line
    bio: bool = False  # inside a box the page marks as the author's biography

    @property
    def link_line(self) -> bool:
        return (self.tag in _LINE_TAGS and self.chars <= MAX_LINK_LINE
                and self.link_chars >= MIN_LINK_SHARE * self.chars and self.link_words >= MIN_LINK_WORDS)


def key(text: str) -> str:
    return _SQUASH.sub(" ", text.casefold()).strip()


def text_of(el: HtmlElement) -> str:
    """The element's whole text, whitespace-normalised."""
    return " ".join(el.text_content().split())


def _has_own_text(el: HtmlElement) -> bool:
    if el.text and el.text.strip():
        return True
    return any(child.tail and child.tail.strip() for child in el)


_PUNCT = "\"'“”„«»‹›‚‘’()[]{}<>.,:;!?¡¿-–—*•·|/"


def block_index(tree: HtmlElement, paragraphs: list[str], keys: list[str] | None = None) -> dict[str, Block]:
    """Squashed text -> how the page shows it, for block elements that hold text of their own and
    whose text is one of ``paragraphs`` (``keys``: their squashed texts, when the caller has them)."""
    index: dict[str, Block] = {}
    keys = [key(p) for p in paragraphs] if keys is None else keys
    wanted = set(keys)
    # Squashing every block's text is slow (a container repeats all of its paragraphs): the
    # first word and the length, read with plain string methods, rule most blocks out.
    sizes: dict[str, tuple[int, int]] = {}
    for k, p in zip(keys, paragraphs):
        first, size = k.split(" ", 1)[0], len(p)
        low, high = sizes.get(first, (size, size))
        sizes[first] = (min(low, size), max(high, size))
    anywhere = (min(len(p) for p in paragraphs), max(len(p) for p in paragraphs))
    body = tree.find(".//body")
    for el in (body if body is not None else tree).iter(*_BLOCK_TAGS):
        if el.tag == "div" and not _has_own_text(el):
            continue
        own = (el.text or "").lstrip()
        # _opening's common case inline (a whole word of its own text), as this loop sees every block of the page
        head = (own[:100] if _SPACE.search(own) else _opening(el)).split(None, 1)
        if not head:
            continue
        word = head[0].strip(_PUNCT).casefold()
        size = sizes.get(word) if word.isalnum() else anywhere  # odd first words: length test only
        if size is None:
            continue
        text = text_of(el)
        if not 0.7 * size[0] - 10 <= len(text) <= 1.3 * size[1] + 10:
            continue
        k = key(text)
        if k in wanted and k not in index:
            index[k] = _block(el, text)
    return index


def _opening(el: HtmlElement) -> str:
    """The first 100 characters of the element's text, read only as far as its first whole word:
    a container's full text is long, and most blocks are ruled out by that word alone."""
    own = (el.text or "").lstrip()
    if _SPACE.search(own):  # most blocks open with a whole word of their own text
        return own[:100]
    read = ""
    for chunk in el.itertext():
        read += chunk
        if len(read) >= 100 or _SPACE.search(read.lstrip()):
            break
    return read[:100]


def _block(el: HtmlElement, text: str) -> Block:
    links = [text_of(a) for a in el.iterfind(".//a")] if len(text) <= MAX_LINK_LINE else []
    linked = sum(map(len, links))
    words = max((len(t.split()) for t in links), default=0)
    caption = el.tag == "figcaption" or any(a.tag == "figcaption" for a in el.iterancestors())
    # one search over the six nearest ancestors' class and id names (the pattern matches no line break)
    names = "\n".join(f"{a.get('class', '')}\n{a.get('id', '')}" for a in islice(el.iterancestors(), 6))
    bio = bool(_BIO.search(names))
    return Block(len(text), min(linked, len(text)), caption, el.tag, words, _italic(el, text), bio)


_BIO = re.compile(r"author[-_]?(?:bio|info|box|desc|details|about)|biograph|about[-_]?(?:the[-_]?)?author", re.I)
MAX_NOTE = 600  # characters: an italic note at the end is at most this long


def _italic(el: HtmlElement, text: str) -> bool:
    if len(text) > MAX_NOTE:
        return False
    if next(el.iterdescendants("em", "i"), None) is None:  # nothing in italics (most blocks): no XPath call
        return not "".join(text.split())
    slanted = "".join(_SLANTED(el))
    return len("".join(slanted.split())) >= 0.95 * len("".join(text.split()))


def drop_non_prose(tree: HtmlElement, paragraphs: list[str]) -> list[str]:
    """``paragraphs`` without captions and link lines, as the page's markup shows them."""
    if len(paragraphs) < 2:
        return paragraphs
    keys = [key(p) for p in paragraphs]
    index = block_index(tree, paragraphs, keys)
    blocks = [index.get(k) for k in keys]
    lines = sum(b is not None and b.link_line for b in blocks)
    captions = sum(b is not None and b.caption for b in blocks)
    # When such blocks are a large part of the text, they are the page's way of telling it (a
    # gallery told in captions, a link roundup): keep them.
    drop_lines = lines <= MAX_SHARE * len(paragraphs)
    drop_captions = captions <= MAX_SHARE * len(paragraphs)
    last = len(paragraphs) - 1
    kept = [p for i, (p, b) in enumerate(zip(paragraphs, blocks))
            if b is None or not ((drop_captions and b.caption) or (drop_lines and b.link_line)
                                 or b.bio or (i == last and b.italic))]
    return kept if kept else paragraphs


MIN_CARD_LINKS = 2
MIN_CARD_SHARE = 0.7
MAX_CARD_PARAGRAPH = 5000  # characters


def drop_link_cards(tree: HtmlElement) -> int:
    """Remove pop-up cards nested in a paragraph's sentences (a person's name that opens a box of
    links to other stories): an element inside a ``<p>``, not a link itself, holding two or more
    links that make up most of its text, and no smaller such card. A plain text extractor would
    glue the box into the sentence. Returns how many were removed; the tree is changed in place."""
    cards = []
    for p in tree.iter("p"):
        whole = len(text_of(p))
        if whole > MAX_CARD_PARAGRAPH:  # a run-away <p> holding half the page: not a sentence
            continue
        found = [el for el in p.iterdescendants() if _is_card(el, whole)]
        cards += [el for el in found if not any(is_in(other, el) for other in found)]
    cards = list(dict.fromkeys(cards))  # nested <p>s find the same card twice; dropping it twice fails
    for el in cards:
        el.drop_tree()
    return len(cards)


def _is_card(el: HtmlElement, paragraph_chars: int) -> bool:
    if el.tag == "a" or not isinstance(el.tag, str):
        return False
    links = el.findall(".//a")
    if len(links) < MIN_CARD_LINKS:
        return False
    text = text_of(el)
    linked = sum(len(text_of(a)) for a in links)
    # the paragraph's own words around it show it is a sentence, not a list of links
    return bool(text) and linked >= MIN_CARD_SHARE * len(text) and len(text) < 0.9 * paragraph_chars


def is_in(el: HtmlElement, box: HtmlElement) -> bool:
    """Whether ``el`` sits inside ``box``."""
    return any(a is box for a in el.iterancestors())


_TAG_LINKS = lxml.etree.XPath("//body//a[contains(concat(' ', normalize-space(@rel), ' '), ' tag ')]")


def drop_tag_links(tree: HtmlElement) -> int:
    """Remove links the page marks ``rel="tag"`` (the keyword row under a post): labels for the
    site's index, not words of the article. Returns how many; the tree is changed in place."""
    try:
        links = _TAG_LINKS(tree)
    except Exception:  # lxml refuses some malformed documents
        return 0
    for link in links:
        link.drop_tree()
    return len(links)


# The elements trafilatura's precision pass deletes when empty (its CUT_EMPTY_ELEMS), and with them the text that
# follows them: "<p><span id="more-12"></span>The story goes on …</p>" loses "The story goes on …".
_EMPTY_CUT = ("article", "b", "blockquote", "dd", "div", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "i", "li",
              "main", "p", "pre", "q", "section", "span", "strong")


def free_loose_text(tree: HtmlElement) -> int:
    """Remove empty elements that text follows (an anchor ``<span id="more-12"></span>``, an icon ``<i></i>``),
    the text joined to what precedes them, as a browser shows it: the precision pass would take the text away
    with the empty element. Returns how many were removed; the tree is changed in place, its text is not."""
    empty = [el for el in tree.iter(*_EMPTY_CUT) if el.text is None and len(el) == 0 and el.tail and el.tail.strip()]
    for el in empty:
        el.drop_tree()  # lxml joins the tail to the previous sibling's tail or the parent's text
    return len(empty)
