"""Today's ids for an archive stored by an earlier version, with its merges kept (the migration
``identities-0006-re-resolve-keeping-merges``; :mod:`.identities` runs it on SQLite, the PostgreSQL
schema runs the same Python through its dialect layer).

Every stored article's mentions go through today's :func:`lagebild.enrich.names.canonicalise` again
(no NER: the stored mentions, spans and types are kept; a mention gets the id enrich would give it
today: its *own* id). The archive-level merges (``entity_merges``) were recorded against the old ids,
so they are carried over to the new ones:

* a merged id that some of its mentions keep stays merged; its target is read as the target's new
  id: itself while any of its mentions keeps it, else the one new id holding >= 80 % of them;
* a merged id renamed by the new scheme (``PER:x`` -> ``PER:...-<hash>``) is merged again, under its
  new id, into its target's new id (reason and time kept); the row of the old id goes, since no
  mention carries that id any more;
* a merged id whose mentions the new scheme splits into several ids (an old shared bucket) is not
  carried: the merge was made for a mix of names, and its parts stay their own;
* a new id that also holds mentions of an id that was never merged, or whose merge was undone, is
  not merged: no merge reaches mentions it did not reach before, so an undone merge stays undone;
* the migration makes no merge of its own: the surname, acronym and sound links run as articles
  arrive (:func:`.identities.after_insert`), as for any id.

A mention moved by a carried merge has ``entity_id`` = the target and ``origin_entity_id`` = its own
new id, so ``--unmerge`` puts it back. ``article_entities`` (and through its triggers
``entity_stats``), quote speakers and event subjects/objects follow; new ids get their entity row,
spellings, names per language and sound. Nothing is deleted but merge rows of ids no mention holds
and sound rows (an index) of such ids; entity rows of old ids stay. Only rows whose values change are
written, so an archive at today's ids is left as it was, and a second run changes nothing.
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import NamedTuple

from ..textnorm import fold

DOMINANT = 0.8  # share of a target's mentions one new id must hold to take its merges


class Tools(NamedTuple):
    """What :mod:`.identities` lends the migration (it imports this module, so not the other way round):
    ``recount(conn, aid, order, empty=True)``, ``remember_sound(conn, eid)``, ``keys(word)``."""
    recount: Callable
    remember_sound: Callable
    keys: Callable


def re_resolve_keeping_merges(conn: sqlite3.Connection, tools: Tools) -> dict[str, int]:
    """Run the migration (see the module doc); counts of what changed."""
    old_merges = {s: (t, r, c) for s, t, r, c in conn.execute(
        "SELECT source, target, reason, created FROM entity_merges")}
    pairs: Counter[tuple[str, str]] = Counter()  # (old own id, new own id) -> mentions
    own: dict[int, list[tuple[int, str | None, str | None, str | None]]] = {}  # article -> (rowid, id, origin, new own)
    orders: dict[int, list[str]] = {}
    for aid, text, language in conn.execute("SELECT id, text, language FROM articles ORDER BY id").fetchall():
        got = _resolve_article(conn, aid, text, language)
        if got is None:
            continue
        rows, order = got
        for _r, eid, origin, new in rows:
            if (origin or eid) and new:
                pairs[(origin or eid, new)] += 1
        # a row keeping its own id, neither moved nor merged before, reads the same after (a merge
        # carried to a new id never reaches an id that was not merged: see _carry)
        rows = [r for r in rows if r[3] != (r[2] or r[1]) or r[2] is not None or (r[1] in old_merges)]
        if rows:
            own[aid], orders[aid] = rows, order
    merges = _carry(conn, old_merges, pairs)
    counts = Counter(articles=len(own), merges=len(merges))
    for aid, rows in own.items():
        counts["mentions"] += _write_article(conn, aid, rows, orders[aid], merges, tools.recount)
    if tools.keys is not None:  # identities-0002 runs before the sound table exists
        _sounds(conn, tools)
    return dict(counts)


def _resolve_article(conn, aid: int, text, language):
    """The article's mention rows with today's own id of each, and its entities' order; None when it
    has no mentions or text."""
    from ..enrich.local_places import scan_local
    from ..enrich.names import canonicalise
    from ..enrich.places import scan
    from ..model import Mention
    from .textpack import unpack_text

    rows = conn.execute('SELECT rowid, start, "end", text, type, entity_id, origin_entity_id FROM mentions'
                        " WHERE article_id = ? ORDER BY start, rowid", (aid,)).fetchall()
    if not rows or not text:
        return None
    plain = unpack_text(text)
    lang = (language or "").split("-")[0].lower() or None
    # ids enrich sets before canonicalise: state institutions, and country names and adjectives the
    # places scan finds where NER found nothing (stored with the scan's id: a NER mention of the same
    # span, "America", was resolved by canonicalise); every other id is resolved anew
    found = []
    if any(ty in ("LOC", "MISC") and _country(origin or eid) for *_r, ty, eid, origin in rows):  # else none to find
        found = scan(plain, [], lang)
        found += scan_local(plain, [(m.start, m.end) for m in found], lang)
    preset = {(m.start, m.end, m.type, m.entity_id): m.entity_id for m in found}
    mentions = [Mention(s, e, t, ty, preset.get((s, e, ty, origin or eid)) or _institution(origin or eid))
                for _r, s, e, t, ty, eid, origin in rows]
    resolved, entities = canonicalise(plain, mentions, lang)
    new = {(m.start, m.end): m.entity_id for m in resolved}
    out = []
    for (rowid, s, e, _t, _ty, eid, origin), m in zip(rows, mentions):
        # a stored mention today's rules re-span or drop takes the id of the first mention inside it
        nid = new.get((s, e)) or next((r.entity_id for r in resolved if s <= r.start and r.end <= e), None)
        out.append((rowid, eid, origin, nid))
    _add_entities(conn, entities, lang)
    return out, [e.id for e in entities]


def _country(eid: str | None) -> bool:
    return bool(eid) and len(eid) == 6 and eid.startswith("LOC:") and eid[4:].isupper()


def _institution(eid: str | None) -> str | None:
    from ..enrich.institutions import institution

    return eid if eid and eid.count(":") == 2 and institution(eid) is not None else None


def _add_entities(conn, entities, lang: str | None) -> None:
    """Rows for ids the archive does not hold yet; rows it holds are left as they are."""
    conn.executemany("INSERT OR IGNORE INTO entities(id, name, type, country) VALUES (?, ?, ?, ?)",
                     [(e.id, e.name, e.type, e.country) for e in entities])
    conn.executemany("INSERT OR IGNORE INTO entity_aliases(entity_id, alias, alias_folded) VALUES (?, ?, ?)",
                     [(e.id, a, fold(a)) for e in entities for a in dict.fromkeys([e.name, *e.aliases]) if a])
    if lang:
        conn.executemany("INSERT OR IGNORE INTO entity_names(entity_id, language, name) VALUES (?, ?, ?)",
                         [(e.id, lang, e.name) for e in entities if e.name])


def _carry(conn, old_merges: dict, pairs: Counter) -> dict[str, str]:
    """The merges under today's ids (source -> final target), written to ``entity_merges``."""
    to_new: dict[str, Counter] = defaultdict(Counter)  # old own id -> new own ids
    from_old: dict[str, set[str]] = defaultdict(set)  # new own id -> old own ids
    for (old, new), n in pairs.items():
        to_new[old][new] += n
        from_old[new].add(old)

    def renamed(old: str) -> str | None:  # the id an old one is now: itself while any mention keeps it,
        got = to_new.get(old)  # else the one new id (of a target: the dominant one)
        if not got or old in got:
            return old
        best, n = got.most_common(1)[0]
        return best if n >= DOMINANT * sum(got.values()) else None

    carried: dict[str, tuple[str, str, str]] = {}
    for source, (target, reason, created) in old_merges.items():
        news, new_target = to_new.get(source), renamed(target)
        if not news or source in news:  # it keeps its id (or no mention holds it): the merge stays
            carried[source] = (new_target or target, reason, created)
            continue
        if len(news) != 1 or new_target is None:
            continue  # split by the new scheme (or its target was): not carried
        new = next(iter(news))
        if new == new_target or new in carried:
            continue
        # every old id now reading as ``new`` was merged, into what is now the same target
        if all(o in old_merges and renamed(old_merges[o][0]) == new_target and len(to_new[o]) == 1
               for o in from_old[new]):
            carried[new] = (new_target, reason, created)
    final = {s: _follow(s, carried) for s in carried}
    want = {s: (t, *carried[s][1:]) for s, t in final.items() if t is not None and t != s}
    for source, row in old_merges.items():
        if want.get(source) != row:
            conn.execute("DELETE FROM entity_merges WHERE source = ?", (source,))
    for source, row in want.items():
        if old_merges.get(source) != row:
            conn.execute("INSERT INTO entity_merges(source, target, reason, created) VALUES (?, ?, ?, ?)",
                         (source, *row))
    return {s: row[0] for s, row in want.items()}


