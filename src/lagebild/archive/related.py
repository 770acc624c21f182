""""Mehr zum Thema", the lexical part: an article's most distinctive terms as an OR query."""

from __future__ import annotations

import math
import re
import sqlite3
from collections import Counter

from functools import lru_cache

from ..errors import ArchiveError
from ..textnorm import index_terms
from .search import hit_rows, to_hits
from .store import term_columns, unpack_text

_TOKEN = re.compile(r"[^\W_]+")  # what the FTS5 unicode61 tokenizer keeps
_FIELD_WEIGHT = {"title": 3, "lead": 2, "text": 1}
_K1 = 1.2
# Function words never make a subject, however rare they happen to be in a small archive.
_STOPWORDS = {
    "de": "aber alle allem allen aller alles als also am an ander auch auf aus bei bin bis bist da damit dann das"
          " dass dem den denn der des dich die dies diese diesem diesen dieser dieses doch dort du durch ein eine"
          " einem einen einer eines einig er es etwas euch euer für gegen gewesen hab habe haben hat hatte hatten"
          " hier hin hinter ich ihm ihn ihnen ihr ihre im in indem ins ist jede jedem jeden jeder jedes jene jetzt"
          " kann kein keine können könnte man manche mehr mein mich mir mit muss musste nach nicht nichts noch nun"
          " nur ob oder ohne sehr sein seine sich sie sind so solche soll sollte sondern sonst über um und uns"
          " unter viel vom von vor wann war waren warum was weil welche wenn werde werden wie wieder will wir wird"
          " wo wollen worden wurde wurden zu zum zur zwar zwischen sagte sagt heißt laut uhr prozent",
    "en": "a about above after again against all also am an and any are as at be because been before being"
          " below between both but by can could did do does doing down during each few for from further had has"
          " have having he her here hers herself him himself his how i if in into is it its itself just me more"
          " most my myself no nor not now of off on once only or other our ours out over own same she should so"
          " some such than that the their theirs them then there these they this those through to too under"
          " until up very was we were what when where which while who whom why will with would you your said"
          " says say according per cent percent",
}


@lru_cache(maxsize=1)
def stop_terms() -> frozenset[str]:
    """The index terms of the stop words, in every language and as typed."""
    out: set[str] = set()
    for lang, text in _STOPWORDS.items():
        for l in (lang, None):
            out.update(index_terms(text, l))
    return frozenset(out)


def key_terms(conn: sqlite3.Connection, index, aid: int, limit: int = 12) -> list[tuple[str, float]]:
    """The article's terms weighted by saturated TF (title counts 3x) times BM25 IDF, best first.

    Terms no other article has cannot find anything and are left out. Document frequencies come
    from the full-text ``index`` (:mod:`.fulltext`).
    """
    row = conn.execute("SELECT title, lead, text, language FROM articles WHERE id = ?", (aid,)).fetchone()
    if row is None:
        raise ArchiveError(f"no article with id {aid}")
    tf: Counter[str] = Counter()
    stop = stop_terms()
    for name, value in zip(("title", "lead", "text"), term_columns(row[0], row[1], unpack_text(row[2]), row[3])):
        for term in _TOKEN.findall(value):
            if len(term) >= 3 and not term.isdigit() and term not in stop:
                tf[term] += _FIELD_WEIGHT[name]
    n = index.num_docs(conn)
    scored = []
    for term, freq in tf.items():
        df = index.doc_freq(conn, term) or 1
        if df < 2:
            continue
        idf = math.log((n - df + 0.5) / (df + 0.5) + 1)
        scored.append((term, round(freq * (_K1 + 1) / (freq + _K1) * idf, 4)))
    scored.sort(key=lambda x: (-x[1], x[0]))
    return scored[:limit]


def related(conn: sqlite3.Connection, index, aid: int, limit: int = 10) -> list:
    """Other articles sharing the key terms of ``aid``, best first; never itself or its exact duplicates."""
    terms = key_terms(conn, index, aid)
    if not terms:
        return []
    dup_of, content_hash = conn.execute("SELECT duplicate_of, content_hash FROM articles WHERE id = ?",
                                        (aid,)).fetchone()
    pairs = index.by_terms(conn, [t for t, _ in terms], 3 * int(limit) + 20)
    ids = [i for i, _ in pairs]
    keep = {r[0] for r in conn.execute(
        f"SELECT id FROM articles a WHERE id IN ({', '.join('?' * len(ids))}) AND a.id != ? AND a.id IS NOT ?"
        " AND a.content_hash != ? AND (a.duplicate_of IS NULL OR a.duplicate_of NOT IN (?, coalesce(?, -1)))",
        (*ids, aid, dup_of, content_hash, aid, dup_of))} if ids else set()
    pairs = [p for p in pairs if p[0] in keep][: int(limit)]
    return to_hits(hit_rows(conn, pairs), {t for t, _ in terms})
