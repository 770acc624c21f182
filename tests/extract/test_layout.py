"""The extract stage's seams: its sub-system folders keep their modules private, and the scraped-text
path does not reach into the HTML path (what both need sits at the stage level)."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

# import_module: ``lagebild.extract`` as an attribute is the function of the same name
STAGE = Path(importlib.import_module("lagebild.extract").__file__).resolve().parent
SRC = STAGE.parents[1]
FOLDERS = ("html", "metadata", "text")


def _module(path: Path) -> list[str]:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def imported(path: Path) -> set[str]:
    """Every module (or module attribute) ``path`` imports, as absolute dotted names."""
    parts = _module(path)
    package = parts if path.name == "__init__.py" else parts[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def test_the_scraped_text_path_imports_nothing_of_the_html_path():
    html_side = ("lagebild.extract.html", "lagebild.extract.metadata")
    for path in sorted((STAGE / "text").glob("*.py")):
        wrong = sorted(name for name in imported(path) if name.startswith(html_side))
        assert not wrong, f"{path.name} imports {wrong}"


def test_private_modules_of_a_folder_are_imported_only_inside_it():
    for path in sorted(SRC.joinpath("lagebild").rglob("*.py")):
        here = ".".join(_module(path))
        for name in imported(path):
            parts = name.split(".")
            if parts[:2] != ["lagebild", "extract"] or len(parts) < 4 or parts[2] not in FOLDERS:
                continue
            folder = ".".join(parts[:3])
            if parts[3].startswith("_") and not here.startswith(folder):
                raise AssertionError(f"{here} imports {name}, private to {folder}")


def test_the_import_reader_resolves_relative_imports():
    """The checks above can fail: a private import from outside its folder is seen as one."""
    names = imported(STAGE / "html" / "_extract.py")
    assert "lagebild.extract.metadata.read_metadata" in names
    assert "lagebild.extract.html._body.body_paragraphs" in names
    assert "lagebild.errors.ExtractionError" in names
