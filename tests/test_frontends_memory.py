"""Bounded memory through the front ends (issue 13: "bounded memory" for CLI and API, not only the pipeline).

tests/test_pipeline_fuzz.py measures the pipeline with small caps; this runs the real front ends with
their default caps — `lagebild ingest` over hostile files and `POST /api/ingest` with a large scraped
text and an over-cap chunked body — in a fresh process (the suite's own peak says nothing), and
checks the peak resident set over the baseline (after imports and a first page through each front
end) stays bounded. Linux only (VmHWM, reset through /proc/self/clear_refs).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

_CHILD = r"""
import json, sys
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from lagebild.cli import app
from lagebild.settings import Settings
from lagebild.web import create_app


def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1]) * 1024


def reset():
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # VmHWM := VmRSS now


folder = Path(sys.argv[1])
db = str(folder / "m.db")
settings = Settings()
settings.enrich.pipeline = ()  # the front ends' own memory, not the NER model's
settings.stories.embedder = "off"
runner = CliRunner()
client = TestClient(create_app(db, settings=settings))
warm = (folder / "warm.txt").read_text()
runner.invoke(app, ["ingest", str(folder / "warm.html"), "--no-enrich", "--db", db])
client.post("/api/ingest", json={"text": warm, "url": "https://x.example/warm"})
base = status("VmRSS")
out = {}

reset()
files = sorted(str(p) for p in folder.iterdir() if p.name.startswith("hostile-"))
result = runner.invoke(app, ["ingest", *files, "--no-enrich", "--db", db])
out["cli ingest"] = {"peak": status("VmHWM") - base, "exit": result.exit_code,
                     "traceback": "Traceback" in result.output, "summary": result.output.strip().splitlines()[-1]}

reset()
big = (folder / "big-text.txt").read_text()
r = client.post("/api/ingest", json={"text": big, "url": "https://x.example/big"})
out["api ingest, large text"] = {"peak": status("VmHWM") - base, "status": r.status_code}


def chunks():  # no Content-Length: the cap must hold while the body streams
    block = b"x" * (1 << 20)
    for _ in range(64):
        yield block


reset()
r = client.post("/api/ingest", content=chunks(), headers={"content-type": "application/json"})
out["api ingest, 64 MiB chunked"] = {"peak": status("VmHWM") - base, "status": r.status_code}
print(json.dumps(out))
"""

# Over the baseline; measured ~60-170 MB for the pipeline with default caps (docs/reliability.md). Without
# the caps the 5 MB text alone takes ~2 GB and the chunked body is held whole.
BOUND = 400_000_000


def _inputs(folder) -> None:
    from sourcekit_local import LINE, hostile_inputs

    # 3.5 MB of scraped text is 7x max_text_chars; big-text.txt goes to the API in one request
    hostile_inputs(folder, "hostile-", paragraphs=20_000, lines=40_000, longline=300_000, records=10_000, warc=3_000)
    (folder / "big-text.txt").write_text(LINE * 40_000)


@pytest.mark.slow
def test_front_ends_keep_memory_bounded_with_default_caps(tmp_path):
    if not os.access("/proc/self/clear_refs", os.W_OK):
        pytest.skip("needs Linux /proc/self/clear_refs to measure a peak")
    _inputs(tmp_path)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-c", _CHILD, str(tmp_path)], env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    print(found)  # the figures docs/reliability.md quotes
    cli = found["cli ingest"]
    assert not cli["traceback"] and cli["exit"] in (0, 1), cli
    assert found["api ingest, large text"]["status"] in (200, 201), found
    assert found["api ingest, 64 MiB chunked"]["status"] == 413, found
    for name, row in found.items():
        assert row["peak"] < BOUND, (name, row["peak"] // 1_000_000, "MB")