def _follow(source: str, carried: dict[str, tuple[str, str, str]]) -> str | None:
    """The end of the chain of merges from ``source`` (None in a cycle)."""
    seen = {source}
    target = carried[source][0]
    while target in carried:
        if target in seen:
            return None
        seen.add(target)
        target = carried[target][0]
    return target


def _write_article(conn, aid: int, rows, order: list[str], merges: dict[str, str], recount: Callable) -> int:
    """The article's mentions, article_entities, quote speakers and event ids under today's ids and
    merges; only what changes is written. The count of mentions rewritten."""
    changes = []
    moved: dict[str, Counter] = defaultdict(Counter)  # old id as stored -> the ids its mentions read as now
    for rowid, eid, origin, new in rows:
        entity = merges.get(new, new) if new else None
        now = (entity, new if entity != new else None)
        if eid:
            moved[eid][entity] += 1
        if now != (eid, origin):
            changes.append((*now, rowid))
    if not changes:
        return 0
    conn.executemany("UPDATE mentions SET entity_id = ?, origin_entity_id = ? WHERE rowid = ?", changes)
    renames = [(got.most_common(1)[0][0], aid, old) for old, got in moved.items()
               if got.most_common(1)[0][0] not in (None, old)]
    conn.executemany("UPDATE quotes SET speaker_entity_id = ? WHERE article_id = ? AND speaker_entity_id = ?", renames)
    conn.executemany("UPDATE events SET subject_id = ? WHERE article_id = ? AND subject_id = ?", renames)
    conn.executemany("UPDATE events SET object_id = ? WHERE article_id = ? AND object_id = ?", renames)
    recount(conn, aid, [merges.get(e, e) for e in order], empty=True)
    return len(changes)


