"""Numeric features of a page's text blocks (:mod:`._segment`), for the body classifier.

Per block: its text (length, words, sentence ends, stop words, digits, capitals, punctuation, date /
byline / boilerplate / credit shapes, its meaning as e5 input-embedding numbers), its links, its element
(tag, depth, hidden, the tags around it, its own and its ancestors' class and id words hashed into
buckets), the containers around it (how much text, link text and prose the parent, grandparent and
great-grandparent hold), its place in the page (order, text before it, distance from the headline) and
what other readers say of it: whether trafilatura's main-text pass kept it, whether the page's JSON-LD
``articleBody`` or description holds it. No words of any page are stored in the model: class and id
words go through a fixed hash, text through the fixed e5 table.
"""

from __future__ import annotations

import math
import re
import zlib
from dataclasses import dataclass

import numpy as np
from lxml.html import HtmlElement

from ..cues import EMBED_DIM, STOP_WORDS, WORD, word_vectors
from ..paragraphs import is_boilerplate, is_credit, is_plea
from ._segment import Block

HASH_BUCKETS = 64  # class/id words of the block's element and parents; as many again for farther ancestors
NEAR = 2  # ancestors whose class/id words count as "near" (the rest up to the root are "far")
LEVELS = 3  # containers above the block whose text is summed up
_CLASS_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_SQUASH = re.compile(r"[\W_]+")
_SENTENCE_END = re.compile(r"[.!?…][\"'”“»«)\]]*(?:\s|$)")
_DATE = re.compile(
    r"(?<!\d)(?:[0-3]?\d\.\s?[01]?\d\.\s?(?:19|20)?\d\d|(?:19|20)\d\d-[01]\d-[0-3]\d|[01]?\d/[0-3]?\d/(?:19|20)\d\d"
    r"|[0-3]?\d\.?\s+[A-Za-zäé]{3,9}\.?\s+(?:19|20)\d\d|[A-Za-z]{3,9}\.?\s+[0-3]?\d(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d)(?!\d)"
)
_BYLINE = re.compile(r"^(?:von|by|text|autor|autorin|author|written by|par|por|di|door)\s*:?\s+[A-ZÄÖÜÉ]", re.I)
_BULLET = re.compile(r"^[-•·*>»›▶►■□◆✓|]")
_TAGS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dd", "dt", "blockquote", "pre",
         "figcaption", "section", "article", "header", "footer", "nav", "aside", "span", "table", "form", "ul")
_TAG_INDEX = {t: i for i, t in enumerate(_TAGS)}
# elements around a block that say what region of the page it is in
_REGIONS = ("article", "main", "nav", "header", "footer", "aside", "form", "li", "table", "figure", "blockquote",
            "a", "ul", "h1", "h2", "h3", "button", "label")
_REGION_BIT = {t: 1 << i for i, t in enumerate(_REGIONS)}

TEXT_NAMES = [
    "loglen", "logwords", "avgword", "link_share", "sent_end", "sents_per_word", "ends_punct", "ends_colon",
    "stop_ratio", "upper_ratio", "title_ratio", "digit_ratio", "punct_ratio", "comma_rate", "bullet", "date",
    "byline", "boiler", "credit", "plea", "short_label", "hidden", "repeat", "prose",
]
PLACE_NAMES = [
    "rel_index", "chars_before", "chars_after", "log_depth", "headline", "after_headline", "log_from_headline",
    "in_traf", "in_rules", "traf_cover", "rules_cover", "jsonld_cover", "sig_traf", "sig_count", "traf_share", "traf_empty", "in_jsonld", "has_jsonld", "in_description", "log_page_chars",
    "log_page_blocks", "page_link_share", "prose_before", "prose_after",
]
NEIGHBOUR_NAMES = [f"{name}@{offset}" for offset in (-2, -1, 1, 2)
                   for name in ("loglen", "link_share", "prose", "in_traf", "in_rules")]
CONTAINER_NAMES = [f"{name}@{level}" for level in range(1, LEVELS + 1)
                   for name in ("c_loglen", "c_link_share", "c_logblocks", "c_prose_share", "c_page_share")]


def feature_names() -> list[str]:
    names = TEXT_NAMES + PLACE_NAMES + NEIGHBOUR_NAMES + CONTAINER_NAMES
    names += [f"tag={t}" for t in _TAGS] + ["tag=other"]
    names += [f"in={t}" for t in _REGIONS]
    names += [f"near#{i}" for i in range(HASH_BUCKETS)] + [f"far#{i}" for i in range(HASH_BUCKETS)]
    names += [f"vec{i}" for i in range(EMBED_DIM)]
    return names


