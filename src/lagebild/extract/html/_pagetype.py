"""Article or not: home pages, section fronts, tag and search pages are lists of teasers with
little continuous prose and no article structured data. Those become ``page_type="other"``."""

from __future__ import annotations

from lxml.html import HtmlElement

from ..metadata import Metadata

# a sentence ends, or announces the table or list that follows (":", ";" between list items)
_END = tuple('.!?"“”»«):;')
MIN_PROSE = 500  # characters of sentence-like paragraphs an article has at least
MIN_TEASERS = 12  # links with headline-like text a front page has at least
MIN_TEASERS_DECLARED = 4  # ... or at least this many when og:type says "website"
MIN_LINK_SHARE = 0.5  # and most of its visible text is link text


def prose_chars(paragraphs: list[str]) -> int:
    """Characters in paragraphs that read like running text (long, ending like a sentence)."""
    return sum(len(p) for p in paragraphs if len(p) >= 100 and p.rstrip().endswith(_END))


def teaser_links(tree: HtmlElement) -> int:
    """Links whose text looks like a headline (four words or more)."""
    count = 0
    for link in tree.iterfind(".//a"):
        if link.get("href") and len(link.text_content().split()) >= 4:
            count += 1
    return count


def link_share(tree: HtmlElement) -> float:
    """Share of the body's visible text that sits inside links."""
    body = tree.find(".//body")
    if body is None:
        return 0.0
    total = len(" ".join(body.text_content().split()))
    linked = sum(len(" ".join(a.text_content().split())) for a in body.iterfind(".//a"))
    return linked / total if total else 0.0


def is_other_page(tree: HtmlElement, md: Metadata, paragraphs: list[str]) -> bool:
    """A list of teasers: no article data, little prose, many headline links, mostly link text."""
    if md.is_article or md.article_body:
        return False
    if prose_chars(paragraphs) >= MIN_PROSE:
        return False
    # A page that calls itself a website (og:type) needs fewer teasers to be believed.
    if teaser_links(tree) < (MIN_TEASERS_DECLARED if md.is_website else MIN_TEASERS):
        return False
    return link_share(tree) >= MIN_LINK_SHARE
