"""The page's publication and modification dates, read in order of trust.

JSON-LD ``datePublished`` / ``dateCreated``, then the article's ``<meta>`` tags, microdata, and the
generic ``<meta>`` tags that may date the site rather than the article; but a date written on a short
line beside the headline overrules them (:func:`read_published` says why). A page without any of these
gets a date it labels as its publication ("Veröffentlicht am …"), and htmldate's reading as the last
resort. Dates in text are read by :mod:`lagebild.extract.dates`, which the scraped-text path shares.
"""

from __future__ import annotations

import gc
import re
from collections import deque
from contextlib import contextmanager
from datetime import datetime
from itertools import islice
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement

from ..dates import FoundDate, find_dates
from . import _jsonld as jsonld
from ._bylines import in_comments
from ._markup import meta_value, text_of

_ISO_DAY = re.compile(r"^\d{4}-\d\d-\d\d$")

_PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "article:published", "datepublished",
    "publishdate", "publish-date", "publish_date", "pubdate", "date", "dc.date", "dc.date.issued",
    "dcterms.date", "dcterms.issued", "dcterms.created", "sailthru.date", "parsely-pub-date",
    "article.published", "published_time", "citation_publication_date", "og:published_time",
    "datecreated", "created", "release_date", "date.available",
)
_GENERIC = _PUBLISHED_META.index("date")  # from here on, tags that may date the site rather than the article
_MICRODATA_PUBLISHED = etree.XPath('descendant::*[@itemprop="datePublished"][not(self::meta)][1]')  # the first only
_MODIFIED_META = (
    "article:modified_time", "og:updated_time", "datemodified", "dcterms.modified", "last-modified",
    "article.updated", "lastmod", "modified",
)


def read_published(tree, art, page, meta, language: str | None, url: str | None, title: str = "",
                   authors: list[str] = ()) -> datetime | str | None:
    """The date the page shows by its headline, else the structured one, else htmldate's reading.

    Pages keep the first publication in their metadata while the reader sees the date of the
    current version ("Updated 12 March"); and a UTC stamp can fall on the next day where the page's
    own day has not ended. The date written beside the headline is the page's own word on both.
    """
    return date_candidates(tree, art, page, meta, language, url, title, authors)[0]


_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[/_-]([01]?\d)[/_-]([0-3]?\d)(?!\d)")


def date_candidates(tree, art, page, meta, language: str | None, url: str | None, title: str = "",
                    authors: list[str] = ()) -> tuple[datetime | str | None, list[tuple[datetime | str, str]]]:
    """The rules' publication date (as :func:`read_published`) and every (date, source) the page offers:
    JSON-LD (``ld_pub``, ``ld_created``, ``page_pub``), the article's and generic ``<meta>`` tags
    (``meta_pub``, ``meta_generic``), microdata, the date shown by the headline (``shown``, ``shown_update``,
    ``shown_slashed`` when day and month may be swapped), the modification date (``modified``), the URL's
    date (``url``), ``<time>`` elements (``time_el``), and on pages with none of the first kind a labelled
    date (``labelled``) and htmldate's (``htmldate``). A learned ranking chooses among them (:mod:`._rank`)."""
    structured = [("ld_pub", jsonld.text(art.get("datePublished"))), ("ld_created", jsonld.text(art.get("dateCreated"))),
                  ("page_pub", jsonld.text(page.get("datePublished"))),
                  ("meta_pub", meta_value(meta, *_PUBLISHED_META[:_GENERIC])), ("microdata", _microdata_published(tree)),
                  ("meta_generic", meta_value(meta, *_PUBLISHED_META[_GENERIC:]))]
    found_all = [(value, source) for source, raw in structured if (value := _parse_date(raw, language))]
    found = found_all[0][0] if found_all else None
    out: list[tuple[datetime | str, str]] = list(found_all)
    shown = _shown_date(tree, language, title, url, authors)
    pick = None
    if shown is not None:
        day, slashed, update = shown
        value = day.datetime() if day.clock else day.day.isoformat()
        out.append((value, "shown_update" if update else "shown_slashed" if slashed else "shown"))
        if not _same_day(found, day, slashed):
            pick = value
    modified = read_modified(art, meta, language)
    if modified:
        out.append((modified, "modified"))
    try:
        path = urlsplit(url or "").path
    except ValueError:
        path = ""
    in_url = _URL_DATE.search(path)
    if in_url:
        value = _parse_date("{}-{:0>2}-{:0>2}".format(*in_url.groups()), language)
        if value:
            out.append((value, "url"))
    for el in islice(tree.iterfind(".//time"), 3):
        value = _parse_date(el.get("datetime") or "", language)
        if value:
            out.append((value, "time_el"))
    if pick is None and found:
        pick = found
    if pick is None:
        labelled = _labelled_date(tree, language)
        if labelled is not None:
            pick = labelled.datetime() if labelled.clock else labelled.day.isoformat()
            out.append((pick, "labelled"))
        else:
            pick = _htmldate(tree, url, extensive=False) or _htmldate(tree, url, extensive=True)
            if pick:
                out.append((pick, "htmldate"))
    if pick:
        out.append((pick, "cascade"))
    return pick, out


