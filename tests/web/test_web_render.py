"""Rendering helpers (escape, then wrap) and the dashboard's facet counts."""

from __future__ import annotations

import html as _html
import re as _re

import pytest
from hypothesis import given, settings, strategies as st

from lagebild.archive import Archive
from lagebild.archive import views
from lagebild.model import Article, Mention
from lagebild.query import Filters
from lagebild.web import render


@pytest.mark.parametrize("url, base, expected", [
    ("https://example.org/a?b=1", None, "https://example.org/a?b=1"),
    ("HTTP://Example.org/", None, "HTTP://Example.org/"),
    ("/politik/x.html", "https://www.oderbote.de/a/b.html", "https://www.oderbote.de/politik/x.html"),
    ("x.html", None, None),
    ("/x.html", "javascript:alert(1)", None),
    ("javascript:alert(1)", None, None),
    (" JaVaScRiPt:alert(1)", None, None),
    ("java\tscript:alert(1)", None, None),
    ("java\nscript:alert(1)", "https://a.example/", None),
    ("data:text/html,<script>alert(1)</script>", None, None),
    ("vbscript:msgbox(1)", None, None),
    ("https:alert(1)", None, None),
    ("//evil.example/x", None, None),
    ("https://a.example\\@evil.example/", None, None),
    ("", None, None),
    (None, None, None),
])
def test_safe_url(url, base, expected):
    assert render.safe_url(url, base) == expected


def test_snippet_marks_words_and_escapes_the_rest():
    out = render.snippet('<b>x</b> [Oder] & [Polen] [zwei Wörter] [<img src=x onerror=alert(1)>]')
    assert str(out) == ('&lt;b&gt;x&lt;/b&gt; <mark>Oder</mark> &amp; <mark>Polen</mark> [zwei Wörter] '
                        '[&lt;img src=x onerror=alert(1)&gt;]')


def test_paragraphs_wrap_mentions_after_escaping():
    text = "Die <Oder> steigt.\n\nAnna Kowalska & Polen warnen."
    a = Article(title="t", lead="Die <Oder> steigt.", text=text, mentions=[
        Mention(4, 10, "<Oder>", "LOC", "LOC:oder"),
        Mention(20, 33, "Anna Kowalska", "PER", "PER:anna-kowalska"),
        Mention(20, 24, "Anna", "PER", None),  # overlaps: the longer one wins
        Mention(36, 41, "Polen", "LOC", None),  # no entity id: a span, not a link
        Mention(15, 25, "across", "MISC", None),  # crosses the paragraph break: dropped
        Mention(40, 999, "out", "ORG", "ORG:x"),  # beyond the text: dropped
        Mention(-3, 2, "neg", "ORG", "ORG:y"),
    ])
    first, second = render.paragraphs(a, {"LOC:oder": "Oder <Fluss>"})
    assert first.lead and not second.lead
    assert str(first.html) == ('Die <a class="ent ent-LOC" href="/entities/LOC:oder" title="Oder &lt;Fluss&gt; · Ort">'
                               '&lt;Oder&gt;</a> steigt.')
    assert str(second.html) == ('<a class="ent ent-PER" href="/entities/PER:anna-kowalska" title="anna-kowalska · '
                                'Person">Anna Kowalska</a> &amp; <span class="ent ent-LOC" title="Ort">Polen</span> '
                                'warnen.').replace("anna-kowalska · ", "PER:anna-kowalska · ")


def test_paragraphs_without_text_fall_back_to_lead_and_body():
    a = Article(title="t", lead="<Lead>", body=["Eins", "", "Zwei"], mentions=[Mention(0, 3, "x", "PER", "PER:x")])
    assert [str(p.html) for p in render.paragraphs(a)] == ["&lt;Lead&gt;", "Eins", "Zwei"]


def test_entity_href_quotes_everything_but_the_colon():
    assert render.entity_href('PER:a b/"<x>') == "/entities/PER:a%20b%2F%22%3Cx%3E"


def test_volume_fills_days_and_groups_long_spans():
    from lagebild.archive.trends import align
    from lagebild.web.charts import trend_svg

    days = align([("Oder", {"2026-09-14": 3, "2026-09-16": 1}, 2)])
    assert days["unit"] == "day" and days["buckets"] == ["2026-09-14", "2026-09-15", "2026-09-16"]
    assert days["series"][0] == {"query": "Oder", "total": 6, "undated": 2, "counts": [3, 0, 1]}
    weeks = align([("", {"2026-01-07": 1, "2026-06-03": 2}, 0)])
    assert weeks["unit"] == "week" and weeks["buckets"][0] == "2026-01-05" and weeks["buckets"][-1] == "2026-06-01"
    months = align([("", {"2020-01-05": 1, "2024-02-29": 4}, 0)])
    assert months["unit"] == "month" and months["buckets"][0] == "2020-01-01" and months["series"][0]["counts"][-1] == 4
    svg = str(trend_svg(days, lambda a, b: f"/?since={a}&until={b}", selected=("2026-09-14", "2026-09-14")))
    assert svg.startswith('<svg class="chart trend has-sel"') and svg.count('<rect class="bar"') == 2
    assert 'href="/?since=2026-09-15&amp;until=2026-09-15"' in svg and svg.count('class="slot sel"') == 1
    assert "Tag 2026-09-14: 3 Artikel" in svg and "style=" not in svg
    assert "Keine datierten" in str(trend_svg(align([("", {}, 3)]), lambda a, b: ""))