@dataclass(slots=True)
class PageEvidence:
    """What the page says about its own text besides its blocks."""

    title: str = ""
    description: str = ""
    article_body: str = ""  # JSON-LD articleBody
    main_text: tuple[str, ...] = ()  # the paragraphs trafilatura's main-text pass kept
    rule_text: tuple[str, ...] = ()  # the body as lagebild's rules read it (siblings recovered, non-prose dropped)


def squash(text: str) -> str:
    return _SQUASH.sub("", text.casefold())


_TOKEN = re.compile(r"\w+")


def trigrams_list(text: str) -> list[tuple[str, str, str]]:
    """The text's word trigrams (casefolded) in order, repeats kept: the body chooser counts them."""
    tokens = _TOKEN.findall(text.casefold())
    return list(zip(tokens, tokens[1:], tokens[2:]))


def _trigrams(text: str) -> set[tuple[str, str, str]]:
    return set(trigrams_list(text))


def _cover(tokens: list[str], grams: set) -> float:
    """The share of a block's word trigrams found in a reader's text: a block that another reader took
    in part (it split the block at line breaks, or left a caption inside it out)."""
    own = list(zip(tokens, tokens[1:], tokens[2:]))
    return sum(g in grams for g in own) / len(own) if own and grams else 0.0


_WORD_CACHE: dict[str, tuple[int, ...]] = {}


def _class_buckets(value: str) -> tuple[int, ...]:
    """Hash buckets of the words in a class / id value ("article-body__text" -> article, body, text)."""
    found = _WORD_CACHE.get(value)
    if found is None:
        if len(_WORD_CACHE) > 50_000:
            _WORD_CACHE.clear()
        words = {w.lower() for w in _CLASS_WORD.findall(value) if len(w) >= 2}
        found = _WORD_CACHE[value] = tuple(sorted({zlib.crc32(w.encode()) % HASH_BUCKETS for w in words}))
    return found


class _Ancestry:
    """Per element, memoised: depth, the region tags above it, its near and far class-word buckets."""

    def __init__(self) -> None:
        self.memo: dict[HtmlElement, tuple[int, int, frozenset, frozenset]] = {}

    def of(self, el: HtmlElement) -> tuple[int, int, frozenset, frozenset]:
        found = self.memo.get(el)
        if found is not None:
            return found
        chain = []
        up = None
        node = el
        while node is not None:
            up = self.memo.get(node)
            if up is not None:
                break
            chain.append(node)
            node = node.getparent()
        for node in reversed(chain):
            attrib = node.attrib
            own = _class_buckets(f"{attrib.get('class', '')} {attrib.get('id', '')}") if attrib else ()
            if up is None:
                up = (0, 0, frozenset(own), frozenset())
            else:
                depth, regions, near, far = up
                tag = node.tag if isinstance(node.tag, str) else ""
                # "near" holds the element's own words and its NEAR parents'; older words move to "far"
                up = (depth + 1, regions | _REGION_BIT.get(tag, 0), frozenset(own), far | near)
            self.memo[node] = up
        return up

    def near_far(self, el: HtmlElement) -> tuple[int, int, set[int], frozenset]:
        """Depth, regions above (not the element itself), the buckets of the element and its NEAR
        parents, and those of every ancestor beyond."""
        depth, _, own, _ = self.of(el)
        near = set(own)
        node = el.getparent()
        for _ in range(NEAR):
            if node is None:
                break
            near.update(self.of(node)[2])
            node = node.getparent()
        far = self.of(node)[3] | self.of(node)[2] if node is not None else frozenset()
        parent = el.getparent()
        regions = self.of(parent)[1] if parent is not None else 0
        return depth, regions, near, far


def _char_counts(texts: list[str]) -> np.ndarray:
    """Per text: letters, capitals, digits and punctuation marks, counted over the page at once on its code
    points (Latin capitals; letters of other scripts count as letters, not capitals)."""
    cps = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
    starts = np.concatenate([[0], np.cumsum([len(t) for t in texts])[:-1]])
    upper = ((cps >= 65) & (cps <= 90)) | ((cps >= 0xC0) & (cps <= 0xDE) & (cps != 0xD7))
    digit = (cps >= 48) & (cps <= 57)
    punct = (((cps >= 33) & (cps <= 47)) | ((cps >= 58) & (cps <= 64)) | ((cps >= 91) & (cps <= 96))
             | ((cps >= 123) & (cps <= 126)) | ((cps >= 0xA1) & (cps <= 0xBF)) | (cps == 0xD7) | (cps == 0xF7)
             | ((cps >= 0x2000) & (cps <= 0x206F)) | ((cps >= 0x3000) & (cps <= 0x303F)))
    space = (cps <= 32) | (cps == 0xA0)
    letter = ~(digit | punct | space) & (cps != 95)
    kinds = np.column_stack([letter, upper, digit, punct]).astype(np.int32)
    return np.add.reduceat(kinds, starts, axis=0)


