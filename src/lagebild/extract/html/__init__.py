"""The HTML path: a page's raw HTML in, an :class:`Article` (or a ``page_type="other"`` page) out.

    article = extract_html(Page(content=b"<html>…", kind="html", url=…), ExtractSettings())

:mod:`._extract` decodes and parses the page once (:func:`parse`) and puts the article together: the
body from :mod:`._body` (trafilatura, checked against the page's markup by :mod:`._blocks` and
:mod:`._recover`, and the JSON-LD ``articleBody`` where that is more complete), the lead from
:mod:`._lead`, the metadata from :mod:`lagebild.extract.metadata`, related-article teasers from
:mod:`._related`, and whether the page is an article at all from :mod:`._pagetype`.
Anything unusable raises :class:`~lagebild.errors.ExtractionError` with the reason.
"""

from __future__ import annotations

from ._extract import extract_html, parse

__all__ = ["extract_html", "parse"]
