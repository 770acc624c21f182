"""The main job: pages in, enriched articles out, one at a time.

``run`` is a generator over :class:`Article` or :class:`Failure`: a page that cannot be used
becomes a Failure naming the input and the reason, and the run goes on. ``process_one`` is the same
for one page that the caller wants as an article or an error.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from .errors import InputError
from .model import Article, Failure, Page
from .settings import Settings


def run(
    pages: Iterable[Page | Article | Failure], settings: Settings | None = None, *, enrich: bool = True,
    failures: Counter[str] | None = None,
) -> Iterator[Article | Failure]:
    """Extract (and enrich) every page; failures and articles made elsewhere pass through as they are.
    Enrich components that fail on an article are counted by reason in ``failures``."""
    from .enrich import enrich as enrich_article
    from .extract import CorpusStats, extract

    settings = settings or Settings()
    corpus = CorpusStats()  # line statistics across this run's scraped-text pages
    for page in pages:
        if isinstance(page, (Failure, Article)):
            yield page
            continue
        label = page.origin.label()
        try:
            article = extract(page, settings.extract, corpus=corpus)
            if enrich:
                article = enrich_article(article, settings.enrich, failures=failures)
        except InputError as exc:
            yield Failure(label, str(exc) or type(exc).__name__)
        except RecursionError:
            yield Failure(label, "document nested too deeply to parse")
        except MemoryError:
            yield Failure(label, "document too large to process in memory")
        else:
            yield article


def process_one(page: Page, settings: Settings | None = None, *, enrich: bool = True,
                failures: Counter[str] | None = None) -> Article:
    """One page through :func:`run`: its article, or :class:`InputError` naming the input and the reason."""
    (result,) = run([page], settings, enrich=enrich, failures=failures)
    if isinstance(result, Failure):
        raise InputError(str(result))
    return result
