"""Placeholder until the scraped-text extractor lands (being written now)."""

from ..errors import ExtractionError


class CorpusStats:
    pass


def extract_text(page, settings, corpus=None):
    raise ExtractionError("scraped-text extraction is not written yet")
