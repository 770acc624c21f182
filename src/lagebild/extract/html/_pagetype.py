"""Article or not: home pages, section fronts, product, service, forum and documentation pages become
``page_type="other"`` and are not stored as articles.

A small learned model (:class:`lagebild.extract.nets.Net`, weights ``lagebild/models/pagetype.npz`` trained
by ``scripts/train_extract.py``) reads page-level numbers: how much prose the main-text readers found and
how much of the page it is, links and teaser headlines, forms and buttons, prices, the schema.org types
the page declares, whether it names a date and an author, the rules' verdict (:func:`is_teaser_list`), and
what the page is about and how it is written: the mean of its blocks' 64-number word vectors (the e5 vectors
the block classifier reads, each block weighing by its characters). Leave-site-out on the four sets and
WCXB's 58 non-article pages the vector lifted the pages refused from 21 to 33 of 58 at the same .99 of articles
kept (docs/benchmarks.md, 2026-12-07).
Nothing about the URL: pages reach the extractor with and without one. Without weights (or unless
``"pagetype" in ExtractSettings.learned``) the rules decide (:func:`is_other_page`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np
from lxml.html import HtmlElement

from ...errors import ModelError
from ..metadata import Metadata
from ..nets import Net
from ..cues import EMBED_DIM
from ._features import TEXT_NAMES, feature_names

WEIGHTS_NAME = "pagetype.npz"
WEIGHTS = Path(__file__).resolve().parents[2] / "models" / WEIGHTS_NAME

# a sentence ends, or announces the table or list that follows (":", ";" between list items)
_END = tuple('.!?"“”»«):;')
MIN_PROSE = 500  # characters of sentence-like paragraphs an article has at least
MIN_TEASERS = 12  # blocks of headline-like link text a front page has at least
MIN_TEASERS_DECLARED = 4  # ... or at least this many when og:type says "website"
MIN_LINK_SHARE = 0.5  # and most of its visible text is link text
_PRICE = re.compile(r"(?:[$€£¥]\s?\d|\d(?:[.,]\d\d)?\s?(?:€|EUR|USD|\$))")
_TYPES = ("Article", "NewsArticle", "BlogPosting", "Product", "Offer", "FAQPage", "QAPage", "DiscussionForumPosting",
          "CollectionPage", "ItemList", "WebPage", "Organization", "LocalBusiness", "Service", "SoftwareApplication",
          "Recipe", "Event", "HowTo", "TechArticle", "Review")

PAGE_NAMES = [
    "rules_other", "is_article", "is_website", "has_body_jsonld", "has_date", "has_authors", "has_description",
    "log_chars", "log_blocks", "link_share", "log_main", "log_main_prose", "log_rules_prose", "main_share",
    "rules_share", "log_prose_blocks", "log_longest", "li_share", "form_share", "headline", "log_teasers",
    "log_forms", "log_inputs", "log_buttons", "log_headings", "log_prices",
] + [f"type={t}" for t in _TYPES] + [f"vec{i}" for i in range(EMBED_DIM)]


def prose_chars(paragraphs: list[str]) -> int:
    """Characters in paragraphs that read like running text (long, ending like a sentence)."""
    return sum(len(p) for p in paragraphs if len(p) >= 100 and p.rstrip().endswith(_END))


def is_teaser_list(md: Metadata, paragraphs: list[str], teasers: int, links: float) -> bool:
    """The rules' verdict: a list of teasers (no article data, little prose, many headline links, mostly link text)."""
    if md.is_article or md.article_body:
        return False
    if prose_chars(paragraphs) >= MIN_PROSE:
        return False
    # A page that calls itself a website (og:type) needs fewer teasers to be believed.
    if teasers < (MIN_TEASERS_DECLARED if md.is_website else MIN_TEASERS):
        return False
    return links >= MIN_LINK_SHARE


def teaser_links(tree: HtmlElement) -> int:
    """Links whose text looks like a headline (four words or more)."""
    return sum(1 for link in tree.iterfind(".//a") if link.get("href") and len(link.text_content().split()) >= 4)


def link_share(tree: HtmlElement) -> float:
    """Share of the body's visible text that sits inside links."""
    body = tree.find(".//body")
    if body is None:
        return 0.0
    total = len(" ".join(body.text_content().split()))
    linked = sum(len(" ".join(a.text_content().split())) for a in body.iterfind(".//a"))
    return linked / total if total else 0.0


