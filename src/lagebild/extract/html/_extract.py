"""HTML pages to articles: decode, parse once, read metadata and body, classify the page.

    extract_html(Page(content=b"<html>…", kind="html", url=…), ExtractSettings()) -> Article

The body comes from :mod:`._body` (by the rules: trafilatura's precision pass checked against the
markup; or by the learned block classifier, ``"body" in ExtractSettings.learned``), the metadata
from :mod:`..metadata`, related-article teasers from :mod:`._related`. A page that is not an
article (home page, section front, search results) gets ``page_type="other"`` and no body.
Anything unusable raises :class:`~lagebild.errors.ExtractionError` with the reason.
"""

from __future__ import annotations

import codecs
import re
from zoneinfo import ZoneInfo

import lxml.etree
import lxml.html

from ...errors import ExtractionError
from ...model import Article, Page
from ...settings import ExtractSettings
from ..finish import finish, localize
from ..metadata import Metadata, read_metadata
from ._blocks import key
from ._body import body_paragraphs, choose_body, mixed_body, page_blocks, picked_body
from ._body import without_bylines as _without_bylines
from ._lead import marked_standfirst, split_lead, visible_lead
from ._pagetype import is_other, is_other_page, page_row
from ._related import related_links

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def extract_html(page: Page, settings: ExtractSettings) -> Article:
    """One article (or ``page_type="other"`` page) from an HTML page; raises ExtractionError."""
    try:
        return _extract(page, settings)
    except ExtractionError:
        raise
    except (ValueError, TypeError, LookupError, RecursionError, lxml.etree.LxmlError, AttributeError) as exc:
        raise ExtractionError(f"unreadable HTML ({type(exc).__name__})") from exc


def _extract(page: Page, settings: ExtractSettings) -> Article:
    tree = parse(page, settings)
    learned = set(settings.learned)
    md = read_metadata(tree, page.url, settings.model_dir, ranked=learned)
    # the learned parts decide on the page's blocks; the rules read trafilatura's precision pass
    found = page_blocks(tree, page.url, md.rules_title, md.description, md.article_body) \
        if learned & {"body", "pagetype"} else None
    if found is not None and "body" in learned:
        paragraphs = _without_bylines(choose_body(found, page.url, md.article_body, settings.model_dir), md.authors)
    else:
        paragraphs = rules_body(tree, page.url, md)
        if learned & {"body_mix", "body_pick"}:
            # the rules' body corrected or replaced by the classifier's: its blocks are read from the page parsed
            # afresh, as its training pages' blocks were (the rules changed ``tree``; a deep copy made before them
            # loses the document around the root, doctype and all, and trafilatura's recall pass then reads some
            # pages differently: x15b2 found a page segmented into 45 blocks instead of 132)
            blocks = found or page_blocks(parse(page, settings), page.url, md.rules_title, md.description,
                                          md.article_body)
            if "body_pick" in learned:  # the rules' body or the classifier's, as the chooser expects better
                picked = picked_body(paragraphs, blocks, page.url, md.article_body, settings.model_dir)
                paragraphs = paragraphs if picked is paragraphs else _without_bylines(picked, md.authors)
            else:
                paragraphs = mixed_body(paragraphs, blocks, settings.model_dir)
    if found is not None and "pagetype" in learned:
        row = page_row(tree, md, found.features, found.main_text, found.rule_text, [b.text for b in found.blocks])
        other = is_other(row, settings.model_dir)
    else:
        other = is_other_page(tree, md, paragraphs)
    if not paragraphs and not md.title:
        raise ExtractionError("no text found in the page")
    if not other and not paragraphs:
        raise ExtractionError("no article text found in the page")
    lead, body = ("", []) if other else split_lead(paragraphs, md.description, md.title)
    article = Article(
        title=md.title, lead=lead, body=body, url=page.url, canonical_url=md.canonical_url,
        authors=md.authors, section=md.section, section_raw=md.section_raw, tags=md.tags, publisher=md.publisher,
        language=md.language,
        reading_time=md.reading_time, related=related_links(tree, page.url), origin=page.origin,
        page_type="other" if other else "article",
    )
    finish(article, settings)
    article.published = _when(md.published, article.language, settings)
    article.modified = _when(md.modified, article.language, settings)
    return article


def rules_body(tree, url: str | None, md: Metadata) -> list[str]:
    """The rules' body as the default path gives it: read, bylines at its edges dropped, the lead put back."""
    paragraphs = _without_bylines(body_paragraphs(tree, url, md.article_body), md.authors)
    _insert_lead(tree, md.description, md.title, paragraphs)
    return paragraphs


