"""The types that flow between stages: the contract of lagebild.

Data flows one way: ``sources`` yield :class:`Page`, ``extract`` turns a page into an
:class:`Article`, ``enrich`` fills its mentions, entities and quotes, ``stories`` links it to
duplicates and stories, ``archive`` stores it, ``alerts`` matches it. Every stage reads and
returns these types; nothing else crosses a stage boundary.

All types are plain dataclasses that round-trip through :func:`to_dict` / ``from_dict``, which
is what ``--json`` output, JSONL export and the REST API show.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

PageKind = Literal["html", "text"]
PageType = Literal["article", "other"]
EntityType = Literal["PER", "ORG", "LOC", "MISC"]


@dataclass(slots=True)
class Origin:
    """Where a page came from: enough to find the input again."""

    path: str | None = None  # file path, "-" for stdin
    url: str | None = None  # page URL as given by the input (WARC target, JSONL url, feed item)
    warc_record_id: str | None = None
    line: int | None = None  # 1-based line number inside a JSONL file
    feed: str | None = None  # feed / sitemap URL the page was discovered through

    def label(self) -> str:
        """One short human-readable name for messages: ``file.warc.gz#<urn:uuid:…>``."""
        where = self.path or self.url or "<unknown>"
        if self.warc_record_id:
            return f"{where}#{self.warc_record_id}"
        if self.line is not None:
            return f"{where}:{self.line}"
        return where


@dataclass(slots=True)
class Page:
    """One raw input document, before extraction.

    ``content`` is ``bytes`` for HTML as read (any charset; extract decodes it) and ``str`` for
    already-scraped text.
    """

    content: bytes | str
    kind: PageKind
    origin: Origin = field(default_factory=Origin)
    url: str | None = None
    declared_encoding: str | None = None  # from an HTTP header or WARC record, if any
    fetched: str | None = None  # ISO 8601, when a fetcher got it


@dataclass(slots=True)
class RelatedLink:
    """A teaser of another article shown on the page ("Mehr zum Thema")."""

    title: str
    url: str | None = None
    section: str | None = None
    teaser: str | None = None


@dataclass(slots=True)
class Entity:
    """A canonical identity: one real person, organisation or place."""

    id: str  # stable key, e.g. "PER:mevlut-cavusoglu", "LOC:TR"
    name: str  # preferred display name
    type: EntityType
    country: str | None = None  # ISO 3166-1 alpha-2 for places (and their adjectives)
    aliases: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Mention:
    """A span of ``Article.text`` that names an entity."""

    start: int  # character offsets into Article.text
    end: int
    text: str
    type: EntityType
    entity_id: str | None = None  # Entity.id once canonicalised
    # NER's confidence: the least CRF marginal probability of the span's word tags (None: not from
    # NER, or read back from an archive, which does not store it)
    confidence: float | None = None


@dataclass(slots=True)
class Quote:
    """Something someone said, with offsets into ``Article.text``."""

    text: str
    start: int
    end: int
    kind: Literal["direct", "indirect"] = "direct"
    speaker: str | None = None  # the speaker as named in the text
    speaker_entity_id: str | None = None
    cue: str | None = None  # the speech verb or colon that introduces it


@dataclass(slots=True)
class Event:
    """Who did what to whom: a subject entity, a verb lemma, an object entity."""

    subject_id: str | None
    verb: str
    object_id: str | None = None
    sentence: str = ""


@dataclass(slots=True)
class Article:
    """An extracted (and later enriched) news article, or a non-article page."""

    title: str = ""
    lead: str = ""
    body: list[str] = field(default_factory=list)  # paragraphs, without the lead
    text: str = ""  # lead + body as the page presents them, paragraphs joined by "\n\n"
    url: str | None = None
    canonical_url: str | None = None
    published: str | None = None  # ISO 8601 with UTC offset
    modified: str | None = None
    authors: list[str] = field(default_factory=list)
    section: str | None = None  # one clean label ("Politik"), never a navigation word; see section_raw
    section_raw: str | None = None  # the page's own value the section was read from ("Startseite > Politik")
    tags: list[str] = field(default_factory=list)
    publisher: str | None = None
    language: str | None = None  # ISO 639-1
    reading_time: int | None = None  # minutes
    word_count: int = 0
    related: list[RelatedLink] = field(default_factory=list)
    page_type: PageType = "article"
    content_hash: str = ""
    origin: Origin = field(default_factory=Origin)
    truncated: str | None = None  # the input was over a size cap and cut: how (pipeline.cap); None when whole
    # filled by enrich
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    # filled by stories / archive
    id: int | None = None
    duplicate_of: int | None = None
    story_id: int | None = None


@dataclass(slots=True)
class Story:
    """Articles about one event, across sources and languages."""

    id: int
    label: str
    first_seen: str | None = None
    last_seen: str | None = None
    article_ids: list[int] = field(default_factory=list)
    top_entities: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Alert:
    """A saved query and where the new articles it matches are delivered."""

    name: str
    query: str  # in the query language of lagebild.query, shared with search
    channel: str  # a delivery channel's registered name: "webhook", "email", "atom", …
    target: str  # the webhook URL, e-mail address or Atom file path
    secret: str = ""  # HMAC key a webhook receiver uses to check X-Lagebild-Signature
    id: int | None = None
    created: str | None = None

@dataclass(slots=True)
class Failure:
    """An input that could not be used: the input's name and the reason, in one line."""

    input: str
    reason: str

    def __str__(self) -> str:
        return f"{self.input}: {self.reason}"


@dataclass(slots=True)
class Skipped:
    """An input record passed over on purpose — a WARC request, a 404, an image: no page, and no
    failure either. It flows like a :class:`Failure` (sources → pipeline → archive) so that the
    ingest report can count it by reason instead of it vanishing."""

    input: str
    reason: str

    def __str__(self) -> str:
        return f"{self.input}: {self.reason}"


def to_dict(obj: Any) -> Any:
    """A JSON-ready dict of any model object (nested dataclasses become dicts)."""
    return dataclasses.asdict(obj)


def _build(cls: type, data: dict[str, Any]) -> Any:
    nested = {
        "origin": Origin,
        "related": RelatedLink,
        "mentions": Mention,
        "entities": Entity,
        "quotes": Quote,
        "events": Event,
    }
    names = {f.name for f in dataclasses.fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key not in names:
            continue
        sub = nested.get(key)
        if sub is not None and isinstance(value, list):
            value = [_build(sub, v) if isinstance(v, dict) else v for v in value]
        elif sub is not None and isinstance(value, dict):
            value = _build(sub, value)
        kwargs[key] = value
    return cls(**kwargs)


def article_from_dict(data: dict[str, Any]) -> Article:
    """Rebuild an :class:`Article` from :func:`to_dict` output; unknown keys are ignored."""
    return _build(Article, data)
