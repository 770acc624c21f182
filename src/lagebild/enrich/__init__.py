"""enrich: an extracted :class:`Article` in, the same article with mentions, canonical entities,
quotes, events and topics out."""

from __future__ import annotations

from ..model import Article
from ..settings import EnrichSettings


def enrich(article: Article, settings: EnrichSettings | None = None) -> Article:
    """Fill the enrichment fields of ``article`` (in place) and return it."""
    settings = settings or EnrichSettings()
    return article
