"""What an input is, from its first bytes and (second) its name.

:func:`sniff` returns one of ``warc``, ``jsonl``, ``html``, ``text`` or raises InputError for
inputs that are not pages at all (empty, binary). Content wins over the extension where the
content is unambiguous (a WARC named ``.html``, a saved page named ``.txt``).
"""

from __future__ import annotations

import codecs
import json
import re
from typing import Literal

from ..errors import InputError

Format = Literal["warc", "jsonl", "html", "text"]

HTML_EXTENSIONS = (".html", ".htm", ".xhtml", ".shtml", ".xht")
JSONL_EXTENSIONS = (".jsonl", ".ndjson", ".jsonlines")
WARC_EXTENSIONS = (".warc",)

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x7fELF", "ELF executable"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document"),
    (b"\xca\xfe\xba\xbe", "Mach-O or Java class file"),
    (b"\x00asm", "WebAssembly module"),
    (b"OggS", "Ogg media"),
    (b"\x1a\x45\xdf\xa3", "Matroska/WebM media"),
)
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_CONTROL = bytes(set(range(32)) - {8, 9, 10, 12, 13, 27}) + b"\x7f"
_TAG = re.compile(
    r"<(?:!doctype|!--|\?xml|html|head|body|div|meta|title|p|article|section|main|header|nav|"
    r"table|span|script|link|style|h[1-6]|ul|ol|form|iframe|noscript|a|br|img|center|font|"
    r"frameset|base|!\[cdata\[)[\s>/]",
    re.IGNORECASE,
)
_STRONG = re.compile(r"<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE)


_TEXT_DAMAGE = ("contains NUL bytes", "mostly control bytes")  # binary_kind's guesses, not magic numbers


def sniff(name: str, head: bytes) -> Format:
    """The format of an input whose content starts with ``head``; raises InputError if none."""
    if not head:
        raise InputError("empty file")
    if head.startswith(b"WARC/"):
        return "warc"
    ext = extension(name)
    if ext in WARC_EXTENSIONS:
        raise InputError(f"not a WARC file: starts with {head[:12]!r}, not 'WARC/'")
    binary = binary_kind(head)
    if binary in _TEXT_DAMAGE and ext in JSONL_EXTENSIONS:
        return "jsonl"  # one line's NUL or control bytes fail that line in the reader, not the whole file
    if binary:
        raise InputError(f"binary file ({binary}), not a page")
    text = head_text(head)
    if not text.strip():
        raise InputError("empty file (only whitespace)")
    if ext in JSONL_EXTENSIONS or (ext != ".txt" and looks_like_jsonl(head)):
        return "jsonl"
    if ext in HTML_EXTENSIONS or looks_like_html(text, strong_only=ext == ".txt"):
        return "html"
    return "text"


def extension(name: str) -> str:
    """The meaningful extension, lower case, ignoring a trailing ``.gz``: ``a.warc.gz`` → ``.warc``."""
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    dot = lower.rfind(".")
    return lower[dot:] if dot > lower.rfind("/") else ""


def binary_kind(head: bytes) -> str | None:
    """A few words naming what a non-text input is, or None if it looks like text."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "WebP image"
    if head[4:8] == b"ftyp":
        return "MP4/QuickTime media"
    if head.startswith(b"BZh") and head[4:10] == b"1AY&SY":
        return "bzip2 archive"
    if head.startswith(_BOMS) or utf16_without_bom(head):
        return None
    sample = head[:8192]
    if b"\x00" in sample:
        return "contains NUL bytes"
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    if controls > max(8, len(sample) // 20):
        return "mostly control bytes"
    return None


def utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le`` / ``utf-16-be`` for BOM-less UTF-16 of mostly-ASCII text, else None."""
    sample = head[:2048]
    if len(sample) < 16 or sample.startswith(_BOMS):
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul > 0.4 and even_nul < 0.02:
        return "utf-16-le"
    if even_nul > 0.4 and odd_nul < 0.02:
        return "utf-16-be"
    return None


def head_text(head: bytes) -> str:
    """The head as text, good enough for looking at markup (ASCII-compatible or UTF-16/32)."""
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF8, "utf-8"),
    ):
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, "replace")
    utf16 = utf16_without_bom(head)
    if utf16:
        return head.decode(utf16, "replace")
    return head.decode("latin-1")


def looks_like_html(text: str, *, strong_only: bool = False) -> bool:
    """Does the document start with markup (after whitespace)?"""
    start = text.lstrip()[:4096]
    if _STRONG.match(start) or (start[:5].lower() == "<?xml" and "<html" in start.lower()):
        return True
    if strong_only:
        return False
    if _TAG.match(start):
        return True
    return bool(re.match(r"<[a-zA-Z]", start)) and "</" in start


def looks_like_jsonl(head: bytes) -> bool:
    """A first line that is a JSON object with an ``html`` or ``text`` field."""
    stripped = head.removeprefix(codecs.BOM_UTF8).lstrip()
    if not stripped.startswith(b"{"):
        return False
    line = stripped.split(b"\n", 1)[0]
    if b"\n" not in stripped and len(head) >= 64 * 1024:
        return b'"html"' in line or b'"text"' in line  # a first line longer than the head
    try:
        obj = json.loads(line)
    except ValueError:
        return False
    return isinstance(obj, dict) and ("html" in obj or "text" in obj)
