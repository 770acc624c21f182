"""Every training and data script still starts: they import lagebild's modules by name, and a rename
inside the package must not break the commands that reproduce the shipped weights and data. A script
with a command line runs ``--help``; one without (a library of the others, or a build that writes its
output at once, build_places.py) is imported only."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted((ROOT / "scripts").glob("*.py"))


@pytest.mark.parametrize("path", SCRIPTS, ids=[p.name for p in SCRIPTS])
def test_script_starts(path):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT / "scripts")])}
    if "ArgumentParser" in path.read_text(encoding="utf-8"):
        cmd = [sys.executable, str(path), "--help"]
    else:
        cmd = [sys.executable, "-c", f"import {path.stem}"]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr[-1500:]
