"""Fixtures for sources tests; the input builders live in sourcekit.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from lagebild.model import Failure, Page
from lagebild.settings import SourceSettings
from lagebild.sources import read


@pytest.fixture
def read_all() -> Callable[..., list[Page | Failure]]:
    """``read_all(path, ..., max_bytes=…)``: everything ``read`` yields, as a list."""

    def _read(*inputs: str | Path, **settings) -> list[Page | Failure]:
        return list(read([str(i) for i in inputs], SourceSettings(**settings)))

    return _read
