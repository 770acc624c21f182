"""A batch's output directory: one Parquet file per finished shard and its completion marker.

    OUT/shards/NAME.parquet    the shard's rows: its articles (with their story embeddings, features,
                           near-duplicate fingerprints and full-text index terms), sorted by (time, key),
                           then its failures
    OUT/shards/NAME.done       JSON: counts, failures by reason, settings that matter to merge, sha256
    OUT/shards/.NAME.PID.tmp   a shard being written by process PID (renamed into place when whole)

The Parquet file is written under a temporary name and renamed; the marker is written (the same
way) only after that. A shard without its marker — a run killed between the two, a file copied
in by hand — is not finished: ``batch`` does it again and ``merge`` refuses it. The marker holds
the file's sha256, so a Parquet file changed or cut after the fact is refused as well, before a
single row of it is loaded.

A row's ``key`` is the article's identity (its URL, else its content hash), so the same page in
two shards or two runs has one key, and the archive stores it once.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from ..model import Article, Failure, to_dict

SCHEMA_VERSION = 1


@dataclass(slots=True)
class Finished:
    """A shard ready to merge: its Parquet file and its marker's contents."""

    name: str
    path: Path
    marker: dict


def shard_dir(out: str | os.PathLike) -> Path:
    return Path(out) / "shards"


def parquet_path(out, name: str) -> Path:
    return shard_dir(out) / f"{name}.parquet"


def marker_path(out, name: str) -> Path:
    return shard_dir(out) / f"{name}.done"


def temp_path(out, name: str) -> Path:
    return shard_dir(out) / f".{name}.{os.getpid()}.tmp"


def clear_temps(out, name: str) -> None:
    """Remove what an earlier, killed attempt at shard ``name`` left half-written."""
    for stale in shard_dir(out).glob(f".{name}.*.tmp"):
        stale.unlink(missing_ok=True)


def is_finished(out, name: str) -> dict | None:
    """The marker of shard ``name`` if it was finished (and its file is there), else None."""
    marker, data = marker_path(out, name), parquet_path(out, name)
    if not (marker.is_file() and data.is_file()):
        return None
    try:
        return json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def key_of(article: Article) -> str:
    """The article's identity across shards and runs: its URL (as the archive keys it), else its content."""
    url = (article.canonical_url or article.url or "").split("#", 1)[0]
    basis = "u:" + url if url else "c:" + (article.content_hash or article.title + "\n" + article.text)
    return hashlib.sha1(basis.encode("utf-8", "surrogatepass")).hexdigest()


def article_row(article: Article, time: float | None, text: str | None, vector, prepared,
                terms: tuple[str, str, str] | None = None, tsvector: str | None = None) -> dict:
    """One article's row: the article, its story embedding (and the text it embeds), what the
    story stage reads of it alone (:func:`lagebild.stories.prepare`: features, fingerprint),
    its full-text index terms (:func:`lagebild.archive.store.term_columns`: title, lead, text)
    and PostgreSQL's tsvector literal of them (:func:`lagebild.archive.pg.fulltext.tsvector`)."""
    feats, fp = prepared
    return {"key": key_of(article), "kind": "article", "time": time, "label": article.origin.label(), "reason": None,
            "article": json.dumps(to_dict(article), ensure_ascii=False),
            "text": text, "vector": None if vector is None else [float(v) for v in vector],
            "features": json.dumps(dataclasses.asdict(feats), ensure_ascii=False), "exact": fp.exact,
            "signature": None if fp.signature is None else fp.signature.tolist(), "shingles": fp.size,
            "terms": None if terms is None else list(terms), "tsvector": tsvector}


def terms_of(row: dict) -> tuple[str, str, str] | None:
    """The index terms an article row carries (title, lead, text), or None: a shard written
    before they were carried has no such column."""
    terms = row.get("terms")
    return None if terms is None or len(terms) != 3 else (terms[0], terms[1], terms[2])


