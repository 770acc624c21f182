"""lagebild: news pages in, a searchable, alertable picture of who did what out.

The public surface (httpx's ``__init__`` is the model: private or internal modules, re-exported here
in one sorted ``__all__``)::

    import lagebild

    article = lagebild.extract_article("page.html")             # one page, not stored
    with lagebild.Archive("news.db") as archive:
        report = lagebild.ingest(archive, ["pages/"])            # read, extract, enrich, store, link
        hits = archive.search("Hochwasser section:Region", lagebild.Filters(language="de"))
        more = lagebild.related(archive, hits[0].id)

``lagebild.extract`` is the extract *stage* (a package); the one-page function is ``extract_article``.
"""

from .api import extract_article, get_story, ingest, list_stories, open_archive, process, read, related, store
from .errors import (
    ArchiveError,
    ConfigError,
    DeliveryError,
    ExtractionError,
    FetchError,
    InputError,
    LagebildError,
    ModelError,
    QueryError,
    TransientFetchError,
)
from .model import Alert, Article, Entity, Event, Failure, Mention, Origin, Page, Quote, RelatedLink, Skipped, Story
from .query import Filters
from .settings import Settings

__version__ = "0.1.0"


def __getattr__(name: str):
    # The archive pulls in SQLite and the query language, alerts the delivery channels (httpx):
    # import them only when asked for.
    if name == "Archive":
        from .archive import Archive

        return Archive
    if name == "IngestReport":
        from .archive import IngestReport

        return IngestReport
    if name == "new_alert":
        from .alerts.rules import new_alert

        return new_alert
    raise AttributeError(f"module 'lagebild' has no attribute {name!r}")


__all__ = [
    "Alert",
    "Archive",
    "ArchiveError",
    "Article",
    "ConfigError",
    "DeliveryError",
    "Entity",
    "Event",
    "ExtractionError",
    "Failure",
    "FetchError",
    "Filters",
    "IngestReport",
    "InputError",
    "LagebildError",
    "Mention",
    "ModelError",
    "Origin",
    "Page",
    "QueryError",
    "Quote",
    "RelatedLink",
    "Settings",
    "Skipped",
    "Story",
    "TransientFetchError",
    "extract_article",
    "get_story",
    "ingest",
    "list_stories",
    "new_alert",
    "open_archive",
    "process",
    "read",
    "related",
    "store",
]
