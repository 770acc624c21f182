"""The enrich stage's tokenizer: enricher tokens and sentences, NER words and their sentences."""

from lagebild.enrich.tokens import sentences, tokens, word_sentences, words


def test_sentences_respect_abbreviations_numbers_and_glued_periods():
    text = "Am 3. Mai kam Dr. Lind an. „Gut so!“ Er ging, so der Papst.Der Bruder blieb z.B. hier.\n\nNeu."
    got = [s.text for s in sentences(text)]
    assert got == ["Am 3. Mai kam Dr. Lind an.", "„Gut so!“", "Er ging, so der Papst.", "Der Bruder blieb z.B. hier.", "Neu."]


def test_tokens_keep_compounds_and_split_glued_sentences():
    assert [t.text for t in tokens("Anti-ISIS-Allianz ver.di Struck.Gleichzeitig")] == [
        "Anti-ISIS-Allianz", "ver.di", "Struck", ".", "Gleichzeitig"]


def test_ner_words_offsets_and_sentences():
    text = "Dr. Angela Merkel traf in Berlin den U.S.-Präsidenten. Dann fuhr sie heim.\nNeue Zeile"
    toks = [text[a:b] for a, b in words(text)]
    assert toks[:6] == ["Dr.", "Angela", "Merkel", "traf", "in", "Berlin"]
    assert "U.S." in toks
    sents = word_sentences(text)
    assert len(sents) == 3
    assert [text[a:b] for a, b in sents[2]] == ["Neue", "Zeile"]
    assert word_sentences("") == [] and word_sentences("   \n ") == []


def test_the_two_abbreviation_sets_differ_where_documented():
    # "sog." ends no sentence for the enrichers, but NER splits its dot off as CoNLL does
    text = "Das sog. Gremium tagte. Art. 5 gilt."
    assert [s.text for s in sentences(text)] == ["Das sog. Gremium tagte.", "Art.", "5 gilt."]
    assert [text[a:b] for a, b in words(text)][:3] == ["Das", "sog", "."]
    # "Art." keeps its dot for NER only
    assert "Art." in [text[a:b] for a, b in words(text)]
