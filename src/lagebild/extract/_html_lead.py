"""The lead: the page's first paragraph when it reads as the article's opening (or repeats the
page's description), separated from the body paragraphs that follow."""

from __future__ import annotations

from ._html_blocks import key


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


def visible_lead(tree, description: str, paragraphs: list[str]) -> str | None:
    """The page's lead as shown on the page, when the main-text pass left it out.

    The description (og:description / meta description) is looked up in the visible text; the
    block holding it is the lead if it reads like the description and the body lacks it.
    """
    description = " ".join((description or "").split())
    if len(description) < 40:
        return None
    probe = description[:_PROBE]
    if "'" in probe:
        probe = probe.split("'")[0]
    if len(probe) < 12:
        return None
    try:
        hits = tree.xpath(f"//body//text()[contains(., '{probe}')]")
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