def is_other_page(tree: HtmlElement, md: Metadata, paragraphs: list[str]) -> bool:
    """The rules alone (no block features needed): :func:`is_teaser_list`, the tree walks done only when
    the cheaper checks leave the question open."""
    if md.is_article or md.article_body or prose_chars(paragraphs) >= MIN_PROSE:
        return False
    if teaser_links(tree) < (MIN_TEASERS_DECLARED if md.is_website else MIN_TEASERS):
        return False
    return link_share(tree) >= MIN_LINK_SHARE


def page_row(tree: HtmlElement, md: Metadata, features: np.ndarray, main: list[str], rules: list[str],
             texts: list[str]) -> np.ndarray:
    """The page's numbers (:data:`PAGE_NAMES`) from its block ``features`` (one row per block, with the
    block ``texts``), trafilatura's ``main`` text and the rules' body."""
    col = {n: i for i, n in enumerate(feature_names())}
    chars = np.expm1(features[:, col["loglen"]].astype(np.float64)) if len(features) else np.zeros(0)
    total = float(chars.sum()) or 1.0
    linked = features[:, col["link_share"]] * chars if len(features) else np.zeros(0)
    links = float(linked.sum()) / total
    # teaser headlines: blocks of four words or more that are mostly link text
    teasers = int(((linked >= 0.75 * chars) & (features[:, col["logwords"]] >= math.log1p(4))).sum()) if len(features) else 0
    tags = Counter(el.tag for el in tree.iter("form", "input", "button", "h2", "h3"))
    prose = features[:, TEXT_NAMES.index("prose")] if len(features) else np.zeros(0)
    li = features[:, col["in=li"]] if len(features) else np.zeros(0)
    form = features[:, col["in=form"]] if len(features) else np.zeros(0)
    types = set(md.types)
    row = [
        float(is_teaser_list(md, rules, teasers, links)), float(md.is_article), float(md.is_website),
        float(bool(md.article_body)), float(md.published is not None), float(bool(md.authors)),
        float(bool(md.description)), math.log1p(total), math.log1p(len(features)), links,
        math.log1p(sum(map(len, main))), math.log1p(prose_chars(main)), math.log1p(prose_chars(rules)),
        sum(map(len, main)) / total, sum(map(len, rules)) / total, math.log1p(float(prose.sum())),
        math.log1p(float(chars.max(initial=0.0))), float((li * chars).sum()) / total, float((form * chars).sum()) / total,
        float(features[:, col["headline"]].max(initial=0.0)) if len(features) else 0.0, math.log1p(teasers),
        math.log1p(tags["form"]), math.log1p(tags["input"]), math.log1p(tags["button"]),
        math.log1p(tags["h2"] + tags["h3"]),
        math.log1p(sum(len(_PRICE.findall(t)) for t in texts if len(t) < 80)),
    ] + [float(t in types) for t in _TYPES]
    vec = col["vec0"]
    mean = (chars / total) @ features[:, vec:vec + EMBED_DIM].astype(np.float64) if len(features) else np.zeros(EMBED_DIM)
    return np.concatenate([np.array(row, dtype=np.float64), mean])


def is_other(row: np.ndarray, model_dir: str | None) -> bool:
    """Whether the page is not an article: by the learned model, else by the rules' verdict."""
    found = load(Path(model_dir) if model_dir else None)
    if found is None:
        return bool(row[0])
    net, threshold = found
    return bool(net.predict(row[None, :])[0] >= threshold)


def load(folder: Path | None = None) -> tuple[Net, float] | None:
    """The network and its threshold on P(not an article), trained to keep nearly every article."""
    path = folder / WEIGHTS_NAME if folder else WEIGHTS
    return _load(path) if path.exists() else None


@lru_cache(maxsize=8)
def _load(path: Path) -> tuple[Net, float]:
    try:
        with np.load(path, allow_pickle=False) as data:
            if list(data["names"]) != PAGE_NAMES:
                raise ModelError(f"page type model {path} was trained on other features; rerun scripts/train_extract.py")
            return Net.read(data, ""), float(data["threshold"])
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(f"page type model {path} cannot be read: {exc}") from exc