def read_modified(art, meta, language: str | None) -> datetime | str | None:
    """The last change the page states: JSON-LD ``dateModified``, else a modification ``<meta>`` tag."""
    return _parse_date(jsonld.text(art.get("dateModified")) or meta_value(meta, *_MODIFIED_META), language)


# "Veröffentlicht am 16.08.2019", "Published on May 3, 2020": a date the page labels as its publication.
_PUBLISHED_LABEL = re.compile(
    r"^(?:veröffentlicht|erschienen|publiziert|erstellt|published|posted|publié|publicado|pubblicato)"
    r"(?:\s+(?:am|on|le|el|il|the))?\s*:?\s*\S", re.I)


def _labelled_date(tree: HtmlElement, language: str | None) -> FoundDate | None:
    """The first date on a short line labelled as the publication, anywhere on a page without metadata."""
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "noscript", "template"):
            continue
        for text in (el.text, el.tail):
            if text and len(text) <= 80 and _PUBLISHED_LABEL.match(text.strip()):
                line = " ".join(text.split())
                try:
                    dates = find_dates(line, language)
                except Exception:  # a foreign date parser must not lose the page
                    continue
                if dates:
                    return dates[0]
    return None


# A date line beside the headline ("Stand: 28.04.2020 18:00 Uhr", "Updated May 6, 2019") is short;
# dates inside sentences there are about events, not about the page.
_DATE_LINE_CHARS = 50
_LINES_AFTER_HEADLINE = 15
_LINES_TO_BYLINE = 40
_LINES_BEFORE_HEADLINE = 3


def _headline(tree: HtmlElement, title: str) -> HtmlElement | None:
    """The article's headline element: the first ``<h1>`` (or ``<h2>``) that reads as the title, else
    the first ``<h1>`` with text that is not hidden (a site's logo or a screen-reader heading comes first)."""
    h1s = tree.findall(".//h1")
    visible = [h for h in h1s + tree.findall(".//h2")[:12]
               if not _HIDDEN_CLASSES.intersection((h.get("class") or "").lower().split())]
    key = _fold(title)
    if key:
        for h in visible:
            text = _fold(text_of(h))
            if text and (text == key or min(len(text), len(key)) >= 20 and (text in key or key in text)):
                return h
    shown = [h for h in visible if h.tag == "h1" and text_of(h)]
    return shown[0] if shown else (h1s[0] if h1s else None)


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _microdata_published(tree: HtmlElement) -> str:
    """The first element (not a ``<meta>`` tag) marked ``itemprop="datePublished"``: its datetime / content
    attribute, else its text."""
    for el in _MICRODATA_PUBLISHED(tree):
        return el.get("datetime") or el.get("content") or text_of(el)
    return ""


