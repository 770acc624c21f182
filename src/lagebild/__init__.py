"""lagebild: news pages in, a searchable, alertable picture of who did what out."""

# The extract stage is a subpackage named like the function ``lagebild.extract``. Importing a
# submodule the first time sets it as an attribute of this package, so load the stage first and
# bind the function after it; later imports of the stage find it loaded and leave the name alone.
from . import extract as _extract_stage  # noqa: F401
from .api import extract, process, read
from .errors import (
    ArchiveError,
    DeliveryError,
    ExtractionError,
    FetchError,
    InputError,
    LagebildError,
    ModelError,
    QueryError,
)
from .model import Article, Entity, Failure, Mention, Origin, Page, Quote, RelatedLink, Story
from .settings import Settings

__version__ = "0.1.0"


def __getattr__(name: str):
    # The archive pulls in SQLite and the enrichment stack; import it only when asked for.
    if name == "Archive":
        from .archive import Archive

        return Archive
    raise AttributeError(f"module 'lagebild' has no attribute {name!r}")

__all__ = sorted([
    "Archive", "ArchiveError", "Article", "DeliveryError", "Entity", "ExtractionError", "Failure",
    "FetchError", "InputError", "LagebildError", "Mention", "ModelError", "Origin", "Page", "QueryError",
    "Quote", "RelatedLink", "Settings", "Story", "extract", "process", "read",
])
