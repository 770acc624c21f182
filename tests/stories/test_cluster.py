from __future__ import annotations

from texts import make
from texts import CHILE_DE_1, CHILE_DE_2, CHILE_EN, JAPAN_DE


def test_german_and_english_reports_of_one_event_form_one_story(index):
    stories = {}
    for aid, item in enumerate([CHILE_DE_1, JAPAN_DE, CHILE_DE_2, CHILE_EN], 1):
        duplicate_of, stories[aid] = index.link(make(item), aid)
        assert duplicate_of is None
    assert stories[1] == stories[3] == stories[4]  # two German, one English: the Chile earthquake
    assert stories[2] != stories[1]  # another earthquake (Japan), the next day


def test_story_profile_has_label_span_and_entities(index):
    for aid, item in enumerate([CHILE_DE_1, CHILE_DE_2, CHILE_EN], 1):
        _, story = index.link(make(item), aid)
    row = index.store.story(story)
    assert row["size"] == 3
    assert row["label"] in {CHILE_DE_1[0], CHILE_DE_2[0], CHILE_EN[0]}
    assert row["first_seen"] < row["last_seen"]
    assert "valparaiso" in row["top_entities"]


def test_an_article_outside_the_time_window_starts_a_new_story(index):
    _, first = index.link(make(CHILE_DE_1), 1)
    late = (*CHILE_DE_2[:3], "2024-05-20T10:00:00+02:00")
    _, second = index.link(make(late), 2)
    assert first != second


def test_the_cached_story_profiles_are_what_the_store_gives_back(lexical_index):
    # a story still cached and one read back from the store must score the same, else linking depends on the
    # process's history (a long-running watcher vs a fresh merge)
    for aid, item in enumerate([CHILE_DE_1, JAPAN_DE, CHILE_DE_2, CHILE_EN], 1):
        lexical_index.link(make(item), aid)
    cached = dict(lexical_index._stories)
    assert cached
    lexical_index._stories.clear()
    for sid, sp in cached.items():
        again = lexical_index.load_story(sid)
        assert (again.terms, again.names, again.size) == (sp.terms, sp.names, sp.size)