def _shown_date(tree: HtmlElement, language: str | None, title: str = "", url: str | None = None,
                authors: list[str] = ()) -> tuple[FoundDate, bool, bool] | None:
    """The first date on a short line just after the page's headline (or just before it), whether it is
    written with slashes (12/04/2020: day and month are ambiguous), and whether it is an update stamp
    (given only when the page shows no other date there)."""
    headline = _headline(tree, title)
    if headline is None:
        return None
    # Before the headline only the last few lines count: the elements giving them are kept and read at the end
    # (each of them gives at least one line), not the lines of every element above the headline.
    givers: deque[HtmlElement] = deque(maxlen=_LINES_BEFORE_HEADLINE)
    after: list[tuple[str, HtmlElement]] = []
    seen = False
    for el in tree.iter():
        if el is headline:
            seen = True
        if not (el.text and not el.text.isspace() or el.tail and not el.tail.isspace()):
            continue  # no line of its own (most elements): nothing to read, no stamp to check
        if not seen:
            if el.tail and not el.tail.isspace() or not _skipped(el):
                givers.append(el)
            continue
        after += _lines_of(el)
        if len(after) >= (_LINES_TO_BYLINE if authors else _LINES_AFTER_HEADLINE):
            break
    before = [line for el in givers for line in _lines_of(el)][-_LINES_BEFORE_HEADLINE:]
    # Farther down, the date that follows the author's name (a byline after a gallery or a teaser list).
    names = [n for n in authors if len(n) >= 4]
    bylined = [item for i, item in enumerate(after[_LINES_AFTER_HEADLINE:_LINES_TO_BYLINE], _LINES_AFTER_HEADLINE)
               if any(n in line for line, _ in after[i - 2:i] for n in names)]
    near = after[:_LINES_AFTER_HEADLINE] + before[::-1]
    update = None
    for k, (line, owner) in enumerate(near + bylined):
        if len(line) <= _DATE_LINE_CHARS and (k < len(near) or not in_comments(owner)):  # not an author's reply
            try:
                dates = find_dates(line, language)
            except Exception:  # a foreign date parser must not lose the page
                continue
            if dates and not _links_elsewhere(owner, url):
                if _UPDATE_LABEL.search(line) and k < len(near):
                    update = update or (dates[0], "/" in line, True)
                    continue
                return dates[0], "/" in line, False
    return update


def _skipped(el: HtmlElement) -> bool:
    """An element whose own text is no line of the page (code, a hidden or update stamp); its tail still is."""
    return not isinstance(el.tag, str) or el.tag in ("script", "style", "noscript", "template") or _is_update_stamp(el)


def _lines_of(el: HtmlElement) -> list[tuple[str, HtmlElement]]:
    """The element's own text and its tail as whitespace-normalised lines, each with the element holding it."""
    texts = [(el.tail, el.getparent())] if _skipped(el) else [(el.text, el), (el.tail, el.getparent())]
    return [(" ".join(t.split()), owner) for t, owner in texts if t and t.strip()]


_UPDATE_LABEL = re.compile(r"\b(?:mis à jour|updated?|aktualisiert|actualizado|aggiornato|bijgewerkt|stand)\b", re.I)


def _links_elsewhere(el: HtmlElement | None, url: str | None) -> bool:
    """Whether ``el`` sits in a link to another page: a date there belongs to that page (an embedded
    post, a teaser), while a theme's "Posted on <date>" links to the article itself."""
    for _ in range(3):
        if el is None:
            return False
        if el.tag == "a" and url:
            href = (el.get("href") or "").strip()
            if not href or href.startswith("#"):
                return False
            try:
                target = urlsplit(urljoin(url, href))
            except ValueError:
                return False
            here = urlsplit(url)
            return (target.netloc, target.path.rstrip("/")) != (here.netloc, here.path.rstrip("/"))
        el = el.getparent()
    return False


_HIDDEN_CLASSES = frozenset(("hidden", "rich-snippet-hidden", "visually-hidden", "visuallyhidden", "sr-only",
                             "screen-reader-text"))


