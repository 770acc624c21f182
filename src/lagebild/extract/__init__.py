"""extract: a :class:`Page` in, an :class:`Article` out.

HTML goes through :mod:`.html` (trafilatura plus the page's structured data, its metadata read by
:mod:`.metadata`); already-scraped text through :mod:`.text` (line classification with statistics
within the page and across the corpus). Each of the three folders shows a few names in its
``__init__`` and keeps the rest private. What both paths share sits here, beside them: the paragraph
cleaning (:mod:`.paragraphs`), reading dates written in text (:mod:`.dates`) and the derived fields
every article gets last (:mod:`.finish`). The scraped-text path imports nothing from the HTML path.
The extractor for a page's kind is looked up in ``registry.extractors``: one function
``(page, settings, *, corpus) -> Article``.
"""

from __future__ import annotations

from ..model import Article, Page
from ..registry import registry
from ..settings import ExtractSettings
from .text import CorpusStats


def extract(page: Page, settings: ExtractSettings | None = None, *, corpus: CorpusStats | None = None) -> Article:
    """Extract one article; raises InputError / ExtractionError with the reason."""
    settings = settings or ExtractSettings()
    return registry.extractors.get(page.kind)(page, settings, corpus=corpus)


def html_extractor(page: Page, settings: ExtractSettings, *, corpus: CorpusStats | None = None) -> Article:
    from .html import extract_html

    return extract_html(page, settings)


def text_extractor(page: Page, settings: ExtractSettings, *, corpus: CorpusStats | None = None) -> Article:
    from .text import extract_text

    return extract_text(page, settings, corpus=corpus)


__all__ = ["CorpusStats", "extract"]
