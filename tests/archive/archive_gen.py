"""Generated news-like articles for the kill test and the insert benchmark (not a test module)."""

from __future__ import annotations

import random

from lagebild.model import Article, Entity, Mention, Origin

_DE = ("die der und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an werden aus er"
       " hat dass sie nach wird bei einer um am sind noch wie einem über einen so zum war haben nur oder aber vor"
       " Regierung Minister Bundestag Koalition Haushalt Hochwasser Polizei Gericht Stadt Land Wirtschaft Zinsen"
       " kooperiert erklärte sagte forderte kritisierte beschloss verhandelten warnte Krieg Frieden Grenze Wahl"
       " Abgeordnete Parlament Kommission Unternehmen Mitarbeiter Verbraucher Energie Preise Inflation Bahn Streik"
       " Klima Schule Kinder Familien Kliniken Ärzte Forscher Studie Ergebnis Zukunft Woche Jahr Monate Tagen").split()
_EN = ("the of and to in a is that for on with as was by at from it be has have are said government minister"
       " parliament budget flood police court city country economy rates cooperated announced warned election"
       " war peace border companies workers consumers energy prices inflation strike climate schools children"
       " hospitals doctors researchers study result future week year months days talks agreement sanctions").split()
_PEOPLE = [("PER:olaf-scholz", "Olaf Scholz", []), ("PER:mevlut-cavusoglu", "Mevlüt Çavuşoğlu", ["Cavusoglu"]),
           ("ORG:eu", "Europäische Union", ["EU", "European Union"]), ("LOC:TR", "Türkei", ["Turkey", "Türkiye"])]


def _synthetic(rng: random.Random, n: int) -> list[str]:
    syll = ["ka", "lo", "mi", "ter", "ber", "ung", "schaft", "ri", "sto", "an", "el", "ven", "dor", "que"]
    return ["".join(rng.choice(syll) for _ in range(rng.randint(2, 4))) for _ in range(n)]


def make_article(i: int, rng: random.Random, rare: list[str], words: int = 400) -> Article:
    lang = "de" if i % 3 else "en"
    common = _DE if lang == "de" else _EN
    paras, total = [], 0
    while total < words:
        n = rng.randint(30, 70)
        toks = [rng.choice(common) if rng.random() < 0.8 else rare[min(int(rng.paretovariate(0.8)), len(rare)) - 1]
                for _ in range(n)]
        paras.append(" ".join(toks).capitalize() + ".")
        total += n
    ent_id, name, aliases = _PEOPLE[i % len(_PEOPLE)]
    lead, body = paras[0], paras[1:]
    text = "\n\n".join(paras) + f"\n\n{name} äußerte sich."
    start = text.rindex(name)
    return Article(
        title=f"{rng.choice(common).capitalize()} {rng.choice(rare)} {rng.choice(common)} {i}",
        lead=lead, body=body + [f"{name} äußerte sich."], text=text,
        url=f"https://www.example{i % 7}.com/{'politik' if i % 2 else 'wirtschaft'}/article-{i}.html",
        published=f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:15:00+01:00",
        section="Politik" if i % 2 else "Wirtschaft", language=lang, word_count=total,
        authors=[f"Autor {i % 13}"], content_hash=f"hash-{i}", origin=Origin(path="generated", line=i + 1),
        mentions=[Mention(start, start + len(name), name, ent_id.split(":")[0], ent_id)],
        entities=[Entity(ent_id, name, ent_id.split(":")[0], None, aliases)],
    )


def make_articles(n: int, *, seed: int = 1, words: int = 400):
    rng = random.Random(seed)
    rare = _synthetic(rng, 20_000)
    for i in range(n):
        yield make_article(i, rng, rare, words)
