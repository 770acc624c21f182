"""What every extractor does last, whatever the input: join the text, count words, read the
reading time, detect the language, localise dates and hash the content.

Both the HTML and the scraped-text extractors call :func:`finish` so that articles from either
path look the same to later stages.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from ..model import Article
from ..settings import ExtractSettings
from ..textnorm import words

_SPACE = re.compile(r"\s+")


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text`` (py3langid), or None when there is too little text to tell."""
    sample = text[:5000]
    if len(words(sample)) < 3:
        return None
    import py3langid

    lang, _score = py3langid.classify(sample)
    return lang


def localize(value: datetime, language: str | None, settings: ExtractSettings) -> str:
    """ISO 8601 with a UTC offset; a naive time is read in the language's usual time zone."""
    if value.tzinfo is None:
        zone = settings.timezone_by_language.get(language or "", settings.default_timezone)
        value = value.replace(tzinfo=ZoneInfo(zone))
    return value.isoformat()


def content_hash(title: str, text: str) -> str:
    """A hash of the normalised title and text: equal for the same article however it was saved."""
    norm = _SPACE.sub(" ", f"{title}\n{text}".casefold()).strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:32]


def finish(article: Article, settings: ExtractSettings) -> Article:
    """Fill the derived fields of an extracted article (in place) and return it."""
    article.body = [p.strip() for p in article.body if p and p.strip()]
    article.lead = (article.lead or "").strip()
    parts = ([article.lead] if article.lead else []) + article.body
    article.text = "\n\n".join(parts)
    article.title = _SPACE.sub(" ", article.title or "").strip()
    article.word_count = len(words(article.text))
    if not article.reading_time and article.word_count:
        article.reading_time = max(1, round(article.word_count / settings.words_per_minute))
    if not article.language:
        article.language = detect_language(f"{article.title}\n{article.text}")
    if not article.canonical_url:
        article.canonical_url = article.url
    article.content_hash = content_hash(article.title, article.text)
    return article
