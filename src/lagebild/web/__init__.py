"""The REST API and the web dashboard: ``create_app(db_path, token=None)``; ``lagebild serve`` runs it."""

from .app import create_app

__all__ = ["create_app"]