def _text_rows(blocks: list[Block], words: list[list[str]], counts: dict[str, int], keys: list[str]) -> np.ndarray:
    chars = _char_counts([b.text for b in blocks])
    rows = []
    for block, ws, key, (letters, upper, digits, punct) in zip(blocks, words, keys, chars.tolist()):
        text = block.text
        n = len(text)
        nw = len(ws)
        sents = len(_SENTENCE_END.findall(text + " ")) if nw else 0
        stop = sum(w.casefold() in STOP_WORDS for w in ws)
        last = text[-1]
        short = n <= 200
        rows.append([
            math.log1p(n), math.log1p(nw), min(n / max(nw, 1), 20.0) / 10, block.link_chars / n,
            float(last in ".!?\"”“«»)'’" and sents > 0), min(sents / max(nw, 1) * 10, 5.0), float(last in ".!?…"),
            float(last == ":"), stop / max(nw, 1), upper / max(letters, 1), sum(w[0].isupper() for w in ws) / max(nw, 1),
            digits / n, punct / n, min(text.count(",") / max(nw, 1) * 10, 5.0),
            float(_BULLET.match(text) is not None),
            float(n <= 120 and _DATE.search(text) is not None),
            float(n <= 120 and _BYLINE.match(text) is not None),
            float(short and is_boilerplate(text)),
            float(short and is_credit(text)),
            float(short and nw > 1 and is_plea(text)),
            float(nw <= 3 and sents == 0),
            float(block.hidden),
            math.log(counts[key]),
            float(nw >= 10 and sents >= 1 and stop >= 2),
        ])
    return np.array(rows, dtype=np.float32)


def block_features(blocks: list[Block], evidence: PageEvidence) -> tuple[np.ndarray, np.ndarray]:
    """The feature matrix of a page's blocks, one row per block, columns as :func:`feature_names`; and
    each block's containers (``LEVELS`` columns: the index of its parent, grandparent … among the page's
    containers, -1 where there is none), which the classifier's second stage averages over."""
    n = len(blocks)
    names = feature_names()
    out = np.zeros((n, len(names)), dtype=np.float32)
    groups = np.full((n, LEVELS), -1, dtype=np.int32)
    if not n:
        return out, groups
    keys = [squash(b.text) for b in blocks]
    counts: dict[str, int] = {}
    for k in keys:
        counts[k] = counts.get(k, 0) + 1
    words = [WORD.findall(b.text) for b in blocks]
    text = _text_rows(blocks, words, counts, keys)
    out[:, : len(TEXT_NAMES)] = text
    col = {name: i for i, name in enumerate(names)}
    chars = np.array([len(b.text) for b in blocks], dtype=np.float64)
    links = np.array([b.link_chars for b in blocks], dtype=np.float64)
    prose = text[:, TEXT_NAMES.index("prose")].astype(np.float64)
    _place(out, col, blocks, keys, chars, links, prose, evidence)
    ancestry = _Ancestry()
    _elements(out, col, blocks, ancestry, chars, links, prose, groups)
    _signatures(out, col, blocks)
    for offset in (-2, -1, 1, 2):
        for name in ("loglen", "link_share", "prose", "in_traf", "in_rules"):
            source = out[:, col[name]]
            target = out[:, col[f"{name}@{offset}"]]
            if offset > 0:
                target[:-offset] = source[offset:]
            else:
                target[-offset:] = source[:offset]
    out[:, col["vec0"]:] = word_vectors([w[:48] for w in words])
    return out, groups