def _sounds(conn, tools: Tools) -> None:
    """Persons without a sound row get one (so later articles can link them across scripts), rows
    under a key today's :func:`lagebild.enrich.sounds.sounds` no longer gives are re-keyed, and the
    rows of ids no mention holds any more go (an index, rebuilt from the names)."""
    _keys, _remember_sound = tools.keys, tools.remember_sound
    rows = conn.execute("SELECT sound, entity_id, word, first, latin FROM entity_sounds").fetchall()
    conn.executemany("DELETE FROM entity_sounds WHERE sound = ? AND entity_id = ?",
                     [(k, e) for k, e, w, _f, _l in rows if k not in _keys(w)])
    conn.executemany("INSERT OR IGNORE INTO entity_sounds(sound, entity_id, word, first, latin) VALUES (?, ?, ?, ?, ?)",
                     [(k, e, w, f, lat) for _k, e, w, f, lat in rows for k in _keys(w)])
    conn.execute("DELETE FROM entity_sounds WHERE entity_id NOT IN (SELECT entity_id FROM mentions"
                 " WHERE entity_id IS NOT NULL) AND entity_id NOT IN (SELECT origin_entity_id FROM mentions"
                 " WHERE origin_entity_id IS NOT NULL)")
    for (eid,) in conn.execute("SELECT DISTINCT coalesce(m.origin_entity_id, m.entity_id) FROM mentions m"
                               " WHERE coalesce(m.origin_entity_id, m.entity_id) LIKE 'PER:%' AND NOT EXISTS"
                               " (SELECT 1 FROM entity_sounds s WHERE s.entity_id ="
                               " coalesce(m.origin_entity_id, m.entity_id))").fetchall():
        _remember_sound(conn, eid)


__all__ = ["Tools", "re_resolve_keeping_merges"]
