"""The ``lagebild`` command line. Each module registers one group of commands on ``app``:
articles (extract, ingest, search, show, related, export, demo), enrich (entities, quotes,
eval quotes), ner (eval ner), stories (stories, story, eval stories), alerts (sources, alerts,
watch), runs (runs, reindex), serve (serve), bench (bench extraction), batch (batch, merge)."""

from .app import app
from . import alerts, articles, batch, bench, enrich, ner, runs, serve, stories  # noqa: F401  (registers commands)


def main() -> None:
    app()


__all__ = ["app", "main"]
