"""The NER corpora in ../shared/benchmarks/ner as sets of ``(words, BIO tags)`` sentences over PER/ORG/LOC/MISC.

A *set* is one split of one corpus, named ``<corpus>_<split>`` (``wikiann_train``, ``smartdata_test``…).
``SETS[name]()`` returns its sentences; ``ROLES`` says which split of a corpus trains, which tunes and which
is the reported held-out test. Label maps (every corpus ends up in our four types, ``O`` elsewhere):

* GermEval 2014: OTH → MISC, ``*deriv``/``*part`` → O (``conll_4class``). Its *test* split is training data here
  (the 24,000-sentence train split is not available), its dev split tunes and is the reported figure.
* CoNLL-2003 English, Europarl German: PER/ORG/LOC/MISC as they are.
* WikiANN German: PER/ORG/LOC (silver, from Wikipedia links); no MISC annotated.
* German LER (court decisions): persons, judges, lawyers → PER; countries, cities, streets, landscapes → LOC;
  organisations, companies, institutions, courts, brands → ORG; norms, regulations, contracts, decisions,
  literature → O. Training uses the sentences with an entity (≤ 80 words) and a sample of the others; its
  dev set (for choosing epochs) the dev sentences with an entity and every tenth of the others.
* DFKI SmartData: JSON documents with character-offset spans, tokenised and sentence-split by the runtime
  tokenizer (``enrich/tokens.py`` ``word_sentences``). ``person`` → PER; ``organization``, ``organization-company`` → ORG;
  ``location``, ``location-city``, ``-street``, ``-stop`` → LOC; dates, positions, triggers → O. SmartData
  also annotates descriptions ("Deutschlands größte Fluggesellschaft", "beiden Richtungen", "deutschen") that
  other corpora leave unlabelled: a span counts as a name only if every word but a few particles starts with a
  capital or a digit; the others, and routes (train numbers, "S-Bahn-Verkehr Stuttgart"), are tagged ``X``:
  unknown, any tag allowed in training and nothing scored there (lower-case names such as "dpa" land here too).
  Spans that do not end on token bounds ("Google" in "Google-Ableger") are O (GermEval's ``*part``). Its dev
  split is every tenth train document.

Tags are IOB2 over PER/ORG/LOC/MISC, ``O``, and ``X`` (unknown; SmartData only). ``TYPES_OF[corpus]`` lists the types a corpus annotates: where a type is missing, its ``O`` may hide that type
(``train_ner.py --partial`` lets those tokens take it).
"""

from __future__ import annotations

import gzip
import json
import random
import re
from collections import Counter
from pathlib import Path

from lagebild.enrich.ner.conll import read_conll
from lagebild.enrich.tokens import word_sentences as split_sentences

DATA = Path(__file__).resolve().parents[2] / "shared/benchmarks/ner"
Sentence = tuple[list[str], list[str]]

LER_TYPES = {
    "PER": "PER", "RR": "PER", "AN": "PER",  # persons, judges, lawyers
    "LD": "LOC", "ST": "LOC", "STR": "LOC", "LDS": "LOC",  # countries, cities, streets, landscapes
    # organisations, companies, institutions, courts, brands
    "ORG": "ORG", "UN": "ORG", "INN": "ORG", "GRT": "ORG", "MRK": "ORG",
}
SMARTDATA_TYPES = {
    "person": "PER", "organization": "ORG", "organization-company": "ORG",
    "location": "LOC", "location-city": "LOC", "location-street": "LOC", "location-stop": "LOC",
}
# lower-case words allowed inside a name ("Bank of America", "Frankfurt am Main", "Rhein-Sieg-Kreis")
NAME_PARTICLES = {
    "am", "an", "auf", "bei", "d", "da", "de", "del", "der", "des", "di", "die", "du", "für", "im", "in", "la", "le",
    "of", "ob", "the", "und", "unter", "van", "vom", "von", "y", "zu", "zum", "zur", "&", "and", "e", "et",
}


def _conll(path: str, keep=None):
    def load() -> list[Sentence]:
        sents = read_conll(DATA / path)
        return sents if keep is None else keep(sents)

    return load


