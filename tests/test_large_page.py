"""A 50 MB page is read, cut to the extractor's size cap and extracted; it neither crashes nor hangs."""

from lagebild.model import Article, Origin, Page
from lagebild.pipeline import run
from lagebild.settings import Settings


def test_a_50_mb_page_is_extracted_within_the_cap():
    paragraph = b"<p>The council met again on Tuesday and agreed to repair the old bridge before winter.</p>\n"
    page = b"<html><head><title>Bridge repairs agreed</title></head><body><article><h1>Bridge repairs agreed</h1>"
    page += paragraph * (50_000_000 // len(paragraph)) + b"</article></body></html>"
    assert len(page) > 50_000_000
    settings = Settings()
    (article,) = list(run([Page(content=page, kind="html", origin=Origin(path="huge.html"))], settings, enrich=False))
    assert isinstance(article, Article)
    assert article.title == "Bridge repairs agreed"
    assert 0 < len(article.text) <= settings.extract.max_html_chars
