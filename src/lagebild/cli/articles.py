"""Commands of this group register on the shared app (see app.py)."""

from .app import app, eval_app, bench_app  # noqa: F401
