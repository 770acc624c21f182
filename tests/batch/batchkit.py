"""The batch tests' kit: small WARC shards of made-up news pages, written here (no copied article
text), settings without models, and a worker killer.

Each page is a plain news layout — headline, date, a few paragraphs built from word lists — so
extraction finds an article; pages with the same ``topic`` share their subject, so stories can form.
"""

from __future__ import annotations

import gzip
import os
import random
import signal
import threading
import time
import uuid
from pathlib import Path

from lagebild.settings import Settings

_SUBJECTS = ["Der Stadtrat", "Die Landesregierung", "Der Verkehrsverbund", "Die Hafenbehörde", "Das Klinikum",
             "Der Sportverein", "Die Universität", "Das Wasserwerk"]
_VERBS = ["beschloss", "verschob", "prüfte", "kündigte", "erläuterte", "verteidigte", "kritisierte", "lobte"]
_OBJECTS = ["den Haushalt für das kommende Jahr", "einen neuen Fahrplan", "die Sanierung der Brücke",
            "den Ausbau des Radwegenetzes", "höhere Gebühren", "ein Förderprogramm für Vereine",
            "die Verlegung der Haltestelle", "eine Studie zur Luftqualität"]
_TAILS = ["nach langer Debatte", "gegen den Widerstand der Opposition", "am Dienstagabend",
          "mit knapper Mehrheit", "nach einer Anhörung", "auf Druck der Anwohner"]


def _sentence(rng: random.Random, topic: int) -> str:
    return (f"{_SUBJECTS[topic % len(_SUBJECTS)]} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} "
            f"{rng.choice(_TAILS)}, wie ein Sprecher am {rng.randint(1, 28)}. Mai mitteilte.")


def page_html(n: int, topic: int, seed: int = 0) -> tuple[str, bytes]:
    """A made-up news page: its URL and its HTML."""
    rng = random.Random(seed * 100_003 + n)
    title = f"{_SUBJECTS[topic % len(_SUBJECTS)]} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} (Meldung {n})"
    paragraphs = "".join(f"<p>{' '.join(_sentence(rng, topic) for _ in range(4))}</p>" for _ in range(5))
    day = 1 + n % 27
    html = (f"<!doctype html><html lang='de'><head><meta charset='utf-8'><title>{title}</title>"
            f"<meta property='article:published_time' content='2026-05-{day:02d}T08:00:00+02:00'></head>"
            f"<body><nav><a href='/'>Start</a> <a href='/lokales'>Lokales</a></nav><article><h1>{title}</h1>"
            f"<time datetime='2026-05-{day:02d}T08:00:00+02:00'>{day}. Mai 2026</time>{paragraphs}</article>"
            "<footer>Impressum · Datenschutz</footer></body></html>")
    return f"https://zeitung.example/lokales/meldung-{n}.html", html.encode("utf-8")


def warc_record(url: str, body: bytes, content_type: str = "text/html; charset=utf-8",
                date: str = "2026-05-01T00:00:00Z") -> bytes:
    """One WARC response record of ``body`` (benchmarks/batch.py packs real pages with it, their
    charset left to the page: ``content_type="text/html"``)."""
    http = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nWARC-Date: {date}\r\n"
            f"WARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}>\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n").encode()
    return head + http + b"\r\n\r\n"


def write_warc(path: Path, pages: list[tuple[str, bytes]]) -> Path:
    """A WARC file of ``pages`` (gzip per record when the name ends in .gz)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        for url, body in pages:
            record = warc_record(url, body)
            f.write(gzip.compress(record) if path.name.endswith(".gz") else record)
    return path


def write_shards(folder: Path, shards: int = 4, per_shard: int = 6, seed: int = 0) -> list[Path]:
    """``shards`` WARC.gz files of ``per_shard`` pages each; pages share topics across files."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for s in range(shards):
        pages = [page_html(s * per_shard + i, topic=(s * per_shard + i) % 3, seed=seed) for i in range(per_shard)]
        paths.append(write_warc(folder / f"part-{s}.warc.gz", pages))
    return paths


def fast_settings(**batch) -> Settings:
    """No enrich models and no embedder: the pipeline's extract path, seconds not minutes."""
    settings = Settings()
    settings.enrich.pipeline = ()
    settings.stories.embedder = "off"
    settings.ingest.chunk = 4
    for name, value in batch.items():
        setattr(settings.batch, name, value)
    return settings


