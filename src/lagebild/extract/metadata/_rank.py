"""Title, publication date and authors as a learned choice among the page's candidates.

Each field's candidates come from its module (:func:`._title.title_candidates`, :func:`._date.date_candidates`,
:func:`._authors.author_candidates`): the value every source offers, named by its source, and the rules'
own pick (source ``cascade``). Candidates with the same value are merged (their sources pooled); each
gets a few numbers — which sources offer it, how many agree, its shape, how it relates to the page's
URL and to the other candidates — and a scorer rates it: small networks (:class:`lagebild.extract.nets.Net`)
for the date, boosted trees trained to rank each page's candidates (LambdaRank,
:class:`lagebild.extract.trees.Trees`, three ensembles of successive seeds, scores summed) for title and author.
The best-scoring candidate wins; an author only when it scores above the page's "no author" row by a
floor learned with the trees (:meth:`Rankers.choose`), else no one is named — unless JSON-LD declares it the
author (:func:`declared`). Weights live in
``lagebild/models/metadata.npz``, trained by ``scripts/train_extract.py`` on the four benchmark sets; without
them the rules' pick stands.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import numpy as np

from ...errors import ModelError
from ..nets import Net, log_odds
from ..trees import Trees
from ._title import is_site

WEIGHTS_NAME = "metadata.npz"
WEIGHTS = Path(__file__).resolve().parents[2] / "models" / WEIGHTS_NAME
FIELDS = ("title", "date", "author")

TITLE_SOURCES = ["cascade", "ld", "ld_strip", "ld_h1seg", "og", "og_strip", "og_h1seg", "tw", "tw_strip", "tw_h1seg",
                 "tt", "tt_strip", "tt_h1seg", "tt_seg_first", "tt_seg_mid", "tt_seg_last", "name", "name_strip",
                 "name_h1seg", "heading_first", "heading_second", "heading"]
DATE_SOURCES = ["cascade", "ld_pub", "ld_created", "page_pub", "meta_pub", "microdata", "meta_generic", "shown",
                "shown_update", "shown_slashed", "modified", "url", "time_el", "labelled", "htmldate"]
AUTHOR_SOURCES = ["cascade", "ld", "ld_creator", "ld_org", "meta", "labelled", "byline", "credit", "byline_org",
                  "credit_org", "page", "label_next", "byline_piece", "author_link", "lead_name", "signature",
                  "byline_other", "site_named", "site"]
_TYPOGRAPHY = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
                             "\u2018": "'", "\u2019": "'", "\u2026": "...", "\u2013": "-", "\u2014": "-"})
_WORD = re.compile(r"\w+")
_SEP = re.compile(r"\s(?:[|\-–—:·•»«›‹~/<>]|::)\s")
_ELLIPSIS = re.compile(r"(?:\.\.\.|…)\s*$")


def fold(text: str) -> str:
    """What makes two titles the same: case, spacing and typographic quotes and dashes aside."""
    return " ".join((text or "").split()).translate(_TYPOGRAPHY).casefold()


def name_key(names: list[str]) -> str:
    return " ".join(sorted({t for t in _WORD.findall(fold(" ".join(names))) if t not in ("von", "by", "und", "and")}))


def day_of(value: Any) -> str:
    return value[:10] if isinstance(value, str) else value.date().isoformat()


@dataclass(slots=True)
class Candidate:
    value: Any
    key: str
    sources: set[str] = field(default_factory=set)


def merge(found: list[tuple[Any, str]], key) -> list[Candidate]:
    """Candidates with the same key as one, their sources pooled (first value kept)."""
    out: dict[str, Candidate] = {}
    for value, source in found:
        k = key(value)
        if not k:
            continue
        cand = out.get(k)
        if cand is None:
            cand = out[k] = Candidate(value, k)
        cand.sources.add(source)
    return list(out.values())


def _flags(cand: Candidate, names: list[str]) -> list[float]:
    return [float(n in cand.sources) for n in names] + [math.log(len(cand.sources))]


def _url_words(url: str | None) -> set[str]:
    try:
        path = unquote(urlsplit(url or "").path)
    except ValueError:
        return set()
    return {w for w in _WORD.findall(path.casefold()) if not w.isdigit()}


_TAG_SOURCES = frozenset(("ld", "og", "tw", "tt", "name"))
_HEADING_SOURCES = frozenset(("heading_first", "heading_second", "heading"))


def _overlap(words: set[str], others: list[set[str]]) -> float:
    """The best word overlap (Jaccard) of a candidate with any of ``others``."""
    return max((len(words & o) / len(words | o) for o in others if o and o != words), default=0.0)


def title_rows(cands: list[Candidate], url: str | None, sites: list[str] = (), host: str = "") -> np.ndarray:
    """The title candidates' numbers; column :data:`SITE_NAME` says the candidate is the site's name."""
    slug = _url_words(url)
    keys = [c.key for c in cands]
    longest = max((len(k) for k in keys), default=1) or 1
    words_of = [set(_WORD.findall(k)) for k in keys]
    tags = [w for w, c in zip(words_of, cands) if c.sources & _TAG_SOURCES]
    headings = [w for w, c in zip(words_of, cands) if c.sources & _HEADING_SOURCES]
    site_keys = {"".join(_WORD.findall(fold(s))) for s in [*sites, host] if s}
    site_keys.discard("")
    rows = []
    for cand, words in zip(cands, words_of):
        text = cand.value
        shared = len(words & slug)
        letters = [c for c in text if c.isalpha()]
        squashed = "".join(_WORD.findall(cand.key))
        others = [k for k in keys if k != cand.key]
        rows.append(_flags(cand, TITLE_SOURCES) + [
            math.log1p(len(text)), math.log1p(len(text.split())), len(cand.key) / longest,
            float(_SEP.search(text) is not None), float(_ELLIPSIS.search(text) is not None),
            shared / max(1, len(words)), shared / max(1, len(slug)), float(bool(slug)),
            sum(cand.key in k for k in keys if k != cand.key) / max(1, len(keys) - 1),
            sum(k in cand.key for k in keys if k != cand.key) / max(1, len(keys) - 1),
            sum(c.isupper() for c in letters) / max(1, len(letters)),
            float(text.rstrip()[-1:] in ".!?"),
            _overlap(words, tags), _overlap(words, headings),
            float(squashed in site_keys), float(any(k in squashed for k in site_keys if len(k) >= 4)),
            float(any(k.startswith(cand.key) for k in others)), float(any(k.endswith(cand.key) for k in others)),
        ])
    return np.array(rows, dtype=np.float64)


SITE_NAME = len(TITLE_SOURCES) + 15  # the column of :func:`title_rows` set when the candidate is the site's name


def best(field_name: str, nets: list[Net | Trees], rows: np.ndarray) -> int:
    """The index of the best-scoring candidate by the field's scorers (small nets, or ranking trees as the
    title's; scores summed as :func:`scores` does). A title is never the site's name while another candidate is
    there: nets of some trainings put a bare site name first on a page with little else (a ``<title>`` "Site -
    Headline" and its ``og:site_name``), and on the four benchmark sets the rule changes no leave-site-out pick's
    outcome (two of 1,208 pages have a right candidate equal to the site name; both keep a right pick)."""
    score = scores(nets, rows)
    if field_name == "title" and rows.shape[1] > SITE_NAME:
        site = rows[:, SITE_NAME] == 1
        if (~site).any():
            score = np.where(site, -np.inf, score)
    return int(np.argmax(score))


def date_rows(cands: list[Candidate]) -> np.ndarray:
    days = sorted(c.key for c in cands)
    url_day = next((c.key for c in cands if "url" in c.sources), None)
    modified = next((c.key for c in cands if "modified" in c.sources), None)

    def gap(a: str, b: str | None) -> float:
        if not b:
            return 0.0
        try:
            delta = (datetime.fromisoformat(a) - datetime.fromisoformat(b)).days
        except ValueError:
            return 0.0
        return math.copysign(math.log1p(abs(delta)), delta)

    rows = []
    for cand in cands:
        clock = not isinstance(cand.value, str)
        rows.append(_flags(cand, DATE_SOURCES) + [
            float(cand.key == days[0]), float(cand.key == days[-1]), float(clock), math.log(len(days)),
            gap(cand.key, url_day), float(url_day is not None), gap(cand.key, modified), float(modified is not None),
            gap(cand.key, days[0]),
        ])
    return np.array(rows, dtype=np.float64)


# A byline's elements joined without a space: a cue or a role glued to the name ("BySummer Swann", "Jane DoeWriter").
_GLUED = re.compile(r"[a-zß-öø-ÿ][A-ZÀ-ÖØ-Þ]")
_GLUED_CUE = re.compile(r"^(?:by|von|par|por)(?=[A-ZÀ-ÖØ-Þ])", re.I)
_ROLE_WORD = re.compile(r"\b(?:writer|editor|reporter|correspondent|columnist|contributor|founder|director|ceo|"
                        r"president|manager|expert|redakteur\w*|autor\w*|author)\b", re.I)


# a login handle, not a spelled-out name: "jane.doe", "j_doe", "jdoe84"
_HANDLE = re.compile(r"^(?=\S*[a-z])[a-z0-9]+(?:[._-][a-z0-9]+)*$|^\S+[._]\S+$")


_LOWER_OK = frozenset(("von", "van", "vom", "zu", "de", "del", "della", "der", "den", "da", "di", "du", "dos", "das", "le",
                       "la", "al", "el", "bin", "ibn", "ten", "ter", "af", "y", "und", "and", "et", "e"))


def author_rows(cands: list[Candidate], shown_text: str, sites: list[str] = (), host: str = "",
                interface: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())) -> np.ndarray:
    """The author candidates' numbers; among the last, a name is the site's own ("Example Times" on
    example-times.com; organisations stand in for a person there), a name of several words holds a
    lowercase word that is no particle ("Insights from", "The Author": a label, not a name), a name is the whole
    text of one of the page's menu items, buttons or form labels, and the share of its words found in those
    (``interface``: :func:`._author_marks.interface_texts`; "Privacy Policy", "Open Today" are interface text, not
    names), a name holds the site's name loosely ("Example Camera" on example.com: a brand's line signed, not a
    person) and a name is a login handle ("jane.doe": a structured source's account, where the byline spells the
    person out)."""
    texts, words_shown = interface
    joined = [" ".join(c.value).casefold() for c in cands]
    rows = []
    for k, cand in enumerate(cands):
        names = cand.value
        words = [len(n.split()) for n in names]
        others = [j for i, j in enumerate(joined) if i != k and j != joined[k]]
        rows.append(_flags(cand, AUTHOR_SOURCES) + [
            math.log(len(names)), float(all(w >= 2 for w in words)), float(any(w == 1 for w in words)),
            sum(words) / len(words), float(any(any(ch.isdigit() for ch in n) for n in names)),
            float(all(n in shown_text for n in names)) if shown_text else 0.5,
            float(any(n.isupper() for n in names)), float(len(names) > 3),
            float(any(_GLUED.search(n) for n in names)), float(any(_GLUED_CUE.match(n) for n in names)),
            float(any(_ROLE_WORD.search(n) for n in names)),
            float(any(joined[k] in j for j in others)), float(any(j in joined[k] for j in others)),
            float(any(is_site(n, list(sites), host, strict=True) for n in names)),
            float(any(len(n.split()) > 1 and any(w.islower() and w not in _LOWER_OK for w in n.split()) for n in names)),
            float(any(" ".join(n.split()).casefold() in texts for n in names)), _share_in(joined[k], words_shown),
            float(any(is_site(n, list(sites), host) for n in names)), float(any(_HANDLE.match(n) for n in names)),
            0.0,  # the "no author" row's own column (:func:`no_author_row`)
        ])
    return np.array(rows, dtype=np.float64)


def _share_in(text: str, words: frozenset[str]) -> float:
    """The share of ``text``'s words (two letters or more) among ``words``."""
    own = _WORD.findall(text)
    own = [w for w in own if len(w) > 1]
    return sum(w in words for w in own) / len(own) if own else 0.0