def test_pages_and_links():
    assert render.page_numbers(1, 1) == [1]
    assert render.page_numbers(5, 9) == [1, None, 4, 5, 6, None, 9]
    assert render.query_string({"q": "a b", "section": "", "page": 2}) == "?q=a+b&page=2"


def test_facets_count_what_search_finds(web_db):
    with Archive(web_db[0], readonly=True) as archive:
        facets = views.facets(archive, "Oder", Filters(language="de"))
        total = archive.count("Oder", Filters(language="de"))
        assert sum(n for _, n in facets["section"]) == total
        assert sum(n for _, n in facets["language"]) == archive.count("Oder")  # its own filter left out
        assert dict(facets["language"])["de"] == total
        assert dict(facets["month"]) == {"2026-09": total}
        politik = views.facet(archive, "source", "Oder", Filters(section="Politik"))
        assert sum(n for _, n in politik) == archive.count("Oder", Filters(section="Politik"))
        assert views.has_article(archive, 1) and not views.has_article(archive, 10_000)
        assert views.has_entity(archive, "Lagarde") and not views.has_entity(archive, "Nobody Known")
        assert views.entity_names(archive, ["LOC:oder", "nope", None]) == {"LOC:oder": "Oder"}


_mention = st.builds(Mention, st.integers(-5, 60), st.integers(-5, 60), st.text(max_size=5),
                     st.sampled_from(["PER", "ORG", "LOC", "MISC", "<x>"]),
                     st.one_of(st.none(), st.text(max_size=8)))


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab <>&\"'\n")), max_size=50), st.lists(_mention, max_size=8))
def test_paragraphs_keep_the_text_and_add_only_our_tags(text, mentions):
    a = Article(title="t", text=text, mentions=mentions)
    out = render.paragraphs(a)
    tags = _re.findall(r"<(/?)(\w+)", "".join(str(p.html) for p in out))
    assert {t for _, t in tags} <= {"a", "span"}
    plain = [_html.unescape(_re.sub(r"<[^>]+>", "", str(p.html))) for p in out]
    assert plain == [p for p in text.split("\n\n") if p.strip()]


def _dense_graph(n: int = 40) -> dict:
    nodes = [{"id": f"PER:p{i}", "name": f"Person mit langem Namen {i}", "type": "PER", "articles": 100 - i}
             for i in range(n)]
    edges = [{"source": a["id"], "target": b["id"], "weight": 1 + (i * j) % 7}
             for i, a in enumerate(nodes) for j, b in enumerate(nodes) if i < j and (i + j) % 3]
    return {"articles": 500, "read": 500, "nodes": nodes, "edges": edges}


def test_network_labels_on_a_phone_do_not_clash():
    """Dense graph: every node keeps its link and tooltip, but a phone shows at most LABELS_NARROW labels
    and (at its label size) none overlaps another; the desktop hides the ones that clash at 12 units."""
    from lagebild.web import charts

    graph = _dense_graph()
    svg = str(charts.network_svg(graph))
    labels = _re.findall(r'<text class="([^"]+)" x="([\d.]+)" y="([\d.]+)" text-anchor="(\w+)">([^<]*)</text>', svg)
    assert len(labels) == 40 and svg.count("<circle") == 40
    phone = [lab for lab in labels if lab[0] == "label"]
    desktop = [lab for lab in labels if "crowded" not in lab[0]]
    assert 3 <= len(phone) <= charts.LABELS_NARROW < len(desktop) < 40

    def boxes(shown, size):
        out = []
        for _, x, y, anchor, text in shown:
            w = len(_html.unescape(text)) * size * charts._CHAR
            x0 = float(x) - w if anchor == "end" else float(x)
            out.append((x0, float(y) - 0.8 * size, x0 + w, float(y) + 0.25 * size))
        return out

    for shown, size in ((phone, charts.LABEL_NARROW), (desktop, charts.LABEL_WIDE)):
        b = boxes(shown, size)
        for i in range(len(b)):
            for j in range(i):
                p, q = b[i], b[j]
                assert p[2] <= q[0] or q[2] <= p[0] or p[3] <= q[1] or q[3] <= p[1], (shown[i], shown[j])
    assert all(len(_html.unescape(lab[4])) <= 22 for lab in labels)
