"""The page's schema.org JSON-LD, read leniently: the article object and the breadcrumb trail.

Pages embed JSON-LD in ``<script type="application/ld+json">``; the JSON is often slightly broken
(HTML comments, CDATA, trailing commas, raw newlines in strings). A block that still does not parse
is skipped: structured data is evidence, never a requirement.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from lxml.html import HtmlElement

_ARTICLE_TYPE = re.compile(r"(Article|BlogPosting|Posting|Report|NewsArticle)$", re.I)
_TRAILING_COMMA = re.compile(r",\s*([\]}])")
_CONTROL = re.compile(r"[\x00-\x1f]")


def blocks(tree: HtmlElement) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, ``@graph`` and lists flattened."""
    found: list[dict[str, Any]] = []
    for script in tree.iterfind(".//script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        data = _loads(script.text or "")
        if data is not None:
            _flatten(data, found)
    return found


def article_object(objects: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The object describing the article itself (NewsArticle, BlogPosting, …), if any."""
    best = None
    for obj in objects:
        if any(_ARTICLE_TYPE.search(t) for t in types(obj)):
            if best is None or ("headline" in obj and "headline" not in best):
                best = obj
    return best


def page_object(objects: list[dict[str, Any]]) -> dict[str, Any] | None:
    """A WebPage object, which some sites use instead of an article type."""
    for obj in objects:
        if any(t.endswith("WebPage") for t in types(obj)):
            return obj
    return None


def breadcrumbs(objects: list[dict[str, Any]]) -> list[str]:
    """Names of a BreadcrumbList's items in order, without the home entry."""
    for obj in objects:
        if "BreadcrumbList" in types(obj):
            items = obj.get("itemListElement")
            items = items if isinstance(items, list) else []
            items = sorted((i for i in items if isinstance(i, dict)), key=lambda i: _int(i.get("position")))
            found = [text(i.get("name")) or (text(i["item"]) if isinstance(i.get("item"), dict) else "")
                     for i in items]
            return [n for n in found if n]
    return []


def types(obj: dict[str, Any]) -> list[str]:
    kind = obj.get("@type")
    values = kind if isinstance(kind, list) else [kind]
    return [v.rsplit("/", 1)[-1] for v in values if isinstance(v, str)]


def text(value: Any) -> str:
    """A plain string from a JSON-LD value (string, number, {"name": …}, {"@value": …}, list → first)."""
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or value.get("text")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    return html.unescape(value).strip() if isinstance(value, str) else ""


def names(value: Any, objects: list[dict[str, Any]] | None = None) -> list[str]:
    """Names from an author-like value: a string, an object with ``name``, or a list of either.

    An ``{"@id": …}`` reference is resolved against ``objects`` (the page's other JSON-LD nodes).
    """
    values = value if isinstance(value, list) else [value]
    out = []
    for item in values:
        if isinstance(item, dict) and "name" not in item and isinstance(item.get("@id"), str) and objects:
            item = next((o for o in objects if o.get("@id") == item["@id"] and o is not item), item)
        if isinstance(item, dict):
            item = item.get("name") or " ".join(
                str(item.get(k) or "") for k in ("givenName", "familyName")
            ).strip()
            if isinstance(item, list):
                out += [text(i) for i in item]
                continue
        if isinstance(item, str) and item.strip():
            out.append(item.strip())
    return out


def _loads(raw: str) -> Any:
    raw = raw.strip()
    for wrapper in ("<!--", "-->", "<![CDATA[", "]]>"):
        raw = raw.replace(wrapper, "")
    raw = raw.strip().rstrip(";")
    if not raw:
        return None
    for candidate in (raw, _TRAILING_COMMA.sub(r"\1", raw), _CONTROL.sub(" ", _TRAILING_COMMA.sub(r"\1", raw))):
        try:
            return json.loads(candidate)
        except (ValueError, RecursionError):
            continue
    return None


def _flatten(data: Any, out: list[dict[str, Any]], depth: int = 0) -> None:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            _flatten(item, out, depth + 1)
    elif isinstance(data, dict):
        graph = data.get("@graph")
        if graph is not None:
            _flatten(graph, out, depth + 1)
        if "@type" in data:
            out.append(data)
        main = data.get("mainEntity")
        if isinstance(main, dict) and "@type" in main:
            out.append(main)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