def no_author_row(width: int) -> np.ndarray:
    """The row of a "no author" choice: nothing but its own column (the last) set. The author ranker is trained
    with it among each page's candidates — right on pages whose record names no one, so that a page's menu words
    and site names learn to rank below nothing. At run time the page's best candidate is named when its score
    beats this row's by the ranker's floor (:attr:`Rankers.floors`, chosen by inner leave-site-out folds in
    ``scripts/train_extract.py``); the bare row's win (floor 0) cost .02-.06 of the right authors leave-site-out
    (docs/benchmarks.md, 2026-12-07, x15a)."""
    row = np.zeros((1, width))
    row[0, -1] = 1.0
    return row


def scores(nets: list[Net | Trees], rows: np.ndarray) -> np.ndarray:
    """The candidates' summed scores under ``nets`` (several scorers of one field: an ensemble over seeds): a
    net's log-odds, a ranking ensemble's summed leaves (:class:`Trees`)."""
    total = np.zeros(len(rows))
    for scorer in nets:
        total += scorer.log_odds(rows) if isinstance(scorer, Trees) else log_odds([scorer], rows)
    return total


class Rankers:
    """The scorers of each field (nets or ranking trees); a field without one keeps the rules' pick."""

    def __init__(self, nets: dict[str, list], floors: dict[str, float] | None = None):
        self.nets = nets
        self.floors = floors or {}  # field -> how far its best must score above "no author" (absent: always named)

    def choose(self, field_name: str, cands: list[Candidate], rows: np.ndarray) -> Candidate | None:
        nets = self.nets.get(field_name)
        if not nets or not cands:
            return next((c for c in cands if "cascade" in c.sources), None)
        pick = best(field_name, nets, rows)
        floor = self.floors.get(field_name)
        if floor is not None and not declared(rows, pick) and named_margin(nets, rows, pick) < floor:
            return None
        return cands[pick]


