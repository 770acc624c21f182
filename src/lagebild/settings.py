"""Settings objects, one per stage, gathered in one tree (:class:`Settings`) instead of long parameter lists.

Every ingest run records the resolved settings it used (``Settings.to_dict()``, in the archive's
``runs`` table), so a result can be traced back to the configuration that produced it;
``Settings.from_dict`` reads such a record back. Secrets (the web token) are never written: a field
with ``metadata={"secret": True}`` is recorded as ``None``.

    Settings
    ├── sources   SourceSettings     size limits of inputs
    ├── extract   ExtractSettings    time zones, page size cap
    ├── enrich    EnrichSettings     NER model, quotes, the component pipeline
    ├── stories   StorySettings      embedder, window, weights (Weights), dedup (DedupSettings)
    ├── ingest    IngestSettings     worker processes, threads per process, batch of pages
    ├── batch     BatchSettings      lagebild batch: engine (registry.engines), workers, shard size, retries
    ├── archive   ArchiveSettings    backend (registry.backends), lock timeout, full-text index
    ├── fetch     FetchSettings      politeness of the fetcher
    ├── alerts    AlertSettings      delivery and the watch loop
    ├── web       WebConfig          the dashboard / REST API server
    └── display   DisplaySettings    the time zone dates are shown and read in (UTC)
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field, replace
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
    # Scraped text over this is cut at a line break before extraction (8 MB took 85 s and 3 GB); the
    # article records the cut in ``truncated`` and the run counts it.
    max_text_chars: int = 500_000
    words_per_minute: int = 200  # reading time when the page states none
    # Folder of the extractor's learned weights (htmlblocks.npz, …); None: those shipped in lagebild/models.
    # The leave-site-out benchmark points it at weights that never saw the page's site.
    model_dir: str | None = None
    # The parts decided by learned weights (scripts/train_extract.py) instead of the rules: "body" (block
    # classifier: boosted trees), "body_mix" (the rules' body, corrected where the trees are sure), "body_pick"
    # (per page the rules' body or the trees', whichever a learned chooser expects to score better; leave-site-out
    # +.017/+.033/+.014/+.016 over trafilatura but ~3x its time: docs/benchmarks.md, tenth round), "pagetype",
    # "title", "date", "author" (candidate rankers) of HTML pages, "text_author"
    # (byline ranker) and "text_title" (title ranker) of scraped text; a part whose weights are missing keeps
    # the rules. The default holds the parts whose leave-site-out figures beat the rules': the title and author
    # rankers (docs/benchmarks.md, "Extraction leave-site-out", second round), the scraped-text byline ranker
    # (fourth round: author .63/.63/.66 against the rules' .26/.25/.25) and the scraped-text title ranker (fifth
    # round: .747/.831/.845 against .708/.808/.798); body, page type and date stay with the rules.
    learned: tuple[str, ...] = ("title", "author", "text_author", "text_title")


@dataclass(slots=True)
class EnrichSettings:
    ner: Literal["accurate", "fast", "off"] = "accurate"
    # text in a language outside ner_languages keeps only NER mentions whose confidence reaches
    # ner_floor (enrich/ner/floor.py; chosen on German/English dev data by benchmarks/ner_floor.py)
    ner_languages: tuple[str, ...] = ("de", "en")
    ner_floor: float = 0.868
    quotes: bool = True
    # the enrich components (registry.components) in the order they run; checked when the pipeline is built
    pipeline: tuple[str, ...] = ("ner", "places", "institutions", "orgs", "entities", "quotes", "events", "topics")


@dataclass(slots=True)
class Weights:
    """score = lexical*w_lex + names*w_names + (embedding - emb_floor)*w_emb + max(0, embedding - emb_knee)*w_knee
    - log1p(gap days beyond grace)*w_gap + bias.

    The knee makes the embedding term convex: below it (articles merely on related subjects) a
    cosine difference says little; above it each step towards "the same event" counts much more.
    """

    lexical: float = 1.0
    names: float = 0.6
    embedding: float = 0.0
    emb_floor: float = 0.0
    emb_knee: float = 1.0
    knee: float = 0.0
    gap: float = 0.05
    grace_days: float = 7.0  # a story runs on for days: gaps shorter than this cost nothing
    bias: float = 0.0


@dataclass(slots=True)
class DedupSettings:
    shingle: int = 5  # words per shingle
    bands: int = 30  # LSH bands ...
    rows: int = 3  # ... of this many rows: P(candidate) = 1-(1-J^3)^30, .98 at J=.5, .21 at J=.2
    jaccard: float = 0.5  # estimated Jaccard at or above which a candidate is a duplicate
    containment: float = 0.8  # ... or this share of the smaller text inside the larger one
    min_containment_jaccard: float = 0.25  # ... provided the Jaccard estimate reaches this
    min_shingles: int = 8  # shorter texts are matched exactly only
    seed: int = 1

    @property
    def num_perm(self) -> int:
        return self.bands * self.rows


# Per embedder: (join threshold, same-language, cross-language weights). The e5 score is a predicted
# SemEval-2022 Task 8 "same story" grade: its embedding, knee and cross-lingual weights are a
# least-squares fit on those pairs (benchmarks/stories_semeval.py, docs/benchmarks.md; the fitted
# same-language lexical weight was slightly negative and names ~0, so both are 0); only the join
# threshold and the names bonus of a join (_JOIN_NAMES) were chosen on ECB+ train topics. The USE
# weights are the earlier hand-tuned ones (their names weight is inside the score already).
_TUNED = {
    "e5": (5.15, Weights(lexical=0.0, names=0.0, embedding=4.16, emb_knee=0.83, knee=17.72, gap=0.05),
           Weights(lexical=3.05, names=0.0, embedding=8.87, emb_knee=0.83, knee=20.36, gap=0.05, bias=-3.75)),
    "use": (0.5, Weights(lexical=1.0, names=0.5, embedding=2.0, emb_floor=0.6, gap=0.05),
            Weights(lexical=1.0, names=2.4, embedding=2.4, emb_floor=0.63, gap=0.05)),
}

_JOIN_NAMES = {"e5": 0.5}
# How far below the join threshold a pair still counts as related (the same subject, not the same
# event): chosen on SemEval-2022 Task 8 pairs (Overall <= 2.5 vs > 2.5), cross-validated; see
# docs/benchmarks.md "Related: one score and a floor".
_RELATED_MARGIN = {"e5": 0.74}


@dataclass(slots=True)
class StorySettings:
    embedder: str = "e5"  # e5 | use | off (registry.embedders; see stories.embed)
    embed_chars: int = 2000  # headline + start of the text fed to the embedder (e5 reads at most 256 tokens)
    window_days: float = 4.0  # a story takes new articles until this long after its last one
    threshold: float | None = None  # a candidate story joins at or above this score (None: tuned for the embedder)
    mono: Weights | None = None  # same-language weights (None: tuned for the embedder)
    cross: Weights | None = None  # cross-language weights
    plain: Weights | None = None  # without an embedding: lexical + names/2, put on the threshold's scale
    # Joining a story also counts shared names: two earthquakes read alike to an embedding, their
    # places and people do not. The pair similarity (related, SemEval) leaves names out: on SemEval's
    # graded pairs they lowered German correlation. Chosen with the threshold on ECB+ train topics.
    join_names: float | None = None
    # `related` lists beyond the article's story only pairs scoring at least this (None: the join
    # threshold less a margin calibrated on SemEval-2022 pairs, _RELATED_MARGIN; docs/benchmarks.md)
    related_floor: float | None = None
    terms_per_article: int = 150  # TF-IDF terms kept in an article's profile
    keys_per_article: int = 12  # rarest terms and names an article is looked up (and indexed) under
    stories_per_key: int = 30  # postings read per key, most recent first
    max_candidates: int = 25  # stories scored per article
    embedding_neighbours: int = 5  # nearest window stories by embedding added to the candidates
    dedup: DedupSettings = field(default_factory=DedupSettings)

    def __post_init__(self) -> None:
        threshold, mono, cross = (replace(w) if isinstance(w, Weights) else w for w in _TUNED.get(self.embedder, _TUNED["e5"]))
        self.threshold = threshold if self.threshold is None else self.threshold
        self.mono = mono if self.mono is None else self.mono
        self.cross = cross if self.cross is None else self.cross
        if self.join_names is None:
            self.join_names = _JOIN_NAMES.get(self.embedder, 0.0)
        if self.plain is None:  # the old lexical join point (lexical + names/2 = 0.5) moved onto this threshold
            self.plain = Weights(lexical=1.0, names=0.5, gap=0.05, bias=self.threshold - 0.5)
        if self.related_floor is None:
            self.related_floor = self.threshold - _RELATED_MARGIN.get(self.embedder, _RELATED_MARGIN["e5"])


@dataclass(slots=True)
class IngestSettings:
    """How ``lagebild.ingest`` spreads extract + enrich over the cores (_pool.py)."""

    workers: int = 0  # worker processes (0: one per usable core; 1: all in this process)
    threads: int = 1  # torch/OpenMP threads per process: more oversubscribe the cores the workers share
    chunk: int = 16  # pages a worker takes at once (NER and the story embedding batch across them)
    pool_after: int = 48  # a stream shorter than this stays in this process (no worker start-up)
    # how worker processes start (ingest's pool, batch's local engine): "auto" loads the models once and
    # forks the workers from that process (weights shared copy-on-write) on Linux — from this process when it
    # runs one thread, else from a fork server (_pool.worker_context); "spawn": each worker loads its own
    start: str = "auto"
    # bytes: in a worker, glibc maps every allocation this large on its own and unmaps it when freed (mallopt
    # M_MMAP_THRESHOLD); 0 keeps glibc's sliding threshold. Same run, one process, 32 pages: 1 MB cut the peak
    # 20 % for 37 % more CPU, 8 MB 8 % for 7 % (docs/benchmarks.md, issue 17, wave 7): for memory-bound runs
    mmap_threshold: int = 0


@dataclass(slots=True)
class BatchSettings:
    """``lagebild batch``: shards processed by an engine (registry.engines), one Parquet file each (batch/)."""

    engine: str = "local"  # registry.engines: local (a process pool) or ray
    workers: int = 0  # worker processes or Ray actors (0: one per usable core / per cluster CPU)
    shard_size: int = 0  # records per shard of a WARC/JSONL file (0: one shard per file)
    files_per_shard: int = 500  # loose pages (HTML, text) of directories, grouped into shards this size
    retries: int = 2  # times a shard whose worker died is tried again
    ray_address: str = ""  # an existing Ray cluster ("auto", "ray://head:10001"); "" starts one on this machine
    ray_cpus: float = 1.0  # CPUs each Ray actor asks the scheduler for


@dataclass(slots=True)
class ArchiveSettings:
    backend: str = "sqlite"  # registry.backends
    timeout: float = 5.0  # seconds one try at the write lock waits (SQLite's busy timeout)
    lock_wait: float | None = None  # seconds a writer queues behind another process in all; None: as long as it takes
    index: str = ""  # full-text index of a new archive (registry.indexes); "" = tantivy when installed, else fts5
    # PostgreSQL archives: the folder of this machine's tantivy copy (archive/pg/tantivy.py); "" = the tsvector
    # in the database, or ~/.local/share/lagebild/indexes/<db>-<id> for an archive that keeps tantivy copies only
    index_dir: str = field(default_factory=lambda: os.environ.get("LAGEBILD_INDEX_DIR", ""))


@dataclass(slots=True)
class FetchSettings:
    """How the fetcher behaves towards the sites it polls (sources/fetch.py)."""

    user_agent: str = "lagebild/0.1 (+https://github.com/lagebild/lagebild)"
    timeout: float = 20.0  # seconds per connect / read
    deadline: float | None = None  # seconds one request may take in all (connect, headers, body); None: 3x timeout
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
    """Alert delivery (alerts/deliver.py) and the watch loop (watch.py)."""

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
    # Atom alert feeds are files <atom_dir>/<name>.xml (an alert names its feed, never a path), served
    # by `lagebild serve` at /feeds/<name>; relative to the working directory.
    atom_dir: str = field(default_factory=lambda: os.environ.get("LAGEBILD_ATOM_DIR", "feeds"))
    default_every: float = 600.0  # seconds between two polls of a source
    max_new_per_source: int = 200  # new article URLs fetched per source and pass
    workers: int = 4  # article pages fetched in parallel (per-host limits still apply)


@dataclass(slots=True)
class WebConfig:
    """The dashboard and REST API server (web/)."""

    token: str | None = field(default=None, metadata={"secret": True})  # writes need it (Bearer or session)
    allow_private: bool = False  # POST /api/ingest may fetch private and loopback addresses
    allowed_hosts: tuple[str, ...] | None = None  # Host header names answered (None = any)


@dataclass(slots=True)
class DisplaySettings:
    """How dates are shown and read by people (CLI, dashboard, API): one zone for both, so an article
    shown on a day matches ``since`` that day (lagebild.times). An IANA name; the CLI's ``--tz`` and
    the environment variable LAGEBILD_TZ override it for one command."""

    tz: str = "UTC"


@dataclass(slots=True)
class Settings:
    sources: SourceSettings = field(default_factory=SourceSettings)
    extract: ExtractSettings = field(default_factory=ExtractSettings)
    enrich: EnrichSettings = field(default_factory=EnrichSettings)
    stories: StorySettings = field(default_factory=StorySettings)
    ingest: IngestSettings = field(default_factory=IngestSettings)
    batch: BatchSettings = field(default_factory=BatchSettings)
    archive: ArchiveSettings = field(default_factory=ArchiveSettings)
    fetch: FetchSettings = field(default_factory=FetchSettings)
    alerts: AlertSettings = field(default_factory=AlertSettings)
    web: WebConfig = field(default_factory=WebConfig)
    display: DisplaySettings = field(default_factory=DisplaySettings)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of every setting (tuples become lists, secrets ``None``)."""
        return _to_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Settings:
        """Settings from :meth:`to_dict` output; missing keys keep their defaults, unknown keys are ignored."""
        return _from_dict(cls, data)


def _to_dict(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: None if f.metadata.get("secret") else _to_dict(getattr(obj, f.name))
                for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [_to_dict(v) for v in obj]
    if isinstance(obj, dict):
        return {k: _to_dict(v) for k, v in obj.items()}
    return obj


def _from_dict(cls: type, data: dict[str, Any]) -> Any:
    default = cls()
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue
        value, current = data[f.name], getattr(default, f.name)
        if isinstance(value, dict) and dataclasses.is_dataclass(current):
            value = _from_dict(type(current), value)
        elif isinstance(value, list) and "tuple" in str(f.type):
            value = tuple(value)
        kwargs[f.name] = value
    return cls(**kwargs)
