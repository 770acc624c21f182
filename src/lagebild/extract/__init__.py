"""extract: a :class:`Page` in, an :class:`Article` out.

HTML goes through :mod:`.html` (trafilatura plus the page's structured data); already-scraped text
through :mod:`.text` (line classification with statistics within the page and across the corpus).
"""

from __future__ import annotations

from ..model import Article, Page
from ..settings import ExtractSettings
from .text import CorpusStats


def extract(page: Page, settings: ExtractSettings | None = None, *, corpus: CorpusStats | None = None) -> Article:
    """Extract one article; raises InputError / ExtractionError with the reason."""
    settings = settings or ExtractSettings()
    if page.kind == "html":
        from .html import extract_html

        return extract_html(page, settings)
    from .text import extract_text

    return extract_text(page, settings, corpus=corpus)


__all__ = ["CorpusStats", "extract"]
