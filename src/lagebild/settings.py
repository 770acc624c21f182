"""Settings objects, one per stage, instead of long parameter lists.

A run records the resolved settings it used (``Settings.to_dict()``), so a result can be traced
back to the configuration that produced it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal


@dataclass(slots=True)
class SourceSettings:
    max_bytes: int = 64 * 1024 * 1024  # larger inputs are refused with a reason, not read
    max_decompressed_ratio: int = 200  # gzip bombs: stop once output exceeds ratio * input


@dataclass(slots=True)
class ExtractSettings:
    default_timezone: str = "Europe/Berlin"  # for German pages whose dates carry no offset
    timezone_by_language: dict[str, str] = field(
        default_factory=lambda: {"de": "Europe/Berlin", "en": "UTC"}
    )
    max_html_chars: int = 8_000_000  # beyond this the page is cut before parsing
    words_per_minute: int = 200  # reading time when the page states none


@dataclass(slots=True)
class EnrichSettings:
    ner: Literal["accurate", "fast", "off"] = "accurate"
    quotes: bool = True


@dataclass(slots=True)
class Settings:
    sources: SourceSettings = field(default_factory=SourceSettings)
    extract: ExtractSettings = field(default_factory=ExtractSettings)
    enrich: EnrichSettings = field(default_factory=EnrichSettings)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)
