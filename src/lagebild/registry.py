"""Named tables of swappable parts, with spaCy's ``registry`` (the catalogue package) as the model.

    from lagebild.registry import registry

    @registry.channels.register("slack")          # a class or function, registered now
    class Slack: ...

    registry.embedders.register("mine", "mypackage.embed:load")   # or lazily: imported on first use

    registry.channels.get("webhook")               # the registered object
    registry.channels.get("pigeon")                # DeliveryError: unknown delivery channel 'pigeon' (known: …)

Tables (:data:`TABLES`): ``readers`` (input formats), ``discoverers`` (feed, sitemap, URL list),
``extractors`` (html, text), ``recognizers`` (NER), ``components`` (enrich), ``embedders`` (story
embeddings), ``runtimes`` (how the e5 encoder runs), ``backends`` (archives), ``engines`` (where ``lagebild batch`` runs its shards), ``indexes`` (full-text indexes beside an archive), ``channels``
(alert delivery), ``migrations`` (archive schema, applied in registration order). The built-ins are registered at the end of this module exactly as a
plug-in would register its own, by ``"module:attr"`` strings, so looking up a name imports only the
module that holds it: opening an archive never imports torch. A ``"module"`` without ``:attr`` means
"importing it registers the name" (how enrich components declare what they require and assign).
Installed packages may add entries through the entry-point group ``lagebild.<table>``.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .errors import ArchiveError, ConfigError, DeliveryError, InputError, LagebildError, ModelError

_RAISE = object()


class Table:
    """One table of names: register, look up (resolving lazy entries once), list."""

    def __init__(self, name: str, noun: str, error: type[LagebildError] = ConfigError,
                 also: tuple[str, ...] = ()) -> None:
        self.name, self.noun, self.error = name, noun, error
        self.also = also  # names callers accept besides the registered ones (e.g. "off"), for messages
        self._entries: dict[str, Any] = {}
        self._lock = threading.RLock()
        self._entry_points_read = False

    def register(self, name: str, obj: Any = None) -> Any:
        """``register(name, obj)``; ``register(name, "module:attr")`` (lazy); or ``@register(name)``."""
        if obj is None:
            def decorate(target: Any) -> Any:
                self.register(name, target)
                return target

            return decorate
        with self._lock:
            self._entries[name] = obj
        return obj

    def get(self, name: str, default: Any = _RAISE) -> Any:
        """The entry registered as ``name``; an unknown name raises the table's error listing the
        known ones (or returns ``default`` when one is given)."""
        with self._lock:
            if name not in self._entries:
                self._read_entry_points()
            if name not in self._entries:
                if default is not _RAISE:
                    return default
                known = ", ".join([*self.names(), *self.also])
                raise self.error(f"unknown {self.noun} {name!r} (known: {known})")
            entry = self._entries[name]
        # import outside the lock: the module may register entries itself while it loads
        return self._resolve(name, entry) if isinstance(entry, str) else entry

    def _resolve(self, name: str, ref: str) -> Any:
        module_name, _, attr = ref.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            raise self.error(f"{self.noun} {name!r}: module {module_name} is not installed") from None
        with self._lock:
            current = self._entries.get(name, ref)
            if current != ref:  # importing the module registered the object itself (or it was replaced)
                return current
            if not attr or not hasattr(module, attr):
                raise self.error(f"{self.noun} {name!r}: {ref} names nothing")
            obj = self._entries[name] = getattr(module, attr)
            return obj

    def _read_entry_points(self) -> None:
        if self._entry_points_read:
            return
        self._entry_points_read = True
        from importlib.metadata import entry_points

        for ep in entry_points(group=f"lagebild.{self.name}"):
            self._entries.setdefault(ep.name, ep.value)

    def names(self) -> list[str]:
        """Every registered name, sorted."""
        with self._lock:
            self._read_entry_points()
            return sorted(self._entries)

    def __iter__(self) -> Iterator[str]:
        """Names in registration order (the order migrations are applied in)."""
        with self._lock:
            self._read_entry_points()
            return iter(list(self._entries))

    def __contains__(self, name: object) -> bool:
        with self._lock:
            if name not in self._entries:
                self._read_entry_points()
            return name in self._entries

    def __len__(self) -> int:
        return len(self.names())

    # mapping-style access, so tests can swap an entry with monkeypatch.setitem
    def __getitem__(self, name: str) -> Any:
        return self.get(name)

    def __setitem__(self, name: str, obj: Any) -> None:
        self.register(name, obj)

    def __delitem__(self, name: str) -> None:
        with self._lock:
            del self._entries[name]

    @contextmanager
    def temporary(self) -> Iterator[Table]:
        """Registrations made inside are undone on exit (for tests)."""
        with self._lock:
            saved = dict(self._entries)
        try:
            yield self
        finally:
            with self._lock:
                self._entries = saved

    def __repr__(self) -> str:
        return f"<registry table {self.name}: {', '.join(self.names())}>"


class Registry:
    """The tables, as attributes (``registry.channels``)."""

    def __init__(self, tables: dict[str, Table]) -> None:
        self._tables = tables
        for name, table in tables.items():
            setattr(self, name, table)

    def tables(self) -> dict[str, Table]:
        return dict(self._tables)

    def table(self, name: str) -> Table:
        try:
            return self._tables[name]
        except KeyError:
            raise ConfigError(f"unknown registry table {name!r} (known: {', '.join(self._tables)})") from None

    # typed attributes for readers of the code (set in __init__)
    readers: Table
    discoverers: Table
    extractors: Table
    recognizers: Table
    components: Table
    embedders: Table
    runtimes: Table
    backends: Table
    engines: Table
    indexes: Table
    channels: Table
    migrations: Table


registry = Registry({
    "readers": Table("readers", "input format", InputError),
    "discoverers": Table("discoverers", "source kind", InputError),
    "extractors": Table("extractors", "page kind", InputError),
    "recognizers": Table("recognizers", "NER mode", ModelError, also=("off",)),
    "components": Table("components", "enrich component", ConfigError),
    "embedders": Table("embedders", "embedder", ModelError, also=("off",)),
    "runtimes": Table("runtimes", "e5 runtime", ModelError),
    "backends": Table("backends", "archive backend", ArchiveError),
    "engines": Table("engines", "batch engine", ConfigError),
    "indexes": Table("indexes", "full-text index", ArchiveError),
    "channels": Table("channels", "delivery channel", DeliveryError),
    "migrations": Table("migrations", "migration feature", ArchiveError),
})
TABLES = tuple(registry.tables())

# The built-ins, registered as any plug-in would register its own.
_BUILTINS: dict[str, dict[str, str]] = {
    "readers": {
        "warc": "lagebild.sources.warc:read_warc",
        "jsonl": "lagebild.sources.jsonl:read_jsonl",
        "html": "lagebild.sources.documents:read_html",
        "text": "lagebild.sources.documents:read_text",
    },
    "discoverers": {
        "feed": "lagebild.sources.discover:feed",
        "sitemap": "lagebild.sources.discover:sitemap",
        "urls": "lagebild.sources.discover:url_list",
    },
    "extractors": {"html": "lagebild.extract:html_extractor", "text": "lagebild.extract:text_extractor"},
    "recognizers": {"accurate": "lagebild.enrich.ner:load_accurate", "fast": "lagebild.enrich.ner:load_fast"},
    # importing lagebild.enrich registers each with what it requires and assigns (enrich.component)
    "components": {name: "lagebild.enrich" for name in (
        "ner", "places", "institutions", "orgs", "entities", "quotes", "events", "topics")},
    "embedders": {"e5": "lagebild.stories.embed:load_e5", "use": "lagebild.stories.embed:load_use"},
    # how the e5 encoder runs (LAGEBILD_E5_RUNTIME): a function that prepares an E5Encoder in place
    "runtimes": {"float32": "lagebild.models.e5:as_float32", "bfloat16": "lagebild.models.e5:as_bfloat16",
                 "int8": "lagebild.models.int8:runtime",
                 "int8-rows": "lagebild.models.int8:runtime_rows", "onnx": "lagebild.models.e5_onnx:runtime"},
    # a `--db NAME://…` target opens with the backend registered as NAME (api.open_archive)
    "backends": {"sqlite": "lagebild.archive.sqlite:Archive", "postgresql": "lagebild.archive.pg:PgArchive",
                 "postgres": "lagebild.archive.pg:PgArchive"},
    "engines": {"local": "lagebild.batch.local:run", "ray": "lagebild.batch.on_ray:run"},
    "indexes": {"tantivy": "lagebild.archive.fulltext.tantivy_index:TantivyIndex",
                "fts5": "lagebild.archive.fulltext.fts5:FTS5Index"},
    "channels": {
        "webhook": "lagebild.alerts.deliver:Webhook",
        "email": "lagebild.alerts.deliver:Email",
        "atom": "lagebild.alerts.deliver:AtomFile",
    },
    "migrations": {  # after the archive's core migrations, in this order
        "monitor": "lagebild.archive.monitor:MIGRATIONS",
        "stories": "lagebild.archive.stories:MIGRATIONS",
        "runs": "lagebild.archive.runs:MIGRATIONS",
        "fulltext": "lagebild.archive.fulltext.outbox:MIGRATIONS",
        "identities": "lagebild.archive.idmigrations:MIGRATIONS",
    },
}
for _table, _entries in _BUILTINS.items():
    for _name, _ref in _entries.items():
        registry.table(_table).register(_name, _ref)


__all__ = ["TABLES", "Registry", "Table", "registry"]
