"""One settings tree: every stage's settings, a JSON round trip, no secret in the record."""

from __future__ import annotations

import json

from lagebild.settings import DedupSettings, Settings, StorySettings, WebConfig, Weights


def test_the_tree_holds_every_stage():
    s = Settings()
    assert isinstance(s.stories, StorySettings) and isinstance(s.stories.dedup, DedupSettings)
    assert isinstance(s.stories.mono, Weights) and isinstance(s.web, WebConfig)
    assert s.enrich.pipeline[0] == "ner" and s.archive.backend == "sqlite"


def test_round_trip_through_json():
    s = Settings()
    s.enrich.ner = "fast"
    s.stories = StorySettings(embedder="use", window_days=2.0)
    s.web = WebConfig(allowed_hosts=("localhost", "127.0.0.1"))
    back = Settings.from_dict(json.loads(json.dumps(s.to_dict())))
    assert back == s
    assert back.web.allowed_hosts == ("localhost", "127.0.0.1") and isinstance(back.enrich.pipeline, tuple)
    assert back.stories.mono == s.stories.mono and back.stories.threshold == 0.5


def test_secrets_are_not_recorded_and_unknown_keys_are_ignored():
    s = Settings(web=WebConfig(token="very-secret"))
    record = s.to_dict()
    assert record["web"]["token"] is None and "very-secret" not in json.dumps(record)
    assert Settings.from_dict({"enrich": {"ner": "off", "gone": 1}, "removed": {}}).enrich.ner == "off"