def _place(out, col, blocks, keys, chars, links, prose, evidence: PageEvidence) -> None:
    n = len(blocks)
    idx = np.arange(n, dtype=np.float64)
    total = chars.sum() or 1.0
    before = np.cumsum(chars) - chars
    out[:, col["rel_index"]] = idx / max(n - 1, 1)
    out[:, col["chars_before"]] = before / total
    out[:, col["chars_after"]] = 1.0 - (before + chars) / total
    mass = prose * chars
    whole = mass.sum() or 1.0
    out[:, col["prose_before"]] = (np.cumsum(mass) - mass) / whole
    out[:, col["prose_after"]] = 1.0 - np.cumsum(mass) / whole
    out[:, col["log_page_chars"]] = math.log1p(total)
    out[:, col["log_page_blocks"]] = math.log1p(n)
    out[:, col["page_link_share"]] = links.sum() / total
    # the headline: the first block repeating the title, else the first <h1>
    title = squash(evidence.title)
    head = next((i for i, k in enumerate(keys) if title and k == title), None)
    if head is None:
        head = next((i for i, b in enumerate(blocks) if b.el.tag == "h1"), None)
    if head is not None:
        out[head, col["headline"]] = 1.0
        out[:, col["after_headline"]] = (idx > head).astype(np.float32)
        out[:, col["log_from_headline"]] = np.sign(idx - head) * np.log1p(np.abs(idx - head))
    else:
        out[:, col["after_headline"]] = 0.5
    main = [squash(p) for p in evidence.main_text]
    joined = "".join(main)
    exact = set(main)
    rules = [squash(p) for p in evidence.rule_text]
    rules_joined, rules_exact = "".join(rules), set(rules)
    covers = [(col["traf_cover"], _trigrams(" ".join(evidence.main_text))),
              (col["rules_cover"], _trigrams(" ".join(evidence.rule_text))),
              (col["jsonld_cover"], _trigrams(evidence.article_body))]
    out[:, col["traf_share"]] = len(joined) / max(1.0, sum(map(len, keys)))
    out[:, col["traf_empty"]] = float(len(joined) < 200)
    body = squash(evidence.article_body)
    out[:, col["has_jsonld"]] = float(len(body) >= 200)
    description = squash(evidence.description)
    for i, k in enumerate(keys):
        if not k:
            continue
        long = len(k) >= 25
        out[i, col["in_traf"]] = float(k in exact or (long and k in joined))
        out[i, col["in_rules"]] = float(k in rules_exact or (long and k in rules_joined))
        if long:
            tokens = _TOKEN.findall(blocks[i].text.casefold())
            for c, grams in covers:
                out[i, c] = _cover(tokens, grams)
        if body:
            out[i, col["in_jsonld"]] = float(k in body if long else k == body)
        if description and long:
            out[i, col["in_description"]] = float(k in description or description in k)


def _signatures(out, col, blocks) -> None:
    """Blocks made the way trafilatura's kept blocks are made: the share of the blocks with the same tag and
    class that trafilatura kept (a page sets all its paragraphs alike)."""
    kept: dict[tuple[str, str], list[float]] = {}
    signs = []
    in_traf = out[:, col["in_traf"]]
    for i, block in enumerate(blocks):
        sign = (block.el.tag, block.el.get("class") or "")
        signs.append(sign)
        acc = kept.setdefault(sign, [0.0, 0.0])
        acc[0] += in_traf[i]
        acc[1] += 1
    for i, sign in enumerate(signs):
        acc = kept[sign]
        out[i, col["sig_traf"]] = acc[0] / acc[1]
        out[i, col["sig_count"]] = math.log(acc[1])


def _elements(out, col, blocks, ancestry: _Ancestry, chars, links, prose, groups) -> None:
    n = len(blocks)
    near0, far0, tag0, in0 = col["near#0"], col["far#0"], col["tag=p"], col[f"in={_REGIONS[0]}"]
    other = col["tag=other"]
    ones_r: list[int] = []  # (row, column) of every one-hot and bucket feature, set in one go
    ones_c: list[int] = []
    depths = np.zeros(n)
    # containers: each block's parent, grandparent, great-grandparent, numbered per level
    numbers: list[dict[HtmlElement, int]] = [{} for _ in range(LEVELS)]
    for i, block in enumerate(blocks):
        el = block.el
        depth, regions, near, far = ancestry.near_far(el)
        depths[i] = depth
        cols = [tag0 + _TAG_INDEX[el.tag] if el.tag in _TAG_INDEX else other]
        cols += [in0 + bit for bit in range(len(_REGIONS)) if regions >> bit & 1]
        cols += [near0 + b for b in near]
        cols += [far0 + b for b in far]
        ones_r += [i] * len(cols)
        ones_c += cols
        node = el
        for level in range(LEVELS):
            node = node.getparent()
            if node is None:
                break
            seen = numbers[level]
            groups[i, level] = seen.setdefault(node, len(seen))
    out[ones_r, ones_c] = 1.0
    out[:, col["log_depth"]] = np.log1p(depths)
    mass = prose * chars
    total_prose = float(mass.sum()) or 1.0
    for level in range(LEVELS):
        g = groups[:, level]
        ok = g >= 0
        if not ok.any():
            continue
        size = int(g.max()) + 1
        sums = [np.bincount(g[ok], weights=w[ok], minlength=size) for w in (chars, links, np.ones(n), mass)]
        c_chars, c_links, c_count, c_mass = (v[g[ok]] for v in sums)
        base = col[f"c_loglen@{level + 1}"]
        safe = np.maximum(c_chars, 1e-9)
        out[ok, base] = np.log1p(c_chars)
        out[ok, base + 1] = c_links / safe
        out[ok, base + 2] = np.log1p(c_count)
        out[ok, base + 3] = c_mass / safe
        out[ok, base + 4] = c_mass / total_prose
