"""The scraped-text path: a page's already-visible text (one block a line) in, an :class:`Article` out.

    corpus = CorpusStats()                       # one per run; every page is observed first
    article = extract_text(page, ExtractSettings(), corpus)

A small learned model scores each line as article text or not (:mod:`._lines` splits and keys the
lines, :mod:`._features` describes them, :mod:`._model` holds the two stacked networks whose weights
``scripts/train_textlines.py`` reproduces, :mod:`._corpus` counts lines across the run's pages); the
headline, byline, date and the rest are read around the kept text (:mod:`._meta`; learned picks among the
byline readings, :mod:`._authors`, and with ``learned`` holding ``"text_title"`` among the headline readings,
:mod:`._titles`), teasers of other articles become related links (:mod:`._related`), and :mod:`._extract` puts it
together.

This path shares only stage-level modules with the HTML path (``extract.paragraphs``,
``extract.finish``, ``extract.dates``), never HTML internals: a page saved as text has no markup.
"""

from __future__ import annotations

from ._corpus import CorpusStats
from ._extract import extract_text

__all__ = ["CorpusStats", "extract_text"]
