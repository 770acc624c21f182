"""The main job: pages in, enriched articles out, one at a time.

``run`` is a generator over :class:`Article` or :class:`Failure`: a page that cannot be used
becomes a Failure naming the input and the reason, and the run goes on (a :class:`Skipped` record
from the sources passes through, to be counted). ``process_one`` is the same
for one page that the caller wants as an article or an error.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Iterator

from .errors import InputError
from .model import Article, Failure, Page, Skipped
from .settings import ExtractSettings, Settings


def run(
    pages: Iterable[Page | Article | Failure | Skipped], settings: Settings | None = None, *, enrich: bool = True,
    failures: Counter[str] | None = None, corpus=None,
) -> Iterator[Article | Failure | Skipped]:
    """Extract (and enrich) every page; failures, skipped records and articles made elsewhere pass
    through as they are.
    Enrich components that fail on an article are counted by reason in ``failures``. ``corpus``
    (:class:`~lagebild.extract.CorpusStats`) carries the scraped-text line statistics across calls."""
    from .enrich import enrich as enrich_article
    from .extract import CorpusStats, extract

    settings = settings or Settings()
    corpus = corpus if corpus is not None else CorpusStats()  # line statistics across the run's scraped-text pages
    for page in pages:
        if isinstance(page, (Failure, Skipped, Article)):
            yield page
            continue
        label = page.origin.label()
        try:
            page, truncated = cap(page, settings.extract)
            article = extract(page, settings.extract, corpus=corpus)
            article.truncated = truncated
            if enrich:
                article = enrich_article(article, settings.enrich, failures=failures)
        except InputError as exc:
            yield Failure(label, str(exc) or type(exc).__name__)
        except RecursionError:
            yield Failure(label, "document nested too deeply to parse")
        except MemoryError:
            yield Failure(label, "document too large to process in memory")
        except Exception as exc:  # noqa: BLE001 - a bug on one hostile page is that page's failure, never the run's
            yield Failure(label, unexpected(exc))
        else:
            yield article


_NON_TEXT = re.compile(r"<(script|style|svg|noscript|template)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def cap(page: Page, settings: ExtractSettings) -> tuple[Page, str | None]:
    """The page within the size caps (``max_html_chars``, ``max_text_chars``), and how it was cut
    (None when whole). Extraction time grows faster than the input: a 12 MB live blog or 8 MB of
    scraped text would hold a run for minutes, so the start is kept (where news puts its story)
    and the cut is said, not hidden. HTML loses its scripts and styles first (they hold no text)."""
    if page.kind == "text":
        text = page.content if isinstance(page.content, str) else page.content.decode("utf-8", "replace")
        if len(text) <= settings.max_text_chars:
            return page, None
        cut = text.rfind("\n", 0, settings.max_text_chars)
        kept = text[: cut if cut > settings.max_text_chars // 2 else settings.max_text_chars]
        return (dataclasses.replace(page, content=kept),
                f"text of {len(text):,} characters cut to its first {len(kept):,} (max_text_chars)")
    if page.kind != "html" or len(page.content) <= settings.max_html_chars:
        return page, None  # bytes: never fewer than the characters they decode to
    from .sources import decode_html

    raw = page.content if isinstance(page.content, bytes) else page.content.encode("utf-8")
    text, _ = decode_html(raw, page.declared_encoding)
    if len(text) <= settings.max_html_chars:
        return page, None
    text = _NON_TEXT.sub(" ", text)
    if len(text) <= settings.max_html_chars:
        return dataclasses.replace(page, content=text.encode("utf-8"), declared_encoding="utf-8"), None
    return (dataclasses.replace(page, content=text[: settings.max_html_chars].encode("utf-8"), declared_encoding="utf-8"),
            f"HTML of {len(raw):,} bytes cut to its first {settings.max_html_chars:,} characters (max_html_chars)")


def unexpected(exc: BaseException) -> str:
    """A reason in one line for an exception nobody meant to raise (a parser's assertion, a bug)."""
    message = " ".join(str(exc).split())[:200]
    return f"unexpected error: {type(exc).__name__}" + (f": {message}" if message else "")


def process_one(page: Page, settings: Settings | None = None, *, enrich: bool = True,
                failures: Counter[str] | None = None) -> Article:
    """One page through :func:`run`: its article, or :class:`InputError` naming the input and the reason."""
    (result,) = run([page], settings, enrich=enrich, failures=failures)
    if not isinstance(result, Article):  # a Failure (or a Skipped given instead of a page)
        raise InputError(str(result))
    return result
