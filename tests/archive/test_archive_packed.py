"""Storage (issue 20): an article's text is stored zlib-compressed when that is smaller, and read
back unchanged everywhere (get, search snippets, related, reindex); rows stored as plain text
before read the same. Issue 13: ``Article.truncated`` is a column added by a named migration."""

from __future__ import annotations

import sqlite3

import pytest

from lagebild.archive import Archive
from lagebild.archive.textpack import PACK_FROM, pack_text, unpack_text
from lagebild.model import Article

PROSE = ("Der Stadtrat hat am Dienstag die Sanierung der alten Brücke beschlossen. Die Opposition kritisierte"
         " die Kosten, der Kämmerer verwies auf Zuschüsse des Landes. Ümlaute, ß und 東京 bleiben erhalten.")


def _article(i: int, text: str, **kw) -> Article:
    return Article(url=f"https://news.example.org/{i}.html", title=f"Brücke {i}", text=text, language="de",
                   published="2024-05-0%dT10:00:00+02:00" % (i % 9 + 1), **kw)


def test_pack_round_trips_and_keeps_short_texts_plain():
    long = "\n\n".join(PROSE for _ in range(8))
    packed = pack_text(long)
    assert isinstance(packed, bytes) and len(packed) < len(long.encode()) / 2
    assert unpack_text(packed) == long
    assert pack_text("kurz") == "kurz" and unpack_text("kurz") == "kurz" and unpack_text(None) is None
    noise = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(PACK_FROM))  # barely compressible
    assert unpack_text(pack_text(noise)) == noise


def test_stored_text_is_compressed_and_reads_back_everywhere(archive):
    paras = [f"{PROSE} Absatz {k}." for k in range(10)]
    long = "\n\n".join(paras)
    body = ["Zwischentitel", *paras]  # not the text split at blank lines: the body is stored too
    aid, _ = archive.add(_article(1, long, body=body))
    short, _ = archive.add(_article(2, "Die Brücke ist gesperrt."))
    if archive.index.name != "postgresql":  # PostgreSQL keeps TEXT (TOAST compresses it)
        kinds = {r[0]: r[1:] for r in archive.conn.execute("SELECT id, typeof(text), typeof(body) FROM articles")}
        assert kinds == {aid: ("blob", "blob"), short: ("text", "text")}
    else:
        assert archive.conn.execute("SELECT text FROM articles WHERE id = ?", (aid,)).fetchone()[0] == long
    assert archive.get(aid).text == long and archive.get(aid).body == body
    assert archive.get(short).text == "Die Brücke ist gesperrt."
    (hit,) = archive.search("Absatz")
    assert hit.id == aid and "Absatz" in hit.snippet and "\\x" not in hit.snippet
    assert {h.id for h in archive.search("Brücke")} == {aid, short}


def test_rows_stored_as_plain_text_before_read_the_same(archive):
    if archive.index.name == "postgresql":
        pytest.skip("SQLite only: rows stored before compression (PostgreSQL never packs)")
    long = "\n\n".join(f"{PROSE} Absatz {k}." for k in range(10))
    aid, _ = archive.add(_article(1, long))
    with archive.transaction() as conn:  # as an archive written before compression holds it
        conn.execute("UPDATE articles SET text = ? WHERE id = ?", (long, aid))
    assert archive.conn.execute("SELECT typeof(text) FROM articles").fetchone()[0] == "text"
    assert archive.get(aid).text == long
    archive.reindex()
    assert [h.id for h in archive.search("Absatz")] == [aid]


def test_truncated_is_stored_and_the_column_arrives_by_migration(tmp_path):
    path = tmp_path / "old.db"
    with Archive(path) as ar:
        cut, _ = ar.add(_article(1, PROSE, truncated="text of 9,000,000 characters cut to its first 500,000"))
        whole, _ = ar.add(_article(2, PROSE + " Nachtrag."))
        assert ar.get(cut).truncated.startswith("text of 9,000,000") and ar.get(whole).truncated is None
    conn = sqlite3.connect(path)  # make it an archive from before the migration
    conn.execute("ALTER TABLE articles DROP COLUMN truncated")
    conn.execute("DELETE FROM migrations WHERE name = 'core-0006-article-truncated'")
    conn.commit()
    conn.close()
    with Archive(path) as ar:
        names = {r[0] for r in ar.conn.execute("SELECT name FROM migrations")}
        assert "core-0006-article-truncated" in names
        assert ar.get(cut).truncated is None  # not known for articles stored before
        again, _ = ar.add(_article(3, PROSE + " Noch einer.", truncated="HTML cut"))
        assert ar.get(again).truncated == "HTML cut"
