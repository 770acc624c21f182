"""A spelled-out name joins the acronym an article filed it under.

Within an article, enrich joins an acronym and the name it abbreviates ("By Tom Davies - Associated
Press ... INDIANAPOLIS (AP) —") under the acronym's id (``ORG:ap``, one id for every case form of a
declining language). Another article naming only "Associated Press" gives ``ORG:associated-press``,
and the two stay apart. The archive's acronym link (:func:`.identities._link_acronyms`) goes the
other way (a lone acronym into its expansion) and needs that expansion's id. Here: a name of two
words or more whose initials spell an acronym joins that acronym's id when the articles that file
the name's very words under some other id file at least 80 % of them under that acronym. The name
is specific where the acronym is not (so at least two articles must tie them): only the name's own mentions move, never a lone acronym's.
Checked when the name arrives alone and when an article ties it to its acronym; recorded in
``entity_merges`` like every merge, so :func:`.identities.unmerge` undoes it.
"""

from __future__ import annotations

import sqlite3
from types import ModuleType

SPELLED_OUT = "the acronym articles file this name under"  # the merges' reason
TIES = 2  # articles that must file the name under the acronym before other articles' mentions follow


def link_long_names(conn: sqlite3.Connection, idn: ModuleType, ids: list[str], mentions=None, aid: int | None = None) -> None:
    """Settle the article's spelled-out organisation names: its own multi-word ids (``ids``) and the
    names it files under an acronym's id (from ``mentions``, else its rows). One look-up for all.
    ``idn``: the module :mod:`.identities`, which calls this (its merges and look-ups)."""
    from ..enrich._text import slug
    from ..enrich.cores import initials
    from ..textnorm import fold


    names = {e: n for e in ids if e.startswith("ORG:") and " " in (n := (idn._name(conn, e) or "").strip())}
    rows = ([(m.text, m.entity_id) for m in mentions if m.type == "ORG"] if mentions is not None
            else conn.execute("SELECT text, entity_id FROM mentions WHERE article_id = ? AND type = 'ORG'",
                              (aid,)).fetchall())
    names.update({"ORG:" + slug(text): text.strip() for text, eid in rows
                  if eid and " " in text.strip() and _acronym_of(text, eid)})
    names = {e: n for e, n in names.items() if 2 <= len(initials(n)) <= 8}  # an acronym could abbreviate it
    if not names:
        return
    folded = sorted({fold(n) for n in names.values()})
    ties: dict[str, list[tuple[str, int]]] = {}
    for n in range(0, len(folded), 500):
        part = folded[n:n + 500]
        for text, eid, count in conn.execute(
                f"SELECT text_folded, entity_id, count(DISTINCT article_id) FROM mentions WHERE text_folded IN ({', '.join('?' * len(part))})"
                " AND entity_id LIKE 'ORG:%' AND origin_entity_id IS NULL GROUP BY text_folded, entity_id"
                " ORDER BY text_folded, entity_id", part):
            ties.setdefault(text, []).append((eid, count))
    for eid, name in names.items():
        if any(_acronym_of(name, e) for e, _n in ties.get(fold(name), ())):
            link_long_name(conn, idn, eid, [(e, n) for e, n in ties[fold(name)] if e != eid])


def link_long_name(conn: sqlite3.Connection, idn: ModuleType, eid: str, ties: list[tuple[str, int]] | None = None) -> None:
    """Merge the name id ``eid`` into the one acronym id the archive files its words under (see the
    module doc), if it has mentions of its own and is not merged yet; ``ties``: the ids (and counts)
    the archive files the name's words under besides ``eid``, when the caller read them."""
    from ..textnorm import fold


    name = (idn._name(conn, eid) or "").strip()
    if " " not in name or idn._merged(conn, eid) is not None or not conn.execute(
            "SELECT 1 FROM mentions WHERE entity_id = ? LIMIT 1", (eid,)).fetchone():
        return
    if ties is None:
        ties = conn.execute("SELECT entity_id, count(DISTINCT article_id) FROM mentions WHERE text_folded = ? AND entity_id LIKE 'ORG:%'"
                            " AND entity_id != ? AND origin_entity_id IS NULL GROUP BY entity_id ORDER BY entity_id",
                            (fold(name), eid)).fetchall()
    total = sum(n for _e, n in ties)
    best = max(ties, key=lambda r: r[1], default=None)
    # Articles, not mentions, and at least two of them: one article that ties "Google Play Store" to
    # "GPS" must not file every other article's store under the satellite system's letters.
    if best is None or best[1] < max(TIES, idn.DOMINANT * total) or best[0].count(":") != 1:
        return
    target = idn._merged(conn, best[0]) or best[0]
    if _acronym_of(name, best[0]) and target != eid:
        idn.merge(conn, eid, target, SPELLED_OUT)


def _acronym_of(name: str, eid: str) -> bool:
    """``eid`` is an acronym's id and the initials of ``name``'s words spell it ("Associated Press",
    ``ORG:ap``; "Высшая квалификационная комиссия судей", ``ORG:vkks``)."""
    from ..enrich._text import slug
    from ..enrich.cores import initials

    letters = initials(name)
    return 2 <= len(letters) <= 8 and eid[:4] == "ORG:" and slug(letters) == eid[4:]


__all__ = ["SPELLED_OUT", "link_long_name", "link_long_names"]
