from lagebild.model import Article, Entity, Mention, Origin, Quote, RelatedLink, article_from_dict, to_dict


def test_article_round_trips_through_dict():
    article = Article(
        title="T", lead="L", body=["a", "b"], text="L\n\na\n\nb", published="2026-01-02T03:04:00+01:00",
        related=[RelatedLink(title="x", section="Politik", teaser="y")],
        origin=Origin(path="f.warc.gz", url="https://e.example/a", warc_record_id="<urn:uuid:1>"),
        mentions=[Mention(0, 1, "L", "PER", "PER:l")], entities=[Entity("PER:l", "L", "PER", aliases=["L"])],
        quotes=[Quote("q", 3, 4, speaker="L", speaker_entity_id="PER:l")],
    )
    again = article_from_dict(to_dict(article))
    assert again == article
    assert again.related[0].section == "Politik"
    assert again.origin.label() == "f.warc.gz#<urn:uuid:1>"


def test_unknown_keys_are_ignored():
    assert article_from_dict({"title": "x", "source": "s", "error": None}).title == "x"


def test_origin_label_names_line_of_jsonl():
    assert Origin(path="a.jsonl", line=7).label() == "a.jsonl:7"