def prepared_of(row: dict):
    """The (Features, Fingerprint) an article row holds, as :func:`lagebild.stories.link` takes them."""
    import numpy as np

    from ..stories.dedup import Fingerprint
    from ..stories.features import Features

    signature = None if row["signature"] is None else np.asarray(row["signature"], dtype=np.uint32)
    return Features(**json.loads(row["features"])), Fingerprint(row["exact"], signature, row["shingles"])


def failure_row(failure: Failure) -> dict:
    key = hashlib.sha1(f"{failure.input}\n{failure.reason}".encode("utf-8", "surrogatepass")).hexdigest()
    return {"key": key, "kind": "failure", "time": None, "label": failure.input, "reason": failure.reason,
            "article": None, "text": None, "vector": None, "features": None, "exact": None, "signature": None,
            "shingles": None, "terms": None, "tsvector": None}


def _schema():
    import pyarrow as pa

    return pa.schema([("key", pa.string()), ("kind", pa.string()), ("time", pa.float64()), ("label", pa.string()),
                      ("reason", pa.string()), ("article", pa.string()), ("text", pa.string()),
                      ("vector", pa.list_(pa.float32())), ("features", pa.string()), ("exact", pa.string()),
                      ("signature", pa.list_(pa.uint32())), ("shingles", pa.int32()),
                      ("terms", pa.list_(pa.string())),  # added in format 1 (optional: older files lack it)
                      ("tsvector", pa.string())])  # added in format 1 (optional: older files lack it)


def sort_rows(rows: list[dict]) -> list[dict]:
    """Articles in time order (undated last), ties by key; then failures: the order merge reads."""
    return sorted(rows, key=lambda r: (r["kind"] != "article", r["time"] is None, r["time"] or 0.0, r["key"]))


def write(out, name: str, rows: list[dict], marker: dict) -> None:
    """Write the shard's Parquet file, then its marker, each under a temporary name renamed into place."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    tmp = temp_path(out, name)
    table = pa.Table.from_pylist(sort_rows(rows), schema=_schema())
    pq.write_table(table, tmp, compression="zstd")
    digest = sha256(tmp)
    os.replace(tmp, parquet_path(out, name))
    done = {**marker, "version": SCHEMA_VERSION, "rows": table.num_rows, "sha256": digest}
    tmp.write_text(json.dumps(done, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, marker_path(out, name))


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def finished(out) -> tuple[list[Finished], list[Failure]]:
    """Every shard of ``out`` that may be merged, and a Failure for each that may not: no marker
    (half-written or still running), a file that does not match its marker, an unreadable file."""
    import pyarrow.parquet as pq

    ok: list[Finished] = []
    refused: list[Failure] = []
    folder = shard_dir(out)
    for path in sorted(folder.glob("*.parquet")) if folder.is_dir() else []:
        name = path.name[: -len(".parquet")]
        marker = is_finished(out, name)
        if marker is None:
            refused.append(Failure(str(path), "no completion marker: half-written or still running, not merged"))
            continue
        if marker.get("version") != SCHEMA_VERSION:
            refused.append(Failure(str(path), f"written by another lagebild (shard format {marker.get('version')})"))
            continue
        try:
            if sha256(path) != marker.get("sha256"):
                refused.append(Failure(str(path), "does not match its completion marker (changed or cut), not merged"))
                continue
            rows = pq.ParquetFile(path).metadata.num_rows
        except Exception as exc:  # noqa: BLE001 - an unreadable file is that shard's failure
            refused.append(Failure(str(path), f"unreadable: {type(exc).__name__}: {exc}"))
            continue
        if rows != marker.get("rows"):
            refused.append(Failure(str(path), f"holds {rows} rows, its marker says {marker.get('rows')}"))
            continue
        ok.append(Finished(name, path, marker))
    return ok, refused


def rows(shard: Finished, columns: list[str] | None = None, batch_size: int = 256):
    """The shard's rows as dicts, in file order, read a batch at a time."""
    import pyarrow.parquet as pq

    for batch in pq.ParquetFile(shard.path).iter_batches(batch_size=batch_size, columns=columns):
        yield from batch.to_pylist()


__all__ = ["Finished", "article_row", "failure_row", "finished", "is_finished", "key_of", "rows", "terms_of",
           "write"]
