"""Memory of a benchmark's process tree: peak RSS and PSS of every process, and the peak of their sum.

PSS (proportional set size, ``/proc/PID/smaps_rollup``) counts a page shared by N processes as
1/N in each, so the PSS of a tree adds up to the memory it really holds — RSS counts the models
that forked workers share with their parent once per process. Linux only (elsewhere: zeros).
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (from /proc/*/stat's parent field)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(parents.get(p, ()))
    return out


def _rollup(pid: int) -> tuple[int, int] | None:
    """(RSS, PSS) in MB of one process, or None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    got = {line.split()[0]: int(line.split()[1]) for line in text.splitlines() if line.startswith(("Rss:", "Pss:"))}
    return got.get("Rss:", 0) // 1024, got.get("Pss:", 0) // 1024


def watch(proc: subprocess.Popen, every: float = 0.5) -> tuple[str, str, dict]:
    """Wait for ``proc`` (stdout and stderr piped, text), reading its tree's memory every ``every``
    seconds; (stdout, stderr, memory) where memory = {parent: [RSS, PSS], workers: [[RSS, PSS], …]
    largest first, tree_pss_mb: peak of the summed PSS} in MB."""
    import threading

    chunks: dict[str, str] = {}
    readers = [threading.Thread(target=lambda name, stream: chunks.__setitem__(name, stream.read()), args=(n, s))
               for n, s in (("out", proc.stdout), ("err", proc.stderr))]
    for r in readers:
        r.start()
    peak: dict[int, list[int]] = {}
    tree_pss = 0
    while proc.poll() is None:
        total = 0
        for pid in _tree(proc.pid):
            got = _rollup(pid)
            if got:
                mine = peak.setdefault(pid, [0, 0])
                mine[0], mine[1] = max(mine[0], got[0]), max(mine[1], got[1])
                total += got[1]
        tree_pss = max(tree_pss, total)
        time.sleep(every)
    for r in readers:
        r.join()
    return chunks.get("out", ""), chunks.get("err", ""), dict(
        tree_pss_mb=tree_pss, parent=peak.get(proc.pid, [0, 0]),
        workers=sorted((v for k, v in peak.items() if k != proc.pid), reverse=True))


def describe(memory: dict) -> str:
    workers = ", ".join(f"{rss:,}/{pss:,}" for rss, pss in memory["workers"][:4]) or "none"
    return (f"memory (peak MB, RSS/PSS): parent {memory['parent'][0]:,}/{memory['parent'][1]:,} · "
            f"other processes {workers} · whole run (summed PSS) {memory['tree_pss_mb']:,}")
