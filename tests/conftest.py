"""Shared fixtures. Tests that read ../shared skip cleanly when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is absent")
    return SHARED


@pytest.fixture
def founding_example(shared: Path) -> Path:
    path = shared / "examples" / "000_8ade2b66537ee1e2.txt"
    if not path.is_file():
        pytest.skip("founding example is absent")
    return path


@pytest.fixture(autouse=True)
def _atom_feeds_in_tmp(tmp_path_factory, monkeypatch):
    """Atom alert feeds go to settings.alerts.atom_dir (default ./feeds): never the checkout's."""
    monkeypatch.setenv("LAGEBILD_ATOM_DIR", str(tmp_path_factory.getbasetemp() / "atom-feeds"))
