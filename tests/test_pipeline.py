"""The pipeline turns every unusable page into a Failure naming the input, and goes on."""

from lagebild.model import Article, Failure, Origin, Page
from lagebild.pipeline import run

GOOD = (
    "<html lang='en'><head><title>Harbour reopens after storm</title></head><body><article>"
    "<h1>Harbour reopens after storm</h1>"
    + "".join(
        f"<p>Paragraph {i}: the harbour authority said ships could enter again after engineers checked the "
        f"quay walls, the cranes and the lock gates for damage caused by the storm on Tuesday night.</p>"
        for i in range(4)
    )
    + "</article></body></html>"
).encode()


def test_bad_pages_become_failures_and_the_run_goes_on():
    pages = [
        Page(content=b"\x00\x01\x02\xff" * 100, kind="html", origin=Origin(path="binary.html")),
        Failure("missing.html", "no such file"),
        Page(content=GOOD, kind="html", origin=Origin(path="good.html")),
        Page(content="", kind="text", origin=Origin(path="empty.txt")),
    ]
    out = list(run(pages, enrich=False))
    assert len(out) == 4
    assert isinstance(out[0], Failure) and out[0].input == "binary.html" and out[0].reason
    assert isinstance(out[1], Failure) and out[1].input == "missing.html"
    assert isinstance(out[2], Article) and out[2].title == "Harbour reopens after storm"
    assert isinstance(out[3], Failure) and out[3].input == "empty.txt"


def test_truncated_html_still_gives_its_article():
    cut = GOOD[: int(len(GOOD) * 0.8)]  # the download stopped mid-paragraph, no closing tags
    (article,) = list(run([Page(content=cut, kind="html", origin=Origin(path="cut.html"))], enrich=False))
    assert isinstance(article, Article) and article.title == "Harbour reopens after storm"
    assert "lock gates" in article.text


def test_a_wrong_declared_charset_loses_to_the_bytes():
    page = GOOD.replace(b"<head>", b"<head><meta charset='utf-8'>").replace(b"storm", "Stürme".encode("latin-1"))
    (article,) = list(run([Page(content=page, kind="html", origin=Origin(path="latin1.html"))], enrich=False))
    assert "Stürme" in article.title