# The source by which a page itself declares a person its author: JSON-LD's ``author`` (not typed Organization). A
# candidate it offers is named even below the floor: the trees' margin over "no author" reads mostly the visible
# page, and a page that draws its byline by script (none in its HTML) lost its declared author to it. Also sparing
# ``<meta name=author>`` named a few more sites and companies where no one is credited (docs/benchmarks.md,
# 2026-12-07, fix14a).
DECLARED = [AUTHOR_SOURCES.index("ld")]
_ORGANISATION = AUTHOR_SOURCES.index("ld_org")  # JSON-LD's author typed Organization: a desk or the site, no person


def declared(rows: np.ndarray, pick: int) -> bool:
    """Whether the author candidate ``pick`` (a row of :func:`author_rows`) is a person the page declares
    (:data:`DECLARED`, not typed Organization): never dropped for the "no author" floor."""
    return bool(rows[pick, DECLARED].any()) and not rows[pick, _ORGANISATION]


def named_margin(nets: list[Net | Trees], rows: np.ndarray, pick: int) -> float:
    """How far candidate ``pick`` scores above the "no author" row (:func:`no_author_row`) of the rows' width."""
    both = np.vstack([rows[pick:pick + 1], no_author_row(rows.shape[1])])
    score = scores(nets, both)
    return float(score[0] - score[1])


