"""The shared query language evaluated in memory against one article (what alerts use)."""

from __future__ import annotations

import pytest

from lagebild.model import Article, Entity, Mention
from lagebild.query import Doc, matches, parse


ARTICLE = Article(
    title="Regierung kooperiert mit Ankara",
    text="Die Bundesregierung kooperiert eng mit der Türkei. Außenminister Mevlüt Çavuşoğlu sagte, man wolle weiter zusammenarbeiten.",
    url="https://www.spiegel.de/politik/a-1",
    language="de",
    section="Politik",
    authors=["Anna Müller"],
    mentions=[Mention(66, 82, "Mevlüt Çavuşoğlu", "PER", "PER:mevlut-cavusoglu")],
    entities=[Entity("PER:mevlut-cavusoglu", "Mevlüt Çavuşoğlu", "PER", "TR", ["Cavusoglu"])],
)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("kooperieren", True),
        ("Kooperiert", True),
        ("kooperieren Sport", False),
        ("kooperieren OR Sport", True),
        ("kooperieren -Türkei", False),
        ('"kooperiert eng"', True),
        ('"eng kooperiert"', False),
        ("section:politik", True),
        ("section:Sport", False),
        ("lang:de", True),
        ("source:spiegel.de", True),
        ("source:www.spiegel.de", True),
        ("source:spiegel", True),
        ("source:bbc.co.uk", False),
        ("entity:Cavusoglu", True),
        ("entity:Çavuşoğlu", True),
        ("entity:PER:mevlut-cavusoglu", True),
        ("entity:Merkel", False),
        ("title:Ankara", True),
        ("title:Türkei", False),
        ("author:müller", True),
        ("author:anna", True),
        ("", True),
    ],
)
def test_matches(query, expected):
    assert matches(parse(query), ARTICLE) is expected
    assert matches(parse(query), Doc.of(ARTICLE)) is expected


def test_hyphenated_compounds_match_like_the_full_text_index():
    art = Article(title="Lage", text="Das Oder-Hochwasser und der Ost-West-Konflikt.", language="de")
    assert matches(parse("Hochwasser"), art)
    assert matches(parse("Ost-West"), art)
    assert matches(parse('"Oder Hochwasser"'), art)
    assert not matches(parse("West-Ost"), art)
