"""Identities across the archive: what one article cannot settle alone.

An article that names only "Trump" gives the id ``PER:trump``; one that names "Donald Trump" gives
``PER:donald-trump``. When the archive holds exactly one full name with that surname (or one that
has at least 80 % of the mentions of such names), the surname's id is *merged* into the full
name's: the merge is a row of ``entity_merges`` (source, target, reason, when), the mention and
article rows of the source move to the target as articles arrive (only the rows of that id, never
the stored articles wholesale), and each moved mention keeps its own id in
``mentions.origin_entity_id``, so :func:`unmerge` puts everything back.

Names are kept per language too (``entity_names``): an entity is shown in the reader's language
("Moskau" to a German reader, "Moscow" to an English one) while its id stays one.

Re-resolution of archives stored by earlier versions is the migration
``identities-0006-re-resolve-keeping-merges`` (:mod:`.idmigrate`; run again as the rules change, 0008-0011):
every stored article's mentions go through today's :func:`lagebild.enrich.names.canonicalise` again (no
NER: the stored mentions and their types are kept), so old archives get today's ids, and the recorded
merges are carried over; no article, mention or quote row is deleted (``identities-0002`` did the first half).
"""

from __future__ import annotations

import re
import sqlite3
import sys
from collections import Counter

from ..textnorm import fold
from .idevidence import established as _established, likeness as _likeness, spelled_alike as _spelled_alike
from .idevidence import spoken_misc, spoken_miscs as _spoken_miscs, tied_enough as _tied_enough
from .idlongnames import SPELLED_OUT, link_long_name, link_long_names
from .idmemo import memo as _memo
from .idread import aliases, merges, name_in  # noqa: F401 - read here by their callers
from .idschema import LAST_WORD as _LAST_WORD

DOMINANT = 0.8  # share of a surname's full-name mentions one person must hold to take the surname alone
SURNAME = "the one longer name in the archive ending in this word"  # the merges' reasons
SOUND = "the one person whose name sounds the same"


def _recount(conn: sqlite3.Connection, aid: int, order: list[str], old: dict | None = None, *,
             empty: bool = False) -> None:
    """Rebuild one article's ``article_entities`` rows from its mention rows; ``old``: its rows as
    ``{entity: (mentions, position)}`` when the caller read them; ``empty``: the ids of ``order``
    without a mention keep a row (as storing the article writes one for each of its entities).
    Only rows that change are written."""
    counts = Counter(r[0] for r in conn.execute(
        "SELECT entity_id FROM mentions WHERE article_id = ? AND entity_id IS NOT NULL", (aid,)))
    if old is None:
        old = {e: (n, p) for e, n, p in conn.execute(
            "SELECT entity_id, mentions, position FROM article_entities WHERE article_id = ?", (aid,))}
    position = {eid: i for i, eid in enumerate(dict.fromkeys([*order, *counts]))}
    listed = set(order) if empty else set()
    new = {eid: (counts[eid], p) for eid, p in position.items() if counts[eid] or eid in listed}
    gone = [e for e, row in old.items() if new.get(e) != row]
    for i in range(0, len(gone), 500):
        part = gone[i:i + 500]
        conn.execute(f"DELETE FROM article_entities WHERE article_id = ? AND entity_id IN ({', '.join('?' * len(part))})",
                     (aid, *part))
    added = [e for e, row in new.items() if old.get(e) != row]
    conn.executemany("INSERT OR IGNORE INTO entities(id, name, type, country) VALUES (?, ?, ?, ?)",
                     [(eid, eid.split(":", 1)[-1], eid.split(":", 1)[0], None) for eid in added])
    conn.executemany("INSERT INTO article_entities(article_id, entity_id, mentions, position) VALUES (?,?,?,?)",
                     [(aid, eid, *new[eid]) for eid in added])


def re_resolve_keeping_merges(conn: sqlite3.Connection) -> dict[str, int]:
    """The migration identities-0006 (:mod:`.idmigrate`); counts of what it changed."""
    from .idmigrate import Tools, re_resolve_keeping_merges as run

    return run(conn, Tools(_recount, _remember_sound, _keys))


