"""Which site each benchmark page comes from, and the leave-site-out folds built on that.

    groups = site_groups([root, ...])          # page id -> site group, over all sets at once
    fold_of(groups[page_id])                    # 0 .. FOLDS-1

A page id is ``"<set>/<page>"``. A page's site is the registrable part of its URL's host ("www.spiegel.de",
"m.spiegel.de" -> "spiegel.de"; "news.bbc.co.uk" -> "bbc.co.uk"); pages of trafilatura's evaluation
data without a URL are named after their site ("100noticias.com-millones.html"). Pages kept by the Web Archive count for the
site they copy. Blogs on one platform's subdomains ("x.wordpress.com") stay one site: they share its
templates. Fundus names each page's
publisher: pages of one publisher are one site even where its hosts differ. Sites that share a host or a
publisher are merged across all sets (union-find), so that no fold trains on a site another fold tests.
Each group goes to one of :data:`FOLDS` folds by the MD5 of its smallest key: stable, and the same for a
site whichever sets are loaded with it.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

FOLDS = 5
_SECOND_LEVEL = frozenset("co com net org gov edu ac or ne go gob nic mil ltd plc sch".split())
_ARCHIVED = re.compile(r"^https?://web\.archive\.org/web/[^/]*/+(https?://.+)$")
_TLD_IN_NAME = re.compile(r"^(.+?\.(?:[a-z]{2}|com|net|org|info|biz|news|online|blog))(?:[.-]|$)", re.I)


def domain(host: str) -> str:
    """The registrable part of a host name (no public-suffix list: two labels, three under "co.uk" and the like)."""
    parts = [p for p in host.lower().strip(".").split(".") if p]
    if len(parts) >= 3 and parts[-2] in _SECOND_LEVEL and len(parts[-1]) == 2:
        return ".".join(parts[-3:])
    return ".".join(parts[-2:])


def page_site(url: str | None, file_name: str) -> str:
    """The site of one page: its URL's domain, else the site its file is named after."""
    if url and url.startswith("http"):
        archived = _ARCHIVED.search(url)
        if archived:  # a copy in the Web Archive: the site is the archived page's
            url = archived.group(1)
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:
            host = ""
        if host:
            return domain(host)
    found = _TLD_IN_NAME.match(Path(file_name).name)
    return domain(found.group(1)) if found else Path(file_name).stem.lower()


def set_pages(root: Path) -> dict[str, tuple[str | None, str | None]]:
    """page name -> (URL, publisher) for one set (``pages.jsonl``, ``evaldata.jsonl``, ``ground-truth.json``,
    and ``other/`` pages listed in ``pagetypes.jsonl``)."""
    found: dict[str, tuple[str | None, str | None]] = {}
    truth: dict = {}
    if (root / "ground-truth.json").exists():
        truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    for name in ("pages.jsonl", "evaldata.jsonl"):
        if (root / name).exists():
            for line in (root / name).open(encoding="utf-8"):
                if line.strip():
                    item = json.loads(line)
                    page = Path(item.get("html_file") or item["file"]).stem
                    found[page] = (item.get("url"), (truth.get(page) or {}).get("publisher"))
    if (root / "pagetypes.jsonl").exists():
        for line in (root / "pagetypes.jsonl").open(encoding="utf-8"):
            item = json.loads(line)
            if item.get("file") and item.get("page_type") != "article":
                found[f"other/{Path(item['file']).stem}"] = (f"https://{item['domain']}/", None)
    for page, item in truth.items():
        found.setdefault(page, (item.get("url"), item.get("publisher")))
    return found


def page_keys(url: str | None, page: str, publisher: str | None = None) -> list[str]:
    """The keys that tie a page to its site: its site's name, and its publisher where the set names one."""
    keys = ["site:" + page_site(url, page)]
    if publisher:
        keys.append("publisher:" + publisher.lower())
    return keys


def site_groups(roots: list[Path]) -> dict[str, str]:
    """``"<set>/<page>"`` -> the key of its site group, over all ``roots`` together."""
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    keys: dict[str, list[str]] = {}
    for root in roots:
        for page, (url, publisher) in set_pages(root).items():
            found = page_keys(url, page, publisher)
            for other in found[1:]:
                union(found[0], other)
            keys[f"{root.name}/{page}"] = found
    return {page: find(k[0]) for page, k in keys.items()}


def key_folds(roots: list[Path]) -> dict[str, int]:
    """Every site and publisher key of the sets' pages -> its fold (what a fold's weights never saw)."""
    groups = site_groups(roots)
    out: dict[str, int] = {}
    for root in roots:
        for page, (url, publisher) in set_pages(root).items():
            fold = fold_of(groups[f"{root.name}/{page}"])
            for key in page_keys(url, page, publisher):
                out[key] = fold
    return out


def fold_of(group: str, folds: int = FOLDS) -> int:
    return hashlib.md5(group.encode()).digest()[0] % folds
