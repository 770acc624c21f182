"""What several benchmarks share: the ``src`` of another version of lagebild, to run beside this one.

A benchmark that compares two versions runs each in its own process with ``PYTHONPATH`` pointing at
that version's ``src``, alternating them so both see the same (noisy, shared) machine.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def other_src(version: str, folder: Path) -> Path:
    """``src`` of ``version``: a folder that is a checkout's ``src`` (or holds one) as it is, else a git
    revision of this repository unpacked under ``folder`` with ``git archive`` (once; reused)."""
    given = Path(version)
    if given.is_dir():
        return given / "src" if (given / "src" / "lagebild").is_dir() else given
    target = folder / f"src-{version.replace('/', '_')}"
    if not (target / "src").is_dir():
        target.mkdir(parents=True, exist_ok=True)
        packed = subprocess.run(["git", "-C", str(ROOT), "archive", version, "src"], check=True,
                                capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=packed, check=True)
    return target / "src"


__all__ = ["ROOT", "other_src"]
