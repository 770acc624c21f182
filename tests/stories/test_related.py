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


def _linked(index):
    for i, text in ((1, CHILE_DE_1), (3, CHILE_DE_2), (4, CHILE_EN), (5, JAPAN_DE)):
        index.link(make(text), i)


def test_beyond_the_story_only_pairs_at_or_above_the_floor_are_listed(index):
    _linked(index)
    found = related(index, 1, limit=10)
    others = [r for r in found if not r.same_story]
    assert others and [r.article_id for r in others] == [5]
    weak = others[0].score
    assert [r.article_id for r in related(index, 1, limit=10, floor=weak)] == [r.article_id for r in found]
    above = related(index, 1, limit=10, floor=weak + 0.01)
    assert 5 not in [r.article_id for r in above] and len(above) == len(found) - 1
    # the article's own story is listed whatever the floor: clustering put it there
    assert {r.article_id for r in related(index, 1, limit=10, floor=1e9)} == {3, 4}


def test_extra_candidates_are_scored_on_the_same_scale_once(index):
    _linked(index)
    plain = {r.article_id: r.score for r in related(index, 1, limit=10)}
    with_extra = related(index, 1, limit=10, extra=[5, 5, 1, 99])
    assert [r.article_id for r in with_extra] == list(plain)  # 1 itself and the unknown 99 never appear
    assert {r.article_id: r.score for r in with_extra} == plain
