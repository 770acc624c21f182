"""Bytes to text for HTML pages and scraped-text files, with a verified charset.

Order of evidence: a byte-order mark; then the charset the page declares (HTTP / WARC header,
``<meta charset>``, ``<meta http-equiv>``, ``<?xml encoding>``) — but only if the bytes decode
with it into something that is not mojibake; then the bytes themselves (strict UTF-8, then
charset-normalizer). Nothing here raises: the last resort is UTF-8 with replacement characters.
"""

from __future__ import annotations

import codecs
import re

_BOMS = (  # longest first: the UTF-32-LE BOM starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Labels browsers treat as another encoding (WHATWG Encoding Standard), as Python codec names.
_ALIASES = {
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "iso8859-9": "cp1254",
    "tis-620": "cp874",
    "iso8859-11": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "big5": "big5hkscs",
}

_LATIN_COUSINS = {"cp1250", "cp1254", "cp1257", "iso8859-2", "iso8859-15", "latin_1", "mac-roman"}

_META = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:\-]+)"""
    rb"""|<\?xml[^>]*?encoding\s*=\s*["']([a-zA-Z0-9_.:\-]+)""",
    re.IGNORECASE,
)
_SNIFF_BYTES = 4096  # browsers look for <meta charset> within the first 1024 bytes; be generous
_C1 = re.compile("[\x80-\x9f]")
_MESS_LIMIT = 0.2  # charset-normalizer's own threshold for "this decoding is chaos"


def decode_html(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """The page as text and the Python name of the encoding used; never raises."""
    bom = _bom(data)
    if bom:
        return data[len(bom[0]) :].decode(bom[1], "replace"), bom[1]
    for label, in_page in ((declared, False), (meta_charset(data), True)):
        encoding = normalize(label, in_page=in_page)
        if encoding is None:
            continue
        text = _verified(data, encoding)
        if text is not None:
            return text, encoding
    return _detect(data)


def decode_text(data: bytes) -> str:
    """A scraped-text file as text: BOM, then UTF-8, then detection; never raises."""
    bom = _bom(data)
    if bom:
        return data[len(bom[0]) :].decode(bom[1], "replace")
    return _detect(data)[0]


def meta_charset(data: bytes) -> str | None:
    """The charset an HTML document declares for itself in its first few KB, if any."""
    match = _META.search(data[:_SNIFF_BYTES])
    if match is None:
        return None
    return (match.group(1) or match.group(2)).decode("ascii")


def normalize(label: str | None, *, in_page: bool = False) -> str | None:
    """The Python codec name for a charset label (browser aliases applied), or None if unknown.

    ``in_page``: the label was read from the document as ASCII, so UTF-16/32 cannot be true.
    """
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None
    if in_page and name.startswith(("utf-16", "utf-32")):
        return None
    return _ALIASES.get(name, name)


def _bom(data: bytes) -> tuple[bytes, str] | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return bom, encoding
    return None


def _verified(data: bytes, encoding: str) -> str | None:
    """The decoded text if ``encoding`` plausibly is the page's encoding, else None."""
    if encoding == "utf-8":
        return _utf8(data)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    if text.isascii():
        return text
    if _utf8(data, tolerant=False) is not None:
        return None  # non-ASCII bytes that form valid UTF-8 are UTF-8, whatever was declared
    if _C1.search(text) or _messy(text):
        return None
    return text


def _utf8(data: bytes, *, tolerant: bool = True) -> str | None:
    """Text if ``data`` is UTF-8 — with ``tolerant``, also if only a few stray bytes are not."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        if not tolerant:
            return None
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", "ignore")) - bad  # non-ASCII characters that decoded
    return text if bad <= 3 and good >= 20 * bad else None


def _messy(text: str) -> bool:
    from charset_normalizer.md import mess_ratio

    return mess_ratio(text[:100_000], _MESS_LIMIT) >= _MESS_LIMIT


def _detect(data: bytes) -> tuple[str, str]:
    text = _utf8(data)
    if text is not None:
        return text, "utf-8"
    if _western(data):
        return data.decode("cp1252"), "cp1252"
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # detection is best effort; a crash in it must not lose the page
        best = None
    if best is not None:
        encoding = normalize(best.encoding) or best.encoding
        try:
            return _prefer_cp1252(data, data.decode(encoding, "replace"), encoding)
        except LookupError:
            pass
    return data.decode("utf-8", "replace"), "utf-8"


def _western(data: bytes) -> bool:
    """Mostly ASCII with isolated high bytes that windows-1252 reads as letters: a Western page in
    the web's most common legacy encoding. Statistical detectors guess wildly on so few high bytes
    (a German page with a handful of umlauts comes out as Big5); Cyrillic, Greek and CJK text shows
    up as runs of high bytes instead."""
    high = [i for i, b in enumerate(data) if b >= 0x80]
    if not high or len(high) > 0.05 * len(data):
        return False
    try:
        decoded = bytes(data[i] for i in high).decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D are unassigned in windows-1252
        return False
    if sum(c.isalpha() for c in decoded) < 0.8 * len(decoded):
        return False
    positions = set(high)
    runs = sum(1 for i in high if i + 1 in positions)
    return runs <= 0.2 * len(high)


def _prefer_cp1252(data: bytes, text: str, encoding: str) -> tuple[str, str]:
    """Report windows-1252 when it reads the bytes the same as a detected Latin cousin."""
    if encoding in _LATIN_COUSINS and data.decode("cp1252", "replace") == text:
        return text, "cp1252"
    return text, encoding
