from lagebild.enrich._text import key, stem


def test_inflection_blind_keys():
    assert stem("Russlands") == "russland"
    assert key("Islamischen Staates") == key("Islamischer Staat")
    assert key("Vereinten Nationen") == key("Vereinte Nationen")
