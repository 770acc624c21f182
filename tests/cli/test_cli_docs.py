"""docs/cli.md is what the CLI says about itself: regenerate it when a command changes."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _render() -> str:
    spec = importlib.util.spec_from_file_location("gen_cli_docs", ROOT / "scripts" / "gen_cli_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.render()


def test_cli_reference_matches_help():
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert doc == _render(), "docs/cli.md is stale: run .venv/bin/python scripts/gen_cli_docs.py > docs/cli.md"


def test_every_command_has_an_example():
    text = _render()
    sections = text.split("\n## ")[1:]
    missing = [s.splitlines()[0] for s in sections if "Example" not in s and "example" not in s]
    assert not missing, f"commands without an example in their help: {missing}"



def test_search_help_names_the_prefix_star():
    """The query language has a trailing-* prefix (issue 19.8): the help of search says so."""
    search = next(s for s in _render().split("\n## ") if s.split("\n", 1)[0].strip("` ").endswith("search"))
    assert "Tür*" in search and "prefix" in search
