"""What the quotation finder returns for each quotation, before it becomes a :class:`~lagebild.model.Quote`."""

from __future__ import annotations

from dataclasses import dataclass

from ...model import Quote


@dataclass(slots=True)
class Found:
    """A quotation with everything attribution found (offsets into the text)."""

    start: int  # the quotation itself, without its quotation marks
    end: int
    kind: str = "direct"
    cue: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_text: str | None = None  # the speaker's name: the phrase found, or the person a pronoun or role refers to
    speaker_id: str | None = None
    speaker_phrase: str | None = None  # the pronoun or role found at speaker_start, when speaker_text resolves it
    named_at: tuple[int, int] | None = None  # offsets of the name speaker_text was taken from (another sentence)
    via: str = ""  # how the speaker was found: cue, colon, previous, embedding, subject (for tuning)

    def quote(self, text: str) -> Quote:
        return Quote(text=text[self.start:self.end], start=self.start, end=self.end, kind=self.kind,
                     speaker=self.speaker_text, speaker_entity_id=self.speaker_id, cue=self.cue)
