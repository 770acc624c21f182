"""The evidence an archive-level merge needs (:mod:`.identities` decides, these say whether enough).

Each rule here answers a wrong merge found by ingesting every shared extraction page (see
docs/benchmarks.md, issue 14's top-100 list): a longer name named once took a frequent word, an
acronym took a compound its letters merely run through, two people whose names only sound alike
became one.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Callable

from ..textnorm import fold

# A longer name takes a lone word only on evidence: named in two articles at least (one article's
# "Deep Microsoft" or "Monty Don" is as often NER's slip as a name), and not four times rarer than
# the word alone ("Best" x210 is not "AM Best" x3: the word names something else). Ingesting every
# shared extraction page, 615 of 673 such merges had a target seen in one article, nearly all wrong.
EVIDENCE_ARTICLES = 2
RARER = 4


def established(conn: sqlite3.Connection, articles: int, mentions: int, lone: str) -> bool:
    """Whether a longer name named in ``articles`` articles ``mentions`` times is evidence enough
    to take the lone word ``lone`` (see EVIDENCE_ARTICLES)."""
    if articles < EVIDENCE_ARTICLES:
        return False
    row = conn.execute("SELECT articles, mentions FROM entity_stats WHERE entity_id = ?", (lone,)).fetchone()
    lone_articles, lone_mentions = row if row else (1, 1)
    return articles * RARER >= lone_articles and mentions * RARER >= lone_mentions


def tied_enough(conn: sqlite3.Connection, eid: str, folded: str, name: Callable) -> bool:
    """A one-word name (a compound the acronym's letters merely run through: "Volkswagen", but also
    "Netflix" for "NFL", "CloudWatch" for "CDC") is tied to the acronym by an article that
    introduces it — the name before the acronym ("Volkswagen ... VW") or the two side by side ("VW
    (Volkswagen)") — or by two articles at least; a name of several words whose initials spell it
    needs one tie."""
    if " " in (name(conn, eid) or "").strip():
        return True
    if conn.execute('SELECT 1 FROM mentions a JOIN mentions b ON b.article_id = a.article_id AND b.entity_id = a.entity_id'
                    " WHERE a.text_folded = ? AND a.entity_id = ? AND a.origin_entity_id IS NULL"
                    ' AND b.text_folded != a.text_folded AND (b."end" <= a.start OR b.start - a."end" BETWEEN 1 AND 3)'
                    " LIMIT 1", (folded, eid)).fetchone():
        return True
    return conn.execute("SELECT count(DISTINCT article_id) FROM mentions WHERE text_folded = ? AND entity_id = ?"
                        " AND origin_entity_id IS NULL", (folded, eid)).fetchone()[0] >= EVIDENCE_ARTICLES


def spelled_alike(conn: sqlite3.Connection, a: str, b: str, name: Callable) -> bool:
    """Whether two Latin full names that sound alike (:func:`.identities._link_across_scripts`) are
    also *written* nearly alike, as one person's spellings are: first and last names within a quarter
    of their letters in edits (a typo or a variant: "Zelensky", "Zelenskyy"), or a third when no
    language names both (another language's transliteration: "Putin", "Poutine"), and no two different
    middle names. Sound alone joined "Gerhard Richter" and "Gerhard Ritter", "Steve Castor" and "Steve
    Castro", "John Kennedy Rodriguez" and "John Milton Rodriguez"."""
    wa = re.findall(r"[^\W\d_]+", name(conn, a) or "")
    wb = re.findall(r"[^\W\d_]+", name(conn, b) or "")
    if len(wa) < 2 or len(wb) < 2:
        return False
    ma, mb = wa[1:-1], wb[1:-1]
    if ma and mb and (len(ma) != len(mb) or not all(_same_part(x, y) for x, y in zip(ma, mb))):
        return False
    share = float("inf")  # letters per edit, of the first names and of the last ones, whichever is fewer
    for x, y in ((fold(wa[0]), fold(wb[0])), (fold(wa[-1]), fold(wb[-1]))):
        if edits := _edits(x, y):
            share = min(share, max(len(x), len(y)) / edits)
    if share >= 4:
        return True  # close enough in any language; the languages are read only when it matters
    if share < 3:
        return False
    la, lb = _languages(conn, a), _languages(conn, b)
    return bool(la and lb and not la & lb)


def _same_part(x: str, y: str) -> bool:
    x, y = fold(x), fold(y)
    return x == y or (min(len(x), len(y)) == 1 and x[:1] == y[:1])


def _languages(conn: sqlite3.Connection, eid: str) -> set[str]:
    return {r[0] for r in conn.execute("SELECT DISTINCT language FROM entity_names WHERE entity_id = ?", (eid,))}


def _edits(x: str, y: str) -> int:
    """Levenshtein distance (a swap of two letters counts two: "Castor", "Castro")."""
    prev = list(range(len(y) + 1))
    for i, cx in enumerate(x, 1):
        cur = [i]
        for j, cy in enumerate(y, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (cx != cy)))
        prev = cur
    return prev[-1]


def likeness():
    """enrich.sounds.likeness, remembered per pair: every article naming a person compares it again
    with the same Latin names (a pure function of the two words)."""
    global _LIKENESS
    if _LIKENESS is None:
        from functools import lru_cache

        from ..enrich.sounds import likeness as alike

        _LIKENESS = lru_cache(maxsize=1 << 16)(alike)
    return _LIKENESS


_LIKENESS = None


def spoken_misc(eid: str | None, name: str) -> bool:
    """A MISC id of one word written wholly in a script that spells sounds, not Latin nor Han: NER
    often types a foreign person's transliterated name so in a headline ("트럼프 시대", "the Trump
    era"); it may join the one Latin-script person it sounds like (:func:`.identities._link_across_scripts`)."""
    word = name.strip()
    return (bool(eid) and eid[:5].upper() == "MISC:" and eid.count(":") == 1 and len(word) >= 2
            and all(c.isalpha() and ord(c) >= 0x370 and not _HAN.match(c) for c in word))


_HAN = re.compile(r"[\u2e80-\u2fff\u3005-\u3007\u3021-\u3029\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def spoken_miscs(conn: sqlite3.Connection, aid: int, mentions=None) -> list[str]:
    """The ids of the article's MISC mentions :func:`spoken_misc` accepts."""
    rows = (conn.execute("SELECT DISTINCT entity_id, text FROM mentions WHERE article_id = ? AND type = 'MISC'",
                         (aid,)).fetchall() if mentions is None
            else [(m.entity_id, m.text) for m in mentions if m.type == "MISC"])
    return list(dict.fromkeys(e for e, text in rows if spoken_misc(e, text)))


__all__ = ["EVIDENCE_ARTICLES", "RARER", "established", "likeness", "spelled_alike", "tied_enough", "spoken_misc", "spoken_miscs"]