def ler_tags(tags: list[str]) -> list[str]:
    """German LER's fine types mapped to ours (IOB2 in, IOB2 out)."""
    out = []
    for tag in tags:
        prefix, _, kind = tag.partition("-")
        out.append(f"{prefix}-{LER_TYPES[kind]}" if kind in LER_TYPES else "O")
    return out


def read_ler(split: str) -> list[Sentence]:
    """A German LER split with raw tags (``read_conll`` would drop its types)."""
    sents, words, tags = [], [], []
    path = DATA / f"german_ler/conll/{split}.txt"
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        cols = line.split()
        if len(cols) < 2:
            if words:
                sents.append((words, ler_tags(tags)))
            words, tags = [], []
            continue
        words.append(cols[0])
        tags.append(cols[-1])
    return sents


def ler_train(with_entity: int = 6000, without: int = 1500, max_words: int = 80, seed: int = 7) -> list[Sentence]:
    """A sample of German LER train: sentences with an entity and some without, at most ``max_words`` long."""
    sents = [s for s in read_ler("train") if len(s[0]) <= max_words]
    has = [i for i, (_, t) in enumerate(sents) if any(x != "O" for x in t)]
    hasnt = sorted(set(range(len(sents))) - set(has))
    rng = random.Random(seed)
    keep = rng.sample(has, min(with_entity, len(has))) + rng.sample(hasnt, min(without, len(hasnt)))
    return [sents[i] for i in sorted(keep)]


def smartdata_documents(split: str) -> list[dict]:
    """The documents of a SmartData file (a stream of JSON objects, not one array)."""
    raw = gzip.open(DATA / f"smartdata/{split}.json.gz", "rt", encoding="utf-8").read()
    dec, i, out = json.JSONDecoder(), 0, []
    while True:
        while i < len(raw) and raw[i].isspace():
            i += 1
        if i >= len(raw):
            return out
        doc, i = dec.raw_decode(raw, i)
        out.append(doc)


def is_name(surface: str) -> bool:
    """Every word of the span, but a few particles, starts with a capital letter or a digit."""
    words = re.findall(r"[^\W_]+", surface)
    return bool(words) and all(w[0].isupper() or w[0].isdigit() or w in NAME_PARTICLES for w in words) and (
        words[0][0].isupper() or words[0][0].isdigit()
    )


def smartdata_sentences(doc: dict, stats: Counter | None = None) -> list[Sentence]:
    """A SmartData document as token-BIO sentences of the runtime tokenizer."""
    text = doc["text"]["string"]
    stats = stats if stats is not None else Counter()
    spans = []
    for cm in (doc.get("conceptMentions") or {}).get("array", []):
        kind = "X" if cm["type"] == "location-route" else SMARTDATA_TYPES.get(cm["type"])
        if kind is None:
            continue
        a, b = cm["span"]["start"], cm["span"]["end"]
        while a < b and not text[a].isalnum():  # "#Griechenland", "„Bild“"
            a += 1
        while b > a and not text[b - 1].isalnum() and text[b - 1] not in ".)":
            b -= 1
        if a >= b:
            continue
        if not is_name(text[a:b]):
            stats["not a name"] += 1
            kind = "X"
        spans.append((a, b, kind))
    # nested or overlapping spans: keep the longest
    spans.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
    kept: list[tuple[int, int, str]] = []
    for s in spans:
        if all(s[1] <= k[0] or s[0] >= k[1] for k in kept):
            kept.append(s)
        else:
            stats["nested"] += 1
    out = []
    for sent in split_sentences(text):
        words = [text[a:b] for a, b in sent]
        tags = ["O"] * len(sent)
        for a, b, kind in kept:
            inside = [i for i, (x, y) in enumerate(sent) if x >= a and y <= b]
            cut = [i for i, (x, y) in enumerate(sent) if x < b and y > a and not (x >= a and y <= b)]
            if not inside:
                continue
            if kind == "X":
                for i in inside + cut:
                    tags[i] = "X"
                continue
            if cut or sent[inside[0]][0] != a or sent[inside[-1]][1] != b:
                stats["off token bounds"] += 1
                continue
            stats[kind] += 1
            tags[inside[0]] = f"B-{kind}"
            for i in inside[1:]:
                tags[i] = f"I-{kind}"
        out.append((words, tags))
    return out


