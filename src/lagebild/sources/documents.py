"""One file (or stdin) that is one page: HTML kept as bytes, scraped text decoded."""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import InputError
from ..model import Failure, Origin, Page
from ..settings import SourceSettings
from .decode import decode_text
from .sniff import utf16_without_bom
from .streams import Opened, human_size, read_up_to


def read_html(opened: Opened, settings: SourceSettings) -> Iterator[Page | Failure]:
    """The HTML page in ``opened``, as bytes; raises InputError with the reason."""
    return _read(opened, "html", settings)


def read_text(opened: Opened, settings: SourceSettings) -> Iterator[Page | Failure]:
    """The scraped-text page in ``opened``, decoded; raises InputError with the reason."""
    return _read(opened, "text", settings)


def _read(opened: Opened, kind: str, settings: SourceSettings) -> Iterator[Page | Failure]:
    data = read_up_to(opened.stream, settings.max_bytes + 1)
    if len(data) > settings.max_bytes:
        what = "decompressed " if opened.gzip else ""
        raise InputError(f"too large: {what}content over the {human_size(settings.max_bytes)} limit")
    if opened.damage:
        raise InputError(f"truncated gzip: {opened.damage}")
    utf16 = utf16_without_bom(data)
    origin = Origin(path=opened.name)
    if kind == "html":
        yield Page(content=data, kind="html", origin=origin, declared_encoding=utf16)
    else:
        text = data.decode(utf16, "replace") if utf16 else decode_text(data)
        yield Page(content=text, kind="text", origin=origin)