def kill_first_worker(out: Path, stop: threading.Event, killed: list[tuple[str, int]], timeout: float = 60.0) -> None:
    """Watch ``out/shards`` for a shard being written (``.NAME.PID.tmp``) and SIGKILL that process
    once, mid-shard; record (shard name, pid)."""
    deadline = time.monotonic() + timeout
    folder = out / "shards"
    while not stop.is_set() and time.monotonic() < deadline:
        for tmp in folder.glob(".*.tmp") if folder.is_dir() else []:
            name, _, pid = tmp.name[1:-4].rpartition(".")
            try:
                os.kill(int(pid), signal.SIGKILL)
            except (ProcessLookupError, ValueError):
                continue
            killed.append((name, int(pid)))
            return
        time.sleep(0.005)


def run_killing_first_worker(run, out: Path) -> tuple[object, list[tuple[str, int]]]:
    """``run()`` (a batch writing into ``out``) while :func:`kill_first_worker` watches it: (its
    result, the (shard, pid) killed)."""
    stop, killed = threading.Event(), []
    watcher = threading.Thread(target=kill_first_worker, args=(out, stop, killed))
    watcher.start()
    try:
        return run(), killed
    finally:
        stop.set()
        watcher.join()


_FRESH = """
import json, sys
from lagebild import _pool, batch
from lagebild.settings import Settings
spec = json.loads(sys.argv[1])
methods, real = [], _pool.worker_context
def spy(settings):
    context = real(settings)
    methods.append(context.get_start_method())
    return context
_pool.worker_context = spy
report = batch.run(spec["inputs"], spec["out"], Settings.from_dict(spec["settings"]))
print(json.dumps(dict(methods=methods, done=report.count("done"), articles=report.articles,
                      workers=sorted({r.worker for r in report.shards}))))
"""


def run_in_fresh_process(inputs: list[Path], out: Path, settings: Settings) -> dict:
    """``batch.run`` in a new Python process, as ``lagebild batch`` runs it (this test process has
    pyarrow's threads running, so it would never fork workers): the start methods its pools used,
    shards done, articles, worker names."""
    import json
    import subprocess
    import sys

    spec = dict(inputs=[str(p) for p in inputs], out=str(out), settings=settings.to_dict())
    done = subprocess.run([sys.executable, "-c", _FRESH, json.dumps(spec)], capture_output=True, text=True,
                          timeout=600, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def worker_shards(tmp_path: Path) -> Path:
    """8 made-up pages in two WARC files run through the batch workers (in this process, fast
    settings): their output folder, whose shards carry each article's index terms."""
    from lagebild.batch.shards import plan
    from lagebild.batch.work import process_shard

    pages = [page_html(n, topic=n % 3) for n in range(8)]
    inputs = [write_warc(tmp_path / "in" / "a.warc", pages[:4]), write_warc(tmp_path / "in" / "b.warc", pages[4:])]
    settings = fast_settings()
    out = tmp_path / "out"
    shards, _ = plan([str(p) for p in inputs], settings.batch, settings.sources)
    assert all(process_shard(s, str(out), settings).status == "done" for s in shards)
    return out


def rewrite_shards(out: Path, change) -> None:
    """Each shard of ``out`` written again with ``change(table, marker)`` applied (its marker's digest kept true)."""
    import json

    import pyarrow.parquet as pq

    from lagebild.batch import files

    for shard in files.finished(out)[0]:
        table = pq.read_table(shard.path)
        marker = dict(shard.marker)
        table = change(table, marker)
        pq.write_table(table, shard.path, compression="zstd")
        marker.update(sha256=files.sha256(shard.path), rows=table.num_rows)
        files.marker_path(out, shard.name).write_text(json.dumps(marker), encoding="utf-8")


def other_term_code(table, marker):
    """For :func:`rewrite_shards`: the shards say their terms came from other term code."""
    marker.update(terms="another")
    return table


def wrong_terms(table, marker):
    """For :func:`rewrite_shards`: every article's text terms replaced by words it does not hold (and
    the tsvector literals of the true terms not offered: they would be taken instead)."""
    import pyarrow as pa

    marker.pop("tsvector", None)

    terms = table.column("terms").to_pylist()
    swapped = [None if t is None else [t[0], t[1], "ganz andere worte"] for t in terms]
    return table.set_column(table.schema.get_field_index("terms"), "terms", pa.array(swapped, pa.list_(pa.string())))