def smartdata(split: str):
    def load() -> list[Sentence]:
        docs = smartdata_documents("test" if split == "test" else "train")
        if split != "test":
            docs = [d for i, d in enumerate(docs) if (i % 10 == 9) == (split == "dev")]
        return [s for d in docs for s in smartdata_sentences(d) if s[0]]

    return load


def news_de(limit: int = 12000, seed: int = 5) -> list[Sentence]:
    """Unlabelled German news sentences (tags ``X``): the German ground-truth texts of the extraction benchmarks
    (trafilatura-eval, Fundus), split by the runtime tokenizer; 6-60 words, deduplicated, a seeded sample.
    Only input for self-distillation: no text of it is stored in a model."""
    from lagebild.extract.finish import detect_language

    root, seen, out = DATA.parent / "extraction", set(), []
    for folder in ("trafilatura-eval", "fundus"):
        for path in sorted((root / folder / "text").glob("*.txt")):
            text = path.read_text(encoding="utf-8", errors="replace")
            if detect_language(text) != "de":
                continue
            for sent in split_sentences(text):
                words = [text[a:b] for a, b in sent]
                key = " ".join(words)
                if 6 <= len(words) <= 60 and key not in seen:
                    seen.add(key)
                    out.append((words, ["X"] * len(words)))
    random.Random(seed).shuffle(out)
    return out[:limit]


SETS = {
    "germeval_test": _conll("germeval2014/conll_4class/test.txt"),
    "germeval_dev": _conll("germeval2014/conll_4class/dev.txt"),
    "conll_train": _conll("conll2003_en/conll/train.txt"),
    "conll_dev": _conll("conll2003_en/conll/dev.txt"),
    **{f"wikiann_{s}": _conll(f"wikiann_de/conll/{s}.txt") for s in ("train", "dev", "test")},
    **{f"europarl_{s}": _conll(f"europarl_de/conll/{s}.txt") for s in ("train", "dev", "test")},
    **{f"smartdata_{s}": smartdata(s) for s in ("train", "dev", "test")},
    "ler_train": ler_train,
    "ler_dev": lambda: [s for i, s in enumerate(read_ler("dev")) if i % 10 == 0 or any(t != "O" for t in s[1])],
    "ler_test": lambda: read_ler("test"),
    "news_de": news_de,
}
# corpus → (training set, tuning set, reported held-out set)
ROLES = {
    "germeval": ("germeval_test", "germeval_dev", "germeval_dev"),
    "conll": ("conll_train", "conll_dev", "conll_dev"),
    "wikiann": ("wikiann_train", "wikiann_dev", "wikiann_test"),
    "europarl": ("europarl_train", "europarl_dev", "europarl_test"),
    "smartdata": ("smartdata_train", "smartdata_dev", "smartdata_test"),
    "ler": ("ler_train", "ler_dev", "ler_test"),
    "news": ("news_silver", None, None),  # unlabelled German news with a teacher's tags (ner_distill.py)
}
GERMAN = ("germeval", "wikiann", "europarl", "smartdata", "ler")
ALL4 = ("PER", "ORG", "LOC", "MISC")
TYPES_OF = {
    "germeval": ALL4, "conll": ALL4, "europarl": ALL4,
    "wikiann": ("PER", "ORG", "LOC"), "smartdata": ("PER", "ORG", "LOC"), "ler": ("PER", "ORG", "LOC"), "news": ALL4,
}


def corpus_of(name: str) -> str:
    return name.rsplit("_", 1)[0]


def language_of(name: str) -> str:
    """The language of a set's text (the runtime picks an output layer by it): CoNLL-2003 is English."""
    return "en" if corpus_of(name) == "conll" else "de"


def main() -> None:
    """Print sentence, word and entity counts of every set (and SmartData's conversion counts)."""
    for name, load in SETS.items():
        sents = load()
        ents = Counter(t[2:] for _, tags in sents for t in tags if t.startswith("B-"))
        print(f"{name:16} {len(sents):6d} sentences {sum(len(w) for w, _ in sents):8d} words  {dict(ents)}")
    stats: Counter = Counter()
    for split in ("train", "test"):
        for doc in smartdata_documents(split):
            smartdata_sentences(doc, stats)
    print("smartdata spans:", dict(stats))


if __name__ == "__main__":
    main()
