"""The shape of the code: imports follow the layer order with no circles, modules stay small, and
docs/architecture.md names only modules that exist.

Every ``import`` counts, at module level or inside a function (a lazy import is still a dependency).
"""

from __future__ import annotations

import ast
import importlib
import re
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "lagebild"

# Lower floors never import higher ones; the same floor may import itself (without circles).
LAYERS: list[tuple[str, set[str]]] = [
    ("ground floor", {"model", "errors", "settings", "registry", "textnorm", "lemmas", "heap", "stopwords", "learn", "times", "models", "data"}),
    ("sources", {"sources"}),
    ("query", {"query"}),  # the query language; source: values are read with sources/urls.py
    ("extract", {"extract"}),
    ("enrich", {"enrich"}),
    ("stories", {"stories"}),
    ("archive", {"archive"}),
    ("alerts", {"alerts"}),
    ("Python API", {"pipeline", "api", "_ingest", "_pool", "batch"}),
    ("applications", {"watch", "cli", "web", ""}),  # "" = lagebild/__init__.py, the public surface
]
FLOOR = {part: i for i, (_, parts) in enumerate(LAYERS) for part in parts}

# Edges allowed to break the order for a stated reason (the test fails on an entry that no longer occurs).
KNOWN: dict[tuple[str, str], str] = {}

# Modules allowed over MAX_LINES for a stated reason (stale entries fail too).
MAX_LINES = 400
OVERSIZED: dict[str, str] = {}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def _targets(module: str, path: Path) -> set[str]:
    """The lagebild modules ``module`` imports anywhere in its file."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                base_name = ".".join(base + ([node.module] if node.module else []))
            else:
                base_name = node.module or ""
            for alias in node.names:
                sub = f"{base_name}.{alias.name}"
                found.add(sub if sub in MODULES else base_name)
    return {t for t in found if t == "lagebild" or t.startswith("lagebild.")}


def _closest_module(name: str) -> str:
    while name not in MODULES and "." in name:
        name = name.rpartition(".")[0]
    return name


GRAPH = {m: {_closest_module(t) for t in _targets(m, p)} - {m} for m, p in MODULES.items()}


def _floor(module: str) -> int:
    part = module.split(".")[1] if "." in module else ""
    return FLOOR[part]


def test_every_module_has_a_floor():
    unplaced = sorted({m.split(".")[1] for m in MODULES if "." in m} - set(FLOOR))
    assert not unplaced, f"put these in LAYERS: {unplaced}"


def test_no_import_goes_up_a_floor():
    wrong, known = [], set()
    for module, targets in GRAPH.items():
        for target in sorted(targets):
            if _floor(target) > _floor(module):
                if (module, target) in KNOWN:
                    known.add((module, target))
                    continue
                wrong.append(f"{module} ({LAYERS[_floor(module)][0]}) imports {target} ({LAYERS[_floor(target)][0]})")
    assert not wrong, "imports against the layer order:\n" + "\n".join(wrong)
    assert known == set(KNOWN), f"KNOWN lists edges that no longer occur: {sorted(set(KNOWN) - known)}"


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_circles():
    assert _cycles(GRAPH) == []


def test_the_cycle_finder_finds_cycles():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_is_over_400_lines():
    over = {str(p.relative_to(SRC)): n for p in SRC.rglob("*.py") if (n := len(p.read_text().splitlines())) > MAX_LINES}
    unexpected = {k: n for k, n in over.items() if k not in OVERSIZED}
    assert not unexpected, f"modules over {MAX_LINES} lines: {unexpected}"
    stale = sorted(k for k in OVERSIZED if k not in over)
    assert not stale, f"OVERSIZED lists modules that are no longer over {MAX_LINES} lines: {stale}"


ARCHITECTURE = ROOT / "docs" / "architecture.md"
_PATH = re.compile(r"`((?:[a-z_][a-z0-9_]*/)+(?:[a-z_][a-z0-9_]*\.py)?|[a-z_][a-z0-9_]*\.py)`")
_DOTTED = re.compile(r"`(lagebild(?:\.[A-Za-z_][A-Za-z0-9_]*)+)`")


def test_architecture_names_only_modules_that_exist():
    text = ARCHITECTURE.read_text(encoding="utf-8")
    paths = set(_PATH.findall(text))
    assert len(paths) > 20, "docs/architecture.md should name the modules it draws"
    missing = sorted(p for p in paths if not ((SRC / p).exists() or (ROOT / p).exists()))
    assert not missing, f"docs/architecture.md names modules that do not exist: {missing}"
    for dotted in sorted(set(_DOTTED.findall(text))):
        module, _, attrs = dotted, "", ""
        while module not in MODULES:
            module, _, last = module.rpartition(".")
            attrs = f"{last}.{attrs}" if attrs else last
        obj = importlib.import_module(module)
        for attr in filter(None, attrs.split(".")):
            obj = getattr(obj, attr, None)
            assert obj is not None, f"docs/architecture.md names {dotted}, which does not exist"


@pytest.mark.parametrize("floor", [name for name, _ in LAYERS])
def test_architecture_draws_every_floor(floor):
    assert floor in ARCHITECTURE.read_text(encoding="utf-8")
