"""An HTML page's metadata: title, dates, authors, section, tags, publisher, canonical URL, language.

    md = read_metadata(tree, url)        # tree: the page parsed by lagebild.extract.html

Evidence is read in order of trust: the article's JSON-LD (:mod:`._jsonld`), then OpenGraph /
``article:*`` / other ``<meta>`` tags (:mod:`._markup`), then the visible page, and htmldate as the last
resort for the publication date. Each field with much to weigh has its own cascade: the title
(:mod:`._title`), the dates (:mod:`._date`), the authors (:mod:`._authors`, with the byline reading and
name cleaning of :mod:`._bylines`); :mod:`._read` reads the rest and puts it together. Nothing here
raises: metadata is evidence, and a page without it is still a page.

:func:`is_byline` lets the HTML body drop a paragraph that only repeats the byline. Dates written in
text are read by the stage-level :mod:`lagebild.extract.dates`, which the scraped-text path shares.
"""

from __future__ import annotations

from ._bylines import is_byline
from ._date import load_date_parser
from ._read import Metadata, read_metadata

__all__ = ["Metadata", "is_byline", "load_date_parser", "read_metadata"]
