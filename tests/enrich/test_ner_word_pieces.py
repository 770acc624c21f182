"""Mentions are whole words: the word splitter cuts at apostrophes, and a tag on a piece of a word
("Don’" of "Don’t") is no name."""

from lagebild.enrich import ner
from lagebild.enrich.ner import _inside_word


def test_a_span_inside_a_word_is_recognised_as_such():
    text = "“Don’t mind me!” said Angela Merkel’s aide."
    assert _inside_word(text, 1, 5)                   # "Don’" before "t"
    assert not _inside_word(text, 22, 35)             # "Angela Merkel" before "’s"
    assert _inside_word(text, 23, 35)                 # "ngela Merkel"
    assert not _inside_word("Berlin", 0, 6)


def test_recognised_mentions_never_cut_a_word(monkeypatch):
    # a recognizer that tags every capitalised token as a person, apostrophe pieces included
    class Tagger:
        def tag(self, sentences):
            out = []
            for words in sentences:
                tags, prev = [], "O"
                for w in words:
                    t = "I-PER" if prev != "O" and (w in "’'" or w[:1].isupper()) else ("B-PER" if w[:1].isupper() else "O")
                    tags.append(t)
                    prev = t
                out.append(tags)
            return out

    monkeypatch.setattr(ner, "get_recognizer", lambda mode: Tagger())
    text = "Don’t go. Olaf Scholz came."
    found = ner.recognize(text, "en", mode="test", confidence=False)
    assert [m.text for m in found] == ["Olaf Scholz"]
