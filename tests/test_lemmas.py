"""lagebild.lemmas answers exactly what simplemma.lemmatize / simplemma.is_known answer, from mapped tables."""

from __future__ import annotations

import random
import unicodedata

import pytest
import simplemma
from hypothesis import given, settings
from hypothesis import strategies as st
from simplemma.strategies.dictionaries.dictionary_factory import DEFAULT_DICTIONARY_FACTORY

from lagebild import lemmas

LANGS = ("de", "en", "es", "fr", "ru", "tr")
# invented words and shapes that send simplemma past its dictionary lookup: rules, hyphens,
# apostrophes, affixes, digits, case
OWN_WORDS = ["Zuckerwattenfabrikantinnen", "Hinterhofgärtnereien", "Ost-West-Gespräche",
             "E-Mails", "l'ordinateur", "d’accord", "Gesprächs-", "-haft", "2024", "Ⅻ", "unbelievablenesses",
             "re-examinations", "O'Neill's", "desmontabilidades", "перепереписывания", "kitaplarımızdan",
             "Straße", "STRASSE", "ÄRZTE", "x", "ß"]


def _sample(lang: str, n: int, seed: int) -> list[str]:
    keys = sorted(DEFAULT_DICTIONARY_FACTORY.get_dictionary(lang))
    return random.Random(seed).sample(keys, n)


def _variants(words: list[str], seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for w in words:
        other = rng.choice(words)
        out += [w, w.upper(), w.capitalize(), w.lower(), w + rng.choice(["s", "en", "ung", "ness", "ами", "ları"]),
                rng.choice(["un", "ver", "re", "пере"]) + w, f"{w}-{other}", f"{other}{w}", f"l'{w}",
                unicodedata.normalize("NFD", w), w[:-1] or w]
    return out


def _same(words: list[str], lang: str) -> list[tuple]:
    return [(w, lemmas.lemmatize(w, lang), simplemma.lemmatize(w, lang=lang))
            for w in words if (lemmas.lemmatize(w, lang), lemmas.is_known(w, lang))
            != (simplemma.lemmatize(w, lang=lang), simplemma.is_known(w, lang))]


@pytest.mark.parametrize("lang", LANGS)
def test_same_answers_as_simplemma_on_a_generated_vocabulary(lang):
    words = _variants(_sample(lang, 300, seed=len(lang)), seed=7) + OWN_WORDS
    assert _same(words, lang) == []
    DEFAULT_DICTIONARY_FACTORY._get_dictionary.cache_clear()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aeiounrstlhäöüßAEÄÖÜSTN-'’ ", min_size=1, max_size=14))
def test_same_answers_on_random_strings(word):
    assert _same([word], "de") == []


def test_the_table_holds_simplemma_dictionary_exactly():
    table = lemmas.FACTORY.get_dictionary("en")
    theirs = DEFAULT_DICTIONARY_FACTORY.get_dictionary("en")
    assert len(table) == len(theirs)
    assert all(table.get(k) == theirs[k] for k in _sample("en", 2000, seed=3))
    assert table.get("qqxqzzy") is None and "qqxqzzy" not in table


def test_errors_are_simplemma_errors():
    for call in (lemmas.lemmatize, lemmas.is_known):
        with pytest.raises(ValueError):
            call("Haus", "xx")  # no dictionary for the language: callers catch ValueError
        with pytest.raises(ValueError):
            call("", "de")
    assert lemmas.lemmatize("123", "xx") == simplemma.lemmatize("123", lang="xx")  # numbers never reach a table


def test_built_once_then_mapped_and_in_memory_without_a_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("LAGEBILD_CACHE", str(tmp_path / "cache"))
    first = lemmas.open_table("fr")
    files = list(tmp_path.rglob("fr-*.tbl"))
    assert len(files) == 1
    stamp = files[0].stat().st_mtime_ns
    again = lemmas.open_table("fr")
    assert files[0].stat().st_mtime_ns == stamp  # mapped, not rebuilt
    (tmp_path / "blocked").write_text("a file where the cache directory would go")
    monkeypatch.setenv("LAGEBILD_CACHE", str(tmp_path / "blocked"))
    private = lemmas.open_table("fr")  # unwritable: built in memory, the same answers
    words = _sample("fr", 500, seed=5)
    expected = [first.get(w) for w in words]
    assert expected == [again.get(w) for w in words] == [private.get(w) for w in words]
    monkeypatch.setenv("LAGEBILD_CACHE", str(tmp_path / "cache"))
    damaged = tmp_path / "damaged"
    damaged.write_bytes(b"LGLEMMA1 cut short")
    damaged.replace(files[0])  # a new file at the path (the tables mapped above keep theirs)
    rebuilt = lemmas.open_table("fr")  # built in memory instead, the damaged file removed
    assert not files[0].exists()
    assert [rebuilt.get(w) for w in words] == expected
    assert [lemmas.open_table("fr").get(w) for w in words] == expected and files[0].exists()  # the next one writes it


def test_same_answers_on_the_shared_extraction_texts(shared):
    files = sorted((shared / "benchmarks" / "extraction").glob("*/text/*.txt"))[::25]
    if not files:
        pytest.skip("no shared extraction texts")
    from lagebild.textnorm import words

    vocab = sorted({w for f in files for w in words(f.read_text(encoding="utf-8", errors="replace"))})
    for lang in ("de", "en"):
        assert _same(vocab, lang) == []