def _remember_names(conn: sqlite3.Connection, entities, language: str | None) -> None:
    if language:
        conn.executemany("INSERT OR REPLACE INTO entity_names(entity_id, language, name) VALUES (?, ?, ?)",
                         [(e.id, language, e.name) for e in entities if e.name])


def after_insert(conn: sqlite3.Connection, aid: int, entities, language: str | None, mentions=None, *,
                 names: bool = True) -> None:
    """What storing article ``aid`` settles across the archive: its names per language (unless the
    caller wrote them: ``names=False``), the merges its ids join (mentions moved to the target) and
    the merges it makes possible. ``mentions``: the ones just stored for it, read from memory
    instead of the table (the same rows, in their order)."""
    lang = (language or "").split("-")[0].lower() or None
    if names:
        _remember_names(conn, entities, lang)
    if mentions is None:
        ids = [r[0] for r in conn.execute(
            "SELECT DISTINCT entity_id FROM mentions WHERE article_id = ?"
            " AND (entity_id LIKE 'PER:%' OR entity_id LIKE 'ORG:%')", (aid,)) if r[0].count(":") == 1]
    else:
        ids = list(dict.fromkeys(m.entity_id for m in mentions if mergeable(m.entity_id)))
    for eid in ids:
        target = _merged(conn, eid)
        if target is None:  # its mentions were just stored and, unmerged, never moved
            target = _surname_target(conn, eid, present=True)
            if target is not None:
                merge(conn, eid, target, SURNAME)
        elif target != eid:
            _move(conn, eid, target, f"article_id = {int(aid)}")
    _link_acronyms(conn, aid, mentions)
    link_long_names(conn, sys.modules[__name__], ids, mentions, aid)  # "Associated Press" alone: the "AP" another article files it under
    spoken = _spoken_miscs(conn, aid, mentions)
    for eid in spoken:
        if (target := _merged(conn, eid)) is not None and target != eid:
            _move(conn, eid, target, f"article_id = {int(aid)}")
    for eid in [e for e in ids if e.startswith("PER:")] + [e for e in spoken if _merged(conn, e) is None]:
        # a person written in another script (or NER's MISC for one): the one Latin-script name it sounds like
        if _remember_sound(conn, eid):
            _link_across_scripts(conn, eid)
    for eid in ids:  # a new full name may settle earlier lone surnames
        words = eid[4:].split("-")
        if len(words) >= 2:
            lone = f"{eid[:4]}{words[-1]}"
            if _merged(conn, lone) is None and _surname_target(conn, lone) == eid:
                merge(conn, lone, eid, SURNAME)


def mergeable(eid: str | None) -> bool:
    """An id a merge can join or take: one-colon PER:/ORG: (in any case, as the SQL path's LIKE)."""
    return bool(eid) and eid[:4].upper() in ("PER:", "ORG:") and eid.count(":") == 1


def settles(mentions) -> bool:
    """Whether :func:`after_insert` can do more for an article with ``mentions`` than remember its
    names: merges, surnames and sounds read its mergeable ids and its foreign names written in
    another script (:func:`spoken_misc`), acronyms its ORG mentions."""
    return any(m.type == "ORG" or mergeable(m.entity_id) or spoken_misc(m.entity_id, m.text) for m in mentions)


