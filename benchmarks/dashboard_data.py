"""The 100k-article archive of the dashboard benchmark (``benchmarks/dashboard.py``), built once.

Articles come from ``tests/archive/archive_gen.make_articles`` (4 entities, no quotes, no stories);
each gets three more entities from a pool of 3,000 synthetic ones (Zipf-like popularity, mentioned
in an added sentence) and, every second article, a quote by one of its people. Stories are
**synthetic rows written through the archive's story store** (``Archive.story_store``: the same
``new_story`` / ``add_article`` / ``save_story`` calls the story stage makes), not the story
linker: the articles of one day are cut into stories of Zipf-like sizes (1 to ~80), and one article
in 20 is recorded as a near-duplicate of its story's first member.
"""

from __future__ import annotations

import json
import random
from datetime import datetime
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "archive"))

from archive_gen import make_articles  # noqa: E402

from lagebild import open_archive  # noqa: E402
from lagebild.model import Entity, Mention, Quote  # noqa: E402

_FIRST = ["Anna", "Jonas", "Maria", "Lukas", "Elena", "Piotr", "Sofia", "Ahmet", "Clara", "Tomasz", "Ines", "Mehmet"]
_LAST = ["Becker", "Nowak", "Yilmaz", "Richter", "Kowalski", "Dubois", "Fischer", "Rossi", "Lindqvist", "Horvat",
         "Schubert", "Petrov", "Moreau", "Kaya", "Wagner", "Novak"]
_ORG = ["Verband", "Institut", "Agentur", "Kommission", "Werke", "Stiftung", "Bank", "Union"]
_LOC = ["Nord", "Süd", "Ost", "West", "Ober", "Unter", "Neu", "Alt"]


def entity_pool(n: int = 3000, seed: int = 7) -> list[Entity]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        kind = ("PER", "PER", "ORG", "LOC")[i % 4]
        if kind == "PER":
            name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}-{i}"
        elif kind == "ORG":
            name = f"{rng.choice(_LAST)} {rng.choice(_ORG)} {i}"
        else:
            name = f"{rng.choice(_LOC)}hausen {i}"
        out.append(Entity(f"{kind}:synthetic-{i}", name, kind, None, [name]))
    return out


def decorate(article, i: int, rng: random.Random, pool: list[Entity]):
    """Three more entities (mentioned in one added sentence) and, every second article, a quote."""
    chosen = dict.fromkeys(min(int(rng.paretovariate(0.7)) - 1, len(pool) - 1) * 7 % len(pool) for _ in range(3))
    picks = [pool[k] for k in chosen]
    sentence = " und ".join(e.name for e in picks) + " trafen sich."
    text = article.text + "\n\n" + sentence
    pos = len(article.text) + 2
    for e in picks:
        article.mentions.append(Mention(pos, pos + len(e.name), e.name, e.type, e.id))
        pos += len(e.name) + len(" und ")
    article.entities += picks
    article.body = [*article.body, sentence]
    if i % 2 == 0:
        speaker = next((e for e in picks if e.type == "PER"), None)
        said = f"Wir werden die Lage in Runde {i % 97} genau beobachten."
        text += f"\n\n„{said}“"
        start = len(text) - len(said) - 1
        article.quotes.append(Quote(said, start, start + len(said), "direct", speaker.name if speaker else "Sprecher",
                                    speaker.id if speaker else None, "sagte"))
        article.body.append(f"„{said}“")
    article.text = text
    return article


def build(db: Path | str, n: int = 100_000) -> None:
    """The archive at ``db``: a file, or a ``postgresql://`` database."""
    pool = entity_pool()
    rng = random.Random(3)
    articles = (decorate(a, i, rng, pool) for i, a in enumerate(make_articles(n)))
    # loaded as `lagebild merge` loads (PostgreSQL: indexes built after, then vacuumed and analysed), so the
    # pages are timed on the archive a bulk load leaves, not on one whose statistics predate its rows
    with open_archive(db) as archive, archive.loading(n):
        report = archive.ingest(articles, batch_size=1000)
        print(f"stored {report.stored} articles", flush=True)
        synthetic_stories(archive, random.Random(5))


def synthetic_stories(archive, rng: random.Random) -> int:
    """Cut each day's articles into stories of Zipf-like sizes; written through the story store."""
    store = archive.story_store
    days: dict[str, list[tuple[int, str, str, float]]] = {}
    for aid, published, lang, title in archive.conn.execute(
            "SELECT id, published_utc, language, title FROM articles ORDER BY id"):  # SQL both backends run
        ts = datetime.fromisoformat(published.replace("Z", "+00:00")).timestamp()
        days.setdefault(published[:10], []).append((aid, lang, title, ts))
    made = 0
    with archive.transaction():
        for day, members in sorted(days.items()):
            rng.shuffle(members)
            while members:
                size = min(len(members), min(80, int(rng.paretovariate(1.1))))
                group, members = members[:size], members[size:]
                sid = store.new_story()
                first = group[0][0]
                for k, (aid, lang, title, ts) in enumerate(group):
                    dup = first if k and rng.random() < 0.05 else None
                    store.add_article({"article_id": aid, "story_id": sid, "duplicate_of": dup, "time": ts,
                                       "language": lang, "title": title, "exact": f"x{aid}", "shingles": 0,
                                       "signature": None, "terms": "{}", "names": "{}", "vector": None})
                times = [m[3] for m in group]
                store.save_story({"id": sid, "label": group[0][2], "label_article": first, "first_seen": min(times),
                                  "last_seen": max(times), "active": max(times), "size": len(group),
                                  "top_entities": json.dumps([]), "profile": "{}", "vector": None})
                made += 1
    print(f"made {made} synthetic stories", flush=True)
    return made


if __name__ == "__main__":
    target = Path(sys.argv[1])
    build(target, int(sys.argv[2]) if len(sys.argv) > 2 else 100_000)
