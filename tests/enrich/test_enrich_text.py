from lagebild.enrich._text import key, sentences, stem, tokens


def test_sentences_respect_abbreviations_numbers_and_glued_periods():
    text = "Am 3. Mai kam Dr. Lind an. „Gut so!“ Er ging, so der Papst.Der Bruder blieb z.B. hier.\n\nNeu."
    got = [s.text for s in sentences(text)]
    assert got == ["Am 3. Mai kam Dr. Lind an.", "„Gut so!“", "Er ging, so der Papst.", "Der Bruder blieb z.B. hier.", "Neu."]


def test_tokens_keep_compounds_and_split_glued_sentences():
    assert [t.text for t in tokens("Anti-ISIS-Allianz ver.di Struck.Gleichzeitig")] == [
        "Anti-ISIS-Allianz", "ver.di", "Struck", ".", "Gleichzeitig"]


def test_inflection_blind_keys():
    assert stem("Russlands") == "russland"
    assert key("Islamischen Staates") == key("Islamischer Staat")
    assert key("Vereinten Nationen") == key("Vereinte Nationen")
