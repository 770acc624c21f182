"""The CLDR table of which languages give a country name is read once per babel version by a child
process and kept as a file: a worker does not hold babel's every locale (~170 MB)."""

from __future__ import annotations

from lagebild.enrich import alias_trust


def test_the_table_is_read_once_kept_and_rebuilt_when_damaged(tmp_path, monkeypatch):
    monkeypatch.setenv("LAGEBILD_CACHE", str(tmp_path))
    alias_trust._givers.cache_clear()
    try:
        first = alias_trust._givers()
        kept = list(tmp_path.glob("cldr-country-givers-*.json"))
        assert len(kept) == 1
        assert first == {k: frozenset(v) for k, v in alias_trust.read_givers().items()}
        assert "de" in first["deutschland"] and "en" not in first["deutschland"]

        kept[0].write_text("{not json", encoding="utf-8")  # a damaged file is read anew, not trusted
        alias_trust._givers.cache_clear()
        assert alias_trust._givers() == first
        assert kept[0].read_text(encoding="utf-8").startswith("{\"")
    finally:
        alias_trust._givers.cache_clear()
