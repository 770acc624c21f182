"""The full-text outbox (archive/fulltext/outbox.py): an article is queued once however many entity
and mention rows it has, and a change after an index took its row queues it again."""

from __future__ import annotations

import pytest

from lagebild.archive import Archive, store
from lagebild.archive.fulltext import outbox
from lagebild.model import Entity, Mention

from archive_corpus import make


def _article(title: str):
    a = make(title, "Olaf Scholz traf Emmanuel Macron in Berlin. Scholz sagte danach wenig.")
    a.entities = [Entity("PER:olaf-scholz", "Olaf Scholz", "PER"),
                  Entity("PER:emmanuel-macron", "Emmanuel Macron", "PER")]
    a.mentions = [Mention(0, 11, "Olaf Scholz", "PER", "PER:olaf-scholz"),
                  Mention(17, 32, "Emmanuel Macron", "PER", "PER:emmanuel-macron"),
                  Mention(43, 49, "Scholz", "PER", "PER:olaf-scholz")]
    return a


def _sequence(conn) -> int:
    row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'fulltext_outbox'").fetchone()
    return row[0] if row else 0


@pytest.mark.parametrize("index", ["fts5", "tantivy"])
def test_an_article_is_queued_once_with_all_its_rows(tmp_path, index):
    if index == "tantivy":
        pytest.importorskip("tantivy")
    with Archive(tmp_path / "a.db", index=index) as ar:
        with ar.transaction() as conn:
            before = _sequence(conn)
            aid = store.insert_article(conn, _article("Eins"), "2026-01-01T00:00:00Z")
            assert conn.execute("SELECT count(*) FROM mentions WHERE article_id = ?", (aid,)).fetchone()[0] == 3
            # one outbox row, written once: not replaced again for each of its five entity and mention rows
            assert conn.execute("SELECT article_id, text FROM fulltext_outbox").fetchall() == [(aid, 1)]
            assert _sequence(conn) == before + 1
        assert ar.count("entity:Macron") == 1 and outbox.pending(ar.conn) == 0


def test_a_change_after_the_index_took_the_row_queues_the_article_again(tmp_path):
    with Archive(tmp_path / "a.db", index="fts5") as ar:
        with ar.transaction() as conn:
            aid = store.insert_article(conn, _article("Eins"), "2026-01-01T00:00:00Z")
            (seq,) = conn.execute("SELECT seq FROM fulltext_outbox WHERE article_id = ?", (aid,)).fetchone()
            outbox.taken(conn, seq)  # an index applied it; its commit is in flight
            conn.execute('INSERT INTO mentions(article_id, start, "end", text, text_folded, type, entity_id)'
                         " VALUES (?, 50, 56, 'Berlin', 'berlin', 'LOC', 'LOC:berlin')", (aid,))
            again = conn.execute("SELECT seq, text, taken FROM fulltext_outbox WHERE article_id = ?", (aid,)).fetchall()
            assert len(again) == 1 and again[0][0] > seq and again[0][1:] == (1, 0)  # words still to index
            outbox.done(conn, seq)  # the commit in flight is done: the new change stays queued
            assert outbox.pending(conn) == 1
            conn.execute("DELETE FROM mentions WHERE article_id = ? AND start = 50", (aid,))
            assert conn.execute("SELECT seq FROM fulltext_outbox").fetchall() == [(again[0][0],)]  # queued: left be
