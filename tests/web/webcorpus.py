"""A small archive built by hand for the web tests: real-looking articles with mentions, entities,
quotes and teasers, plus one article whose every field carries a script-injection payload."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from lagebild.model import Article, Entity, Mention, Quote, RelatedLink

ENTITIES = {
    "LOC:oder": Entity("LOC:oder", "Oder", "LOC", None, ["Oder", "Odra"]),
    "LOC:PL": Entity("LOC:PL", "Polen", "LOC", "PL", ["Polen", "Poland"]),
    "LOC:frankfurt-oder": Entity("LOC:frankfurt-oder", "Frankfurt (Oder)", "LOC", "DE", ["Frankfurt (Oder)"]),
    "PER:anna-kowalska": Entity("PER:anna-kowalska", "Anna Kowalska", "PER", None, ["Anna Kowalska", "Kowalska"]),
    "PER:dietmar-wendland": Entity("PER:dietmar-wendland", "Dietmar Wendland", "PER", None, ["Dietmar Wendland", "Wendland"]),
    "ORG:thw": Entity("ORG:thw", "Technisches Hilfswerk", "ORG", None, ["Technisches Hilfswerk", "THW"]),
    "ORG:ezb": Entity("ORG:ezb", "Europäische Zentralbank", "ORG", None, ["Europäische Zentralbank", "EZB", "ECB"]),
    "PER:christine-lagarde": Entity("PER:christine-lagarde", "Christine Lagarde", "PER", None,
                                    ["Christine Lagarde", "Lagarde"]),
}

XSS = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
XSS_URL = "javascript:alert(1)"
XSS_ENTITY = Entity('PER:x"><script>alert(2)</script>', '<script>alert("name")</script><b onmouseover=alert(3)>B</b>',
                    "PER", None, ["<svg onload=alert(4)>"])


def _mentions(text: str, names: dict[str, str]) -> list[Mention]:
    """Every occurrence of each surface form in ``names`` (surface → entity id) as a Mention."""
    out = []
    for surface, eid in names.items():
        kind = eid.split(":", 1)[0]
        start = text.find(surface)
        while start >= 0:
            out.append(Mention(start, start + len(surface), surface, kind if kind in ("PER", "ORG", "LOC") else "MISC", eid))
            start = text.find(surface, start + len(surface))
    return sorted(out, key=lambda m: m.start)


def article(title: str, lead: str, body: list[str], *, published: str, section: str, source: str, slug: str,
            names: dict[str, str] | None = None, quotes: list[tuple[str, str, str | None]] = (),
            language: str = "de", related: list[RelatedLink] = (), authors: list[str] = ()) -> Article:
    text = "\n\n".join([lead, *body])
    names = names or {}
    mentions = _mentions(text, names)
    ids = list(dict.fromkeys(m.entity_id for m in mentions))
    qs = []
    for quote_text, speaker, speaker_id in quotes:
        start = text.find(quote_text)
        qs.append(Quote(quote_text, max(start, 0), max(start, 0) + len(quote_text), "direct", speaker, speaker_id, "sagte"))
    return Article(
        title=title, lead=lead, body=list(body), text=text, url=f"https://www.{source}/{slug}.html",
        published=published, section=section, language=language, authors=list(authors), publisher=source,
        word_count=len(text.split()), related=list(related), mentions=mentions,
        entities=[ENTITIES[i] for i in ids if i in ENTITIES], quotes=qs,
    )


FLOOD = {"Oder": "LOC:oder", "Polen": "LOC:PL", "Frankfurt (Oder)": "LOC:frankfurt-oder",
         "Anna Kowalska": "PER:anna-kowalska", "Dietmar Wendland": "PER:dietmar-wendland",
         "Technisches Hilfswerk": "ORG:thw"}
RATES = {"Europäische Zentralbank": "ORG:ezb", "EZB": "ORG:ezb", "Christine Lagarde": "PER:christine-lagarde",
         "ECB": "ORG:ezb"}


def articles() -> list[Article]:
    out = [
        article(
            "Oder-Hochwasser: Deutsch-polnisches Lagezentrum geplant",
            "Nach tagelangem Regen steigt die Oder weiter; Deutschland und Polen wollen ein gemeinsames Lagezentrum.",
            ["In Frankfurt (Oder) wurden am Morgen die ersten Straßen gesperrt. Das Technisches Hilfswerk baut Sandsack-Wälle.",
             "Brandenburgs Ministerpräsident Dietmar Wendland sagte: „Wir lassen niemanden allein.“ Die Lage sei ernst.",
             "Die polnische Wojewodin Anna Kowalska kündigte an, Dörfer an der Oder zu evakuieren, falls der Pegel weiter steigt."],
            published="2026-09-14T08:20:00+02:00", section="Politik", source="oderbote.de", slug="hochwasser-lagezentrum",
            names=FLOOD, quotes=[("Wir lassen niemanden allein.", "Dietmar Wendland", "PER:dietmar-wendland")],
            authors=["Jana Richter"],
            related=[RelatedLink("Pegelstände an der Oder im Überblick", "/panorama/pegel.html", "Panorama",
                                 "Wo das Wasser am höchsten steht."),
                     RelatedLink("Was bei Hochwasser versichert ist", "https://www.oderbote.de/geld/versicherung.html",
                                 "Geld")],
        ),
        article(
            "Pegel der Oder erreicht Höchststand bei Frankfurt (Oder)",
            "Der Pegel der Oder hat in der Nacht die Marke von sechs Metern überschritten.",
            ["Helfer des Technisches Hilfswerk arbeiten rund um die Uhr.",
             "Anna Kowalska sagte, in Polen seien bereits zwei Dörfer evakuiert worden."],
            published="2026-09-16T05:10:00+02:00", section="Panorama", source="oderbote.de", slug="pegel-hoechststand",
            names=FLOOD,
        ),
        article(
            "Floods on the Oder: Poland evacuates villages",
            "Polish authorities have evacuated villages along the Oder as water levels keep rising.",
            ["Regional governor Anna Kowalska said the situation in Polen was 'serious but under control'.",
             "German helpers from the Technisches Hilfswerk joined the effort near Frankfurt (Oder)."],
            published="2026-09-17T12:00:00+00:00", section="World", source="baltic-ledger.com", slug="oder-floods",
            names=FLOOD, language="en",
        ),
        article(
            "EZB hält die Zinsen stabil",
            "Die Europäische Zentralbank lässt den Leitzins unverändert.",
            ["EZB-Präsidentin Christine Lagarde sagte: „Wir bleiben wachsam.“",
             "Ökonomen hatten mit diesem Schritt gerechnet; eine Zinssenkung gilt frühestens im Dezember als möglich."],
            published="2026-10-02T14:30:00+02:00", section="Wirtschaft", source="finanzblick.de", slug="ezb-zinsen",
            names=RATES, quotes=[("Wir bleiben wachsam.", "Christine Lagarde", "PER:christine-lagarde")],
        ),
        article(
            "ECB holds rates as inflation cools",
            "The ECB left its key rates unchanged on Thursday.",
            ["President Christine Lagarde said the bank would stay data-dependent."],
            published="2026-10-02T13:00:00+00:00", section="Markets", source="eurodesk.eu", slug="ecb-holds",
            names=RATES, language="en",
        ),
    ]
    for n in range(20):  # enough for a second result page
        day = 18 + n % 10
        out.append(article(
            f"Hochwasser-Lagebericht Nummer {n + 1}",
            f"Lagebericht {n + 1}: Die Oder bleibt angespannt, Helfer sichern Deiche.",
            [f"Am Tag {n + 1} meldete das Technisches Hilfswerk neue Einsätze an der Oder und in Polen."],
            published=f"2026-09-{day:02d}T{6 + n % 12:02d}:00:00+02:00", section="Panorama" if n % 3 else "Politik",
            source="oderbote.de" if n % 2 else "rheinkurier.de", slug=f"lagebericht-{n + 1}", names=FLOOD,
        ))
    return out


def hostile() -> Article:
    """Every field an attacker controls, each carrying a payload."""
    lead = f"Lead {XSS} mit Name {XSS_ENTITY.name}."
    para = f'Absatz <iframe src="{XSS_URL}"></iframe> und <a href="{XSS_URL}">Link</a> " onmouseover="alert(5)'
    text = lead + "\n\n" + para
    start = text.find(XSS_ENTITY.name)
    return Article(
        title=f"Titel {XSS}", lead=lead, body=[para], text=text,
        url=XSS_URL, canonical_url="javascript:alert(document.cookie)", published="2026-10-03T10:00:00+02:00",
        section=f"Sektion{XSS}", language="de", authors=[f"Autor {XSS}", "<svg/onload=alert(6)>"],
        publisher=f"Verlag {XSS}", tags=[f"tag{XSS}"], word_count=20,
        related=[RelatedLink(f"Teaser {XSS}", XSS_URL, f"Rubrik{XSS}", f"Anreißer {XSS}"),
                 RelatedLink("Data-Link", "data:text/html,<script>alert(7)</script>"),
                 RelatedLink("Versteckt", " JaVaScRiPt:alert(8)"),
                 RelatedLink("Tab", "java\tscript:alert(9)"),
                 RelatedLink("Sicher", "https://example.org/ok?a=1&b=<2>")],
        mentions=[Mention(start, start + len(XSS_ENTITY.name), XSS_ENTITY.name, "PER", XSS_ENTITY.id),
                  Mention(len(text) + 5, len(text) + 50, "out of range", "ORG", "ORG:nowhere")],
        entities=[XSS_ENTITY],
        quotes=[Quote(f"Zitat {XSS}", 0, 10, "direct", f"Sprecher {XSS}", XSS_ENTITY.id, f"cue{XSS}"),
                Quote("Indirekt", 0, 5, "indirect", "<img src=y onerror=alert(10)>", None, None)],
    )


def copy_of_flood() -> Article:
    """The flood report as a second outlet ran it: the same text under a new headline and URL."""
    original = articles()[0]
    return replace(original, title="Lagezentrum gegen das Oder-Hochwasser", url="https://www.grenzblatt.pl/oder-lagezentrum",
                   publisher="grenzblatt.pl", published="2026-09-14T09:05:00+02:00", content_hash="")


def build(path: Path | str, *, stories: bool = False) -> dict[str, int]:
    """Write the corpus to a new archive at ``path``; ids by name (``flood``, ``rates``, ``hostile``).
    With ``stories``, also a copy of the flood report by another outlet (``copy``) and every article
    linked to its near-duplicates and story by the story stage (lexical, no embedding model)."""
    from lagebild.api import open_archive

    ids = {}
    with open_archive(path) as archive:  # a file, or a postgresql:// URL
        extra = [copy_of_flood()] if stories else []
        for n, a in enumerate([*articles(), hostile(), *extra]):
            aid, status = archive.add(a)
            assert status == "stored", a.title
            ids.setdefault({0: "flood", 3: "rates", 25: "hostile", 26: "copy"}.get(n, f"a{n}"), aid)
            if stories:
                from lagebild import stories as story_stage
                from lagebild.settings import StorySettings

                a.id = aid
                story_stage.link(archive.story_store, a, StorySettings(embedder="off"))
    return ids