def rules_reading(page: Page, settings: ExtractSettings) -> tuple[list[str], Metadata]:
    """The rules' body of a page and its metadata, as :func:`extract_html` has them when the chooser weighs the
    rules' body against the classifier's (``scripts/train_extract.py`` trains the chooser on these)."""
    tree = parse(page, settings)
    md = read_metadata(tree, page.url, settings.model_dir, ranked=set(settings.learned))
    return rules_body(tree, page.url, md), md


def _insert_lead(tree, description: str, title: str, paragraphs: list[str]) -> None:
    """The rules' lead: a visible standfirst that trafilatura's precision pass left out, put back in front."""
    lead = visible_lead(tree, description, paragraphs) if paragraphs else None
    lead = lead or marked_standfirst(tree, paragraphs, title)
    if lead:
        # after a repeated headline, which split_lead looks for first
        paragraphs.insert(1 if title and key(paragraphs[0]) == key(title) else 0, lead)


_ELEMENT_CLASSES = lxml.etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity,
)
_NON_TEXT = re.compile(r"<(script|style|svg|noscript|template)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def parse(page: Page, settings: ExtractSettings) -> lxml.html.HtmlElement:
    """The page decoded, capped at ``max_html_chars`` and parsed into one lxml tree."""
    text, raw = _decoded(page)
    if len(text) > settings.max_html_chars:
        # Scripts and styles hold no article text; drop them before cutting so the cap keeps content.
        text, raw = _NON_TEXT.sub(" ", text)[: settings.max_html_chars], None
    if "<" not in text:
        raise ExtractionError("no HTML markup in the page" if _CONTROL.sub(" ", text).strip() else "empty page")
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    # Every element an HtmlElement, chosen in C: lxml.html's default lookup runs Python code for each element
    # touched (it picks form and input subclasses nobody here uses), a tenth of the extraction's time.
    parser.set_element_class_lookup(_ELEMENT_CLASSES)
    try:
        tree = lxml.html.document_fromstring(_without_control(text, raw), parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ExtractionError("not parseable as HTML") from exc
    if tree is None or tree.find(".//body") is None and len(tree) == 0:
        raise ExtractionError("not parseable as HTML")
    return tree


_CONTROL_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_TO_SPACE = bytes.maketrans(_CONTROL_BYTES, b" " * len(_CONTROL_BYTES))
_NONCHARACTERS = ("\ufffe".encode(), "\uffff".encode())


def _without_control(text: str, raw: bytes | None = None) -> bytes:
    """``text`` as UTF-8 (``raw`` when that is already the very same bytes), its control characters (but tab and
    line breaks) and the non-characters U+FFFE/U+FFFF made spaces. Done on the bytes, a table lookup per byte,
    rather than by a regex over the text, which takes about twice as long on a large page: in UTF-8 these
    control bytes never occur inside a multi-byte character."""
    data = (raw if raw is not None else text.encode("utf-8", "replace")).translate(_TO_SPACE)
    for nonchar in _NONCHARACTERS:
        if nonchar in data:
            data = data.replace(nonchar, b" ")
    return data


def decode(page: Page) -> str:
    return _decoded(page)[0]


def _decoded(page: Page) -> tuple[str, bytes | None]:
    """The page's text, and its bytes when they are that text's UTF-8 encoding byte for byte (valid UTF-8
    without a byte-order mark, decoded without a replacement), so the parser gets them without a re-encoding."""
    if isinstance(page.content, str):
        return page.content, None
    from ...sources.decode import decode_html

    data = bytes(page.content)
    text, encoding = decode_html(data, page.declared_encoding)
    same = encoding == "utf-8" and not data.startswith(codecs.BOM_UTF8) and "\ufffd" not in text
    return text, data if same else None


def _when(value, language: str | None, settings: ExtractSettings) -> str | None:
    """ISO 8601 with offset; a time given in UTC is shown in the language's zone (its local day)."""
    if value is None or isinstance(value, str):
        return value
    zone = settings.timezone_by_language.get(language or "")
    offset = value.utcoffset() if value.tzinfo is not None else None
    if zone and offset is not None and not offset:
        try:
            value = value.astimezone(ZoneInfo(zone))
        except (ValueError, OverflowError, KeyError):
            pass
    return localize(value, language, settings)


__all__ = ["extract_html", "parse"]
