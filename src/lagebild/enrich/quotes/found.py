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
    speaker_text: str | None = None
    speaker_id: str | None = None
    via: str = ""  # how the speaker was found: cue, colon, previous, embedding, subject (for tuning)

    def quote(self, text: str) -> Quote:
        return Quote(text=text[self.start:self.end], start=self.start, end=self.end, kind=self.kind,
                     speaker=self.speaker_text, speaker_entity_id=self.speaker_id, cue=self.cue)
