"""Settings objects, one per stage, instead of long parameter lists.

A run records the resolved settings it used (``Settings.to_dict()``), so a result can be traced
back to the configuration that produced it.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from typing import Any, Literal


@dataclass(slots=True)
class SourceSettings:
    max_bytes: int = 64 * 1024 * 1024  # larger inputs are refused with a reason, not read
    max_decompressed_ratio: int = 200  # gzip bombs: stop once output exceeds ratio * input
    decompressed_floor_bytes: int = 8 * 1024 * 1024  # ... and exceeds this (small files compress well)
    max_archive_bytes: int = 16 * 1024**3  # WARC / JSONL files are streamed; max_bytes applies per record


@dataclass(slots=True)
class ExtractSettings:
    default_timezone: str = "Europe/Berlin"  # for German pages whose dates carry no offset
    timezone_by_language: dict[str, str] = field(
        default_factory=lambda: {"de": "Europe/Berlin", "en": "UTC"}
    )
    # Beyond this (after scripts and styles are dropped) the page is cut before parsing: the
    # extractor's time grows faster than linearly with page size (a 50 MB page took a minute at 8M).
    max_html_chars: int = 2_000_000
    words_per_minute: int = 200  # reading time when the page states none
    # Folder of the extractor's learned weights (htmlblocks.npz, …); None: those shipped in lagebild/models.
    # The leave-site-out benchmark points it at weights that never saw the page's site.
    model_dir: str | None = None
    # The parts decided by learned weights (scripts/train_extract.py) instead of the rules: "body" (block
    # classifier), "pagetype", "title", "date", "author" (candidate rankers) of HTML pages, "text_author"
    # (byline ranker) of scraped text. The default holds the parts whose leave-site-out figures beat the
    # rules' (docs/benchmarks.md, "Extraction leave-site-out").
    learned: tuple[str, ...] = ()


@dataclass(slots=True)
class EnrichSettings:
    ner: Literal["accurate", "fast", "off"] = "accurate"
    quotes: bool = True


@dataclass(slots=True)
class FetchSettings:
    """How the fetcher behaves towards the sites it polls (sources/fetch.py)."""

    user_agent: str = "lagebild/0.1 (+https://github.com/lagebild/lagebild)"
    timeout: float = 20.0  # seconds per connect / read; the whole body must arrive within 3x
    max_bytes: int = 8 * 1024 * 1024  # bodies are streamed and aborted past this
    max_redirects: int = 5
    retries: int = 3  # extra tries on 429 / 5xx / timeouts
    backoff: float = 1.0  # first retry wait, doubled each time
    max_retry_after: float = 120.0  # a server's Retry-After is honoured up to this
    per_host_concurrency: int = 2
    per_host_delay: float = 1.0  # seconds between two requests to one host
    robots_ttl: float = 3600.0
    allow_private: bool = False  # fetch private, loopback and link-local addresses


@dataclass(slots=True)
class AlertSettings:
    """Alert delivery (alerts/deliver.py) and the watch loop (alerts/watch.py)."""

    smtp_host: str = field(default_factory=lambda: os.environ.get("LAGEBILD_SMTP_HOST", "localhost"))
    smtp_port: int = field(default_factory=lambda: int(os.environ.get("LAGEBILD_SMTP_PORT", "25")))
    smtp_from: str = field(default_factory=lambda: os.environ.get("LAGEBILD_SMTP_FROM", "lagebild@localhost"))
    # SMTP login comes from LAGEBILD_SMTP_USER / LAGEBILD_SMTP_PASSWORD only, never from settings,
    # so that a run's recorded settings hold no secret.
    smtp_starttls: bool = field(default_factory=lambda: os.environ.get("LAGEBILD_SMTP_STARTTLS", "") == "1")
    delivery_timeout: float = 10.0
    delivery_backoff: float = 30.0  # first redelivery wait, doubled per failed attempt
    delivery_max_backoff: float = 3600.0
    atom_max_entries: int = 100
    default_every: float = 600.0  # seconds between two polls of a source
    max_new_per_source: int = 200  # new article URLs fetched per source and pass
    workers: int = 4  # article pages fetched in parallel (per-host limits still apply)


@dataclass(slots=True)
class Settings:
    sources: SourceSettings = field(default_factory=SourceSettings)
    extract: ExtractSettings = field(default_factory=ExtractSettings)
    enrich: EnrichSettings = field(default_factory=EnrichSettings)
    fetch: FetchSettings = field(default_factory=FetchSettings)
    alerts: AlertSettings = field(default_factory=AlertSettings)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)
