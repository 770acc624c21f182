"""simplemma's lemmas from one memory-mapped table per language, shared by every process.

simplemma loads a language's whole dictionary into Python objects on its first word (German: 1.1M
entries, ~106 MB and 0.6 s; Russian ~171 MB), privately in every process that asks: each ingest
worker, the writer (index terms) and the fork server held their own copies, and reference counting
unshares even the pages a fork inherited. Here each language's dictionary is written once per
installed simplemma version as a flat hash table under the cache directory (``LAGEBILD_CACHE``, else
``$XDG_CACHE_HOME/lagebild``, else ``~/.cache/lagebild``) and memory-mapped: the pages live in the OS
page cache, shared by every process that maps them, and only the pages a lookup touches are read.

The answers are simplemma's own: its lemmatizer and its dictionary lookup run unchanged, with this
table as the dictionary (simplemma's ``DictionaryFactory`` interface); only where the key-value pairs
live differs. Building a table costs about what simplemma's own first load of that language costs
(German ~1.8 s of CPU once per machine, then a mapping of no measurable cost); if the cache directory cannot be written
the table is built in memory, so a read-only home still gets the same answers.
"""

from __future__ import annotations

import mmap
import os
import struct
import zlib
from bisect import bisect_left
from array import array
from collections.abc import Iterator, Mapping
from pathlib import Path

from simplemma import Lemmatizer
from simplemma.__metadata__ import __version__ as SIMPLEMMA_VERSION
from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy
from simplemma.strategies.dictionaries.dictionary_factory import (
    DATA_FOLDER,
    SUPPORTED_LANGUAGES,
    CachingDictionaryFactory,
    DecodedStrMapping,
    DefaultDictionaryFactory,
)
from simplemma.utils import normalize_token, validate_lang_input

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: two processes may build the same table (same bytes)
    fcntl = None

_MAGIC = b"LGLEMMA1"
# magic, entries, hash slots (a power of two), distinct lemmas, key bytes, lemma bytes
_HEADER = struct.Struct("<8sQQQQQ")


def cache_root() -> Path:
    """lagebild's cache directory: ``LAGEBILD_CACHE``, else ``$XDG_CACHE_HOME/lagebild`` (``~/.cache``)."""
    root = os.environ.get("LAGEBILD_CACHE")
    return Path(root) if root else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "lagebild"


def cache_dir() -> Path:
    """Where the tables are kept: per simplemma version under :func:`cache_root`."""
    return cache_root() / "lemmas" / f"simplemma-{SIMPLEMMA_VERSION}"


def _pairs(lang: str) -> Iterator[tuple[bytes, bytes]]:
    """The key-value pairs simplemma's default factory would hold for ``lang``, as UTF-8."""
    try:  # simplemma's own loader (the bytes dict its default factory wraps), ~3x faster than decoding
        from simplemma.strategies.dictionaries.dictionary_factory import _load_dictionary_from_disk
    except ImportError:  # a simplemma without it: the public mapping, the same pairs decoded
        mapping = DefaultDictionaryFactory(cache_max_size=1).get_dictionary(lang)
        yield from ((k.encode(), v.encode()) for k, v in mapping.items())
        return
    yield from _load_dictionary_from_disk(lang).items()


def _slot(key: bytes, mask: int) -> int:
    return zlib.crc32(key) & mask  # stable across processes (str hashes are salted per process)


def build(lang: str) -> bytes:
    """The table of ``lang``: header, hash slots (entry + 1, 0 empty), key offsets, each entry's lemma
    number, lemma offsets (all uint32), then the keys' and the lemmas' UTF-8 bytes."""
    keys: list[bytes] = []
    lemma_of: list[int] = []
    lemma_ids: dict[bytes, int] = {}
    for key, value in _pairs(lang):
        keys.append(key)
        lemma_of.append(lemma_ids.setdefault(value, len(lemma_ids)))
    n = len(keys)
    size = 1 << max(4, (2 * n - 1).bit_length())  # load factor <= 1/2: a miss ends after ~1.5 probes
    mask = size - 1
    slots = [0] * size
    for i, key in enumerate(keys):
        h = _slot(key, mask)
        while slots[h]:
            h = (h + 1) & mask
        slots[h] = i + 1
    key_off = _offsets(keys)
    lemmas = list(lemma_ids)
    lemma_off = _offsets(lemmas)
    key_blob, lemma_blob = b"".join(keys), b"".join(lemmas)
    if max(len(key_blob), len(lemma_blob)) >= 1 << 32:
        raise ValueError(f"lemma table for {lang!r} too large for 32-bit offsets")
    header = _HEADER.pack(_MAGIC, n, size, len(lemmas), len(key_blob), len(lemma_blob))
    arrays = [array("I", a).tobytes() for a in (slots, key_off, lemma_of, lemma_off)]  # native order, as read
    return b"".join([header, *arrays, key_blob, lemma_blob])


def _offsets(items: list[bytes]) -> list[int]:
    out = [0] * (len(items) + 1)
    total = 0
    for i, item in enumerate(items):
        total += len(item)
        out[i + 1] = total
    return out