def _link_acronyms(conn: sqlite3.Connection, aid: int, mentions=None) -> None:
    """An acronym an article names alone ("VW" -> ``ORG:vw``) joins the one longer name that articles
    spelling it out tie it to ("Volkswagen ... VW", "Weltgesundheitsorganisation (WHO)": enrich links
    those within the article), when that name holds >= 80 % of such ties; checked both when the
    lone acronym arrives and when a new tie does, and undone when new ties make it ambiguous."""
    from ..enrich._text import slug
    from ..enrich.cores import is_acronym

    orgs = (conn.execute("SELECT DISTINCT text, text_folded FROM mentions WHERE article_id = ? AND type = 'ORG'",
                         (aid,)).fetchall() if mentions is None
            else dict.fromkeys((m.text, fold(m.text)) for m in mentions if m.type == "ORG"))
    for text, folded in orgs:
        if " " in text.strip() or not is_acronym(text):
            continue
        lone = "ORG:" + slug(text)
        done = _merge_of(conn, lone)
        if done is not None and done[1] != _ACRONYM:
            continue
        ties = conn.execute("SELECT entity_id, count(*) FROM mentions WHERE text_folded = ? AND entity_id LIKE 'ORG:%'"
                            " AND entity_id != ? AND origin_entity_id IS NULL GROUP BY entity_id",
                            (folded, lone)).fetchall()
        total = sum(n for _e, n in ties)
        best = max(ties, key=lambda r: r[1], default=None)
        clear = (best is not None and best[1] >= DOMINANT * total and best[0].count(":") == 1
                 and _spells_out(conn, best[0], text) and _tied_enough(conn, best[0], folded, _name))
        if done is not None and not clear:
            unmerge(conn, lone)
        elif done is None and clear and conn.execute("SELECT 1 FROM mentions WHERE entity_id = ? LIMIT 1",
                                                     (lone,)).fetchone():
            merge(conn, lone, _merged(conn, best[0]) or best[0], _ACRONYM)


_ACRONYM = "the one name articles spell this acronym out as"


def _spells_out(conn: sqlite3.Connection, eid: str, acronym: str) -> bool:
    """The name of ``eid`` could be what ``acronym`` abbreviates: its words' initials are the acronym,
    or it is one (compound) word beginning with the acronym's first letter ("Volkswagen" for "VW",
    "Weltgesundheitsorganisation" for "WHO"); an in-article tie that fails this is not trusted archive-wide."""
    from ..enrich.cores import initials

    name = _name(conn, eid) or ""
    letters = "".join(c for c in acronym if c.isalpha()).casefold()
    words = name.split()
    if len(words) == 1:
        return name[:1].casefold() == letters[:1]
    return initials(name).casefold() == letters


LIKENESS = 0.65  # how alike (enrich.sounds.likeness) a name must sound to the Latin-script one it joins
MARGIN = 0.2      # ... and how much more alike than to any other person with the same sound
LATIN_LIKENESS = 0.8  # two Latin spellings (first and last name each) of one person: "Poutine", "Putin"


def _remember_sound(conn: sqlite3.Connection, eid: str) -> bool:
    """Index person ``eid`` by the sound of its last name (Latin full names and names in other
    scripts only); whether it was indexed (long enough a sound to be told apart)."""
    name = _name(conn, eid)
    words = re.findall(r"[^\W\d_]+", name) if name else []
    latin = bool(words) and all(_latin(w) for w in words)
    keys = _keys(words[-1]) if words else []
    if not keys or (latin and len(words) < 2):
        return False
    row = (eid, words[-1], words[0] if len(words) > 1 else None, int(latin))
    for key in keys:  # a "w" read two ways gives two keys (enrich.sounds.sounds)
        if (m := _memo(conn)) is not None:
            m.add_sound(key, row)
        else:
            conn.execute("INSERT OR IGNORE INTO entity_sounds(sound, entity_id, word, first, latin)"
                         " VALUES (?, ?, ?, ?, ?)", (key, *row))
    return True


def _keys(word: str) -> list[str]:
    """The sound keys a person's last word is indexed by: long enough to tell names apart."""
    from ..enrich.sounds import sounds

    return [k for k in sounds(word) if len(k) >= 3]


def _name(conn: sqlite3.Connection, eid: str) -> str | None:
    m = _memo(conn)
    if m is not None and eid in m.names:
        return m.names[eid]
    row = conn.execute("SELECT name FROM entities WHERE id = ?", (eid,)).fetchone()
    return row[0] if row else None


