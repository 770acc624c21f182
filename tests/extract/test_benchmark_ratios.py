"""benchmarks/extraction.py: each lagebild row's median time over trafilatura's, set by set, in the same run."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _module():
    sys.path.insert(0, str(ROOT / "benchmarks"))  # extraction.py imports its sibling scripts by name
    try:
        spec = importlib.util.spec_from_file_location("extraction_bench", ROOT / "benchmarks" / "extraction.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # its dataclasses look their module up by name
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))


def test_ratios_are_within_a_set_and_only_against_trafilatura():
    bench = _module()
    results = [bench.Result("lagebild", "fundus", median_ms=21.0), bench.Result("trafilatura", "fundus", median_ms=20.0),
               bench.Result("lagebild", "wcxb", median_ms=30.0), bench.Result("justext", "wcxb", median_ms=5.0),
               bench.Result("lagebild (rules)", "fundus", median_ms=10.0)]
    assert bench.time_ratios(results) == "lagebild / fundus 1.05; lagebild (rules) / fundus 0.50"
    assert bench.time_ratios(results[2:4]) == ""  # no trafilatura row in that set: no ratio