def _is_update_stamp(el: HtmlElement) -> bool:
    """A stamp the reader does not see as the page's date: one marked as the time of the last change
    (``itemprop="dateModified"``; class "updated" beside a sibling marked "published", as WordPress
    themes print both) or one hidden by its class (``rich-snippet-hidden``)."""
    if el.get("itemprop", "").strip().lower() == "datemodified":
        return True
    classes = el.get("class", "").lower().split()
    if any(c in _HIDDEN_CLASSES for c in classes):
        return True
    if not any(c in ("updated", "modified") for c in classes) or any("publish" in c for c in classes):
        return False
    parent = el.getparent()
    return parent is not None and any("publish" in (sib.get("class") or "").lower() for sib in parent if sib is not el)


def _same_day(found: datetime | str | None, shown: FoundDate, slashed: bool) -> bool:
    """Whether ``found`` is the day ``shown``, or, for a date written with slashes, that day with day
    and month swapped (12/04 read the other way round: the structured date settles the ambiguity)."""
    if found is None:
        return False
    day = found[:10] if isinstance(found, str) else found.date().isoformat()
    swapped = f"{shown.day.year:04d}-{shown.day.day:02d}-{shown.day.month:02d}"
    return day == shown.day.isoformat() or (slashed and day == swapped)


def _parse_date(value: str, language: str | None = None) -> datetime | str | None:
    value = (value or "").strip()
    if not value:
        return None
    if _ISO_DAY.match(value):
        return value if 1990 <= int(value[:4]) <= datetime.now().year + 1 else None
    try:
        found: datetime | None = datetime.fromisoformat(value.replace(" ", "T", 1) if " " in value[:11] else value)
    except ValueError:
        found = _loose_date(value, language)
    if found is None or not 1990 <= found.year <= datetime.now().year + 1:
        return None
    return found


def _loose_date(value: str, language: str | None) -> datetime | None:
    try:
        dates = find_dates(value, language)
    except Exception:  # a foreign date parser must not lose the page
        return None
    if not dates:
        return None
    first = dates[0]
    try:
        return first.datetime()
    except (AttributeError, ValueError, OverflowError):
        return None


def _htmldate(tree: HtmlElement, url: str | None, *, extensive: bool) -> str | None:
    """htmldate's reading of the page (URL, markup, then text), for pages that state no date in metadata."""
    try:
        from htmldate import find_date

        with _collector_paused():
            day = find_date(tree, url=url, original_date=True, extensive_search=extensive)
    except Exception:  # htmldate is a best-effort fallback
        return None
    if extensive and day and day.endswith("-01-01") and day not in (url or ""):
        # The extensive search turns a bare year ("© 2026") into January 1st: not a date we know.
        return None
    return day if day and _ISO_DAY.match(day) else None


def load_date_parser() -> None:
    """Load what htmldate's extensive search loads on its first page that reaches dateparser: every locale's
    word lists and regexes (~1.1 s of CPU, ~46 MB). Ingest's fork server calls this before forking, so its
    workers share one copy instead of each building its own on that page (2 of 120 shared extraction pages
    get there). Caches only: dateparser does not try earlier pages' locales first (``try_previous_locales``
    stays off in htmldate), so a loaded parser reads every string as a fresh one would."""
    try:
        from htmldate import extractors

        parser = getattr(extractors, "get_external_parser", None)  # htmldate's own parser, where it has one
        if parser is not None:
            # A word no language has: dateparser tries (and so builds) every locale; "12 March 2020" would stop
            # at English and leave the rest to the first German page (0.9 s there). With the collector running:
            # paused (as _htmldate pauses it), the loading's cyclic garbage piled up and left the process
            # 118 MB larger instead of 46 MB (pymalloc's arenas, once touched, are not given back).
            parser().get_date_data("12 xqzj 2020")
    except Exception:  # noqa: BLE001 - htmldate is a best-effort fallback; its pages load it when needed
        pass


@contextmanager
def _collector_paused():
    """Python's cyclic garbage collector off for one call. htmldate's text search hands many strings to
    dateparser, whose allocations set the collector off again and again: profiled over every 8th page of the
    four benchmark sets, 85 % of the collections during lagebild's extraction (700 of 800, five of them full
    passes over every object of the loaded models, ~.1 s each) started inside it. Its garbage is freed by
    reference counting all the same; the collector resumes right after, within this extraction."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
