from __future__ import annotations

from texts import make
from texts import CHILE_DE_1, CHILE_DE_2, CHILE_EN, JAPAN_DE

from lagebild.model import Article
from lagebild.stories.related import related


def test_related_lists_the_story_first_and_never_the_articles_copies(index):
    index.link(make(CHILE_DE_1), 1)
    copy = Article(title="Beben in Chile", text="Newsletter | Startseite\n\n" + CHILE_DE_1[1] + "\n\n© dpa",
                   language="de", published=CHILE_DE_1[3])
    assert index.link(copy, 2)[0] == 1
    index.link(make(CHILE_DE_2), 3)
    index.link(make(CHILE_EN), 4)
    index.link(make(JAPAN_DE), 5)
    for me in (1, 2):
        found = related(index, me, limit=10)
        ids = [r.article_id for r in found]
        assert 1 not in ids and 2 not in ids
        assert set(ids[:2]) == {3, 4} and all(r.same_story for r in found[:2])
        assert all(not r.same_story for r in found[2:])


def test_related_of_an_unknown_article_is_empty(index):
    assert related(index, 42) == []
