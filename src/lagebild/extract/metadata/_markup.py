"""What the metadata cascades read from the markup itself: ``<meta>`` tags and an element's text.

Title, date and author cascades all look the same tags up (``og:title``, ``article:published_time``,
``author``…), so the page's ``<meta>`` tags are collected once, by every name they go by.
"""

from __future__ import annotations

import html

from lxml import etree
from lxml.html import HtmlElement


def meta_tags(tree: HtmlElement) -> dict[str, list[str]]:
    """``<meta>`` contents by lowercased name / property / itemprop / http-equiv, in page order."""
    found: dict[str, list[str]] = {}
    for el in tree.iterfind(".//meta"):
        content = html.unescape(el.get("content") or "").strip()
        if not content:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = (el.get(attr) or "").strip().lower()
            if key:
                found.setdefault(key, []).append(content)
    return found


def meta_value(meta: dict[str, list[str]], *keys: str) -> str:
    """The first non-empty value of the first of ``keys`` the page has."""
    for key in keys:
        for value in meta.get(key, ()):
            if value.strip():
                return value.strip()
    return ""


def text_of(el: HtmlElement) -> str:
    """The element's whole visible text, whitespace-normalised: a ``<script>`` or ``<style>`` inside it
    (a heading that carries its own script) does not count."""
    return " ".join("".join(_VISIBLE_TEXT(el)).split())


_VISIBLE_TEXT = etree.XPath("descendant-or-self::text()[not(ancestor::script or ancestor::style)]")