class LemmaTable(DecodedStrMapping):
    """simplemma's str -> str dictionary of one language, read from a table :func:`build` wrote."""

    __slots__ = ("_buf", "_mask", "_slots", "_key_off", "_lemma_of", "_lemma_off", "_keys", "_lemmas", "_len", "_lemma_pos")

    def __init__(self, buf) -> None:
        self._buf = buf  # an mmap (shared pages) or bytes (the in-memory fallback)
        view = memoryview(buf)
        if len(view) < _HEADER.size or bytes(view[:len(_MAGIC)]) != _MAGIC:
            raise ValueError("not a lemma table")
        _, n, size, n_lemmas, key_bytes, lemma_bytes = _HEADER.unpack_from(view, 0)
        if _HEADER.size + 4 * (size + 2 * n + n_lemmas + 2) + key_bytes + lemma_bytes != len(view):
            raise ValueError("truncated lemma table")
        pos = _HEADER.size
        arrays = []
        for count in (size, n + 1, n, n_lemmas + 1):
            arrays.append(view[pos:pos + 4 * count].cast("I"))
            pos += 4 * count
        self._slots, self._key_off, self._lemma_of, self._lemma_off = arrays
        self._keys = view[pos:pos + key_bytes]
        self._lemmas = view[pos + key_bytes:pos + key_bytes + lemma_bytes]
        self._mask, self._len = size - 1, n
        self._lemma_pos = pos + key_bytes  # where the lemma bytes begin in the buffer (they run to its end)

    def _lookup(self, key: str) -> str | None:
        target = key.encode()
        slots, key_off, keys, mask = self._slots, self._key_off, self._keys, self._mask
        h = zlib.crc32(target) & mask
        while entry := slots[h]:
            i = entry - 1
            start = key_off[i]
            end = key_off[i + 1]
            if end - start == len(target) and keys[start:end] == target:
                lemma = self._lemma_of[i]
                return str(self._lemmas[self._lemma_off[lemma]:self._lemma_off[lemma + 1]], "utf-8")
            h = (h + 1) & mask
        return None

    def has_lemma(self, lemma: str) -> bool:
        """Some entry's lemma is exactly ``lemma``: a scan of the lemma bytes (a few MB, memchr speed;
        mmap and bytes both search in place), each hit checked against the lemma offsets, so a part of
        a longer lemma does not count."""
        target, buf, base, offsets = lemma.encode(), self._buf, self._lemma_pos, self._lemma_off
        pos = buf.find(target, base) if target else -1
        while pos >= 0:
            rel = pos - base
            i = bisect_left(offsets, rel)  # the offsets rise: a lemma starts here, and the next one right after it
            if i + 1 < len(offsets) and offsets[i] == rel and offsets[i + 1] == rel + len(target):
                return True
            pos = buf.find(target, pos + 1)
        return False

    def __iter__(self) -> Iterator[str]:
        for i in range(self._len):
            yield str(self._keys[self._key_off[i]:self._key_off[i + 1]], "utf-8")

    def __len__(self) -> int:
        return self._len


def _source_stamp(lang: str) -> str:
    """Changes when simplemma's data file for ``lang`` does (a reinstall of another build)."""
    st = (DATA_FOLDER / f"{lang}.plzma").stat()
    return f"{st.st_size}"


def open_table(lang: str) -> LemmaTable:
    """The table of ``lang``, built into the cache directory on first use (ValueError if simplemma has
    no dictionary for it)."""
    if lang not in SUPPORTED_LANGUAGES:
        raise ValueError(f"Unsupported language: {lang}")
    path = cache_dir() / f"{lang}-{_source_stamp(lang)}.tbl"
    try:
        return LemmaTable(_mapped(path, lang))
    except ValueError:  # a damaged file (not one this code wrote whole): the next process builds it anew
        path.unlink(missing_ok=True)
    except OSError:  # no writable cache
        pass
    return LemmaTable(build(lang))  # the same table, private to this process


def _mapped(path: Path, lang: str) -> mmap.mmap:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path.parent / ".build.lock", "w") as lock:
            if fcntl is not None:
                fcntl.flock(lock, fcntl.LOCK_EX)  # a second process waits for the first's table, not builds its own
            if not path.exists():
                tmp = path.with_suffix(f".tmp{os.getpid()}")
                try:
                    tmp.write_bytes(build(lang))
                    os.replace(tmp, path)
                finally:
                    tmp.unlink(missing_ok=True)
    with open(path, "rb") as f:
        return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)


class MappedDictionaryFactory(CachingDictionaryFactory):
    """simplemma's dictionary factory over the mapped tables (all languages kept: mapping is cheap)."""

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__(cache_max_size=256)

    def _get_dictionary_uncached(self, lang: str) -> Mapping[str, str]:
        return open_table(lang)


FACTORY = MappedDictionaryFactory()
# what simplemma.lemmatize(word, lang) and simplemma.is_known(word, lang) build with their defaults
# (non-greedy strategy, lower-casing fallback, the same 65,536-word cache), on these tables
_LEMMATIZER = Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=FACTORY))
_LOOKUP = DictionaryLookupStrategy(FACTORY)


def lemmatize(word: str, lang: str) -> str:
    """``simplemma.lemmatize(word, lang=lang)``, the same answer (ValueError for a language it lacks)."""
    return _LEMMATIZER.lemmatize(word, lang)


def is_known(word: str, lang: str) -> bool:
    """``simplemma.is_known(word, lang)``, the same answer."""
    if not isinstance(word, str):
        raise TypeError(f"Wrong input type, expected string, got {type(word)}")
    if word == "":
        raise ValueError("Wrong input value: empty string")
    word = normalize_token(word)
    return any(_LOOKUP.get_lemma(word, code) is not None for code in validate_lang_input(lang))


def is_lemma(word: str, lang: str) -> bool:
    """``word`` (as written or in small letters) is the lemma of some entry of ``lang``'s dictionary:
    a nominative the dictionary knows ("Лев", "Волков"), whatever other word's form it also is."""
    table = FACTORY.get_dictionary(lang)
    if not isinstance(table, LemmaTable):
        return False
    return table.has_lemma(word) or (word.lower() != word and table.has_lemma(word.lower()))
