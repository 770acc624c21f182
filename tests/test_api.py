"""The Python API: lagebild.extract stays the function after the pipeline has run."""

import lagebild
from lagebild.model import Article


def test_extract_is_callable_after_the_stage_was_imported():
    import lagebild.extract.html  # noqa: F401  (what the pipeline does)

    list(lagebild.process([]))
    assert callable(lagebild.extract)


def test_extract_accepts_text_and_bytes():
    text = "Politik\n\nEin Titel für den Test\n\n" + "Dies ist ein ganzer Satz über die Lage in der Stadt, der lang genug ist. " * 6
    article = lagebild.extract(text)
    assert isinstance(article, Article) and article.text
    html = ("<html><body><article><h1>Harbour reopens</h1>" + "<p>The harbour authority said ships could enter again after engineers checked the quay walls and the lock gates.</p>" * 4 + "</article></body></html>").encode()
    assert lagebild.extract(html).title == "Harbour reopens"
