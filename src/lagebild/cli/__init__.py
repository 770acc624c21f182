"""The ``lagebild`` command line. Each module registers one group of commands on ``app``."""

from .app import app
from . import articles, enrich, stories, alerts, serve, evaluate  # noqa: F401  (registers commands)


def main() -> None:
    app()


__all__ = ["app", "main"]
