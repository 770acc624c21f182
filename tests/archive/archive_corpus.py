"""A handful of hand-built articles with mentions, entities and quotes (imported by the archive tests)."""

from __future__ import annotations

import zlib

from lagebild.model import Article, Entity, Mention, Quote, RelatedLink

CAVUSOGLU = Entity("PER:mevlut-cavusoglu", "Mevlüt Çavuşoğlu", "PER", "TR", ["Cavusoglu", "Mevlut Cavusoglu"])
TURKEY = Entity("LOC:TR", "Türkei", "LOC", "TR", ["Turkey", "Türkiye"])


def _mention(text: str, name: str, entity: Entity) -> Mention:
    start = text.index(name)
    return Mention(start, start + len(name), name, entity.type, entity.id)


def make(title: str, text: str, **kw) -> Article:
    kw.setdefault("language", "de")
    kw.setdefault("url", f"https://www.example.com/{zlib.crc32(title.encode())}.html")
    kw.setdefault("content_hash", f"h-{zlib.crc32((title + text).encode())}")
    lead = text.split("\n\n")[0]
    return Article(title=title, lead=lead, body=text.split("\n\n")[1:], text=text, **kw)


def corpus() -> list[Article]:
    t1 = ("Die Bundesregierung kooperiert eng mit der Türkei.\n\n"
          "Außenminister Mevlüt Çavuşoğlu sagte, man wolle weiter zusammenarbeiten.")
    a1 = make("Berlin kooperiert mit Ankara", t1, section="Politik", published="2024-05-01T23:30:00-02:00",
              url="https://www.spiegel.de/politik/ankara-1.html", authors=["Anna Müller"],
              mentions=[_mention(t1, "Türkei", TURKEY), _mention(t1, "Mevlüt Çavuşoğlu", CAVUSOGLU)],
              entities=[TURKEY, CAVUSOGLU],
              quotes=[Quote("man wolle weiter zusammenarbeiten", t1.index("man wolle"), len(t1) - 1, "indirect",
                            "Mevlüt Çavuşoğlu", CAVUSOGLU.id, "sagte")],
              related=[RelatedLink("Mehr zu Ankara", "https://www.spiegel.de/x", "Politik", None)])
    t2 = "Turkey's foreign minister Cavusoglu met his German counterpart.\n\nBoth governments cooperated on migration."
    a2 = make("Turkey and Germany cooperate", t2, language="en", section="World",
              published="2024-05-02T00:30:00+02:00", url="https://www.bbc.co.uk/news/world-2",
              mentions=[Mention(0, 6, "Turkey", "LOC", "LOC:TR"), _mention(t2, "Cavusoglu", CAVUSOGLU)],
              entities=[Entity("LOC:TR", "Türkei", "LOC", "TR", ["Turkey"]),
                        Entity(CAVUSOGLU.id, CAVUSOGLU.name, "PER", "TR", ["Çavuşoğlu"])])
    t3 = "Das Hochwasser an der Oder steigt weiter.\n\nIn Słubice wurden Keller evakuiert; die Feuerwehr pumpt."
    a3 = make("Hochwasser an der Oder", t3, section="Panorama", published="2024-09-15T08:00:00+02:00",
              url="https://www.example.com/panorama/hochwasser-3")
    t4 = "The central bank cut interest rates again.\n\nMarkets rallied after the rate cut, running higher."
    a4 = make("Rates cut again", t4, language="en", section="Wirtschaft", published="2024-06-10T12:00:00Z",
              url="https://www.ft.com/content/rates-4")
    t5 = "Der Bundestag beschloss den Haushalt.\n\nDie Opposition kritisierte die Zinsen und die Türkei-Politik."
    a5 = make("Bundestag beschließt Haushalt", t5, section="Politik", published=None,
              url="https://www.spiegel.de/politik/haushalt-5.html")
    return [a1, a2, a3, a4, a5]
