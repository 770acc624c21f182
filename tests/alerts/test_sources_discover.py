"""Feeds, sitemaps and URL lists parsed into entries; kinds sniffed from content."""

from __future__ import annotations

import gzip
import json

import pytest

from lagebild.errors import InputError
from lagebild.sources.feeds import parse_feed
from lagebild.sources.sitemaps import parse_sitemap
from lagebild.sources.discover import discover, sniff_kind
from lagebild.sources.urls import normalize, parse_url_list

BASE = "https://news.example.org/feed"

RSS091 = b"""<?xml version="1.0"?><rss version="0.91"><channel><title>t</title><link>https://news.example.org/</link>
<description>d</description><item><title>Eins</title><link>https://news.example.org/a/1</link></item></channel></rss>"""

RSS10 = b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="https://news.example.org/"><title>t</title></channel>
<item rdf:about="https://news.example.org/a/2"><title>Zwei</title><link>https://news.example.org/a/2</link>
<dc:date>2026-11-24T10:00:00+01:00</dc:date></item></rdf:RDF>"""

RSS20 = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>
<item><title>Drei &amp; mehr</title><link>/a/3?utm_source=rss#top</link><pubDate>Tue, 24 Nov 2026 09:00:00 +0100</pubDate></item>
<item><title>ohne Link</title></item>
<item><title>Gäste</title><guid isPermaLink="true">https://news.example.org/a/4</guid></item>
</channel></rss>""".encode()

ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://news.example.org/">
<title>t</title><id>x</id><updated>2026-11-24T09:00:00Z</updated>
<entry><title type="html">F&#252;nf</title><link rel="alternate" href="a/5"/><id>urn:x:5</id><updated>2026-11-24T09:00:00Z</updated></entry>
</feed>"""


def test_rss_versions_and_atom():
    (one,) = parse_feed(RSS091, BASE)
    assert one.url == "https://news.example.org/a/1" and one.title == "Eins"
    (two,) = parse_feed(RSS10, BASE)
    assert two.url.endswith("/a/2") and two.published == "2026-11-24T09:00:00+00:00"
    three, four = parse_feed(RSS20, BASE)
    assert three.url == "https://news.example.org/a/3" and three.title == "Drei & mehr"
    assert three.published == "2026-11-24T08:00:00+00:00" and three.source == BASE
    assert four.url == "https://news.example.org/a/4"
    (five,) = parse_feed(ATOM, BASE)
    assert five.url == "https://news.example.org/a/5" and five.title == "Fünf"


def test_json_feed():
    data = {"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [
        {"id": "1", "url": "https://news.example.org/j/1", "title": "J", "date_published": "2026-11-24T10:00:00Z"},
        {"id": "https://news.example.org/j/2"},
        {"id": "3", "content_text": "no url"},
        "junk",
    ]}
    entries = parse_feed(json.dumps(data).encode(), BASE)
    assert [e.url for e in entries] == ["https://news.example.org/j/1", "https://news.example.org/j/2"]
    assert entries[0].published == "2026-11-24T10:00:00+00:00"
    with pytest.raises(InputError, match="malformed JSON feed"):
        parse_feed(b"{not json", BASE)
    with pytest.raises(InputError, match="no 'items'"):
        parse_feed(b'{"version": "x"}', BASE)


def test_malformed_feed_is_an_input_error():
    with pytest.raises(InputError, match="malformed feed"):
        parse_feed(b"<rss><channel><item><title>broken", BASE)
    with pytest.raises(InputError, match="malformed feed"):
        parse_feed(b"<html><body>not a feed</body></html>", BASE)


NEWS = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example.org/s/1</loc><lastmod>2026-11-20</lastmod><news:news>
<news:publication_date>2026-11-24T08:30:00+01:00</news:publication_date><news:title>Streik  im Hafen</news:title></news:news></url>
<url><loc>https://news.example.org/s/2</loc><lastmod>2026-11-23T10:00:00Z</lastmod></url>
<url><loc>javascript:alert(1)</loc></url></urlset>"""


def test_news_sitemap_index_and_gzip():
    sitemap = parse_sitemap(NEWS, "https://news.example.org/sitemap.xml")
    first, second = sitemap.entries
    assert first.title == "Streik im Hafen" and first.published == "2026-11-24T08:30:00+01:00"
    assert second.published == "2026-11-23T10:00:00+00:00"
    assert parse_sitemap(gzip.compress(NEWS), "https://news.example.org/sitemap.xml").entries == sitemap.entries
    index = (b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>/news.xml</loc></sitemap>'
             b"<sitemap><loc>/news.xml</loc></sitemap></sitemapindex>")
    assert parse_sitemap(index, "https://news.example.org/index.xml").children == ["https://news.example.org/news.xml"]
    with pytest.raises(InputError, match="not a sitemap"):
        parse_sitemap(b"<html/>", BASE)
    with pytest.raises(InputError, match="malformed sitemap"):
        parse_sitemap(b"<urlset><url>", BASE)


def test_sitemap_refuses_entities_and_gzip_bombs(monkeypatch):
    xxe = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
           b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://a.org/&e;</loc></url></urlset>')
    entries = parse_sitemap(xxe, BASE).entries
    assert all("root:" not in e.url for e in entries)
    import lagebild.sources.sitemaps as sm

    monkeypatch.setattr(sm, "MAX_INFLATED", 1000)
    with pytest.raises(InputError, match="inflates past"):
        parse_sitemap(gzip.compress(b"<urlset>" + b" " * 5000 + b"</urlset>"), BASE)


def test_url_lists_sniffing_and_normalisation():
    entries = parse_url_list(b"# comment\nhttps://a.org/x\n\n/rel\nhttps://a.org/x\nmailto:x@y\n", "https://a.org/list.txt")
    assert [e.url for e in entries] == ["https://a.org/x", "https://a.org/rel"]
    assert sniff_kind(RSS20) == sniff_kind(ATOM) == sniff_kind(RSS10) == sniff_kind(b'{"items": []}') == "feed"
    assert sniff_kind(NEWS) == sniff_kind(gzip.compress(NEWS)) == "sitemap"
    assert sniff_kind(b"https://a.org/1\nhttps://a.org/2\n", "text/plain") == "urls"
    assert discover(NEWS, BASE)[0] == "sitemap"
    assert normalize("HTTPS://News.Example.org:443/a?utm_medium=x&id=3&fbclid=y#frag") == "https://news.example.org/a?id=3"
    assert normalize("http://Example.org") == "http://example.org/"
