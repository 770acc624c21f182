"""Fixtures of the web tests: a hand-built archive and a TestClient over it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import webcorpus  # noqa: E402



def pytest_configure(config) -> None:
    # starlette's TestClient still runs on httpx and says so on import: nothing for these tests to act on
    config.addinivalue_line("filterwarnings", "ignore:Using .httpx. with .starlette.testclient.")


@pytest.fixture(scope="session")
def web_db(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    path = tmp_path_factory.mktemp("web") / "web.db"
    return path, webcorpus.build(path)


@pytest.fixture
def fresh_db(tmp_path) -> tuple[Path, dict[str, int]]:
    """An archive of its own, for tests that write."""
    path = tmp_path / "web.db"
    return path, webcorpus.build(path)


@pytest.fixture(scope="session")
def story_db(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    """The corpus plus a second outlet's copy of the flood report, linked into stories."""
    path = tmp_path_factory.mktemp("web-stories") / "web.db"
    return path, webcorpus.build(path, stories=True)


@pytest.fixture(scope="session")
def story_client(story_db):
    from fastapi.testclient import TestClient

    from lagebild.web import create_app

    with TestClient(create_app(story_db[0])) as c:
        yield c


@pytest.fixture(scope="session")
def client(web_db):
    from fastapi.testclient import TestClient

    from lagebild.web import create_app

    with TestClient(create_app(web_db[0])) as c:
        yield c
