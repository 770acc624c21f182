"""A confidence floor for text in languages the NER model was not trained on.

The heads learnt German and English. On other languages they still tag — and much of what they tag
is the German head's guess: sentence openers ("Alors"), capitalised verbs, headings. For such text
only mentions the model is sure of are kept: those whose confidence (the least CRF marginal
probability of their word tags, set by ``recognize``) reaches ``EnrichSettings.ner_floor``. The floor
was chosen on German and English dev data with gold labels (``benchmarks/ner_floor.py``), never on
the pages it is reported on. German and English text, and text whose language is unknown, keep
every mention, exactly as before.

Korean and Japanese text (scripts without letter case) has no capitalised openers or menu
words for the head to guess at, and the floor there dropped most real names (Korean coverage .28 on
gold-dev); it gets the lower ``UNCASED_FLOOR`` (chosen on gold-dev/gold-tune, in-sample: 0.6 kept
their precision, 0.4 did not).
"""

from __future__ import annotations

from ...model import Mention

UNCASED = ("ja", "ko")  # not Chinese: its spans run on into verbs ("王建国说"), the language sweep shows
UNCASED_FLOOR = 0.6


def floored(language: str | None, trained: tuple[str, ...]) -> bool:
    """Whether text in ``language`` gets the floor (so its mentions need a confidence at all)."""
    return bool(language) and language not in trained


def confident(mentions: list[Mention], language: str | None, floor: float,
              trained: tuple[str, ...]) -> list[Mention]:
    """``mentions`` of a text in ``language``: all of them in a ``trained`` language (or when the
    language is unknown), else those whose confidence reaches ``floor``; a mention without a
    confidence (a recognizer that gives none) counts as below it. ``trained``: the setting
    ``EnrichSettings.ner_languages`` (no default here, so the two cannot drift apart)."""
    if not floored(language, trained):
        return mentions
    if language in UNCASED:
        floor = min(floor, UNCASED_FLOOR)
    return [m for m in mentions if m.confidence is not None and m.confidence >= floor]