def _link_across_scripts(conn: sqlite3.Connection, eid: str) -> None:
    """Merge a person written in another script ("ترامب", "トランプ"), or a Latin full name spelled
    another language's way ("Vladimir Poutine", "Dmitri Muratov"), into the one Latin-script full
    name in the archive that sounds like it, clearly more than any other, and that no article names
    beside it (two names in one article are two people). A new Latin full name also settles the
    earlier names in other scripts that sound like it."""
    likeness = _likeness()

    m = _memo(conn)
    row = (m.first_sound(eid) if m is not None else
           conn.execute("SELECT sound, word, first, latin FROM entity_sounds WHERE entity_id = ?", (eid,)).fetchone())
    if row is None or _merged(conn, eid) is not None:
        return
    _key, word, first, latin = row
    keys = _keys(word)
    if latin:
        others = list(dict.fromkeys(
            e for key in keys for e in (
                [e for e, _w, _f, lat in m.of_sound(key) if not lat and m.merge_of(e) is None] if m is not None
                else [r[0] for r in conn.execute("SELECT entity_id FROM entity_sounds WHERE sound = ? AND latin = 0"
                                                 " AND entity_id NOT IN (SELECT source FROM entity_merges)"
                                                 " ORDER BY entity_id", (key,)).fetchall()])))
        for other in others:
            _link_across_scripts(conn, other)
    best: dict[str, float] = {}
    candidates = {c[0]: c for key in keys for c in (
        [(e, w, f) for e, w, f, lat in m.of_sound(key) if lat and e != eid] if m is not None
        else conn.execute("SELECT entity_id, word, first FROM entity_sounds WHERE sound = ?"
                          " AND latin = 1 AND entity_id != ?", (key, eid)).fetchall())}.values()
    for cand, cword, cfirst in candidates:
        if latin and not _spelled_alike(conn, eid, cand, _name):
            continue
        score = likeness(word, cword)
        if first and cfirst:  # two full names whose first names disagree are two people
            alike = likeness(first, cfirst)
            score = min(score, alike) if latin else (score if alike else 0.0)
        elif latin:
            continue
        target = _merged(conn, cand) or cand
        if target != eid:
            best[target] = max(best.get(target, 0.0), score)
    ranked = sorted(best.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < (LATIN_LIKENESS if latin else LIKENESS):
        return
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < MARGIN:
        return
    target = ranked[0][0]
    if conn.execute("SELECT 1 FROM mentions a JOIN mentions b ON b.article_id = a.article_id"
                    " WHERE a.entity_id = ? AND b.entity_id = ? LIMIT 1", (eid, target)).fetchone():
        return
    if latin and _mentions(conn, eid) > _mentions(conn, target):
        eid, target = target, eid  # the better-known spelling stays the id
    merge(conn, eid, target, SOUND + ("" if latin else " in Latin script"))


def _mentions(conn: sqlite3.Connection, eid: str) -> int:
    return conn.execute("SELECT count(*) FROM mentions WHERE entity_id = ?", (eid,)).fetchone()[0]


def _latin(word: str) -> bool:
    return all(ord(c) < 0x250 for c in word)


def _merged(conn: sqlite3.Connection, eid: str) -> str | None:
    done = _merge_of(conn, eid)
    return done[0] if done else None


def _merge_of(conn: sqlite3.Connection, eid: str) -> tuple[str, str] | None:
    """``(target, reason)`` of the merge of ``eid``, or None; from the batch's memo while one is held."""
    if (m := _memo(conn)) is not None:
        return m.merge_of(eid)
    row = conn.execute("SELECT target, reason FROM entity_merges WHERE source = ?", (eid,)).fetchone()
    return (row[0], row[1]) if row else None


def _surname_target(conn: sqlite3.Connection, eid: str, present: bool = False) -> str | None:
    """The full-name id a one-word person id stands for ("PER:trump" -> "PER:donald-trump"), or the
    longer name a one-word organisation id ends ("ORG:lakers" -> "ORG:los-angeles-lakers"), when
    the archive makes it plain (``present``: the caller knows ``eid`` has mentions)."""
    word = eid[4:]
    if not word or "-" in word or len(word) < 3:
        return None
    if not present and (m := _memo(conn)) is not None:
        present = m.has_mentions(eid)  # None: ask the table
        if present is False:
            return None
    if not present and not conn.execute("SELECT 1 FROM mentions WHERE entity_id = ? LIMIT 1", (eid,)).fetchone():
        return None
    rows = conn.execute(
        "SELECT e.id, s.mentions, s.articles FROM entities e JOIN entity_stats s ON s.entity_id = e.id"
        f" WHERE {_LAST_WORD.format(id='e.id')} = ? AND substr(e.id, 1, 4) = ? AND s.articles > 0",
        (word, eid[:4])).fetchall()
    rows = [(e, n, a) for e, n, a in rows if e.rsplit("-", 1)[-1] == word and e != eid]
    total = sum(n for _e, n, _a in rows)
    best = max(rows, key=lambda r: r[1], default=None)
    if best is None or best[1] < DOMINANT * total or not _established(conn, best[2], best[1], eid):
        return None
    if eid[:4] == "ORG:" and not conn.execute(
            "SELECT 1 FROM mentions WHERE entity_id = ? AND text_folded = ? AND origin_entity_id IS NULL LIMIT 1",
            (best[0], word)).fetchone():
        # an organisation's last word is often its kind ("Congress", "Bank"): it stands for the longer name only
        # where an article that names it in full also writes the word alone for it ("the Lakers")
        return None
    return _merged(conn, best[0]) or best[0]


def merge(conn: sqlite3.Connection, source: str, target: str, reason: str) -> None:
    """Record that ``source`` reads as ``target`` and move the rows of ``source`` over."""
    conn.execute("INSERT OR REPLACE INTO entity_merges(source, target, reason, created)"
                 " VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ','now'))", (source, target, reason))
    conn.execute("UPDATE entity_merges SET target = ? WHERE target = ?", (target, source))
    if (m := _memo(conn)) is not None:
        m.merged_into(source, target, reason)
    _move(conn, source, target, "1")


def _move(conn: sqlite3.Connection, source: str, target: str, where: str) -> None:
    articles = [r[0] for r in conn.execute(
        f"SELECT DISTINCT article_id FROM mentions WHERE entity_id = ? AND {where}", (source,))]
    conn.execute("UPDATE mentions SET origin_entity_id = coalesce(origin_entity_id, entity_id), entity_id = ?"
                 f" WHERE entity_id = ? AND {where}", (target, source))
    conn.execute(f"UPDATE quotes SET speaker_entity_id = ? WHERE speaker_entity_id = ? AND {where}",
                 (target, source))
    conn.execute("INSERT OR IGNORE INTO entity_aliases(entity_id, alias, alias_folded)"
                 " SELECT ?, alias, alias_folded FROM entity_aliases WHERE entity_id = ?", (target, source))
    for aid in articles:
        old = {e: (n, p) for e, n, p in conn.execute(
            "SELECT entity_id, mentions, position FROM article_entities WHERE article_id = ? ORDER BY position", (aid,))}
        _recount(conn, aid, [target if e == source else e for e in old], old)


def unmerge(conn: sqlite3.Connection, source: str) -> int:
    """Undo the merge of ``source``: its mentions read as ``source`` again; the count of mentions moved."""
    articles = [r[0] for r in conn.execute(
        "SELECT DISTINCT article_id FROM mentions WHERE origin_entity_id = ?", (source,))]
    n = conn.execute("UPDATE mentions SET entity_id = origin_entity_id, origin_entity_id = NULL"
                     " WHERE origin_entity_id = ?", (source,)).rowcount
    conn.execute("DELETE FROM entity_merges WHERE source = ?", (source,))
    if (m := _memo(conn)) is not None:
        m.forget(source)
        if n:
            m.own.add(source)  # its mentions are its own again
    for aid in articles:
        old = {e: (n, p) for e, n, p in conn.execute(
            "SELECT entity_id, mentions, position FROM article_entities WHERE article_id = ? ORDER BY position", (aid,))}
        _recount(conn, aid, list(old), old)
    return n


__all__ = ["MIGRATIONS", "after_insert", "aliases", "merge", "mergeable", "merges", "name_in", "re_resolve_keeping_merges",
           "settles", "spoken_misc", "unmerge"]
