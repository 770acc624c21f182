"""The tables of :mod:`.identities` (its migrations ``identities-0001``, ``-0003`` and ``-0004``)."""

TABLES = """
CREATE TABLE entity_merges (
    source TEXT PRIMARY KEY,          -- the id merged away (stays in entities, for unmerge)
    target TEXT NOT NULL,             -- the id it now reads as
    reason TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE INDEX entity_merges_target ON entity_merges(target);
ALTER TABLE mentions ADD COLUMN origin_entity_id TEXT;  -- the id enrich gave, when a merge changed it
CREATE TABLE entity_names (
    entity_id TEXT NOT NULL,
    language TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (entity_id, language)
);
"""

# The last word of an entity id ("PER:donald-trump" -> "trump"), in built-in SQL only so an index can
# hold it: rtrim strips every trailing character that is not "-", leaving the prefix up to the last
# hyphen. Indexed (identities-0003), it turns the surname look-up every stored article makes inside
# the write transaction from a scan of all entities into one index probe.
LAST_WORD = "substr({id}, length(rtrim({id}, replace({id}, '-', ''))) + 1)"

SOUNDS = """
CREATE TABLE entity_sounds (
    sound TEXT NOT NULL,              -- enrich.sounds.sound of the last word of a person's name
    entity_id TEXT NOT NULL,
    word TEXT NOT NULL,               -- that last word as written
    first TEXT,                       -- the first word, for names of two words or more
    latin INTEGER NOT NULL,
    PRIMARY KEY (sound, entity_id)
);
"""

__all__ = ["LAST_WORD", "SOUNDS", "TABLES"]