def prefixes(field_name: str, count: int, trees: bool = False) -> list[str]:
    """Where a field's nets are stored in the ``.npz``: "title_", then "title1_", "title2_" …; its ranking trees:
    "title_trees0_", "title_trees1_" …"""
    if trees:
        return [f"{field_name}_trees{k}_" for k in range(count)]
    return [f"{field_name}_" if k == 0 else f"{field_name}{k}_" for k in range(count)]


def load(folder: Path | None = None) -> Rankers:
    """The rankers in ``folder`` (default: the shipped ones); none (the rules decide) when the file is absent."""
    path = folder / WEIGHTS_NAME if folder else WEIGHTS
    return _load(path) if path.exists() else Rankers({})


@lru_cache(maxsize=8)
def _load(path: Path) -> Rankers:
    try:
        with np.load(path, allow_pickle=False) as data:
            nets: dict[str, list] = {}
            for f in FIELDS:
                count = next(k for k in range(1, 64) if f"{prefixes(f, k + 1)[-1]}w1" not in data)
                if f"{f}_w1" in data:
                    nets[f] = [Net.read(data, prefix) for prefix in prefixes(f, count)]
                count = next(k for k in range(64) if f"{prefixes(f, k + 1, True)[-1]}feature" not in data)
                if count:
                    nets[f] = [Trees.read(data, prefix) for prefix in prefixes(f, count, True)]
            widths = {"title": title_rows([Candidate("x", "x", {"ld"})], None, [], "").shape[1],
                      "date": date_rows([Candidate("2020-01-01", "2020-01-01", {"ld_pub"})]).shape[1],
                      "author": author_rows([Candidate(["A B"], "a b", {"ld"})], "").shape[1]}
            for f, group in nets.items():
                # trees store the width they were trained on: a split reads one column, a row may have more
                if any(net.params["w1"].shape[0] != widths[f] if isinstance(net, Net)
                       else int(data.get(f"{f}_width", -1)) != widths[f] for net in group):
                    raise ModelError(f"metadata ranker {path} was trained on other features; rerun scripts/train_extract.py")
            floors = {f: float(data[f"{f}_floor"]) for f in FIELDS if f"{f}_floor" in data}
            return Rankers(nets, floors)
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(f"metadata ranker {path} cannot be read: {exc}") from exc
